package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** An implementation task of a change ({@code itsm_change_task}). */
public class ChangeTaskRow {
  public UUID ticketId;
  public int idx;
  public String title;
  public int step;
  public String outcome;
  public String note;
  public String doneBy;
  public Instant doneAt;
}
