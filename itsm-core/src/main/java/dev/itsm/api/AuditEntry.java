package dev.itsm.api;

import java.time.Instant;
import java.util.UUID;

/**
 * One field-level change of a ticket.
 *
 * @param action      what was done, e.g. {@code assign}, {@code enter-state}, {@code sla-breach}
 * @param field       the changed field, e.g. {@code state}, {@code assigneeId}
 * @param oldValue    value before, as text; {@code null} if none
 * @param newValue    value after, as text; {@code null} if none
 * @param causedByType kind of record that caused the change (a change or release, later); may be {@code null}
 * @param causedById   id of that record; may be {@code null}
 */
public record AuditEntry(UUID id, UUID ticketId, Instant occurredAt, String actorId, String action, String field,
                         String oldValue, String newValue, String causedByType, String causedById) {}
