package dev.itsm.api.incident;

import dev.itsm.api.Actor;
import dev.itsm.api.Page;
import dev.itsm.api.TicketRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Incident management. Obtain it with {@code ItsmEngine#incidents()}.
 *
 * <p>Every method runs as one transaction of the engine (or joins the one opened by
 * {@code ItsmEngine#inTransaction}): the ticket row, its audit entries, its outbox entries (events,
 * notifications) and the process state commit together or not at all. Every method checks the
 * actor's permission ({@code AccessDeniedException}) and visibility ({@code NotFoundException}),
 * validates its input ({@code InvalidInputException}, {@code InvalidValueException}), and refuses a
 * transition the ticket's state or its process does not allow ({@code IllegalTransitionException}).
 * Methods that take a {@link TicketRef} with a version fail with {@code ConcurrentUpdateException}
 * if the ticket changed since; so does the loser of two concurrent changes.
 */
public interface IncidentService {

  /**
   * Opens an incident: validates it, decides its priority (priority DMN) and group (routing DMN,
   * unless given), numbers it, starts its SLA clocks and its process. The caller defaults to the actor.
   */
  IncidentTicket open(Actor actor, NewIncident incident);

  /** The incident with the given id. */
  IncidentTicket get(Actor actor, UUID id);

  /** The incident with the given number (in the actor's tenant), e.g. {@code INC-000042}. */
  IncidentTicket getByNumber(Actor actor, String number);

  /** Incidents matching the query that the actor may see. */
  Page<IncidentTicket> query(Actor actor, IncidentQuery query);

  /**
   * Assigns to a group and/or agent. In {@code NEW}, naming an agent moves the incident to
   * {@code ASSIGNED}; naming only a group re-routes it. Later, while open, it reassigns (an agent is
   * then required); in {@code ASSIGNED} a new agent restarts the acceptance timeout.
   */
  IncidentTicket assign(Actor actor, TicketRef ref, Assignment assignment);

  /** The assigned agent accepts the incident: {@code ASSIGNED -> ACKNOWLEDGED}; meets the response target. */
  IncidentTicket acknowledge(Actor actor, TicketRef ref);

  /** {@code ACKNOWLEDGED -> IN_PROGRESS}. */
  IncidentTicket startWork(Actor actor, TicketRef ref);

  /**
   * {@code ACKNOWLEDGED | IN_PROGRESS -> ON_HOLD}; pauses the resolution clock.
   *
   * @param reason  required
   * @param comment optional, at most 500 characters
   */
  IncidentTicket hold(Actor actor, TicketRef ref, HoldReason reason, String comment);

  /** {@code ON_HOLD -> IN_PROGRESS}; the resolution deadline moves by exactly the paused time. */
  IncidentTicket resume(Actor actor, TicketRef ref);

  /**
   * Changes impact and urgency while the incident is open; the priority is decided again and the
   * running SLA clocks and their timers follow the new targets.
   */
  IncidentTicket reclassify(Actor actor, TicketRef ref, Impact impact, Urgency urgency);

  /** Sets custom field values (a {@code null} value clears a field that is not required). */
  IncidentTicket updateFields(Actor actor, TicketRef ref, Map<String, Object> fields);

  /** Adds a work note or reply. Allowed until the incident is closed or cancelled; does not change its version. */
  TicketNote addNote(Actor actor, UUID incidentId, NewNote note);

  /** Notes of an incident, oldest first. Callers see replies only. */
  List<TicketNote> notes(Actor actor, UUID incidentId);

  /** {@code ACKNOWLEDGED | IN_PROGRESS -> RESOLVED}; stops the resolution clock. */
  IncidentTicket resolve(Actor actor, TicketRef ref, Resolution resolution);

  /**
   * {@code RESOLVED -> IN_PROGRESS} within the reopen window; the resolution clock runs on from
   * where it stopped.
   *
   * @param reason required, at most 500 characters
   */
  IncidentTicket reopen(Actor actor, TicketRef ref, String reason);

  /** {@code RESOLVED -> CLOSED}: the caller confirms the resolution. */
  IncidentTicket close(Actor actor, TicketRef ref);

  /**
   * Any open state {@code -> CANCELLED}; stops all clocks.
   *
   * @param reason optional, at most 500 characters
   */
  IncidentTicket cancel(Actor actor, TicketRef ref, String reason);

  /**
   * Time recorded on notes per agent in {@code [from, to)}, for the actor's tenant. Needs
   * {@link dev.itsm.api.Permission#REPORT_READ} and, as it names people, a manager or administrator.
   *
   * @throws dev.itsm.api.InvalidInputException when {@code from} or {@code to} is missing
   * @throws dev.itsm.api.InvalidValueException on {@code to} when the period does not end after it
   *         starts or is longer than 366 days
   */
  List<Workload> workload(Actor actor, Instant from, Instant to);

  /**
   * Per technician, the incidents they resolved in {@code [from, to)}, how many of those had been
   * reopened, and the time they recorded on notes in the period. Needs
   * {@link dev.itsm.api.Permission#REPORT_READ} and, as it names people, a manager or administrator
   * (other roles with REPORT_READ get {@link dev.itsm.api.AccessDeniedException}); covers the actor's
   * whole tenant.
   *
   * @throws dev.itsm.api.InvalidInputException when {@code from} or {@code to} is missing
   * @throws dev.itsm.api.InvalidValueException on {@code to} when the period does not end after it
   *         starts or is longer than 366 days
   */
  TechnicianReport technicianReport(Actor actor, Instant from, Instant to);

  /**
   * The incidents opened in {@code [from, to)} per service or per affected configuration item, most
   * first, at most {@link VolumeReport#MAX_ROWS} rows and the rest as a total. Needs
   * {@link dev.itsm.api.Permission#REPORT_READ}; covers the actor's whole tenant.
   *
   * @throws dev.itsm.api.InvalidInputException when {@code from}, {@code to} or {@code by} is missing
   * @throws dev.itsm.api.InvalidValueException on {@code to} when the period does not end after it
   *         starts or is longer than 366 days
   */
  VolumeReport volumeReport(Actor actor, Instant from, Instant to, VolumeReport.Grouping by);
}
