package dev.itsm.internal.change;

import static dev.itsm.api.change.ChangeState.*;
import static dev.itsm.api.process.ChangeProcess.*;

import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.event.EventTypes;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.ChangeRow;
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
 * What happens when the change process moves a change into a state or fires one of its timers: the
 * validated state change, its audit entry, event and notifications.
 */
final class ChangeLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeLifecycle.class);
  private static final Map<ChangeState, Set<ChangeState>> ALLOWED = new EnumMap<>(ChangeState.class);

  static {
    ALLOWED.put(NEW, EnumSet.of(AUTHORIZATION, SCHEDULED, CANCELLED));
    ALLOWED.put(AUTHORIZATION, EnumSet.of(SCHEDULED, INFO_REQUESTED, REJECTED, CANCELLED));
    ALLOWED.put(INFO_REQUESTED, EnumSet.of(AUTHORIZATION, CANCELLED));
    ALLOWED.put(SCHEDULED, EnumSet.of(IMPLEMENTING, CANCELLED));
    ALLOWED.put(IMPLEMENTING, EnumSet.of(REVIEW, BACKING_OUT));
    ALLOWED.put(BACKING_OUT, EnumSet.of(REVIEW));
    ALLOWED.put(REVIEW, EnumSet.of(CLOSED));
    ALLOWED.put(CLOSED, EnumSet.noneOf(ChangeState.class));
    ALLOWED.put(REJECTED, EnumSet.noneOf(ChangeState.class));
    ALLOWED.put(CANCELLED, EnumSet.noneOf(ChangeState.class));
  }

  private final ChangeSettings settings;
  private final Directory directory;

  ChangeLifecycle(ChangeSettings settings, Directory directory) {
    this.settings = settings;
    this.directory = directory;
  }

  void enter(ItsmSession session, LoadedChange change, ChangeState target) {
    ChangeState from = change.state();
    ChangeRow row = change.row();
    if (!ALLOWED.get(from).contains(target)) {
      throw new IllegalTransitionException(row.number, from.name(), "Expected the change process to move " + row.number
          + " from " + from + " to one of " + ALLOWED.get(from) + ", but it moved to " + target);
    }
    Instant now = session.now();
    change.setState(session, "enter-state", target);
    if (target == AUTHORIZATION && change.change(session, "enter-state", "authorizationAt", row.authorizationAt, now)) {
      row.authorizationAt = now;
    }
    if (target.isFinal() && change.change(session, "enter-state", "closedAt", row.closedAt, now)) {
      row.closedAt = now;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", from.name());
    data.put("to", target.name());
    if (target.isFinal()) {
      data.put("closeCode", row.closeCode);
    }
    Outbox.event(session, row, EventTypes.CHANGE_STATE_CHANGED, data);
    String key = "change:" + row.id + ":" + change.pendingVersion() + ":" + target;
    switch (target) {
      case SCHEDULED -> Outbox.notify(session, row, EventTypes.CHANGE_STATE_CHANGED, key, people(row.callerId, row.implementerId),
          row.number + " scheduled: " + row.title, "Planned from " + row.plannedStart + " to " + row.plannedEnd);
      case INFO_REQUESTED -> Outbox.notify(session, row, EventTypes.CHANGE_STATE_CHANGED, key, people(row.callerId),
          row.number + ": an approver asks for information", row.infoRequest);
      case REJECTED -> Outbox.notify(session, row, EventTypes.CHANGE_STATE_CHANGED, key, people(row.callerId),
          row.number + " rejected: " + row.title, row.title);
      case CLOSED -> Outbox.notify(session, row, EventTypes.CHANGE_STATE_CHANGED, key, people(row.callerId),
          row.number + " closed " + row.closeCode + ": " + row.title, row.closeNotes == null ? row.title : row.closeNotes);
      default -> { }
    }
  }

  /** Due date of a contract timer, from the change as of now. */
  Instant dueDate(LoadedChange change, String timerId) {
    ChangeRow row = change.row();
    return switch (timerId) {
      case TIMER_ECAB -> (row.authorizationAt == null ? row.openedAt : row.authorizationAt).plus(settings.ecabTimeout());
      case TIMER_NOT_STARTED -> row.plannedEnd;
      default -> throw new ItsmConfigurationException("Expected a timer id of the change contract [" + TIMER_ECAB + ", "
          + TIMER_NOT_STARTED + "], but got '" + timerId + "'");
    };
  }

  /** The planned window ended before the implementation started: tell the change managers, requester and implementer. */
  void notStarted(ItsmSession session, LoadedChange change) {
    ChangeRow row = change.row();
    if (change.state() != SCHEDULED) {
      LOG.debug("Ignoring the not-started timer of {}: it is {}", row.number, row.state);
      return;
    }
    List<String> recipients = new ArrayList<>(directory.members(settings.changeManagers()));
    recipients.addAll(people(row.callerId, row.implementerId));
    session.audit(row.id, row.tenantId, "not-started", "escalatedTo", null, String.join(",", recipients));
    Outbox.event(session, row, EventTypes.CHANGE_NOT_STARTED, Map.of("plannedEnd", row.plannedEnd.toString()));
    Outbox.notify(session, row, EventTypes.CHANGE_NOT_STARTED, "not-started:" + row.id + ":" + row.plannedEnd.toEpochMilli(),
        recipients, row.number + " did not start in its window (ended " + row.plannedEnd + ")", row.title);
  }

  /** A freeze began while the change is being implemented: tell the change managers and its implementer. */
  void freezeAlert(ItsmSession session, LoadedChange change, dev.itsm.internal.persistence.WindowRow window) {
    ChangeRow row = change.row();
    List<String> recipients = new ArrayList<>(directory.members(settings.changeManagers()));
    recipients.addAll(people(row.implementerId));
    session.audit(row.id, row.tenantId, "freeze-alert", "freezeWindow", null, window.name + " " + window.startAt);
    Outbox.event(session, row, EventTypes.CHANGE_FREEZE_ALERT, Map.of("windowId", window.id.toString(), "window", window.name));
    Outbox.notify(session, row, EventTypes.CHANGE_FREEZE_ALERT, "freeze:" + window.id + ":" + row.id, recipients,
        "Freeze \"" + window.name + "\" began while " + row.number + " is " + row.state, row.title);
  }

  private static List<String> people(String... ids) {
    List<String> list = new ArrayList<>();
    for (String id : ids) {
      if (id != null && !list.contains(id)) {
        list.add(id);
      }
    }
    return list;
  }
}
