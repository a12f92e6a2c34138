package dev.itsm.api;

/**
 * Stable error codes carried by every {@link ItsmException}. The {@link #code()} strings are public
 * API: clients (the example server's problem details, host UIs) may switch on them.
 */
public enum ErrorCode {
  /** A required value is missing, blank or malformed. */
  INVALID_INPUT("itsm.invalid-input"),
  /** A value is present but not allowed: unknown code, too long, out of range. */
  INVALID_VALUE("itsm.invalid-value"),
  /** The referenced record does not exist or is not visible to the actor. */
  NOT_FOUND("itsm.not-found"),
  /** The operation is not allowed in the record's current state. */
  ILLEGAL_TRANSITION("itsm.illegal-transition"),
  /** Someone else changed the record first (optimistic locking). Reload and retry. */
  CONFLICT("itsm.conflict"),
  /** A configuration item of a change-controlled type was to change outside an authorised change. */
  CHANGE_CONTROLLED("itsm.change-controlled"),
  /** A change's plan conflicts with another change, a window or its implementer's schedule, and the policy blocks it. */
  CHANGE_CONFLICT("itsm.change-conflict"),
  /** The actor lacks the role for the operation. */
  ACCESS_DENIED("itsm.access-denied"),
  /** The engine, a plugin or a process model is configured wrongly. */
  CONFIGURATION("itsm.configuration");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /** The stable string form, e.g. {@code itsm.illegal-transition}. */
  public String code() {
    return code;
  }
}
