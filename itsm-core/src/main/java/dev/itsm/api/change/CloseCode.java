package dev.itsm.api.change;

/** How a change ended. */
public enum CloseCode {
  /** Implemented as planned. */
  SUCCESSFUL,
  /** Implemented, with problems the review recorded. */
  SUCCESSFUL_WITH_ISSUES,
  /** Implementation failed and could not be fully backed out. */
  FAILED,
  /** Implementation failed and the backout restored the previous state. */
  BACKED_OUT,
  /** Cancelled before implementation. */
  CANCELLED
}
