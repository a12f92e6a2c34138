package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** An event or notification waiting for, or done with, delivery ({@code itsm_outbox}). */
public class OutboxRow {
  public static final String EVENT = "EVENT";
  public static final String NOTIFICATION = "NOTIFICATION";
  public static final String PENDING = "PENDING";
  public static final String DELIVERED = "DELIVERED";
  public static final String DEAD = "DEAD";

  public UUID id;
  public String tenantId;
  public String kind;
  public String type;
  public UUID ticketId;
  public String idempotencyKey;
  public String payload;
  public String status;
  public int attempts;
  public Instant createdAt;
  public Instant nextAttemptAt;
  public Instant leaseUntil;
  public Instant deliveredAt;
  public String lastError;
}
