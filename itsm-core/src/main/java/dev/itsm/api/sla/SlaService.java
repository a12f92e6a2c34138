package dev.itsm.api.sla;

import dev.itsm.api.Actor;
import java.util.List;
import java.util.UUID;

/**
 * SLA definitions, business calendars and the SLA clocks of tickets. A ticket gets one clock per
 * target of each definition that applies to it (see {@link SlaDefinition}); its state changes
 * start, pause, stop and restart them, and every clock is a stored timeline that can be explained
 * at any moment ({@link #explain}). See docs/sla.md.
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

  /** The SLA agreement's clock of the given kind; see {@link #status(Actor, UUID)}. */
  SlaStatus status(Actor actor, UUID ticketId, SlaKind kind);

  /**
   * A clock's timeline and the arithmetic behind its figures as of now.
   *
   * @param clock the target's name for the ticket's SLA ({@code RESOLUTION}, a milestone), or
   *              {@code agreement/party/target} for any clock ({@code OLA/network/RESOLUTION})
   * @throws dev.itsm.api.NotFoundException for an invisible ticket or a clock it does not have
   */
  SlaExplanation explain(Actor actor, UUID ticketId, String clock);

  /**
   * Pauses a running clock by hand (e.g. waiting for a customer outside the ticket's states); it
   * stays paused until {@link #resume}, whatever the ticket's state does. Needs
   * {@link dev.itsm.api.Permission#INCIDENT_WORK}.
   *
   * @param reason why, recorded on the timeline and in the audit trail; required, at most 180 characters
   * @throws dev.itsm.api.IllegalTransitionException when the clock is not running (paused or stopped)
   */
  SlaStatus pause(Actor actor, UUID ticketId, String clock, String reason);

  /**
   * Resumes a clock paused by {@link #pause}.
   *
   * @throws dev.itsm.api.IllegalTransitionException when the clock is not paused
   */
  SlaStatus resume(Actor actor, UUID ticketId, String clock);

  /**
   * Starts a clock's counting again at zero (e.g. the customer changed the request): what elapsed
   * stays on the timeline, the thresholds are pending again. Needs
   * {@link dev.itsm.api.Permission#INCIDENT_WORK}.
   *
   * @param reason recorded on the timeline and in the audit trail; required, at most 180 characters
   * @throws dev.itsm.api.IllegalTransitionException when the clock stopped
   */
  SlaStatus reset(Actor actor, UUID ticketId, String clock, String reason);

  /**
   * Marks a milestone reached: its clock stops as met (or as breached, if its target passed).
   *
   * @throws dev.itsm.api.IllegalTransitionException when the clock already stopped
   */
  SlaStatus reach(Actor actor, UUID ticketId, String clock);

  /**
   * SLA compliance, MTTA and MTTR (business and wall time) of the clocks of {@code agreement} that
   * stopped in [{@code from}, {@code to}), per service, priority, group or period; and the segment
   * owners that made tickets opened in the period late. Needs {@link dev.itsm.api.Permission#REPORT_READ};
   * covers the actor's tenant.
   *
   * @throws dev.itsm.api.InvalidInputException when {@code from} or {@code to} is missing
   * @throws dev.itsm.api.InvalidValueException on {@code to} when the period does not end after it
   *         starts or is longer than 366 days
   */
  SlaReport report(Actor actor, java.time.Instant from, java.time.Instant to, SlaReport.Grouping by, Agreement agreement);

  /** The engine's segment templates ({@link SegmentTemplate#FIELD_DISPATCH} among them). */
  List<SegmentTemplate> segmentTemplates();

  /**
   * Records a named timestamp of a ticket for segment targets (see {@link SegmentTemplate}). Needs
   * {@link dev.itsm.api.Permission#INCIDENT_WORK}; audited.
   *
   * @param template  a segment template's name, e.g. {@link SegmentTemplate#FIELD_DISPATCH}
   * @param timestamp one of its timestamp codes, e.g. {@code "B"}
   * @param at        when it happened; {@code null} for now
   * @return the ticket's segments of that template after the stamp
   * @throws dev.itsm.api.NotFoundException for an unknown template or an invisible ticket
   * @throws dev.itsm.api.InvalidValueException for an unknown code ({@code timestamp}), one recorded
   *         already, a moment in the future or out of order with the other stamps ({@code at})
   */
  List<SegmentStatus> stamp(Actor actor, UUID ticketId, String template, String timestamp, java.time.Instant at);

  /** The segments of a ticket, of every template it has stamps of, as of now. */
  List<SegmentStatus> segments(Actor actor, UUID ticketId);

  /**
   * The current version of every published definition (the library's built-ins among them). Needs
   * {@link dev.itsm.api.Permission#SLA_READ}.
   */
  List<SlaDefinitionVersion> definitions(Actor actor);

  /**
   * Every version of a definition, oldest first. Needs {@link dev.itsm.api.Permission#SLA_READ}.
   *
   * @throws dev.itsm.api.NotFoundException for an unknown code
   */
  List<SlaDefinitionVersion> versions(Actor actor, String code);

  /**
   * Publishes a definition: a new version of its code when it differs from the current one (else
   * the current version is returned unchanged). New tickets get it; running clocks keep the version
   * their ticket started with unless the definition's {@link VersionPolicy} is
   * {@link VersionPolicy#REEVALUATE}, in which case they move to it once the publication committed,
   * recomputed from their timelines, in transactions of 500 tickets. Needs
   * {@link dev.itsm.api.Permission#SLA_CONFIGURE}.
   *
   * @throws dev.itsm.api.InvalidValueException when its calendar is not one of the engine's
   */
  SlaDefinitionVersion define(Actor actor, SlaDefinition definition);
}
