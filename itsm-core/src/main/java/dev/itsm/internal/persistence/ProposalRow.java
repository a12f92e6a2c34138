package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A problem proposed by detection ({@code itsm_problem_proposal}). */
public class ProposalRow {
  public UUID id;
  public String tenantId;
  public String basis;
  public String basisKey;
  public String status;
  public Instant proposedAt;
  public String decidedBy;
  public Instant decidedAt;
  public String reason;
  public UUID problemId;
}
