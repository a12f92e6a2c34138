package dev.itsm.examples.server;

/** A request to the API without valid credentials; answered with 401 and a Basic challenge. */
final class UnauthenticatedException extends RuntimeException {
  UnauthenticatedException(String message) {
    super(message);
  }
}
