package dev.itsm.spi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * Keeps delivered notifications in memory, including redeliveries of the same idempotency key, up
 * to the most recent {@link #CAPACITY}. Thread-safe. The engine's default sender, so tests and
 * demos can show what would have been sent.
 */
public final class RecordingNotificationSender implements NotificationSender {
  /** How many notifications are kept; older ones are dropped. */
  public static final int CAPACITY = 10_000;

  private final Deque<Notification> sent = new ArrayDeque<>();

  @Override
  public synchronized void send(Notification notification) {
    if (sent.size() == CAPACITY) {
      sent.removeFirst();
    }
    sent.addLast(notification);
  }

  /** Everything kept so far, in delivery order. */
  public synchronized List<Notification> sent() {
    return List.copyOf(sent);
  }

  /** Deliveries about one ticket. */
  public synchronized List<Notification> forTicket(UUID ticketId) {
    return sent.stream().filter(n -> ticketId.equals(n.ticketId())).toList();
  }

  /** Deliveries addressed to a user. */
  public synchronized List<Notification> to(String userId) {
    return sent.stream().filter(n -> n.recipients().contains(userId)).toList();
  }

  /** Forgets everything recorded. */
  public synchronized void clear() {
    sent.clear();
  }
}
