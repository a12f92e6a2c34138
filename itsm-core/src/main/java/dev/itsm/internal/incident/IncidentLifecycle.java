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
import dev.itsm.api.sla.SlaAction;
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

  /** Session local: group-alert keys written in this unit. */
  private static final String GROUP_ALERTS = IncidentLifecycle.class.getName() + ".groupAlerts";
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
        target == CANCELLED, now, (clock, percent) -> recorded(session, incident, clock, percent, true));
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
   * A threshold was recorded on a clock (by its timer, or late when the clock stopped): audit entry
   * and event; a breach also checks the group-misses alert rule.
   */
  void recorded(ItsmSession session, LoadedIncident incident, SlaClock clock, int percent, boolean late) {
    IncidentRow row = incident.row();
    boolean breach = percent >= 100;
    Instant at = clock.events().stream().filter(e -> e.percent() == percent).reduce((a, b) -> b)
        .map(dev.itsm.api.sla.SlaEvent::at).orElse(session.now());
    session.audit(row.id, row.tenantId, breach ? "sla-breach" : "sla-warning",
        "sla." + clockName(clock) + (percent == 100 ? ".breachedAt" : "." + percent + "%"), null, at);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kind", clock.name());
    data.put("agreement", clock.agreement().name());
    data.put("definition", clock.definitionCode());
    data.put("percent", percent);
    data.put("late", late);
    data.put("at", at.toString());
    Outbox.event(session, row, breach ? EventTypes.SLA_BREACHED : EventTypes.SLA_WARNING, data);
    if (percent == 100 && row.groupId != null) {
      groupAlert(session, incident);
    }
  }

  /** Records on the ticket what a threshold's action did. */
  void actionDone(ItsmSession session, LoadedIncident incident, SlaClock clock, int percent, SlaAction action,
                  String outcome) {
    IncidentRow row = incident.row();
    session.audit(row.id, row.tenantId, "sla-action", "sla." + clockName(clock) + "." + percent + "%." + action,
        null, outcome);
  }

  /** {@link SlaAction#NOTIFY_ASSIGNEE} and {@link SlaAction#NOTIFY_MANAGERS}. */
  void notify(ItsmSession session, LoadedIncident incident, SlaClock clock, int percent, SlaAction action) {
    IncidentRow row = incident.row();
    List<String> to = action == SlaAction.NOTIFY_MANAGERS
        ? (row.groupId == null ? List.of() : directory.managers(row.groupId)) : handlers(row);
    send(session, incident, clock, percent, action, to);
    actionDone(session, incident, clock, percent, action, String.join(",", to));
  }

  /** Notifies the managers of a group about a threshold (escalation, major review). */
  void notifyManagers(ItsmSession session, LoadedIncident incident, SlaClock clock, int percent, SlaAction action,
                      String groupId) {
    send(session, incident, clock, percent, action, groupId == null ? List.of() : directory.managers(groupId));
  }

  private void send(ItsmSession session, LoadedIncident incident, SlaClock clock, int percent, SlaAction action,
                    List<String> recipients) {
    IncidentRow row = incident.row();
    String what = clock.name().toLowerCase() + (clock.agreement() == dev.itsm.api.sla.Agreement.SLA ? ""
        : " (" + clock.agreement() + " " + clock.party() + ")");
    String subject = row.number + " (" + row.priority + "): " + what + (percent >= 100
        ? " target breached" + (percent > 100 ? ", " + percent + " % of it used" : "")
        : " target at risk, " + percent + " % used");
    String body = (clock.deadline() == null ? "" : "Due " + clock.deadline() + ": ") + row.title;
    // one delivery per clock, counting period, threshold and action: a retried job sends nothing twice
    String key = "sla:" + clock.id() + ":" + clock.periodStart().toEpochMilli() + ":" + percent + ":" + action;
    Outbox.notify(session, row, percent >= 100 ? EventTypes.SLA_BREACHED : EventTypes.SLA_WARNING, key, recipients,
        subject, body);
  }

  /**
   * The group-misses rule: when the ticket's group has missed at least the configured number of
   * targets within the period, its managers are alerted, once per period window.
   */
  private void groupAlert(ItsmSession session, LoadedIncident incident) {
    SlaSettings.GroupAlert rule = sla.groupAlert();
    if (rule == null) {
      return;
    }
    IncidentRow row = incident.row();
    Instant now = session.now();
    long window = now.toEpochMilli() / rule.period().toMillis();
    Instant since = now.minus(rule.period());
    long misses = session.mapper(dev.itsm.internal.persistence.SlaClockMapper.class)
        .countGroupBreaches(row.tenantId, row.groupId, since) + 1;   // this breach is not written yet
    String key = "sla-group-alert:" + row.tenantId + ":" + row.groupId + ":" + window;
    // once per window: written in an earlier unit, or earlier in this one (two clocks breaching at once)
    @SuppressWarnings("unchecked")
    java.util.Set<String> written = (java.util.Set<String>) session.locals()
        .computeIfAbsent(GROUP_ALERTS, k -> new java.util.HashSet<String>());
    if (misses < rule.breaches() || written.contains(key)
        || session.mapper(dev.itsm.internal.persistence.OutboxMapper.class).existsKey(key)) {
      return;
    }
    written.add(key);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("groupId", row.groupId);
    data.put("breaches", misses);
    data.put("since", since.toString());
    Outbox.event(session, row, EventTypes.SLA_GROUP_ALERT, data);
    Outbox.notify(session, row, EventTypes.SLA_GROUP_ALERT, key, directory.managers(row.groupId), "Group " + row.groupId + " missed " + misses + " SLA targets since "
        + since, "The latest: " + row.number + " " + row.title);
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
      case TIMER_ACCEPTANCE -> row.assignedAt == null ? null : row.assignedAt.plus(sla.acceptanceTimeout(row.priority));
      case TIMER_AUTO_CLOSE -> row.resolvedAt == null ? null : row.resolvedAt.plus(settings.autoCloseAfter());
      default -> throw new ItsmConfigurationException("Expected a timer id of the incident contract ["
          + TIMER_ACCEPTANCE + ", " + TIMER_AUTO_CLOSE + "], but got '" + timerId + "'");
    };
    if (due == null) {
      throw new ItsmConfigurationException("Expected timer " + timerId + " of incident " + row.number
          + " to be armed only while its clock runs, but incident is " + row.state);
    }
    return due;
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

}
