package dev.itsm.api;

import java.time.Instant;
import java.util.UUID;

/**
 * An event or notification the engine gave up delivering after its last attempt: {@code DEAD} in
 * the outbox. {@link ItsmEngine#redeliver} puts it back in line once the listener or sender works.
 *
 * @param id the outbox entry
 * @param kind {@code EVENT} or {@code NOTIFICATION}
 * @param type the event or notification type ({@code incident.opened}, {@code sla.breached}, ...)
 * @param ticketId the ticket it is about
 * @param idempotencyKey the same on every attempt: the event id ({@code event:<uuid>}) or the notification's key
 * @param attempts how often it was tried
 * @param lastError what the last attempt threw (class and message)
 * @param createdAt when the operation that wrote it committed
 */
public record DeadLetter(UUID id, String kind, String type, UUID ticketId, String idempotencyKey, int attempts,
                         String lastError, Instant createdAt) {}
