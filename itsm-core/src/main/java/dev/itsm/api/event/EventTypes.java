package dev.itsm.api.event;

/** The {@link DomainEvent#type()} values the engine emits. Public API: hosts switch on them. */
public final class EventTypes {
  /** An incident was opened. Data: {@code priority}, {@code groupId}, {@code category}, {@code callerId}. */
  public static final String INCIDENT_OPENED = "incident.opened";
  /** An agent was assigned ({@code NEW -> ASSIGNED}). */
  public static final String INCIDENT_ASSIGNED = "incident.assigned";
  /** Group or agent changed without a state change. */
  public static final String INCIDENT_REASSIGNED = "incident.reassigned";
  /** The assignee accepted the incident; the response target is met. */
  public static final String INCIDENT_ACKNOWLEDGED = "incident.acknowledged";
  /** {@code ACKNOWLEDGED -> IN_PROGRESS}. */
  public static final String INCIDENT_WORK_STARTED = "incident.work-started";
  /** Put on hold; the resolution clock pauses. Data: {@code reason}. */
  public static final String INCIDENT_ON_HOLD = "incident.on-hold";
  /** {@code ON_HOLD -> IN_PROGRESS}; the resolution clock runs again. */
  public static final String INCIDENT_RESUMED = "incident.resumed";
  /** Resolved. Data: {@code resolutionCode}. */
  public static final String INCIDENT_RESOLVED = "incident.resolved";
  /** {@code RESOLVED -> IN_PROGRESS}. */
  public static final String INCIDENT_REOPENED = "incident.reopened";
  /** Closed by the caller or automatically. Data: {@code automatic}. */
  public static final String INCIDENT_CLOSED = "incident.closed";
  /** Cancelled while open. */
  public static final String INCIDENT_CANCELLED = "incident.cancelled";
  /** Impact or urgency changed the priority. Data: {@code from}, {@code to}. */
  public static final String INCIDENT_PRIORITY_CHANGED = "incident.priority-changed";
  /** Custom fields changed. Data: {@code fields} (their names). */
  public static final String INCIDENT_FIELDS_UPDATED = "incident.fields-updated";
  /** A work note or reply was added. Data: {@code visibility}, {@code noteId}. */
  public static final String INCIDENT_NOTE_ADDED = "incident.note-added";
  /** The assigned agent did not acknowledge within the acceptance timeout; managers were notified. */
  public static final String INCIDENT_ACCEPTANCE_OVERDUE = "incident.acceptance-overdue";
  /**
   * An SLA clock passed a threshold below 100 %. Data: {@code kind} (the clock), {@code agreement},
   * {@code definition}, {@code percent}, {@code late}, {@code at}.
   */
  public static final String SLA_WARNING = "sla.warning";
  /** An SLA clock missed its target (percent 100), or passed a threshold beyond it. Data as {@link #SLA_WARNING}. */
  public static final String SLA_BREACHED = "sla.breached";
  /** A group missed the configured number of SLA targets within the rule's period (see {@code SlaSettings#groupAlert}). */
  public static final String SLA_GROUP_ALERT = "sla.group-alert";

  /** A change was submitted. Data: {@code changeType}, {@code risk}, {@code requesterId}, {@code implementerId}. */
  public static final String CHANGE_SUBMITTED = "change.submitted";
  /** The change process moved a change into a state. Data: {@code from}, {@code to}, and {@code closeCode} when it ended. */
  public static final String CHANGE_STATE_CHANGED = "change.state-changed";
  /** An approver voted. Data: {@code level}, {@code approverId}, {@code vote}, {@code round}, {@code decision}. */
  public static final String CHANGE_VOTED = "change.voted";
  /** A change's planned CI changes were applied. Data: {@code count}. */
  public static final String CHANGE_CI_CHANGES_APPLIED = "change.ci-changes-applied";
  /** A scheduled change did not start by the end of its planned window. Data: {@code plannedEnd}. */
  public static final String CHANGE_NOT_STARTED = "change.not-started";

  /** A freeze window began while the change was being implemented. Data: {@code windowId}, {@code window}. */
  public static final String CHANGE_FREEZE_ALERT = "change.freeze-alert";

  /** An incident was linked as caused by the change. Data: {@code incidentId}, {@code incidentNumber}. */
  public static final String CHANGE_INCIDENT_LINKED = "change.incident-linked";

  /** A published workaround matches a new incident; it was offered as a work note. Data: {@code problemId}, {@code problemNumber}, {@code similarity}. */
  public static final String INCIDENT_WORKAROUND_OFFERED = "incident.workaround-offered";
  /**
   * The incident's caller contacted the desk repeatedly about its service; the desk was warned and the caller
   * flagged. Data: {@code callerId}, {@code service}, {@code contacts}.
   */
  public static final String INCIDENT_REPEAT_CONTACT = "incident.repeat-contact";

  /** A problem was recorded. Data: {@code priority}, {@code incidents} (how many linked), {@code proposalId} (or null). */
  public static final String PROBLEM_CREATED = "problem.created";
  /** The problem process moved a problem into a state. Data: {@code from}, {@code to}, and {@code resolution} when resolved. */
  public static final String PROBLEM_STATE_CHANGED = "problem.state-changed";
  /** An incident was linked to the problem. Data: {@code incidentId}, {@code incidentNumber}, {@code priority}. */
  public static final String PROBLEM_INCIDENT_LINKED = "problem.incident-linked";
  /** The problem's known error was recorded. Data: {@code affectedCis} (how many). */
  public static final String PROBLEM_KNOWN_ERROR_RECORDED = "problem.known-error-recorded";
  /** The workaround was published. Data: {@code articleId}, {@code incidents} (how many got it). */
  public static final String PROBLEM_WORKAROUND_PUBLISHED = "problem.workaround-published";
  /** A fix change was requested. Data: {@code changeId}, {@code changeNumber}. */
  public static final String PROBLEM_FIX_REQUESTED = "problem.fix-requested";
  /** A fix change ended. Data: {@code changeId}, {@code changeNumber}, {@code outcome} (its close code or state), {@code success}. */
  public static final String PROBLEM_FIX_ENDED = "problem.fix-ended";
  /** A P1 incident was linked: the major problem review opened. Data: {@code incidentId}. */
  public static final String PROBLEM_MAJOR_REVIEW_OPENED = "problem.major-review-opened";
  /**
   * Detection proposed a problem (the event's ticket is the incident that completed the repeat). Data:
   * {@code proposalId}, {@code basis}, {@code key}, {@code incidents}.
   */
  public static final String PROBLEM_PROPOSED = "problem.proposed";

  /**
   * A knowledge article changed state. The event's ticket fields name the article (its id and number; the
   * ticket type is null). Data: {@code from}, {@code to}, {@code version}.
   */
  public static final String KNOWLEDGE_STATE_CHANGED = "knowledge.state-changed";

  /** A release was planned. Data: {@code releaseType}, {@code releaseVersion}, {@code environments}, {@code changes}. */
  public static final String RELEASE_CREATED = "release.created";
  /** A release changed state. Data: {@code from}, {@code to}. */
  public static final String RELEASE_STATE_CHANGED = "release.state-changed";
  /**
   * A stage result was recorded. Data: {@code stage}, {@code environment} (or null), {@code outcome},
   * {@code externalRef} (or null).
   */
  public static final String RELEASE_RESULT_RECORDED = "release.result-recorded";
  /**
   * The deployment window of an environment opened: a pipeline subscribed to it may deploy now. Data:
   * {@code environment}, {@code releaseVersion}, {@code windowEnd}, {@code conflicts} (freezes it overlaps).
   */
  public static final String RELEASE_DEPLOYMENT_STARTED = "release.deployment-started";
  /** A pipeline stage did not report in time. Data: {@code stage}, {@code environment} (or null). */
  public static final String RELEASE_PIPELINE_OVERDUE = "release.pipeline-overdue";
  /** The release notes were published. Data: {@code length}. */
  public static final String RELEASE_NOTES_PUBLISHED = "release.notes-published";
  /**
   * An incident was opened on a CI of a release in early life support. Data: {@code incidentId},
   * {@code incidentNumber}.
   */
  public static final String RELEASE_SUPPORT_INCIDENT = "release.support-incident";

  private EventTypes() {}
}
