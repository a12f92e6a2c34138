package dev.itsm.internal.cmdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.Actor;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.CiRef;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CiType;
import dev.itsm.api.cmdb.ImportSource;
import dev.itsm.internal.persistence.CmdbMapper;
import dev.itsm.internal.persistence.RelationTypeRow;
import dev.itsm.internal.persistence.UnauthorisedRow;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Import sources: checks, storage, the fields a source owns, and applying a reviewed unauthorised change. */
final class ImportSources {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  /** Fields of every item besides its attributes. */
  static final Set<String> ITEM_FIELDS = Set.of("name", "state");

  private ImportSources() {}

  /** The source, checked against the schema: known types, known fields. */
  static ImportSource check(TypeSchema schema, ImportSource source) {
    String base = "sources." + source.name();
    if (!NAME.matcher(source.name()).matches()) {
      throw new InvalidValueException("name", "Expected an import source name of a lowercase letter, then lowercase letters, "
          + "digits, '-' or '_', at most 64 characters, but it is '" + source.name() + "'");
    }
    if (source.owns().isEmpty()) {
      throw new InvalidValueException(base + ".owns", "Expected import source " + source.name()
          + " to own fields of at least one CI type, but it owns none");
    }
    source.owns().forEach((typeName, fields) -> {
      String path = base + ".owns." + typeName;
      if (typeName == null || !schema.has(typeName)) {
        throw new InvalidValueException(base + ".owns", "Expected known CI types in import source " + source.name()
            + ", but '" + typeName + "' is unknown");
      }
      CiType type = schema.type(typeName);
      if (fields.isEmpty() || new HashSet<>(fields).size() != fields.size()) {
        throw new InvalidValueException(path, "Expected distinct fields of " + typeName + " (or *), but they are " + fields);
      }
      for (String field : fields) {
        if (!"*".equals(field) && !ITEM_FIELDS.contains(field) && (field == null || type.attribute(field).isEmpty())) {
          throw new InvalidValueException(path, "Expected fields of CI type " + typeName + " among *, name, state and "
              + type.attributes().stream().map(AttributeDefinition::name).toList() + ", but '" + field + "' is not one");
        }
      }
    });
    return source;
  }

  /** The fields the source owns of items of the type: from the closest type in its lineage that it names; empty if none. */
  static Set<String> owned(TypeSchema schema, ImportSource source, CiType type) {
    List<dev.itsm.api.cmdb.CiTypeDefinition> lineage = schema.lineage(type.name());
    for (int i = lineage.size() - 1; i >= 0; i--) {
      List<String> fields = source.owns().get(lineage.get(i).name());
      if (fields != null) {
        if (fields.contains("*")) {
          Set<String> all = new HashSet<>(ITEM_FIELDS);
          type.attributes().forEach(a -> all.add(a.name()));
          return all;
        }
        return Set.copyOf(fields);
      }
    }
    return Set.of();
  }

  static RelationTypeRow row(CmdbMapper mapper, String name) {
    return mapper.selectSources().stream().filter(r -> r.name.equals(name)).findFirst().orElse(null);
  }

  static String toJson(ImportSource source) {
    try {
      return Values.mapper().writeValueAsString(source);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ImportSource fromJson(String json) {
    try {
      return Values.mapper().readValue(json, ImportSource.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored import source is not readable: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes what an unauthorised change reported, through the ordinary (change-controlled) operations. */
  static void apply(CmdbServiceImpl cmdb, Actor actor, UnauthorisedRow row) {
    if (row.field.startsWith(CmdbImport.RELATION_FIELD)) {
      JsonNode reported = Values.read(row.reported);
      cmdb.relate(actor, reported.get("type").asText(), UUID.fromString(reported.get("source").asText()),
          UUID.fromString(reported.get("target").asText()));
      return;
    }
    if ("state".equals(row.field)) {
      cmdb.changeState(actor, CiRef.of(row.ciId), CiState.valueOf(Values.read(row.reported).asText()));
      return;
    }
    Map<String, Object> change = new HashMap<>();
    if ("name".equals(row.field)) {
      change.put("name", Values.read(row.reported).asText());
    } else {
      CiType type = cmdb.type(actor, cmdb.get(actor, row.ciId).type());
      change.put(row.field, Values.fromJsonValue(type.attribute(row.field).orElseThrow(), row.reported));
    }
    cmdb.update(actor, CiRef.of(row.ciId), change);
  }
}
