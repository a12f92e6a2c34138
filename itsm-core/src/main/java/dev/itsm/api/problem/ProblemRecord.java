package dev.itsm.api.problem;

import dev.itsm.api.Priority;
import dev.itsm.api.TicketRef;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A snapshot of a problem as stored after the operation that returned it.
 *
 * @param number            e.g. {@code PRB-000042}; unique per tenant
 * @param ownerId           the assignee working the problem, or {@code null}
 * @param reportedBy        who recorded it ({@code system} for an accepted proposal's creator is the actor who accepted)
 * @param incidentIds       linked incidents, in the order they were linked
 * @param fixChangeIds      changes requested to fix it, in the order they were requested
 * @param knownError        the known error, or {@code null} before one is recorded
 * @param tasks             root-cause analysis tasks
 * @param majorReview       the major problem review, or {@code null} when no P1 incident is linked
 * @param version           increases with every change; pass {@link #ref()} to detect lost updates
 */
public record ProblemRecord(UUID id, String number, String tenantId, String title, String description, ProblemState state,
                            Priority priority, Impact impact, Urgency urgency, String category, String service,
                            String groupId, String ownerId, String reportedBy, List<UUID> affectedCis,
                            List<UUID> incidentIds, List<UUID> fixChangeIds, KnownError knownError,
                            List<AnalysisTask> tasks, MajorReview majorReview, String majorReviewFindings,
                            ProblemResolution resolution, String resolutionText, Instant openedAt, Instant resolvedAt,
                            Instant closedAt, String processInstanceId, long version) {
  public ProblemRecord {
    affectedCis = List.copyOf(affectedCis);
    incidentIds = List.copyOf(incidentIds);
    fixChangeIds = List.copyOf(fixChangeIds);
    tasks = List.copyOf(tasks);
  }

  /** A reference to this problem that fails if it changed since this snapshot. */
  public TicketRef ref() {
    return TicketRef.of(id, version);
  }
}
