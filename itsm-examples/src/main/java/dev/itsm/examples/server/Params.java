package dev.itsm.examples.server;

import dev.itsm.api.Codes;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parsing of the text the problem, knowledge and CMDB routes receive (path ids, query parameters,
 * ids, instants and codes in bodies) into library values, with errors that name the field: a missing
 * value is a 400 ({@link InvalidInputException}), a present but unusable one a 422
 * ({@link InvalidValueException}), an id in a path that cannot name anything a 404.
 */
final class Params {
  private static final Pattern UUID_TEXT =
      Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
  private static final Pattern NUMBER_TEXT = Pattern.compile("[A-Za-z]{1,8}-\\d{1,20}");

  private Params() {}

  static boolean isUuid(String text) {
    return text != null && UUID_TEXT.matcher(text).matches();
  }

  /**
   * The record a path segment names: by id (a UUID) through {@code byId}, or by number through
   * {@code byNumber}; anything else is a 404 naming what was expected.
   */
  static <T> T byIdOrNumber(String text, String kind, String example, Function<UUID, T> byId, Function<String, T> byNumber) {
    if (isUuid(text)) {
      return byId.apply(UUID.fromString(text));
    }
    if (NUMBER_TEXT.matcher(text).matches()) {
      return byNumber.apply(text);
    }
    throw new NotFoundException("Expected " + kind + " id (a UUID) or number (like " + example + "), but '" + text
        + "' is neither");
  }

  /** A ticket number from a path; anything else is not found (like an unknown number). */
  static String number(String text, String what, String example) {
    if (text == null || !NUMBER_TEXT.matcher(text).matches()) {
      throw new NotFoundException("Expected a " + what + " id (a UUID) or number (like " + example + "), but '" + text
          + "' is neither");
    }
    return text;
  }

  /** A path segment that must be a UUID (there is no number to look up); anything else is a 404. */
  static UUID pathUuid(String text, String kind) {
    if (!isUuid(text)) {
      throw new NotFoundException("Expected " + kind + " id (a UUID), but '" + text + "' is none");
    }
    return UUID.fromString(text);
  }

  /** A required UUID in a body. */
  static UUID uuid(String field, String text) {
    if (text == null) {
      throw new InvalidInputException(field, "Expected " + field + " to be a UUID, but it is null");
    }
    if (!isUuid(text)) {
      throw new InvalidValueException(field, "Expected " + field + " to be a UUID, but it is '" + clip(text) + "'");
    }
    return UUID.fromString(text);
  }

  /** An optional UUID; {@code null} when absent or blank. */
  static UUID optionalUuid(String field, String text) {
    return text == null || text.isBlank() ? null : uuid(field, text.trim());
  }

  /** A list of UUIDs in a body ({@code field[i]} named on error); empty when absent. */
  static List<UUID> uuids(String field, List<String> texts) {
    List<UUID> ids = new ArrayList<>();
    if (texts != null) {
      for (int i = 0; i < texts.size(); i++) {
        ids.add(uuid(field + "[" + i + "]", texts.get(i)));
      }
    }
    return ids;
  }

  /** An optional ISO-8601 instant ({@code 2026-03-02T08:00:00Z}); {@code null} when absent. */
  static Instant instant(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidValueException(field, "Expected " + field + " to be an ISO-8601 instant like 2026-03-02T08:00:00Z, "
          + "but it is '" + clip(text) + "'");
    }
  }

  /** An ISO-8601 duration ({@code P14D}, {@code PT4H}), or {@code null} when absent; malformed is a 422. */
  static Duration duration(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidValueException(field, "Expected " + field + " to be an ISO-8601 duration like P14D or PT4H, but it is '"
          + clip(text) + "'");
    }
  }

  /** An optional code; {@code null} when absent, else parsed as {@link Codes#parse} does (422 when unknown). */
  static <E extends Enum<E>> E code(Class<E> type, String field, String text) {
    return text == null ? null : Codes.parse(type, field, text);
  }

  // ---------------------------------------------------------------- query parameters

  /** Every value of a repeatable parameter, comma lists split, blanks dropped. */
  static List<String> values(Map<String, List<String>> params, String name) {
    List<String> values = new ArrayList<>();
    for (String value : params.getOrDefault(name, List.of())) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          values.add(part.trim());
        }
      }
    }
    return values;
  }

  /** The one value of a parameter; {@code null} when absent or blank. */
  static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new InvalidInputException(name, "Expected one value for " + name + ", but there are " + values.size());
    }
    return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
  }

  static boolean bool(Map<String, List<String>> params, String name, boolean absent) {
    String value = single(params, name);
    if (value == null) {
      return absent;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidInputException(name, "Expected " + name + " to be true or false, but it is '" + value + "'");
    };
  }

  static Integer integer(Map<String, List<String>> params, String name, Integer absent) {
    String value = single(params, name);
    return value == null ? absent : Integer.valueOf(integer(name, value));
  }

  /** A whole number given as text (a query parameter or a path segment). */
  static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name, "Expected " + name + " to be a whole number, but it is '" + clip(value) + "'");
    }
  }

  /** {@code asc} or {@code desc}; {@code absent} when not given. */
  static boolean descending(Map<String, List<String>> params, String name, boolean absent) {
    String order = single(params, name);
    if (order == null) {
      return absent;
    }
    return switch (order.toLowerCase(Locale.ROOT)) {
      case "asc" -> false;
      case "desc" -> true;
      default -> throw new InvalidValueException(name, "Expected " + name + " to be one of asc, desc, but it is '" + order + "'");
    };
  }

  private static String clip(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
