package dev.itsm.api.change;

import dev.itsm.api.TicketRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A change as stored (a snapshot; operations return a new one).
 *
 * @param id                its id
 * @param number            e.g. {@code CHG-000042}
 * @param tenantId          its tenant
 * @param type              standard, normal or emergency
 * @param templateCode      the template of a standard change, else {@code null}
 * @param title             summary
 * @param description       details, or {@code null}
 * @param state             where its lifecycle is
 * @param risk              assessed risk ({@code null} for a standard change)
 * @param requesterId       who submitted it
 * @param groupId           the implementing group, or {@code null}
 * @param implementerId     who implements it
 * @param plannedStart      start of the planned window
 * @param plannedEnd        end of the planned window
 * @param outage            whether it needs an outage
 * @param backoutPlan       how to undo it, or {@code null}
 * @param affectedCis       configuration items it touches
 * @param tasks             implementation tasks with their outcomes
 * @param plannedCiChanges  CMDB modifications it applies on success
 * @param ciChangesAppliedAt when they were applied, or {@code null}
 * @param infoRequest       the open question of an approver while {@link ChangeState#INFO_REQUESTED}
 * @param retrospective     the retrospective review's findings (emergency changes), or {@code null}
 * @param closeCode         how it ended, or {@code null}
 * @param closeNotes        the review's notes, or {@code null}
 * @param submittedAt       when it was submitted
 * @param closedAt          when it was closed, rejected or cancelled, or {@code null}
 * @param processInstanceId its process instance
 * @param version           1 when submitted, one more for every change
 */
public record ChangeRequest(UUID id, String number, String tenantId, ChangeType type, String templateCode, String title,
                            String description, ChangeState state, Risk risk, String requesterId, String groupId,
                            String implementerId, Instant plannedStart, Instant plannedEnd, boolean outage,
                            String backoutPlan, List<UUID> affectedCis, List<ImplementationTask> tasks,
                            List<PlannedCiChange> plannedCiChanges, Instant ciChangesAppliedAt, String infoRequest,
                            String retrospective, CloseCode closeCode, String closeNotes, Instant submittedAt,
                            Instant closedAt, String processInstanceId, long version) {
  public ChangeRequest {
    affectedCis = List.copyOf(affectedCis);
    tasks = List.copyOf(tasks);
    plannedCiChanges = List.copyOf(plannedCiChanges);
  }

  /** A reference to this change at this version, for an operation that must not overwrite a newer one. */
  public TicketRef ref() {
    return TicketRef.of(id, version);
  }
}
