package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A vote on a change ({@code itsm_change_approval}). */
public class ApprovalRow {
  public UUID id;
  public UUID ticketId;
  public int round;
  public String level;
  public String approverId;
  public String vote;
  public String comment;
  public Instant decidedAt;
}
