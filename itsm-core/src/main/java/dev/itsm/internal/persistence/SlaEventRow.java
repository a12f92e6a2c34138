package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** One timeline entry of an SLA clock ({@code itsm_sla_event}); never updated. */
public class SlaEventRow {
  public UUID clockId;
  public int seq;
  public UUID ticketId;
  public String tenantId;
  public String eventType;
  public Instant occurredAt;
  public String reason;
  public String definitionCode;
  public int definitionVersion;
  public Long targetMs;
  public String calendar;
  public String policy;
  public String actorId;
  public int percent;
}
