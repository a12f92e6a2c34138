package dev.itsm.api;

/**
 * Someone else changed the record between the caller's read and its write (optimistic locking),
 * or the expected version passed with a {@link TicketRef} is not the current one. Nothing was
 * written; reload the record and retry if the operation still makes sense.
 */
public class ConcurrentUpdateException extends ItsmException {
  /** A conflict described by the message. */
  public ConcurrentUpdateException(String message) {
    super(ErrorCode.CONFLICT, message);
  }

  /** A conflict detected by the database or the process engine. */
  public ConcurrentUpdateException(String message, Throwable cause) {
    super(ErrorCode.CONFLICT, message, cause);
  }
}
