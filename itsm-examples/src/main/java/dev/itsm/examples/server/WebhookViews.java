package dev.itsm.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.examples.server.WebhookStore.Delivery;
import dev.itsm.examples.server.WebhookStore.DeliveryState;
import dev.itsm.examples.server.WebhookStore.Webhook;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** JSON bodies of the webhook resource. The secret appears only in {@link Registered}, the answer to registering. */
final class WebhookViews {
  private WebhookViews() {}

  /** A webhook as listed and read: everything but its secret. */
  record WebhookView(UUID id, String url, List<String> events, String description, boolean enabled, String createdBy,
                     Instant createdAt, Instant updatedAt) {

    static WebhookView of(Webhook w) {
      return new WebhookView(w.id(), w.url(), w.events(), w.description(), w.enabled(), w.createdBy(), w.createdAt(),
          w.updatedAt());
    }
  }

  /** The answer to registering: the webhook and the secret it signs with, shown this once. */
  record Registered(UUID id, String url, List<String> events, String description, boolean enabled, String createdBy,
                    Instant createdAt, Instant updatedAt, String secret) {

    static Registered of(Webhooks.Registered r) {
      Webhook w = r.webhook();
      return new Registered(w.id(), w.url(), w.events(), w.description(), w.enabled(), w.createdBy(), w.createdAt(),
          w.updatedAt(), r.secret());
    }
  }

  /**
   * A delivery of an event to a webhook. {@code lastStatus} is the receiver's HTTP status of the last
   * attempt (null when none answered); {@code nextAttemptAt} is set while PENDING.
   */
  record DeliveryView(UUID id, UUID webhookId, UUID eventId, String eventType, UUID ticketId, String ticketNumber,
                      DeliveryState state, int attempts, int maxAttempts, Integer lastStatus, String lastError,
                      Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {

    static DeliveryView of(Delivery d) {
      return new DeliveryView(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.ticketId(), d.ticketNumber(), d.state(),
          d.attempts(), d.maxAttempts(), d.lastStatus(), d.lastError(), d.lastAttemptAt(), d.nextAttemptAt(),
          d.deliveredAt(), d.createdAt());
    }
  }

  /** One delivery with the JSON body it sends ({@code payload}). */
  record DeliveryDetail(UUID id, UUID webhookId, UUID eventId, String eventType, UUID ticketId, String ticketNumber,
                        DeliveryState state, int attempts, int maxAttempts, Integer lastStatus, String lastError,
                        Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt,
                        JsonNode payload) {

    static DeliveryDetail of(Delivery d, JsonNode payload) {
      return new DeliveryDetail(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.ticketId(), d.ticketNumber(),
          d.state(), d.attempts(), d.maxAttempts(), d.lastStatus(), d.lastError(), d.lastAttemptAt(), d.nextAttemptAt(),
          d.deliveredAt(), d.createdAt(), payload);
    }
  }

  /** {@code GET /api/webhooks/event-types}: what {@code events} may list. */
  record EventTypesView(Set<String> types, List<String> wildcards) {}
}
