package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A field-level audit entry ({@code itsm_audit}). */
public class AuditRow {
  public UUID id;
  public String tenantId;
  public UUID ticketId;
  public long seq;
  public Instant occurredAt;
  public String actorId;
  public String action;
  public String field;
  public String oldValue;
  public String newValue;
  public String causedByType;
  public String causedById;
}
