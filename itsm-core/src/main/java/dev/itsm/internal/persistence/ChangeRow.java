package dev.itsm.internal.persistence;

import java.time.Instant;

/** A change: the ticket base row and its {@code itsm_change} detail row. */
public class ChangeRow extends TicketRow {
  public String changeType;
  public String risk;
  public String templateCode;
  public String implementerId;
  public Instant plannedStart;
  public Instant plannedEnd;
  public boolean outage;
  public String backoutPlan;
  /** JSON array of the planned CI changes. */
  public String plannedCiChanges;
  public Instant ciChangesAppliedAt;
  public int approvalRound;
  /** When it last entered AUTHORIZATION (the ECAB timer runs from there). */
  public Instant authorizationAt;
  public String infoRequest;
  public String implementationOutcome;
  public String retrospective;
  public String closeCode;
  public String closeNotes;
  public String cancelReason;
}
