package dev.itsm.examples.server;

import dev.itsm.api.Priority;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeType;
import dev.itsm.api.change.Risk;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.problem.AnalysisTask;
import dev.itsm.api.problem.CallerFlag;
import dev.itsm.api.problem.KnownError;
import dev.itsm.api.problem.MajorReview;
import dev.itsm.api.problem.ProblemProposal;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemResolution;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.api.problem.WorkaroundOffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** JSON response bodies of the problem resource ({@link ProblemRoutes}). */
final class ProblemViews {
  private ProblemViews() {}

  /** A problem; {@code ownerId} is the assignee working it. */
  record Problem(UUID id, String number, String title, String description, ProblemState state, Priority priority,
                 Impact impact, Urgency urgency, String category, String service, String groupId, String ownerId,
                 String reportedBy, List<UUID> affectedCis, List<UUID> incidentIds, List<UUID> fixChangeIds,
                 KnownErrorView knownError, List<Task> tasks, MajorReview majorReview, String majorReviewFindings,
                 ProblemResolution resolution, String resolutionText, Instant openedAt, Instant resolvedAt,
                 Instant closedAt, String processInstanceId, long version) {

    static Problem of(ProblemRecord p) {
      return new Problem(p.id(), p.number(), p.title(), p.description(), p.state(), p.priority(), p.impact(), p.urgency(),
          p.category(), p.service(), p.groupId(), p.ownerId(), p.reportedBy(), p.affectedCis(), p.incidentIds(),
          p.fixChangeIds(), p.knownError() == null ? null : KnownErrorView.of(p.knownError()),
          p.tasks().stream().map(Task::of).toList(), p.majorReview(), p.majorReviewFindings(), p.resolution(),
          p.resolutionText(), p.openedAt(), p.resolvedAt(), p.closedAt(), p.processInstanceId(), p.version());
    }
  }

  /** The known error; {@code workaroundPublishedAt} and {@code articleId} are {@code null} until published. */
  record KnownErrorView(String symptom, String rootCause, String workaround, List<UUID> affectedCis, String recordedBy,
                        Instant recordedAt, Instant workaroundPublishedAt, UUID articleId) {

    static KnownErrorView of(KnownError k) {
      return new KnownErrorView(k.symptom(), k.rootCause(), k.workaround(), k.affectedCis(), k.recordedBy(), k.recordedAt(),
          k.workaroundPublishedAt(), k.articleId());
    }
  }

  /** A root-cause analysis task; {@code index} is its position, used to complete it. */
  record Task(int index, String title, String assigneeId, boolean done, String findings, String doneBy, Instant doneAt) {

    static Task of(AnalysisTask t) {
      return new Task(t.index(), t.title(), t.assigneeId(), t.isDone(), t.findings(), t.doneBy(), t.doneAt());
    }
  }

  /** The change a fix request submitted, in short. */
  record Change(UUID id, String number, ChangeType type, String title, ChangeState state, Risk risk, String requesterId,
                String groupId, String implementerId, Instant plannedStart, Instant plannedEnd, boolean outage,
                List<UUID> affectedCis, Instant submittedAt, long version) {

    static Change of(ChangeRequest c) {
      return new Change(c.id(), c.number(), c.type(), c.title(), c.state(), c.risk(), c.requesterId(), c.groupId(),
          c.implementerId(), c.plannedStart(), c.plannedEnd(), c.outage(), c.affectedCis(), c.submittedAt(), c.version());
    }
  }

  /** {@code POST /api/problems/{id}/fix}: the problem after the request, and the change it submitted. */
  record FixRequested(Problem problem, Change change) {}

  /** A problem proposed by detection. */
  record Proposal(UUID id, ProblemProposal.Basis basis, String key, List<UUID> incidentIds, ProblemProposal.Status status,
                  Instant proposedAt, String decidedBy, Instant decidedAt, String reason, UUID problemId) {

    static Proposal of(ProblemProposal p) {
      return new Proposal(p.id(), p.basis(), p.key(), p.incidentIds(), p.status(), p.proposedAt(), p.decidedBy(),
          p.decidedAt(), p.reason(), p.problemId());
    }
  }

  /** A published workaround that matches an incident. */
  record Workaround(UUID problemId, String problemNumber, String symptom, String workaround, UUID articleId,
                    double similarity, boolean sameCi) {

    static Workaround of(WorkaroundOffer o) {
      return new Workaround(o.problemId(), o.problemNumber(), o.symptom(), o.workaround(), o.articleId(), o.similarity(),
          o.sameCi());
    }
  }

  /** A caller flagged as sensitive. */
  record Flag(String callerId, String service, int contacts, Instant flaggedAt) {

    static Flag of(CallerFlag f) {
      return new Flag(f.callerId(), f.service(), f.contacts(), f.flaggedAt());
    }
  }
}
