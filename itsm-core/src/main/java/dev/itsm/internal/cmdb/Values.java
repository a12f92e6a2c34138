package dev.itsm.internal.cmdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.CiType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Attribute values: from what callers pass to the canonical Java type of the attribute
 * ({@link dev.itsm.api.cmdb.AttributeType}), and to and from the JSON stored in the CI row.
 */
final class Values {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private Values() {}

  /**
   * The canonical value, or an {@link InvalidValueException} naming {@code path} (e.g.
   * {@code attributes.hostname}) and what was expected. {@code null} stays {@code null}.
   */
  static Object convert(String path, AttributeDefinition a, Object value) {
    return convert(path, path, a, value);
  }

  /**
   * As {@link #convert(String, AttributeDefinition, Object)}, the messages naming the value
   * {@code label} (e.g. {@code attribute cpuCores of CI type Server}) rather than {@code path}.
   */
  static Object convert(String path, String label, AttributeDefinition a, Object value) {
    if (value == null) {
      return null;
    }
    return switch (a.type()) {
      case STRING -> {
        if (!(value instanceof String s)) {
          throw wrong(path, label, "a text", value);
        }
        if (s.length() > a.maxLength()) {
          throw new InvalidValueException(path, "Expected " + label + " to have at most " + a.maxLength()
              + " characters, but it has " + s.length());
        }
        yield s;
      }
      case INTEGER -> {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
          yield ((Number) value).longValue();
        }
        if (value instanceof BigInteger b && b.bitLength() < 64) {
          yield b.longValue();
        }
        if (value instanceof BigDecimal d) {
          try {
            yield d.longValueExact();
          } catch (ArithmeticException e) {
            throw wrong(path, label, "a whole number", value);
          }
        }
        throw wrong(path, label, "a whole number", value);
      }
      case DECIMAL -> {
        if (value instanceof BigDecimal d) {
          yield canonical(d);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
          yield canonical(new BigDecimal(value.toString()));
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
          yield canonical(BigDecimal.valueOf(((Number) value).doubleValue()));
        }
        throw wrong(path, label, "a number", value);
      }
      case BOOLEAN -> {
        if (value instanceof Boolean b) {
          yield b;
        }
        throw wrong(path, label, "true or false", value);
      }
      case DATETIME -> {
        if (value instanceof Instant i) {
          yield i;
        }
        if (value instanceof String s) {
          try {
            yield Instant.parse(s);
          } catch (DateTimeParseException e) {
            throw wrong(path, label, "an instant such as 2026-11-23T10:00:00Z", value);
          }
        }
        throw wrong(path, label, "an instant such as 2026-11-23T10:00:00Z", value);
      }
      case ENUM -> {
        if (!(value instanceof String s) || !a.values().contains(s)) {
          throw wrong(path, label, "one of " + a.values(), value);
        }
        yield s;
      }
      case REFERENCE -> {
        if (value instanceof UUID u) {
          yield u;
        }
        if (value instanceof String s) {
          try {
            yield UUID.fromString(s);
          } catch (IllegalArgumentException e) {
            throw wrong(path, label, "the id of a " + a.referenceType(), value);
          }
        }
        throw wrong(path, label, "the id of a " + a.referenceType(), value);
      }
    };
  }

  /** One form per number, so 250, 250.0 and 2.5E+2 compare equal: no trailing zeros, no negative scale. */
  private static BigDecimal canonical(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static InvalidValueException wrong(String path, String label, String expected, Object value) {
    String shown = value instanceof String s ? "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'"
        : value + " (" + value.getClass().getSimpleName() + ")";
    return new InvalidValueException(path, "Expected " + label + " to be " + expected + ", but it is " + shown);
  }

  /** A canonical value as JSON text (for the history and the unique index). */
  static String json(Object value) {
    if (value == null) {
      return null;
    }
    return write(node(value));
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode node(Object value) {
    var nodes = JSON.getNodeFactory();
    if (value instanceof String text) {   // the common values directly: valueToTree goes through a token buffer
      return nodes.textNode(text);
    }
    if (value instanceof Long number) {
      return nodes.numberNode(number);
    }
    if (value instanceof Boolean flag) {
      return nodes.booleanNode(flag);
    }
    if (value instanceof Instant || value instanceof UUID) {
      return nodes.textNode(value.toString());
    }
    if (value instanceof BigDecimal d) {
      return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(d);
    }
    return JSON.valueToTree(value);
  }

  /** The attributes as a JSON object text, in the type's attribute order. */
  static String toJson(CiType type, Map<String, Object> attributes) {
    return write(toNode(type, attributes));
  }

  /** The attributes as a JSON object, in the type's attribute order. */
  static ObjectNode toNode(CiType type, Map<String, Object> attributes) {
    ObjectNode object = JSON.createObjectNode();
    for (AttributeDefinition a : type.attributes()) {
      Object value = attributes.get(a.name());
      if (value != null) {
        object.set(a.name(), node(value));
      }
    }
    return object;
  }

  /** The attributes of a stored JSON object text, typed by the schema (unknown names are kept as text). */
  static Map<String, Object> fromJson(CiType type, String json) {
    Map<String, Object> values = new LinkedHashMap<>();
    JsonNode object = read(json);
    object.fields().forEachRemaining(e -> values.put(e.getKey(), value(type.attribute(e.getKey()).orElse(null), e.getValue())));
    return values;
  }

  /** One stored JSON value, typed by its attribute ({@code null} for JSON null or no value). */
  static Object fromJsonValue(AttributeDefinition a, String json) {
    return json == null ? null : value(a, read(json));
  }

  private static Object value(AttributeDefinition a, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (a == null) {
      return node.isTextual() ? node.asText() : node.toString();
    }
    return switch (a.type()) {
      case STRING, ENUM -> node.asText();
      case INTEGER -> node.asLong();
      case DECIMAL -> canonical(node.decimalValue());
      case BOOLEAN -> node.asBoolean();
      case DATETIME -> Instant.parse(node.asText());
      case REFERENCE -> UUID.fromString(node.asText());
    };
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored CMDB JSON is not readable: " + e.getOriginalMessage(), e);
    }
  }

  static ObjectMapper mapper() {
    return JSON;
  }
}
