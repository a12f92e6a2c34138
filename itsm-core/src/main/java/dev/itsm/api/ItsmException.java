package dev.itsm.api;

/**
 * Root of every exception the ITSM engine throws on purpose. Unchecked. Each carries a stable
 * {@link ErrorCode}; the message names the object, its state and what was expected.
 *
 * <p>When one of these is thrown by an operation, nothing that operation did was written.
 */
public abstract class ItsmException extends RuntimeException {
  private final ErrorCode errorCode;

  protected ItsmException(ErrorCode errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  protected ItsmException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** The stable code of this error. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
