package dev.itsm.api.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A note stored on a ticket.
 *
 * @param timeSpent {@code null} when the author recorded none
 */
public record TicketNote(UUID id, UUID ticketId, String authorId, NoteVisibility visibility, String text,
                         Duration timeSpent, Instant createdAt) {}
