package dev.itsm.api;

/**
 * The referenced record does not exist, or the actor may not see it (the two are deliberately not
 * told apart, so that existence does not leak across tenants or callers).
 */
public class NotFoundException extends ItsmException {
  public NotFoundException(String message) {
    super(ErrorCode.NOT_FOUND, message);
  }
}
