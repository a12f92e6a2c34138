package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A root-cause analysis task ({@code itsm_problem_task}). */
public class ProblemTaskRow {
  public UUID ticketId;
  public int idx;
  public String title;
  public String assigneeId;
  public String findings;
  public String doneBy;
  public Instant doneAt;
  public String createdBy;
  public Instant createdAt;
}
