package dev.itsm.internal.persistence;

import dev.itsm.api.incident.NoteVisibility;
import java.time.Instant;
import java.util.UUID;

/** A ticket note ({@code itsm_ticket_note}). */
public class NoteRow {
  public UUID id;
  public String tenantId;
  public UUID ticketId;
  public String authorId;
  public NoteVisibility visibility;
  public String body;
  public Long timeSpentSeconds;
  public Instant createdAt;
}
