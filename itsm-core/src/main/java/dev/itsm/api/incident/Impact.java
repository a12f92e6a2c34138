package dev.itsm.api.incident;

/** How widely an incident affects the business. With {@link Urgency} it decides the priority. */
public enum Impact {
  HIGH, MEDIUM, LOW
}
