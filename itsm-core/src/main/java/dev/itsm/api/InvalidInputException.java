package dev.itsm.api;

/**
 * The caller's input is wrong: a required value is missing, blank or malformed. The
 * {@link #field()} names the offending input (e.g. {@code title}, {@code fields.costCenter}).
 */
public class InvalidInputException extends ItsmException {
  private final String field;

  public InvalidInputException(String field, String message) {
    this(ErrorCode.INVALID_INPUT, field, message);
  }

  protected InvalidInputException(ErrorCode code, String field, String message) {
    super(code, message);
    this.field = field;
  }

  /** Path of the offending input value. */
  public String field() {
    return field;
  }
}
