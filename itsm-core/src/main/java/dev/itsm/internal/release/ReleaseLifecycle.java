package dev.itsm.internal.release;

import static dev.itsm.api.release.ReleaseState.*;

import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.release.ReleaseSettings;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.ReleaseRow;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.spi.Directory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What happens when the release process moves a release into a state: the validated change, its audit entry, event and notifications. */
final class ReleaseLifecycle {
  private static final Map<ReleaseState, Set<ReleaseState>> ALLOWED = new EnumMap<>(ReleaseState.class);

  static {
    ALLOWED.put(PLANNING, EnumSet.of(BUILDING, CANCELLED));
    ALLOWED.put(BUILDING, EnumSet.of(TESTING, CANCELLED));
    ALLOWED.put(TESTING, EnumSet.of(AWAITING_APPROVAL, BUILDING, CANCELLED));
    ALLOWED.put(AWAITING_APPROVAL, EnumSet.of(DEPLOYING, REJECTED, CANCELLED));
    ALLOWED.put(DEPLOYING, EnumSet.of(EARLY_LIFE_SUPPORT, ROLLING_BACK));
    ALLOWED.put(ROLLING_BACK, EnumSet.of(ROLLED_BACK));
    ALLOWED.put(EARLY_LIFE_SUPPORT, EnumSet.of(REVIEW));
    ALLOWED.put(REVIEW, EnumSet.of(CLOSED));
    for (ReleaseState end : EnumSet.of(CLOSED, ROLLED_BACK, REJECTED, CANCELLED)) {
      ALLOWED.put(end, EnumSet.noneOf(ReleaseState.class));
    }
  }

  private final ReleaseSettings settings;
  private final Directory directory;

  ReleaseLifecycle(ReleaseSettings settings, Directory directory) {
    this.settings = settings;
    this.directory = directory;
  }

  void enter(ItsmSession session, LoadedRelease release, ReleaseState target) {
    ReleaseState from = release.state();
    ReleaseRow row = release.row();
    if (!ALLOWED.get(from).contains(target)) {
      throw new IllegalTransitionException(row.number, from.name(), "Expected the release process to move " + row.number
          + " from " + from + " to one of " + ALLOWED.get(from) + ", but it moved to " + target);
    }
    Instant now = session.now();
    release.setState(session, "enter-state", target);
    if (target == EARLY_LIFE_SUPPORT) {
      Instant ends = now.plus(Duration.ofSeconds(row.earlySupport));
      if (release.change(session, "enter-state", "supportEndsAt", row.supportEndsAt, ends)) {
        row.supportEndsAt = ends;
      }
    }
    if (target.isFinal() && release.change(session, "enter-state", "closedAt", row.closedAt, now)) {
      row.closedAt = now;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", from.name());
    data.put("to", target.name());
    Outbox.event(session, row, EventTypes.RELEASE_STATE_CHANGED, data);
    String key = "release:" + row.id + ":" + release.pendingVersion() + ":" + target;
    String subject = row.number + " (" + row.releaseVersion + ") ";
    switch (target) {
      case AWAITING_APPROVAL -> Outbox.notify(session, row, EventTypes.RELEASE_STATE_CHANGED, key, people(row),
          subject + "built and tested: waits for the go/no-go decision", row.title);
      case ROLLING_BACK -> Outbox.notify(session, row, EventTypes.RELEASE_STATE_CHANGED, key, managers(row),
          subject + "is rolled back", row.rollbackReason);
      case EARLY_LIFE_SUPPORT -> Outbox.notify(session, row, EventTypes.RELEASE_STATE_CHANGED, key, people(row),
          subject + "deployed: early life support until " + row.supportEndsAt, row.title);
      case REJECTED, ROLLED_BACK, CLOSED -> Outbox.notify(session, row, EventTypes.RELEASE_STATE_CHANGED, key, people(row),
          subject + target.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + row.title,
          target == REJECTED ? row.decisionComment : target == ROLLED_BACK ? row.rollbackReason : row.title);
      default -> { }
    }
  }

  /** The release managers and the release's manager. */
  List<String> managers(ReleaseRow row) {
    Set<String> to = new LinkedHashSet<>(directory.members(settings.releaseManagers()));
    if (row.assigneeId != null) {
      to.add(row.assigneeId);
    }
    return new ArrayList<>(to);
  }

  /** The release's manager and whoever recorded it. */
  private static List<String> people(ReleaseRow row) {
    Set<String> to = new LinkedHashSet<>();
    if (row.assigneeId != null) {
      to.add(row.assigneeId);
    }
    to.add(row.callerId);
    return new ArrayList<>(to);
  }
}
