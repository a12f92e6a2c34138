package dev.itsm.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Reference to a ticket for an operation that changes it, optionally with the version the caller
 * last saw. With a version the operation fails with {@link ConcurrentUpdateException} if anyone
 * changed the ticket since; without one it applies to the current state.
 *
 * @param id              the ticket id
 * @param expectedVersion the version the caller expects, or {@code null} for no check
 */
public record TicketRef(UUID id, Long expectedVersion) {

  public TicketRef {
    Objects.requireNonNull(id, "id");
  }

  /** A reference without a version check. */
  public static TicketRef of(UUID id) {
    return new TicketRef(id, null);
  }

  /** A reference that requires the ticket to be at the given version. */
  public static TicketRef of(UUID id, long expectedVersion) {
    return new TicketRef(id, expectedVersion);
  }
}
