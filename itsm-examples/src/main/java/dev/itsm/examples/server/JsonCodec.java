package dev.itsm.examples.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * JSON of the API: ISO-8601 instants and durations, and strict reading. A body that is not JSON, has
 * a value of the wrong JSON type (no silent coercion of {@code 5} to {@code "5"}) or an unknown
 * property fails with an {@link InvalidInputException} naming the property, so the client gets the
 * same 400 problem as for any other bad input.
 */
final class JsonCodec {
  /** Field named in errors about the body as a whole. */
  static final String BODY = "body";

  private final ObjectMapper mapper;

  JsonCodec() {
    JsonMapper mapper = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    this.mapper = mapper;
  }

  /** The configured mapper (also given to Javalin for responses). */
  ObjectMapper mapper() {
    return mapper;
  }

  /** Reads a required JSON object body. */
  <T> T read(byte[] body, Class<T> type) {
    if (isBlank(body)) {
      throw new InvalidInputException(BODY, "Expected a JSON object in the request body, but it is empty");
    }
    T value;
    try {
      value = mapper.readValue(body, type);
    } catch (StreamReadException e) {
      throw new InvalidInputException(BODY, "Expected a JSON object in the request body, but it is malformed"
          + at(e.getLocation()));
    } catch (UnrecognizedPropertyException e) {
      String field = path(e);
      throw new InvalidInputException(field, "Expected only the properties " + names(e.getKnownPropertyIds())
          + " in the request body, but it has '" + field + "'");
    } catch (MismatchedInputException e) {
      String field = path(e);
      throw new InvalidInputException(field, BODY.equals(field)
          ? "Expected a JSON object in the request body, but it is a different JSON type"
          : "Expected " + field + " to be " + describe(e.getTargetType()) + ", but it is a different JSON type");
    } catch (JsonMappingException e) {
      String field = path(e);
      if (e.getCause() instanceof InputCoercionException) {
        throw new InvalidValueException(field, "Expected " + field + " to be a number in the range of its type, but it is out of range");
      }
      throw new InvalidInputException(field, "Expected " + field + " to be readable as its type, but it is not");
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to read the request body as " + type.getSimpleName() + ", but it failed", e);
    }
    if (value == null) {
      throw new InvalidInputException(BODY, "Expected a JSON object in the request body, but it is null");
    }
    return value;
  }

  /** Reads an optional JSON object body; an empty body gives {@code empty}. */
  <T> T readOptional(byte[] body, Class<T> type, T empty) {
    return isBlank(body) ? empty : read(body, type);
  }

  /** Writes a value as JSON bytes. */
  byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Expected to write " + value.getClass().getSimpleName() + " as JSON, but it failed", e);
    }
  }

  private static boolean isBlank(byte[] body) {
    if (body == null) {
      return true;
    }
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** The property path of a mapping error, e.g. {@code affectedCis[1]}; {@value #BODY} for the root. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? BODY : path.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of another JSON type";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a JSON object";
    }
    return "a " + type.getSimpleName();
  }

  private static String names(Collection<Object> known) {
    TreeSet<String> names = new TreeSet<>();
    known.forEach(k -> names.add(String.valueOf(k)));
    return names.toString();
  }
}
