package dev.itsm.api.incident;

/** Why an incident is on hold. Every hold needs one. */
public enum HoldReason {
  /** Waiting for information or a test from the caller. */
  AWAITING_CALLER,
  /** Waiting for a supplier (repair, replacement part). */
  AWAITING_VENDOR,
  /** Waiting for a change to be implemented. */
  AWAITING_CHANGE
}
