package dev.itsm.api.cmdb;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An impact analysis around one item.
 *
 * @param ciId      the item that fails (downstream) or is failing (upstream)
 * @param direction {@link Direction#DOWNSTREAM}: what else fails when it fails;
 *                  {@link Direction#UPSTREAM}: which items could be the cause
 * @param maxDepth  relations to follow at most from the item, or {@code null} for no limit
 * @param types     CI types to report (with their subtypes), e.g. {@code BusinessService}; empty for
 *                  all. The analysis still passes through items of other types.
 */
public record ImpactQuery(UUID ciId, Direction direction, Integer maxDepth, List<String> types) {

  /** Which way an analysis follows the relations. */
  public enum Direction {
    DOWNSTREAM,
    UPSTREAM
  }

  public ImpactQuery {
    Objects.requireNonNull(ciId, "ciId");
    Objects.requireNonNull(direction, "direction");
    types = types == null ? List.of() : List.copyOf(types);
  }

  /** What fails when the item fails. */
  public static ImpactQuery downstream(UUID ciId) {
    return new ImpactQuery(ciId, Direction.DOWNSTREAM, null, List.of());
  }

  /** Which items could make the item fail. */
  public static ImpactQuery upstream(UUID ciId) {
    return new ImpactQuery(ciId, Direction.UPSTREAM, null, List.of());
  }

  /** The same analysis following at most {@code depth} relations. */
  public ImpactQuery maxDepth(int depth) {
    return new ImpactQuery(ciId, direction, depth, types);
  }

  /** The same analysis reporting only these types (and their subtypes). */
  public ImpactQuery ofTypes(String... reported) {
    return new ImpactQuery(ciId, direction, maxDepth, List.of(reported));
  }
}
