package dev.itsm.internal.persistence;

import java.time.Instant;

/** A row of itsm_ci_relation_type; the definition as JSON text. */
public final class RelationTypeRow {
  public String name;
  public String definition;
  public long version;
  public Instant updatedAt;
  public String updatedBy;
}
