package dev.itsm.examples.server;

import dev.itsm.api.change.ChangeWindow;
import dev.itsm.api.release.Environment;
import dev.itsm.api.release.GoDecision;
import dev.itsm.api.release.ReleaseCalendar;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.api.release.ReleaseType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * JSON response bodies of the release resources. Environments, stage results, conflicts, deployments
 * and windows are the library's plain records ({@code Environment}, {@code StageResult},
 * {@code Conflict}, {@code ReleaseCalendar.Deployment}, {@code ChangeWindow}).
 */
final class ReleaseViews {
  private ReleaseViews() {}

  /** A release. */
  record Release(UUID id, String number, ReleaseType type, String title, String description, String releaseVersion,
                 ReleaseState state, String groupId, String managerId, String requesterId, List<UUID> changeIds,
                 List<Environment> environments, List<UUID> affectedCis, GoDecision goDecision, String decidedBy,
                 String decisionComment, String rollbackReason, Instant supportEndsAt, Instant notesPublishedAt,
                 String closeNotes, Instant openedAt, Instant closedAt, String processInstanceId, long version) {

    static Release of(ReleaseRecord r) {
      return new Release(r.id(), r.number(), r.type(), r.title(), r.description(), r.releaseVersion(), r.state(),
          r.groupId(), r.managerId(), r.requesterId(), r.changeIds(), r.environments(), r.affectedCis(), r.goDecision(),
          r.decidedBy(), r.decisionComment(), r.rollbackReason(), r.supportEndsAt(), r.notesPublishedAt(), r.closeNotes(),
          r.openedAt(), r.closedAt(), r.processInstanceId(), r.version());
    }
  }

  /** The release calendar of a period: deployment windows (with their freeze conflicts) and freezes. */
  record Calendar(Instant from, Instant to, List<ReleaseCalendar.Deployment> deployments, List<ChangeWindow> freezes) {
    static Calendar of(ReleaseCalendar c) {
      return new Calendar(c.from(), c.to(), c.deployments(), c.freezes());
    }
  }
}
