package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A row of itsm_ci_history. */
public final class CiHistoryRow {
  public String tenantId;
  public UUID ciId;
  public long seq;
  public Instant occurredAt;
  public String actorId;
  public String action;
  public String field;
  public String oldValue;
  public String newValue;
  public String causedByType;
  public String causedById;
  /** The item's version after the change. */
  public long version;
}
