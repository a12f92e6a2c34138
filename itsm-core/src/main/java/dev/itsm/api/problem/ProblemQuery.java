package dev.itsm.api.problem;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Filters of {@code ProblemService#query}; every filter given must match. Results are ordered by
 * priority, then number.
 *
 * @param states     any of these states (all when empty)
 * @param affectedCi with this affected item
 * @param category   of this category
 * @param offset     index of the first result
 * @param limit      page size, 1 to {@link #MAX_LIMIT}
 */
public record ProblemQuery(Set<ProblemState> states, UUID affectedCi, String category, int offset, int limit) {
  /** Largest page. */
  public static final int MAX_LIMIT = 1000;

  public ProblemQuery {
    states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
  }

  /** Every problem, first page of 50. */
  public static ProblemQuery all() {
    return new ProblemQuery(Set.of(), null, null, 0, 50);
  }

  public ProblemQuery inStates(ProblemState... wanted) {
    return new ProblemQuery(Set.of(wanted), affectedCi, category, offset, limit);
  }

  public ProblemQuery affecting(UUID ciId) {
    return new ProblemQuery(states, ciId, category, offset, limit);
  }

  public ProblemQuery inCategory(String wanted) {
    return new ProblemQuery(states, affectedCi, wanted, offset, limit);
  }

  public ProblemQuery page(int pageOffset, int pageLimit) {
    return new ProblemQuery(states, affectedCi, category, pageOffset, pageLimit);
  }
}
