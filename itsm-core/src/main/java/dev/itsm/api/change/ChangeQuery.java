package dev.itsm.api.change;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Filters of {@code ChangeService#query}; every filter given must match. Results are ordered by
 * planned start, then number.
 *
 * @param states      any of these states (all when empty)
 * @param types       any of these types (all when empty)
 * @param requesterId submitted by
 * @param affectedCi  touching this item
 * @param from        with a planned window ending after this instant (with {@code to}: overlapping the period)
 * @param to          with a planned window starting before this instant
 * @param offset      index of the first result
 * @param limit       page size, 1 to {@link #MAX_LIMIT}
 */
public record ChangeQuery(Set<ChangeState> states, Set<ChangeType> types, String requesterId, UUID affectedCi,
                          Instant from, Instant to, int offset, int limit) {
  /** Largest page. */
  public static final int MAX_LIMIT = 1000;

  public ChangeQuery {
    states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
  }

  /** Every change, first page of 50. */
  public static ChangeQuery all() {
    return new ChangeQuery(Set.of(), Set.of(), null, null, null, null, 0, 50);
  }

  public ChangeQuery inStates(ChangeState... wanted) {
    return new ChangeQuery(Set.of(wanted), types, requesterId, affectedCi, from, to, offset, limit);
  }

  public ChangeQuery ofTypes(ChangeType... wanted) {
    return new ChangeQuery(states, Set.of(wanted), requesterId, affectedCi, from, to, offset, limit);
  }

  public ChangeQuery requestedBy(String requester) {
    return new ChangeQuery(states, types, requester, affectedCi, from, to, offset, limit);
  }

  public ChangeQuery affecting(UUID ciId) {
    return new ChangeQuery(states, types, requesterId, ciId, from, to, offset, limit);
  }

  /** Changes whose planned window overlaps {@code [start, end)}. */
  public ChangeQuery during(Instant start, Instant end) {
    return new ChangeQuery(states, types, requesterId, affectedCi, start, end, offset, limit);
  }

  public ChangeQuery page(int pageOffset, int pageLimit) {
    return new ChangeQuery(states, types, requesterId, affectedCi, from, to, pageOffset, pageLimit);
  }
}
