package dev.itsm.internal.persistence;

import java.time.Instant;

/** A row of itsm_ci_type; the definition as JSON text. */
public final class CiTypeRow {
  public String name;
  public String parentName;
  public boolean changeControlled;
  public String definition;
  public long version;
  public Instant updatedAt;
  public String updatedBy;
}
