package dev.itsm.api.incident;

/** How widely an incident affects the business. With {@link Urgency} it decides the priority. */
public enum Impact {
  /** Many users, a whole site or a business service. */
  HIGH,
  /** A group of users or a part of a service. */
  MEDIUM,
  /** One user. */
  LOW
}
