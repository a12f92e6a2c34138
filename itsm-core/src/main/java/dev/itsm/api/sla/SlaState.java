package dev.itsm.api.sla;

/** State of an SLA clock. */
public enum SlaState {
  /** Counting, target not yet missed. */
  RUNNING,
  /** Not counting (e.g. the incident is on hold). */
  PAUSED,
  /** Stopped before its deadline. */
  MET,
  /** The target was missed (the clock may still be running). */
  BREACHED,
  /** Stopped because the ticket was cancelled before the target was missed. */
  CANCELLED
}
