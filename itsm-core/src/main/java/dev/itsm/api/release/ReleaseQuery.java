package dev.itsm.api.release;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Filters of {@code ReleaseService#query}; every filter given must match. Results are ordered by number.
 *
 * @param states   any of these states (all when empty)
 * @param changeId bundling this change
 * @param offset   index of the first result
 * @param limit    page size, 1 to {@link #MAX_LIMIT}
 */
public record ReleaseQuery(Set<ReleaseState> states, UUID changeId, int offset, int limit) {
  /** Largest page. */
  public static final int MAX_LIMIT = 1000;

  public ReleaseQuery {
    states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
  }

  /** Every release, first page of 50. */
  public static ReleaseQuery all() {
    return new ReleaseQuery(Set.of(), null, 0, 50);
  }

  public ReleaseQuery inStates(ReleaseState... wanted) {
    return new ReleaseQuery(Set.of(wanted), changeId, offset, limit);
  }

  public ReleaseQuery bundling(UUID change) {
    return new ReleaseQuery(states, change, offset, limit);
  }

  public ReleaseQuery page(int pageOffset, int pageLimit) {
    return new ReleaseQuery(states, changeId, pageOffset, pageLimit);
  }
}
