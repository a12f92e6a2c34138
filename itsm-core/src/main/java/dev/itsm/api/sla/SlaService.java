package dev.itsm.api.sla;

import dev.itsm.api.Actor;
import java.util.List;
import java.util.UUID;

/**
 * Reads SLA clocks and the engine's business calendars. Clocks are started, paused and stopped by
 * ticket transitions.
 */
public interface SlaService {

  /**
   * The business calendar of that name: one a plugin registered, or {@link BusinessCalendar#ALWAYS}.
   *
   * @throws dev.itsm.api.NotFoundException for an unknown name
   */
  BusinessCalendar calendar(String name);

  /** Every business calendar of the engine, by name. */
  List<BusinessCalendar> calendars();

  /**
   * The SLA clocks of a ticket, computed as of now from their stored timeline.
   *
   * @throws dev.itsm.api.NotFoundException when the ticket does not exist or is not visible to the actor
   */
  List<SlaStatus> status(Actor actor, UUID ticketId);

  /** The clock of the given kind; see {@link #status(Actor, UUID)}. */
  SlaStatus status(Actor actor, UUID ticketId, SlaKind kind);
}
