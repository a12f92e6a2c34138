package dev.itsm.internal.incident;

import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.incident.IncidentQuery.FieldFilter;
import dev.itsm.internal.persistence.FieldRow;
import dev.itsm.internal.persistence.IncidentCriteria.FieldCriterion;
import dev.itsm.spi.CustomField;
import dev.itsm.spi.CustomField.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/** Validation and typed storage of the host's custom fields. */
final class CustomFields {
  private final Map<String, CustomField> declared;

  CustomFields(Map<String, CustomField> declared) {
    this.declared = Map.copyOf(declared);
  }

  CustomField declaration(String name) {
    CustomField field = declared.get(name);
    if (field == null) {
      throw new InvalidValueException("fields." + name, "Expected a declared custom field "
          + (declared.isEmpty() ? "(none are declared)" : "out of " + new TreeSet<>(declared.keySet()))
          + ", but got '" + name + "'");
    }
    return field;
  }

  /** Required fields that a new incident lacks. */
  void requireAll(Map<String, Object> values) {
    for (CustomField field : declared.values()) {
      if (field.required() && values.get(field.name()) == null) {
        throw new InvalidInputException("fields." + field.name(), "Expected a value for required custom field "
            + field.name() + ", but it is missing");
      }
    }
  }

  /** The row holding the value; a {@code null} value gives a row of nulls (clears the field). */
  FieldRow toRow(UUID ticketId, String name, Object value) {
    CustomField field = declaration(name);
    FieldRow row = new FieldRow();
    row.ticketId = ticketId;
    row.fieldName = name;
    if (value == null) {
      if (field.required()) {
        throw new InvalidInputException("fields." + name, "Expected a value for required custom field " + name
            + ", but it is missing");
      }
      return row;
    }
    Object converted = convert(field, value);
    switch (field.type()) {
      case STRING -> row.stringValue = (String) converted;
      case LONG, DECIMAL -> row.numberValue = (BigDecimal) converted;
      case BOOLEAN -> row.booleanValue = (Boolean) converted;
      case INSTANT -> row.instantValue = (Instant) converted;
    }
    return row;
  }

  /** The typed value of a stored field. */
  Object value(FieldRow row) {
    CustomField field = declared.get(row.fieldName);
    FieldType type = field != null ? field.type() : inferType(row);
    return switch (type) {
      case STRING -> row.stringValue;
      case LONG -> row.numberValue == null ? null : row.numberValue.longValueExact();
      case DECIMAL -> row.numberValue == null ? null : row.numberValue.stripTrailingZeros();
      case BOOLEAN -> row.booleanValue;
      case INSTANT -> row.instantValue;
    };
  }

  FieldCriterion criterion(FieldFilter filter) {
    CustomField field = declaration(filter.name());
    FieldCriterion c = new FieldCriterion();
    c.name = field.name();
    c.column = switch (field.type()) {
      case STRING -> "string_value";
      case LONG, DECIMAL -> "number_value";
      case BOOLEAN -> "boolean_value";
      case INSTANT -> "instant_value";
    };
    c.value = filter.value() == null ? null : convert(field, filter.value());
    c.from = filter.from() == null ? null : convert(field, filter.from());
    c.to = filter.to() == null ? null : convert(field, filter.to());
    if (c.value == null && c.from == null && c.to == null) {
      throw new InvalidInputException("fields." + field.name(), "Expected a value or a bound for the filter on "
          + field.name() + ", but none is given");
    }
    return c;
  }

  private static FieldType inferType(FieldRow row) {
    if (row.stringValue != null) return FieldType.STRING;
    if (row.booleanValue != null) return FieldType.BOOLEAN;
    if (row.instantValue != null) return FieldType.INSTANT;
    return FieldType.DECIMAL;
  }

  private static Object convert(CustomField field, Object value) {
    String path = "fields." + field.name();
    try {
      return switch (field.type()) {
        case STRING -> {
          if (!(value instanceof CharSequence text)) {
            throw mismatch(path, "text", value);
          }
          yield Check.optionalText(path, text.toString(), field.maxLength());
        }
        case LONG -> BigDecimal.valueOf(toLong(path, value));
        case DECIMAL -> toDecimal(path, value);
        case BOOLEAN -> {
          if (value instanceof Boolean b) yield b;
          if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            yield Boolean.parseBoolean(s);
          }
          throw mismatch(path, "true or false", value);
        }
        case INSTANT -> {
          if (value instanceof Instant i) yield i;
          if (value instanceof OffsetDateTime o) yield o.toInstant();
          if (value instanceof ZonedDateTime z) yield z.toInstant();
          if (value instanceof String s) yield Instant.parse(s);
          throw mismatch(path, "an instant", value);
        }
      };
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw new InvalidValueException(path, "Expected " + path + " to be " + describe(field.type())
          + ", but '" + value + "' is not: " + e.getMessage());
    }
  }

  private static String describe(FieldType type) {
    return switch (type) {
      case STRING -> "text";
      case LONG -> "a whole number";
      case DECIMAL -> "a number";
      case BOOLEAN -> "true or false";
      case INSTANT -> "an ISO-8601 instant";
    };
  }

  private static long toLong(String path, Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof String) {
      return new BigDecimal(value.toString()).longValueExact();
    }
    throw mismatch(path, "a whole number", value);
  }

  private static BigDecimal toDecimal(String path, Object value) {
    if (!(value instanceof Number) && !(value instanceof String)) {
      throw mismatch(path, "a number", value);
    }
    BigDecimal decimal = new BigDecimal(value.toString());
    if (decimal.scale() > 10 || decimal.precision() - decimal.scale() > 28) {
      throw new InvalidValueException(path, "Expected " + path + " with at most 28 digits before and 10 after the point, but it is "
          + decimal.toPlainString());
    }
    return decimal;
  }

  private static InvalidValueException mismatch(String path, String expected, Object value) {
    return new InvalidValueException(path, "Expected " + path + " to be " + expected + ", but it is a "
        + value.getClass().getSimpleName() + " ('" + value + "')");
  }
}
