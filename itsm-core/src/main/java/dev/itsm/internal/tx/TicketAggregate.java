package dev.itsm.internal.tx;

import java.util.UUID;

/** A ticket loaded into (or created in) a session, written back when the session flushes. */
public interface TicketAggregate {
  UUID id();

  /** Writes what changed since the last flush; throws {@code ConcurrentUpdateException} on a lost update. */
  void flush(ItsmSession session);

  /** Whether another transaction committed a change to this ticket since this unit read it. */
  boolean isStale(ItsmSession session);

  /** Number (for messages). */
  String number();
}
