package dev.itsm.api.cmdb;

import java.util.List;
import java.util.Objects;

/**
 * One attribute of a CI type's schema. Build with the static factories and refine with the
 * {@code with..} methods: {@code AttributeDefinition.string("hostname").maxLength(100).asRequired()}.
 *
 * @param name          attribute name: a letter, then letters, digits or {@code _}, at most 64 characters
 * @param type          value type
 * @param required      whether every CI of the type must have a value (after the default applies)
 * @param unique        whether two CIs of the declaring type and its subtypes (in one tenant) may not share a value
 * @param defaultValue  value used when a new CI gives none; {@code null} for none
 * @param maxLength     longest text of a {@link AttributeType#STRING} value; {@code null} for others
 * @param values        allowed values of an {@link AttributeType#ENUM}; empty for others
 * @param referenceType CI type a {@link AttributeType#REFERENCE} points to; {@code null} for others
 */
public record AttributeDefinition(String name, AttributeType type, boolean required, boolean unique,
                                  Object defaultValue, Integer maxLength, List<String> values, String referenceType) {
  /** Length limit of a string attribute without {@link #maxLength(int)}. */
  public static final int DEFAULT_MAX_LENGTH = 255;
  /** Longest string attribute allowed. */
  public static final int MAX_LENGTH_LIMIT = 4000;

  public AttributeDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    values = values == null ? List.of() : List.copyOf(values);
    if (type == AttributeType.STRING && maxLength == null) {
      maxLength = DEFAULT_MAX_LENGTH;
    }
  }

  public static AttributeDefinition string(String name) {
    return new AttributeDefinition(name, AttributeType.STRING, false, false, null, DEFAULT_MAX_LENGTH, List.of(), null);
  }

  public static AttributeDefinition integer(String name) {
    return of(name, AttributeType.INTEGER);
  }

  public static AttributeDefinition decimal(String name) {
    return of(name, AttributeType.DECIMAL);
  }

  public static AttributeDefinition bool(String name) {
    return of(name, AttributeType.BOOLEAN);
  }

  public static AttributeDefinition dateTime(String name) {
    return of(name, AttributeType.DATETIME);
  }

  public static AttributeDefinition enumeration(String name, String... values) {
    return new AttributeDefinition(name, AttributeType.ENUM, false, false, null, null, List.of(values), null);
  }

  public static AttributeDefinition reference(String name, String referenceType) {
    return new AttributeDefinition(name, AttributeType.REFERENCE, false, false, null, null, List.of(), referenceType);
  }

  private static AttributeDefinition of(String name, AttributeType type) {
    return new AttributeDefinition(name, type, false, false, null, null, List.of(), null);
  }

  /** The same attribute, required. */
  public AttributeDefinition asRequired() {
    return new AttributeDefinition(name, type, true, unique, defaultValue, maxLength, values, referenceType);
  }

  /** The same attribute, unique within the declaring type and its subtypes. */
  public AttributeDefinition asUnique() {
    return new AttributeDefinition(name, type, required, true, defaultValue, maxLength, values, referenceType);
  }

  /** The same attribute with a default value for new CIs. */
  public AttributeDefinition defaultValue(Object value) {
    return new AttributeDefinition(name, type, required, unique, value, maxLength, values, referenceType);
  }

  /** The same string attribute with another length limit. */
  public AttributeDefinition maxLength(int length) {
    return new AttributeDefinition(name, type, required, unique, defaultValue, length, values, referenceType);
  }
}
