package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A row of itsm_ci_unauthorised. */
public final class UnauthorisedRow {
  public UUID id;
  public String tenantId;
  public UUID ciId;
  public String sourceName;
  public String field;
  public String currentValue;
  public String reported;
  public Instant reportedAt;
  public String status;
  public Instant reviewedAt;
  public String reviewedBy;
  public String reviewNote;
}
