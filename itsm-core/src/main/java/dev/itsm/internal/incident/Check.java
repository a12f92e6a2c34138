package dev.itsm.internal.incident;

import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import java.util.Collection;
import java.util.TreeSet;

/** Input checks with messages that name the field, what was expected and what was found. */
public final class Check {
  private Check() {}

  /** A page of a query: {@code limit} from 1 to {@code maxLimit}, {@code offset} not negative. */
  public static void page(int offset, int limit, int maxLimit) {
    if (limit < 1 || limit > maxLimit) {
      throw new InvalidValueException("limit", "Expected a page size from 1 to " + maxLimit + ", but it is " + limit);
    }
    if (offset < 0) {
      throw new InvalidValueException("offset", "Expected an offset of at least 0, but it is " + offset);
    }
  }

  public static <T> T required(String field, T value) {
    if (value == null) {
      throw new InvalidInputException(field, "Expected a value for " + field + ", but it is missing");
    }
    return value;
  }

  public static String text(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "Expected a value for " + field + ", but it is blank");
    }
    return optionalText(field, value, maxLength);
  }

  public static String optionalText(String field, String value, int maxLength) {
    if (value == null) {
      return null;
    }
    if (value.length() > maxLength) {
      throw new InvalidValueException(field, "Expected " + field + " of at most " + maxLength + " characters, but it has "
          + value.length());
    }
    return value.isBlank() ? null : value;
  }

  public static String oneOf(String field, String value, Collection<String> allowed) {
    text(field, value, 64);
    if (!allowed.contains(value)) {
      throw new InvalidValueException(field, "Expected " + field + " to be one of " + new TreeSet<>(allowed)
          + ", but it is '" + value + "'");
    }
    return value;
  }

  /** A period of a calendar or report: given, ending after it starts, at most 366 days long. */
  public static void period(java.time.Instant from, java.time.Instant to) {
    required("from", from);
    required("to", to);
    if (!from.isBefore(to)) {
      throw new InvalidValueException("to", "Expected the period to end after " + from + ", but it ends at " + to);
    }
    java.time.Duration length = java.time.Duration.between(from, to);
    if (length.compareTo(java.time.Duration.ofDays(366)) > 0) {
      throw new InvalidValueException("to", "Expected a period of at most 366 days, but it is " + length.toDays() + " days");
    }
  }

  /** A group id the directory knows. */
  public static String group(dev.itsm.spi.Directory directory, String groupId) {
    String g = text("groupId", groupId, 64);
    if (!directory.groupExists(g)) {
      throw new InvalidValueException("groupId", "Expected a group known to the directory, but there is no group '" + g + "'");
    }
    return g;
  }
}
