package dev.itsm.api.event;

import dev.itsm.api.TicketType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Something that happened to a ticket, delivered to listeners after its transaction committed.
 * Delivery is at least once; {@link #id()} is the idempotency key (a redelivery carries the same id).
 *
 * @param type see {@link EventTypes}
 * @param data small values describing the event (e.g. {@code from}, {@code to}, {@code priority});
 *             a value may be {@code null}
 */
public record DomainEvent(UUID id, String type, String tenantId, UUID ticketId, String ticketNumber,
                          TicketType ticketType, String actorId, Instant occurredAt, Map<String, Object> data) {
  /** Copies the data. */
  public DomainEvent {
    data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
  }
}
