package dev.itsm.api.sla;

/**
 * What happens when a clock reaches a threshold. Every action is recorded on the ticket (audit
 * trail and a domain event) and takes effect once per threshold and counting period: notifications
 * carry an idempotency key, and a retried timer job finds the threshold already recorded.
 */
public enum SlaAction {
  /** Notify the assignee, or the members of the ticket's group when nobody is assigned. */
  NOTIFY_ASSIGNEE,
  /** Notify the managers of the ticket's group ({@link dev.itsm.spi.Directory#managers}). */
  NOTIFY_MANAGERS,
  /**
   * Move the ticket to the next group of its group's escalation chain
   * ({@link dev.itsm.spi.Directory#escalatesTo}) and notify that group's managers; the assignee
   * stays. At the end of the chain the current group's managers are notified instead.
   */
  ESCALATE,
  /** Raise the ticket's priority by one level (P1 stays P1); the clocks follow the new priority. */
  RAISE_PRIORITY,
  /**
   * Start a major-incident review: the ticket's process receives the message
   * {@code itsm.incident.majorReview} (the shipped model opens a review task for the group's
   * managers), and the managers are notified.
   */
  MAJOR_REVIEW
}
