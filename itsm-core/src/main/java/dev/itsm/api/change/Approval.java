package dev.itsm.api.change;

import java.time.Instant;
import java.util.UUID;

/**
 * One recorded vote on a change.
 *
 * @param changeId   the change
 * @param round      1 for the first submission, one more for every resubmission
 * @param level      the approval the vote was cast in
 * @param approverId who voted
 * @param vote       the decision
 * @param comment    the approver's comment, or {@code null}
 * @param at         when
 */
public record Approval(UUID changeId, int round, ApprovalLevel level, String approverId, Vote vote, String comment,
                       Instant at) {}
