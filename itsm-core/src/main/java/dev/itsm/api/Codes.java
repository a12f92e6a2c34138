package dev.itsm.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parsing of enum codes (as they arrive over HTTP or from files) with errors that name the field and
 * the allowed values.
 */
public final class Codes {
  private Codes() {}

  /**
   * Parses a code case-insensitively ({@code high}, {@code HIGH}, {@code awaiting-caller} all work).
   *
   * @throws InvalidInputException when the value is blank
   * @throws InvalidValueException when the value is not a constant of the type; the message lists
   *                               the allowed values
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "Expected a value for " + field + ", but it is blank");
    }
    String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(normalized)) {
        return constant;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    throw new InvalidValueException(field, "Expected " + field + " to be one of " + allowed + ", but it is '" + value + "'");
  }
}
