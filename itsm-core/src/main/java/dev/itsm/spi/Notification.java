package dev.itsm.spi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message for people, handed to the {@link NotificationSender} after its transaction committed.
 * Delivery is at least once: a retried send carries the same {@link #idempotencyKey()}.
 *
 * @param type        what it is about, e.g. {@code sla.breached}, {@code incident.assigned}
 * @param recipients  user ids from the {@link Directory}
 */
public record Notification(String idempotencyKey, String type, String tenantId, List<String> recipients,
                           String subject, String body, UUID ticketId, String ticketNumber, Instant createdAt) {
  public Notification {
    recipients = List.copyOf(recipients);
  }
}
