package dev.itsm.internal.process;

import dev.itsm.internal.tx.ItsmSession;
import java.time.Instant;
import java.util.UUID;

/** What the process steps of one ticket type ask of its service, inside the step's unit of work. */
public interface TicketProcesses {

  /** Moves the ticket into the named state (validated against the type's states and transitions). */
  void enterState(ItsmSession session, UUID ticketId, String state);

  /** Due date of a contract timer of the ticket's process, as of now. */
  Instant dueDate(ItsmSession session, UUID ticketId, String timerId);
}
