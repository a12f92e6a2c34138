package dev.itsm.internal.persistence;

import java.time.Instant;

/** A release: the ticket base row and its {@code itsm_release} detail row. */
public class ReleaseRow extends TicketRow {
  public String releaseType;
  public String releaseVersion;
  /** The early life support period in seconds. */
  public long earlySupport;
  public String goDecision;
  public String decidedBy;
  public String decisionComment;
  public Instant decidedAt;
  public String rollbackReason;
  public Instant supportEndsAt;
  public String notes;
  public String notesPublishedBy;
  public Instant notesPublishedAt;
  public String closeNotes;
  public String cancelReason;
}
