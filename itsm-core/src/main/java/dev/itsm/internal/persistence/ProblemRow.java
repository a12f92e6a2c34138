package dev.itsm.internal.persistence;

import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;
import java.time.Instant;
import java.util.UUID;

/** A problem: the ticket base row and its {@code itsm_problem} detail row. */
public class ProblemRow extends TicketRow {
  public Impact impact;
  public Urgency urgency;
  public String category;
  public String symptom;
  public String rootCause;
  public String workaround;
  public String knownErrorBy;
  public Instant knownErrorAt;
  public Instant workaroundPublishedAt;
  public UUID articleId;
  public String majorReview;
  public String majorReviewFindings;
  public String resolution;
  public String resolutionText;
  public String cancelReason;
  public UUID proposalId;
}
