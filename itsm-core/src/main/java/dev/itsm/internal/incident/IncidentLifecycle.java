package dev.itsm.internal.incident;

import static dev.itsm.api.incident.IncidentState.*;
import static dev.itsm.api.process.IncidentProcess.*;

import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaSettings;
import dev.itsm.api.sla.SlaThreshold;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.IncidentRow;
import dev.itsm.internal.sla.ClockRules;
import dev.itsm.internal.sla.SlaClock;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.spi.Directory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when the incident process moves a ticket into a state, fires an SLA timer or the
 * acceptance timeout: the validated state change, its clocks, audit, events and notifications.
 */
final class IncidentLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentLifecycle.class);
  private static final Map<IncidentState, Set<IncidentState>> ALLOWED = new EnumMap<>(IncidentState.class);

  static {
    ALLOWED.put(NEW, EnumSet.of(ASSIGNED, CANCELLED));
    ALLOWED.put(ASSIGNED, EnumSet.of(ACKNOWLEDGED, CANCELLED));
    ALLOWED.put(ACKNOWLEDGED, EnumSet.of(IN_PROGRESS, ON_HOLD, RESOLVED, CANCELLED));
    ALLOWED.put(IN_PROGRESS, EnumSet.of(ON_HOLD, RESOLVED, CANCELLED));
    ALLOWED.put(ON_HOLD, EnumSet.of(IN_PROGRESS, CANCELLED));
    ALLOWED.put(RESOLVED, EnumSet.of(IN_PROGRESS, CLOSED));
    ALLOWED.put(CLOSED, EnumSet.noneOf(IncidentState.class));
    ALLOWED.put(CANCELLED, EnumSet.noneOf(IncidentState.class));
  }

  /** Due date of an SLA timer while its clock is paused: the timer waits until a resume moves it. */
  static final Instant PAUSED = Instant.parse("9999-12-31T00:00:00Z");
  private final SlaSettings sla;
  private final IncidentSettings settings;
  private final Directory directory;
  private final ClockRules clocks;

  IncidentLifecycle(SlaSettings sla, IncidentSettings settings, Directory directory, ClockRules clocks) {
    this.sla = sla;
    this.settings = settings;
    this.directory = directory;
    this.clocks = clocks;
  }

  /** States reachable from the given one. */
  static Set<IncidentState> next(IncidentState from) {
    return ALLOWED.get(from);
  }

  void enter(ItsmSession session, LoadedIncident incident, IncidentState target) {
    IncidentState from = incident.state();
    if (!ALLOWED.get(from).contains(target)) {
      throw new IllegalTransitionException(incident.number(), from.name(), "Expected the incident process to move "
          + incident.number() + " from " + from + " to one of " + ALLOWED.get(from) + ", but it moved to " + target);
    }
    Instant now = session.now();
    IncidentRow row = incident.row();
    incident.setState(session, "enter-state", target);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", from.name());
    data.put("to", target.name());
    String eventType;
    switch (target) {
      case ASSIGNED -> {
        setDetail(session, incident, "assignedAt", row.assignedAt, now, () -> row.assignedAt = now);
        eventType = EventTypes.INCIDENT_ASSIGNED;
        data.put("assigneeId", row.assigneeId);
        data.put("groupId", row.groupId);
        Outbox.notify(session, row, eventType, "assigned:" + row.id + ":" + incident.pendingVersion(), listOf(row.assigneeId),
            row.number + " (" + row.priority + ") assigned to you", row.title);
      }
      case ACKNOWLEDGED -> {
        setDetail(session, incident, "acknowledgedAt", row.acknowledgedAt, now, () -> row.acknowledgedAt = now);
        eventType = EventTypes.INCIDENT_ACKNOWLEDGED;
      }
      case IN_PROGRESS -> {
        if (from == ON_HOLD) {
          eventType = EventTypes.INCIDENT_RESUMED;
          clearHold(session, incident);
        } else if (from == RESOLVED) {
          eventType = EventTypes.INCIDENT_REOPENED;
          reopen(session, incident, now);
        } else {
          eventType = EventTypes.INCIDENT_WORK_STARTED;
        }
      }
      case ON_HOLD -> {
        eventType = EventTypes.INCIDENT_ON_HOLD;
        data.put("reason", row.holdReason == null ? null : row.holdReason.name());
      }
      case RESOLVED -> {
        eventType = EventTypes.INCIDENT_RESOLVED;
        data.put("resolutionCode", row.resolutionCode);
        if (incident.change(session, "enter-state", "resolvedAt", row.resolvedAt, now)) {
          row.resolvedAt = now;
        }
        Outbox.notify(session, row, eventType, "resolved:" + row.id + ":" + incident.pendingVersion(), listOf(row.callerId),
            row.number + " resolved: " + row.title, row.resolutionText == null ? row.resolutionCode : row.resolutionText);
      }
      case CLOSED, CANCELLED -> {
        eventType = target == CLOSED ? EventTypes.INCIDENT_CLOSED : EventTypes.INCIDENT_CANCELLED;
        data.put("automatic", session.actor().hasRole(dev.itsm.api.Roles.SYSTEM));
        if (incident.change(session, "enter-state", "closedAt", row.closedAt, now)) {
          row.closedAt = now;
        }
      }
      default -> throw new ItsmConfigurationException("Expected a state the process can enter, but got " + target);
    }
    clocks.stateChanged(session, incident.clocks(), from.name(), target.name(),
        target == ON_HOLD && row.holdReason != null ? row.holdReason.name() : null, target == CLOSED,
        target == CANCELLED, now, (clock, threshold) -> recorded(session, row, clock, threshold, true));
    incident.updateNextSlaDue(session);
    Outbox.event(session, row, eventType, data);
  }

  private void reopen(ItsmSession session, LoadedIncident incident, Instant now) {
    IncidentRow row = incident.row();
    if (incident.change(session, "reopen", "resolvedAt", row.resolvedAt, null)) {
      row.resolvedAt = null;
    }
    setDetail(session, incident, "resolutionCode", row.resolutionCode, null, () -> row.resolutionCode = null);
    setDetail(session, incident, "resolutionText", row.resolutionText, null, () -> row.resolutionText = null);
    setDetail(session, incident, "reopenCount", row.reopenCount, row.reopenCount + 1, () -> row.reopenCount++);
  }

  private void clearHold(ItsmSession session, LoadedIncident incident) {
    IncidentRow row = incident.row();
    setDetail(session, incident, "holdReason", row.holdReason, null, () -> row.holdReason = null);
    setDetail(session, incident, "holdComment", row.holdComment, null, () -> row.holdComment = null);
  }

  /**
   * An SLA timer fired. Stale timers (clock paused or stopped) are ignored; a threshold takes effect
   * once; a breach found before its warning records the warning first (late).
   */
  void slaThreshold(ItsmSession session, LoadedIncident incident, SlaKind kind, SlaThreshold threshold) {
    SlaClock clock = incident.clock(kind);
    IncidentRow row = incident.row();
    if (clock == null || !clock.isRunning()) {
      LOG.debug("Ignoring {} {} timer of {}: the clock is not running", kind, threshold, row.number);
      return;
    }
    Instant now = session.now();
    String actor = session.actor().id();
    if (clock.recordWarning(min(now, clock.warningAt()), actor)) {
      boolean late = threshold == SlaThreshold.BREACH;
      recorded(session, row, clock, SlaThreshold.WARNING, late);
      if (!late) {
        Outbox.notify(session, row, EventTypes.SLA_WARNING, "sla-warning:" + clock.id(), handlers(row),
            row.number + " (" + row.priority + "): " + kind.name().toLowerCase() + " target at risk",
            "Due " + clock.deadline() + ": " + row.title);
      }
    }
    if (threshold == SlaThreshold.BREACH && clock.recordBreach(min(now, clock.deadline()), actor)) {
      recorded(session, row, clock, SlaThreshold.BREACH, false);
      List<String> recipients = new ArrayList<>(handlers(row));
      if (row.groupId != null) {
        recipients.addAll(directory.managers(row.groupId));
      }
      Outbox.notify(session, row, EventTypes.SLA_BREACHED, "sla-breach:" + clock.id(), recipients,
          row.number + " (" + row.priority + "): " + kind.name().toLowerCase() + " target breached",
          "Was due " + clock.deadline() + ": " + row.title);
    }
  }

  static void recorded(ItsmSession session, IncidentRow row, SlaClock clock, SlaThreshold threshold, boolean late) {
    boolean warning = threshold == SlaThreshold.WARNING;
    Instant at = warning ? clock.warnedAt() : clock.breachedAt();
    session.audit(row.id, row.tenantId, warning ? "sla-warning" : "sla-breach",
        "sla." + clockName(clock) + (warning ? ".warnedAt" : ".breachedAt"), null, at);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kind", clock.name());
    data.put("agreement", clock.agreement().name());
    data.put("definition", clock.definitionCode());
    data.put("late", late);
    data.put("at", at.toString());
    Outbox.event(session, row, warning ? EventTypes.SLA_WARNING : EventTypes.SLA_BREACHED, data);
  }

  /** Audit field prefix of a clock: its target for the SLA, agreement and party too for OLAs and UCs. */
  private static String clockName(SlaClock clock) {
    return clock.agreement() == dev.itsm.api.sla.Agreement.SLA ? clock.name()
        : clock.agreement() + "." + clock.party() + "." + clock.name();
  }

  /** The acceptance timeout fired: escalate to the group's managers unless the incident moved on. */
  void acceptanceOverdue(ItsmSession session, LoadedIncident incident) {
    IncidentRow row = incident.row();
    if (incident.state() != ASSIGNED) {
      LOG.debug("Ignoring acceptance timeout of {}: it is {}", row.number, row.state);
      return;
    }
    List<String> managers = row.groupId == null ? List.of() : directory.managers(row.groupId);
    session.audit(row.id, row.tenantId, "acceptance-overdue", "escalatedTo", null, String.join(",", managers));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("assigneeId", row.assigneeId);
    data.put("groupId", row.groupId);
    data.put("managers", String.join(",", managers));
    Outbox.event(session, row, EventTypes.INCIDENT_ACCEPTANCE_OVERDUE, data);
    Outbox.notify(session, row, EventTypes.INCIDENT_ACCEPTANCE_OVERDUE,
        "acceptance:" + row.id + ":" + row.assignedAt.toEpochMilli(), managers,
        row.number + " (" + row.priority + ") not accepted by " + row.assigneeId + " in time", row.title);
  }

  /** Due date of a contract timer, from the ticket and its clocks as of now. */
  Instant dueDate(LoadedIncident incident, String timerId) {
    IncidentRow row = incident.row();
    Instant due = switch (timerId) {
      case TIMER_RESPONSE_WARNING -> warningAt(incident, SlaKind.RESPONSE);
      case TIMER_RESPONSE_BREACH -> deadline(incident, SlaKind.RESPONSE);
      case TIMER_RESOLUTION_WARNING -> warningAt(incident, SlaKind.RESOLUTION);
      case TIMER_RESOLUTION_BREACH -> deadline(incident, SlaKind.RESOLUTION);
      case TIMER_ACCEPTANCE -> row.assignedAt == null ? null : row.assignedAt.plus(sla.acceptanceTimeout(row.priority));
      case TIMER_AUTO_CLOSE -> row.resolvedAt == null ? null : row.resolvedAt.plus(settings.autoCloseAfter());
      default -> throw new ItsmConfigurationException("Expected a timer id of the incident contract "
          + ProcessSteps.TIMERS + ", but got '" + timerId + "'");
    };
    if (due == null) {
      throw new ItsmConfigurationException("Expected timer " + timerId + " of incident " + row.number
          + " to be armed only while its clock runs, but incident is " + row.state);
    }
    return due;
  }

  /** An SLA timer's due date: {@link #PAUSED} while its clock does not run (or the ticket has no such clock). */
  private static Instant warningAt(LoadedIncident incident, SlaKind kind) {
    SlaClock clock = incident.clock(kind);
    return clock == null || !clock.isRunning() ? PAUSED : clock.warningAt();
  }

  private static Instant deadline(LoadedIncident incident, SlaKind kind) {
    SlaClock clock = incident.clock(kind);
    return clock == null || !clock.isRunning() ? PAUSED : clock.deadline();
  }

  /** The assignee, or the group's members when nobody is assigned. */
  private List<String> handlers(IncidentRow row) {
    if (row.assigneeId != null) {
      return List.of(row.assigneeId);
    }
    return row.groupId == null ? List.of() : List.copyOf(directory.members(row.groupId));
  }

  private static void setDetail(ItsmSession session, LoadedIncident incident, String field, Object oldValue,
                                Object newValue, Runnable apply) {
    if (incident.changeDetail(session, "enter-state", field, oldValue, newValue)) {
      apply.run();
    }
  }

  private static List<String> listOf(String id) {
    return id == null ? List.of() : List.of(id);
  }

  private static Instant min(Instant a, Instant b) {
    return b == null || a.isBefore(b) ? a : b;
  }
}
