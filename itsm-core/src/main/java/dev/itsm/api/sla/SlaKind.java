package dev.itsm.api.sla;

/** The SLA clocks of an incident. */
public enum SlaKind {
  /** From opening until acknowledged. */
  RESPONSE,
  /** From opening until resolved; paused while on hold, stopped while resolved. */
  RESOLUTION
}
