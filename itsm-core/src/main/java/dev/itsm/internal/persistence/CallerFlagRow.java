package dev.itsm.internal.persistence;

import java.time.Instant;

/** A flagged caller ({@code itsm_caller_flag}). */
public class CallerFlagRow {
  public String tenantId;
  public String callerId;
  public String service;
  public int contacts;
  public Instant flaggedAt;
  /** When a problem manager cleared it; null while it stands. */
  public Instant clearedAt;
  public String clearedBy;
}
