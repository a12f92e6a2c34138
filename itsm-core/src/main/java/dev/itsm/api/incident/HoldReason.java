package dev.itsm.api.incident;

/** Why an incident is on hold. Every hold needs one. */
public enum HoldReason {
  AWAITING_CALLER, AWAITING_VENDOR, AWAITING_CHANGE
}
