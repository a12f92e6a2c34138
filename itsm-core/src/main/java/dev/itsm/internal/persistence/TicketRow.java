package dev.itsm.internal.persistence;

import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import java.time.Instant;
import java.util.UUID;

/** The shared ticket base ({@code itsm_ticket}); each ticket type adds its own detail row. */
public class TicketRow {
  public UUID id;
  public String tenantId;
  public TicketType ticketType;
  public String number;
  public long numberSeq;
  public String title;
  public String description;
  public String state;
  public Priority priority;
  public String groupId;
  public String assigneeId;
  public String callerId;
  /** Code of the affected service (selects SLA definitions). */
  public String service;
  /** The caller's customer class when the ticket was opened (selects SLA definitions). */
  public String customerClass;
  public String processInstanceId;
  public Instant nextSlaDue;
  public Instant openedAt;
  public Instant updatedAt;
  public Instant resolvedAt;
  public Instant closedAt;
  public String createdBy;
  public String updatedBy;
  public long version;
  /** Whether the ticket has CI references; kept by the engine, saves reading them when it has none. */
  public boolean hasCis;
  /** Whether the ticket has custom field values; kept by the engine like {@link #hasCis}. */
  public boolean hasFields;
}
