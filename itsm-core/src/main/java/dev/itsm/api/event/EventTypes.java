package dev.itsm.api.event;

/** The {@link DomainEvent#type()} values the engine emits. Public API: hosts switch on them. */
public final class EventTypes {
  public static final String INCIDENT_OPENED = "incident.opened";
  /** An agent was assigned ({@code NEW -> ASSIGNED}). */
  public static final String INCIDENT_ASSIGNED = "incident.assigned";
  /** Group or agent changed without a state change. */
  public static final String INCIDENT_REASSIGNED = "incident.reassigned";
  public static final String INCIDENT_ACKNOWLEDGED = "incident.acknowledged";
  public static final String INCIDENT_WORK_STARTED = "incident.work-started";
  public static final String INCIDENT_ON_HOLD = "incident.on-hold";
  public static final String INCIDENT_RESUMED = "incident.resumed";
  public static final String INCIDENT_RESOLVED = "incident.resolved";
  public static final String INCIDENT_REOPENED = "incident.reopened";
  public static final String INCIDENT_CLOSED = "incident.closed";
  public static final String INCIDENT_CANCELLED = "incident.cancelled";
  public static final String INCIDENT_PRIORITY_CHANGED = "incident.priority-changed";
  public static final String INCIDENT_FIELDS_UPDATED = "incident.fields-updated";
  public static final String INCIDENT_NOTE_ADDED = "incident.note-added";
  /** The assigned agent did not acknowledge within the acceptance timeout; managers were notified. */
  public static final String INCIDENT_ACCEPTANCE_OVERDUE = "incident.acceptance-overdue";
  /** An SLA clock passed its warning point. Data: {@code kind}, {@code late}. */
  public static final String SLA_WARNING = "sla.warning";
  /** An SLA clock missed its target. Data: {@code kind}. */
  public static final String SLA_BREACHED = "sla.breached";

  private EventTypes() {}
}
