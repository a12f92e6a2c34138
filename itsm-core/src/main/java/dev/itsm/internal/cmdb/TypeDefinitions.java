package dev.itsm.internal.cmdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.AttributeType;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.RelationType;
import dev.itsm.api.cmdb.RelationTypeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks type definitions against each other and the schema; reads type files; stores definitions as JSON. */
final class TypeDefinitions {
  private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  /** Longest unique text value (the unique index stores it as JSON text of at most 1000 characters). */
  static final int MAX_UNIQUE_LENGTH = 500;
  /** Attribute names the item itself uses. */
  private static final Set<String> RESERVED = Set.of("id", "name", "state", "type", "version", "tenantId");
  /** Stored definitions (JSON). */
  private static final ObjectMapper STORE = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  /** Type files: YAML, or JSON (which the YAML parser reads as well). */
  private static final ObjectMapper FILES = com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private TypeDefinitions() {}

  /** What a type file holds. */
  record TypeFile(List<CiTypeDefinition> types, List<RelationTypeDefinition> relationTypes,
                  List<dev.itsm.api.cmdb.ImportSource> sources) {
    TypeFile {
      types = types == null ? List.of() : types;
      relationTypes = relationTypes == null ? List.of() : relationTypes;
      sources = sources == null ? List.of() : sources;
    }
  }

  /** The contents of a type file: CI types and relation types. */
  static TypeFile readFile(InputStream in) {
    Objects.requireNonNull(in, "typeFile");
    try {
      TypeFile file = FILES.readValue(in, TypeFile.class);
      if (file == null || file.types().isEmpty() && file.relationTypes().isEmpty() && file.sources().isEmpty()) {
        throw new InvalidInputException("typeFile", "Expected a type file with a \"types\", \"relationTypes\" or \"sources\" "
            + "list, but it has none");
      }
      for (int i = 0; i < file.types().size(); i++) {
        if (file.types().get(i) == null || file.types().get(i).name() == null) {
          throw new InvalidInputException("typeFile.types[" + i + "]", "Expected types[" + i + "] to have a name, but it has none");
        }
      }
      for (int i = 0; i < file.sources().size(); i++) {
        if (file.sources().get(i) == null || file.sources().get(i).name() == null) {
          throw new InvalidInputException("typeFile.sources[" + i + "]", "Expected sources[" + i + "] to have a name, but it has none");
        }
      }
      for (int i = 0; i < file.relationTypes().size(); i++) {
        if (file.relationTypes().get(i) == null || file.relationTypes().get(i).name() == null) {
          throw new InvalidInputException("typeFile.relationTypes[" + i + "]", "Expected relationTypes[" + i
              + "] to have a name, but it has none");
        }
      }
      return file;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("typeFile", "Expected a valid CI type file, but " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
    } catch (NullPointerException | IllegalArgumentException e) {
      throw new InvalidInputException("typeFile", "Expected a valid CI type file, but an entry is incomplete or wrong: " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidInputException("typeFile", "Expected a readable CI type file, but reading failed: " + e.getMessage());
    }
  }

  private static final Pattern RELATION_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  /**
   * Checks a relation type against the schema; {@code relationsExist} tells whether relations of an
   * existing type exist. Returns {@code null} when it equals the stored definition.
   */
  static RelationTypeDefinition checkRelationType(TypeSchema schema, RelationTypeDefinition d,
                                                  java.util.function.LongSupplier relationsExist) {
    String base = "relationTypes." + d.name();
    if (!RELATION_NAME.matcher(d.name()).matches()) {
      throw new InvalidValueException("name", "Expected a relation type name of a lowercase letter, then lowercase letters, "
          + "digits or '-', at most 64 characters, but it is '" + d.name() + "'");
    }
    if (d.inverseName() == null || !RELATION_NAME.matcher(d.inverseName()).matches()) {
      throw new InvalidValueException(base + ".inverseName", "Expected an inverse name of a lowercase letter, then lowercase "
          + "letters, digits or '-', but it is " + (d.inverseName() == null ? "missing" : "'" + d.inverseName() + "'"));
    }
    if (d.affects() == null) {
      throw new InvalidInputException(base + ".affects", "Expected relation type " + d.name()
          + " to say which end a failure affects (SOURCE or TARGET), but it does not");
    }
    for (String type : d.sourceTypes()) {
      requireType(schema, base + ".sourceTypes", d.name(), type);
    }
    for (String type : d.targetTypes()) {
      requireType(schema, base + ".targetTypes", d.name(), type);
    }
    for (String type : d.impactByType().keySet()) {
      requireType(schema, base + ".impactByType", d.name(), type);
      if (!schema.allowed(type, d.affectedTypes())) {
        throw new InvalidValueException(base + ".impactByType." + type, "Expected impact rules only for types that can be the "
            + "affected end (" + d.affects() + ") of relation type " + d.name() + ", but " + type + " cannot");
      }
    }
    RelationType old = schema.relationType(d.name());
    if (old != null) {
      if (old.definition().equals(d)) {
        return null;
      }
      RelationTypeDefinition before = old.definition();
      boolean sameShape = before.sourceTypes().equals(d.sourceTypes()) && before.targetTypes().equals(d.targetTypes())
          && before.affects() == d.affects() && before.allowSelf() == d.allowSelf();
      if (!sameShape && relationsExist.getAsLong() > 0) {
        throw new InvalidValueException(base, "Expected relation type " + d.name() + " to keep its source and target types, "
            + "affected end and self-relation rule while relations of it exist, but the new definition changes them");
      }
    }
    return d;
  }

  private static void requireType(TypeSchema schema, String path, String relationType, String type) {
    if (type == null || !schema.has(type)) {
      throw new InvalidValueException(path, "Expected known CI types in relation type " + relationType + ", but '" + type
          + "' is unknown");
    }
  }

  /** The stored JSON of a relation type definition. */
  static String relationToJson(RelationTypeDefinition d) {
    try {
      return STORE.writeValueAsString(d);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored relation type definition. */
  static RelationTypeDefinition relationFromJson(String json) {
    try {
      return STORE.readValue(json, RelationTypeDefinition.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored relation type definition is not readable: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Checks {@code changed} (new or changed definitions, in any order) against the schema and each
   * other; returns the schema with them. {@code itemsOf} counts the items of a type.
   */
  static TypeSchema apply(TypeSchema schema, List<CiTypeDefinition> changed, java.util.function.ToLongFunction<String> itemsOf) {
    Map<String, CiTypeDefinition> byName = new LinkedHashMap<>();
    for (CiTypeDefinition d : changed) {
      check(d);
      if (byName.put(d.name(), d) != null) {
        throw new InvalidValueException("types", "Expected each CI type once, but " + d.name() + " is defined twice");
      }
    }
    List<CiTypeDefinition> effective = new ArrayList<>();
    for (CiTypeDefinition d : byName.values()) {
      CiTypeDefinition old = schema.definition(d.name());
      if (old != null && old.equals(normalise(d))) {
        continue;
      }
      if (old != null) {
        compatible(old, d, itemsOf.applyAsLong(d.name()) > 0);
      }
      effective.add(normalise(d));
    }
    if (effective.isEmpty()) {
      return schema;
    }
    TypeSchema next;
    try {
      next = schema.with(effective);
    } catch (IllegalStateException e) {
      String field = "types";
      throw new InvalidValueException(field, "Expected CI types whose parents exist and form no cycle, but " + e.getMessage());
    }
    for (CiTypeDefinition d : effective) {
      Set<String> inherited = new HashSet<>();
      for (CiTypeDefinition ancestor : next.lineage(d.name())) {
        if (ancestor.name().equals(d.name())) {
          break;
        }
        ancestor.attributes().forEach(a -> inherited.add(a.name()));
      }
      for (AttributeDefinition a : d.attributes()) {
        if (inherited.contains(a.name())) {
          throw new InvalidValueException(path(d, a), "Expected CI type " + d.name() + " not to redeclare attribute "
              + a.name() + " that it inherits, but it does");
        }
        if (a.type() == AttributeType.REFERENCE && !next.has(a.referenceType())) {
          throw new InvalidValueException(path(d, a) + ".referenceType", "Expected attribute " + a.name() + " of CI type "
              + d.name() + " to reference a known CI type, but '" + a.referenceType() + "' is unknown");
        }
      }
      checkIdentification(next, d);
      // subtypes must not already declare what the type now adds
      for (String sub : next.typeAndSubtypes(d.name())) {
        if (sub.equals(d.name())) {
          continue;
        }
        for (AttributeDefinition a : next.definition(sub).attributes()) {
          if (d.attributes().stream().anyMatch(x -> x.name().equals(a.name()))) {
            throw new InvalidValueException(path(d, a), "Expected CI type " + d.name() + " not to declare attribute "
                + a.name() + " that its subtype " + sub + " declares already, but it does");
          }
        }
      }
    }
    return next;
  }

  /** Longest identification rule. */
  static final int MAX_IDENTIFYING = 5;

  /** The rule names known, distinct attributes (or {@code name}); one rule per line of inheritance. */
  private static void checkIdentification(TypeSchema next, CiTypeDefinition d) {
    if (d.identifiedBy().isEmpty()) {
      return;
    }
    String path = "types." + d.name() + ".identifiedBy";
    if (d.identifiedBy().size() > MAX_IDENTIFYING || new HashSet<>(d.identifiedBy()).size() != d.identifiedBy().size()) {
      throw new InvalidValueException(path, "Expected 1 to " + MAX_IDENTIFYING + " distinct identifying attributes for CI type "
          + d.name() + ", but it names " + d.identifiedBy());
    }
    dev.itsm.api.cmdb.CiType type = next.type(d.name());
    for (String attribute : d.identifiedBy()) {
      if (!"name".equals(attribute) && type.attribute(attribute).isEmpty()) {
        throw new InvalidValueException(path, "Expected identifying attributes of CI type " + d.name() + " among name and "
            + type.attributes().stream().map(AttributeDefinition::name).toList() + ", but '" + attribute + "' is not one");
      }
    }
    for (String other : next.typeAndSubtypes(d.name())) {
      if (!other.equals(d.name()) && !next.definition(other).identifiedBy().isEmpty()) {
        throw new InvalidValueException(path, "Expected one identification rule for CI type " + d.name()
            + " and its subtypes, but subtype " + other + " declares one too");
      }
    }
    for (CiTypeDefinition ancestor : next.lineage(d.name())) {
      if (!ancestor.name().equals(d.name()) && !ancestor.identifiedBy().isEmpty()) {
        throw new InvalidValueException(path, "Expected one identification rule for CI type " + d.name()
            + ", but it inherits " + ancestor.identifiedBy() + " from " + ancestor.name());
      }
    }
  }

  private static void check(CiTypeDefinition d) {
    if (!TYPE_NAME.matcher(d.name()).matches()) {
      throw new InvalidValueException("name", "Expected a CI type name of a letter, then letters, digits or '_', "
          + "at most 64 characters, but it is '" + d.name() + "'");
    }
    if (d.name().equals(d.parent())) {
      throw new InvalidValueException("parent", "Expected CI type " + d.name() + " to extend another type, but it extends itself");
    }
    Set<String> names = new HashSet<>();
    for (AttributeDefinition a : d.attributes()) {
      String path = path(d, a);
      if (!ATTRIBUTE_NAME.matcher(a.name()).matches() || RESERVED.contains(a.name())) {
        throw new InvalidValueException(path, "Expected an attribute name of a letter, then letters, digits or '_', "
            + "at most 64 characters and none of " + new java.util.TreeSet<>(RESERVED) + ", but it is '" + a.name() + "'");
      }
      if (!names.add(a.name())) {
        throw new InvalidValueException(path, "Expected attribute " + a.name() + " once in CI type " + d.name() + ", but it is there twice");
      }
      if (a.type() == AttributeType.STRING
          && (a.maxLength() < 1 || a.maxLength() > AttributeDefinition.MAX_LENGTH_LIMIT)) {
        throw new InvalidValueException(path + ".maxLength", "Expected maxLength of " + a.name() + " between 1 and "
            + AttributeDefinition.MAX_LENGTH_LIMIT + ", but it is " + a.maxLength());
      }
      if (a.type() != AttributeType.STRING && a.maxLength() != null) {
        throw new InvalidValueException(path + ".maxLength", "Expected no maxLength on " + a.type() + " attribute " + a.name());
      }
      if (a.type() == AttributeType.ENUM) {
        if (a.values().isEmpty() || a.values().stream().anyMatch(v -> v == null || v.isBlank())
            || new HashSet<>(a.values()).size() != a.values().size()) {
          throw new InvalidValueException(path + ".values", "Expected enum attribute " + a.name()
              + " to list distinct, non-blank values, but it lists " + a.values());
        }
      } else if (!a.values().isEmpty()) {
        throw new InvalidValueException(path + ".values", "Expected values only on an enum attribute, but " + a.name() + " is " + a.type());
      }
      if ((a.type() == AttributeType.REFERENCE) != (a.referenceType() != null)) {
        throw new InvalidValueException(path + ".referenceType", a.type() == AttributeType.REFERENCE
            ? "Expected reference attribute " + a.name() + " to name the CI type it references, but it names none"
            : "Expected referenceType only on a reference attribute, but " + a.name() + " is " + a.type());
      }
      if (a.unique() && a.type() == AttributeType.STRING && a.maxLength() > MAX_UNIQUE_LENGTH) {
        throw new InvalidValueException(path + ".maxLength", "Expected a unique text attribute to have a maxLength of at most "
            + MAX_UNIQUE_LENGTH + ", but " + a.name() + " has " + a.maxLength());
      }
      if (a.unique() && a.type() == AttributeType.BOOLEAN) {
        throw new InvalidValueException(path + ".unique", "Expected a unique attribute to be of another type than BOOLEAN, but "
            + a.name() + " is BOOLEAN");
      }
      if (a.defaultValue() != null) {
        if (a.unique()) {
          throw new InvalidValueException(path + ".defaultValue", "Expected no default on unique attribute " + a.name());
        }
        Values.convert(path + ".defaultValue", a, a.defaultValue());
      }
    }
  }

  private static void compatible(CiTypeDefinition old, CiTypeDefinition d, boolean hasItems) {
    if (!Objects.equals(old.parent(), d.parent())) {
      throw new InvalidValueException("parent", "Expected CI type " + d.name() + " to keep parent " + old.parent()
          + ", but the new definition names " + d.parent());
    }
    for (AttributeDefinition before : old.attributes()) {
      AttributeDefinition after = d.attributes().stream().filter(a -> a.name().equals(before.name())).findFirst().orElse(null);
      String path = path(d, before);
      if (after == null || after.type() != before.type()) {
        throw new InvalidValueException(path, "Expected CI type " + d.name() + " to keep attribute " + before.name()
            + " of type " + before.type() + ", but the new definition " + (after == null ? "drops it" : "makes it " + after.type()));
      }
      if (hasItems && after.unique() && !before.unique()) {
        throw new InvalidValueException(path + ".unique", "Expected attribute " + before.name() + " to stay non-unique: CI type "
            + d.name() + " has items already");
      }
      if (hasItems && after.required() && !before.required() && after.defaultValue() == null) {
        throw new InvalidValueException(path + ".required", "Expected a default for attribute " + before.name()
            + " that becomes required: CI type " + d.name() + " has items already");
      }
    }
    if (hasItems) {
      for (AttributeDefinition a : d.attributes()) {
        boolean added = old.attributes().stream().noneMatch(b -> b.name().equals(a.name()));
        if (added && a.required() && a.defaultValue() == null) {
          throw new InvalidValueException(path(d, a), "Expected a default for new required attribute " + a.name()
              + ": CI type " + d.name() + " has items already");
        }
        if (added && a.unique()) {
          throw new InvalidValueException(path(d, a) + ".unique", "Expected new attribute " + a.name()
              + " not to be unique: CI type " + d.name() + " has items already");
        }
      }
    }
  }

  /** The definition with defaults written out, so an identical redefinition compares equal. */
  static CiTypeDefinition normalise(CiTypeDefinition d) {
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (AttributeDefinition a : d.attributes()) {
      Object defaultValue = a.defaultValue() == null ? null : Values.convert(a.name(), a, a.defaultValue());
      attributes.add(new AttributeDefinition(a.name(), a.type(), a.required(), a.unique(), defaultValue,
          a.maxLength(), a.values(), a.referenceType()));
    }
    return new CiTypeDefinition(d.name(), d.parent(), d.changeControlled(), attributes, d.identifiedBy());
  }

  private static String path(CiTypeDefinition d, AttributeDefinition a) {
    return "types." + d.name() + ".attributes." + a.name();
  }

  /** The stored JSON of a definition. */
  static String toJson(CiTypeDefinition d) {
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (AttributeDefinition a : d.attributes()) {
      Object value = a.defaultValue() instanceof java.time.Instant || a.defaultValue() instanceof java.util.UUID
          ? a.defaultValue().toString() : a.defaultValue();
      attributes.add(new AttributeDefinition(a.name(), a.type(), a.required(), a.unique(), value, a.maxLength(),
          a.values(), a.referenceType()));
    }
    try {
      return STORE.writeValueAsString(new CiTypeDefinition(d.name(), d.parent(), d.changeControlled(), attributes,
          d.identifiedBy()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored definition. */
  static CiTypeDefinition fromJson(String json) {
    try {
      JsonNode node = STORE.readTree(json);
      return normalise(STORE.treeToValue(node, CiTypeDefinition.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored CI type definition is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
