package dev.itsm.api.problem;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A problem proposed by proactive detection: incidents repeated on one CI or in one category within
 * the detection period. The problem manager accepts it (a problem is recorded from its incidents) or
 * dismisses it. While a proposal on a basis is open, further incidents on it join the proposal.
 *
 * @param basis      what repeated
 * @param key        the CI id or the category
 * @param incidentIds the incidents that repeated, oldest first
 * @param problemId  the problem recorded on acceptance; {@code null} otherwise
 */
public record ProblemProposal(UUID id, Basis basis, String key, List<UUID> incidentIds, Status status, Instant proposedAt,
                              String decidedBy, Instant decidedAt, String reason, UUID problemId) {
  public ProblemProposal {
    incidentIds = List.copyOf(incidentIds);
  }

  /** What repeated. */
  public enum Basis {
    /** Incidents on the same configuration item. */
    CI,
    /** Incidents of the same category. */
    CATEGORY
  }

  /** Where the proposal stands. */
  public enum Status {
    OPEN,
    ACCEPTED,
    DISMISSED
  }
}
