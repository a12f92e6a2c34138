package dev.itsm.examples.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.itsm.api.change.ChangeCalendar;
import dev.itsm.api.change.ChangeReport;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeType;
import dev.itsm.api.change.ChangeWindow;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask;
import dev.itsm.api.change.Risk;
import dev.itsm.api.cmdb.NewCi;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * JSON response bodies of the change resources. Approvals, conflicts, windows, templates and tasks are
 * the library's plain records ({@code Approval}, {@code Conflict}, {@code ChangeWindow},
 * {@code ChangeTemplate}, {@code ImplementationTask}).
 */
final class ChangeViews {
  private ChangeViews() {}

  /** A change. */
  record Change(UUID id, String number, ChangeType type, String templateCode, String title, String description,
                ChangeState state, Risk risk, String requesterId, String groupId, String implementerId,
                Instant plannedStart, Instant plannedEnd, boolean outage, String backoutPlan, List<UUID> affectedCis,
                List<ImplementationTask> tasks, List<PlannedCiChange> plannedCiChanges, Instant ciChangesAppliedAt,
                String infoRequest, String retrospective, CloseCode closeCode, String closeNotes, Instant submittedAt,
                Instant closedAt, String processInstanceId, long version) {

    static Change of(ChangeRequest c) {
      return new Change(c.id(), c.number(), c.type(), c.templateCode(), c.title(), c.description(), c.state(), c.risk(),
          c.requesterId(), c.groupId(), c.implementerId(), c.plannedStart(), c.plannedEnd(), c.outage(), c.backoutPlan(),
          c.affectedCis(), c.tasks(), c.plannedCiChanges().stream().map(PlannedCiChange::of).toList(),
          c.ciChangesAppliedAt(), c.infoRequest(), c.retrospective(), c.closeCode(), c.closeNotes(), c.submittedAt(),
          c.closedAt(), c.processInstanceId(), c.version());
    }
  }

  /** A planned CMDB modification, in the shape {@code POST /api/changes} takes it; absent properties are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PlannedCiChange(String op, UUID ciId, Map<String, Object> attributes, String key, NewCi ci, String type,
                         CiEnd source, CiEnd target) {

    static PlannedCiChange of(dev.itsm.api.change.PlannedCiChange change) {
      if (change instanceof dev.itsm.api.change.PlannedCiChange.Update u) {
        return new PlannedCiChange(op(u), u.ciId(), u.attributes(), null, null, null, null, null);
      }
      if (change instanceof dev.itsm.api.change.PlannedCiChange.Create c) {
        return new PlannedCiChange(op(c), null, null, c.key(), c.ci(), null, null, null);
      }
      if (change instanceof dev.itsm.api.change.PlannedCiChange.Retire r) {
        return new PlannedCiChange(op(r), r.ciId(), null, null, null, null, null, null);
      }
      var r = (dev.itsm.api.change.PlannedCiChange.Relate) change;
      return new PlannedCiChange(op(r), null, null, null, null, r.type(), CiEnd.of(r.source()), CiEnd.of(r.target()));
    }

    private static String op(dev.itsm.api.change.PlannedCiChange change) {
      return change.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
  }

  /** One end of a planned relation: {@code ciId} of an existing item or {@code newKey} of one the change creates. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CiEnd(UUID ciId, String newKey) {
    static CiEnd of(dev.itsm.api.change.PlannedCiChange.CiEnd end) {
      return new CiEnd(end.ciId(), end.newKey());
    }
  }

  /** The change calendar of a period. */
  record Calendar(Instant from, Instant to, List<Change> changes, List<ChangeWindow> windows) {
    static Calendar of(ChangeCalendar c) {
      return new Calendar(c.from(), c.to(), c.changes().stream().map(Change::of).toList(), c.windows());
    }
  }

  /** How the changes closed in a period went, with the rates (0 to 1). */
  record Report(Instant from, Instant to, long implemented, long successful, long successfulWithIssues, long failed,
                long backedOut, long rejected, long cancelled, long causingIncidents, long causedIncidents,
                double successRate, double incidentRate) {
    static Report of(ChangeReport r) {
      return new Report(r.from(), r.to(), r.implemented(), r.successful(), r.successfulWithIssues(), r.failed(),
          r.backedOut(), r.rejected(), r.cancelled(), r.causingIncidents(), r.causedIncidents(), r.successRate(),
          r.incidentRate());
    }
  }
}
