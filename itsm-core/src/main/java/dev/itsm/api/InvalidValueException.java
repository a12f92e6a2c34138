package dev.itsm.api;

/**
 * A value is present but not acceptable: an unknown code, a text over its length limit, a number
 * out of range.
 */
public class InvalidValueException extends InvalidInputException {
  public InvalidValueException(String field, String message) {
    super(ErrorCode.INVALID_VALUE, field, message);
  }
}
