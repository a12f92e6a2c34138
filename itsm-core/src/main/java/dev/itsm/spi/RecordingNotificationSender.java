package dev.itsm.spi;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every delivered notification in memory, including redeliveries of the same
 * idempotency key. Thread-safe. The engine's default sender.
 */
public final class RecordingNotificationSender implements NotificationSender {
  private final List<Notification> sent = new CopyOnWriteArrayList<>();

  @Override
  public void send(Notification notification) {
    sent.add(notification);
  }

  /** Everything delivered so far, in delivery order. */
  public List<Notification> sent() {
    return List.copyOf(sent);
  }

  /** Deliveries about one ticket. */
  public List<Notification> forTicket(UUID ticketId) {
    return sent.stream().filter(n -> ticketId.equals(n.ticketId())).toList();
  }

  /** Deliveries addressed to a user. */
  public List<Notification> to(String userId) {
    return sent.stream().filter(n -> n.recipients().contains(userId)).toList();
  }

  /** Forgets everything recorded. */
  public void clear() {
    sent.clear();
  }
}
