package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A row of itsm_ci; attributes as a JSON object text. */
public final class CiRow {
  public UUID id;
  public String tenantId;
  public String typeName;
  public String name;
  public String state;
  public String attributes;
  public Instant createdAt;
  public String createdBy;
  public Instant updatedAt;
  public String updatedBy;
  public long version;
  /** Hash of the identifying values (see the import), or {@code null}. */
  public String identKey;

  /** A row with the same values. */
  public CiRow copy() {
    CiRow next = new CiRow();
    next.id = id;
    next.tenantId = tenantId;
    next.typeName = typeName;
    next.name = name;
    next.state = state;
    next.attributes = attributes;
    next.createdAt = createdAt;
    next.createdBy = createdBy;
    next.updatedAt = updatedAt;
    next.updatedBy = updatedBy;
    next.version = version;
    next.identKey = identKey;
    return next;
  }
}
