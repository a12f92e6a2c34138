package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A row of itsm_ci_relation. */
public final class RelationRow {
  public UUID id;
  public String tenantId;
  public String typeName;
  public UUID sourceId;
  public UUID targetId;
  public Instant createdAt;
  public String createdBy;
}
