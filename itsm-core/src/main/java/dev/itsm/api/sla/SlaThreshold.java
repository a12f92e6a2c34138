package dev.itsm.api.sla;

/** Points on an SLA clock that trigger actions. */
public enum SlaThreshold {
  /** The warning share of the target has elapsed (75 % by default). */
  WARNING,
  /** The whole target has elapsed. */
  BREACH
}
