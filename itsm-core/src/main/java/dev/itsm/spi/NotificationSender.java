package dev.itsm.spi;

/**
 * Sends notifications (mail, chat, SMS...). Called on the engine's delivery thread after commit.
 * Throwing makes the delivery retry later with back-off; make sending idempotent on
 * {@link Notification#idempotencyKey()}.
 */
@FunctionalInterface
public interface NotificationSender {

  void send(Notification notification) throws Exception;

  /** A sender that keeps what it was given in memory (the default; tests and demos read it). */
  static RecordingNotificationSender recording() {
    return new RecordingNotificationSender();
  }
}
