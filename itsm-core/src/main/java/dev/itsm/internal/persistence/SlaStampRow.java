package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A named timestamp of a ticket ({@code itsm_sla_stamp}). */
public class SlaStampRow {
  public UUID ticketId;
  public String template;
  public String code;
  public String tenantId;
  public Instant stampedAt;
  public Instant recordedAt;
  public String actorId;
}
