package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A row of itsm_ci_baseline; the query as JSON text. */
public final class BaselineRow {
  public UUID id;
  public String tenantId;
  public String name;
  public String query;
  public int items;
  public Instant createdAt;
  public String createdBy;
}
