package dev.itsm.api;

/** The actor has no role that grants the operation. */
public class AccessDeniedException extends ItsmException {
  /** Refusal described by the message. */
  public AccessDeniedException(String message) {
    super(ErrorCode.ACCESS_DENIED, message);
  }
}
