package dev.itsm.api.incident;

/** How quickly the business needs a resolution. With {@link Impact} it decides the priority. */
public enum Urgency {
  /** Work has stopped. */
  HIGH,
  /** Work is hampered. */
  MEDIUM,
  /** Work goes on; can wait. */
  LOW
}
