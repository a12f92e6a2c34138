package dev.itsm.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host-defined typed field on incidents. Values are validated against the declaration when an
 * incident is opened or updated, stored in a typed, indexed column (not as JSON text), and can be
 * used as query filters ({@code IncidentQuery.Builder#field}).
 *
 * <pre>{@code
 * context.customField(CustomField.string("costCenter", 20).asRequired());
 * context.customField(CustomField.decimal("estimatedLoss"));
 * }</pre>
 *
 * @param name      letters, digits and underscores, starting with a letter, at most 64 characters
 * @param maxLength for {@link FieldType#STRING} only, at most 1000
 */
public record CustomField(String name, FieldType type, boolean required, int maxLength) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

  /** Longest text a string field can hold. */
  public static final int MAX_STRING_LENGTH = 1000;

  /** Validates name and length. */
  public CustomField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("custom field name must match " + NAME + ", but is '" + name + "'");
    }
    if (type == FieldType.STRING && (maxLength < 1 || maxLength > MAX_STRING_LENGTH)) {
      throw new IllegalArgumentException("maxLength of string field " + name + " must be 1.." + MAX_STRING_LENGTH + ", but is " + maxLength);
    }
  }

  /** The value types of custom fields and the Java types accepted for them. */
  public enum FieldType {
    /** {@link String} */
    STRING,
    /** {@link Long} (or Integer, Short) */
    LONG,
    /** {@link java.math.BigDecimal} (or any Number) */
    DECIMAL,
    /** {@link Boolean} */
    BOOLEAN,
    /** {@link java.time.Instant} (or an ISO-8601 string) */
    INSTANT
  }

  /** A text field of at most {@code maxLength} characters. */
  public static CustomField string(String name, int maxLength) {
    return new CustomField(name, FieldType.STRING, false, maxLength);
  }

  /** A whole-number field. */
  public static CustomField integer(String name) {
    return new CustomField(name, FieldType.LONG, false, 0);
  }

  /** A decimal field (up to 28 digits before and 10 after the point). */
  public static CustomField decimal(String name) {
    return new CustomField(name, FieldType.DECIMAL, false, 0);
  }

  /** A true/false field. */
  public static CustomField bool(String name) {
    return new CustomField(name, FieldType.BOOLEAN, false, 0);
  }

  /** A point-in-time field. */
  public static CustomField instant(String name) {
    return new CustomField(name, FieldType.INSTANT, false, 0);
  }

  /** This field, but a value must be given when an incident is opened and may not be cleared. */
  public CustomField asRequired() {
    return new CustomField(name, type, true, maxLength);
  }
}
