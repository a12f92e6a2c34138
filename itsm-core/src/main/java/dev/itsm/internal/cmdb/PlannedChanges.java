package dev.itsm.internal.cmdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.api.Actor;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.change.PlannedCiChange;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.CiRef;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CiType;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.cmdb.RelationType;
import dev.itsm.internal.persistence.CiRow;
import dev.itsm.internal.tx.ItsmSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The CMDB modifications a change carries: checked against the CI type schema when the change is
 * submitted, stored as one JSON document with values typed by the schema, and applied through the
 * CMDB service (so with its history, uniqueness checks and change control) when the change succeeds.
 */
public final class PlannedChanges {
  private static final String FIELD = "plannedCiChanges";
  /** The size of {@code itsm_change.planned_ci_changes}. */
  private static final int MAX_STORED = 100_000;
  private final CmdbServiceImpl cmdb;

  public PlannedChanges(CmdbServiceImpl cmdb) {
    this.cmdb = cmdb;
  }

  /**
   * What {@link #check} found.
   *
   * @param json    the document to store ({@code null} when there are no changes)
   * @param touched the existing items the changes modify or relate, in order
   */
  public record Checked(String json, List<UUID> touched) {}

  /**
   * Checks every change as the CMDB would when applying it now, failing with the CMDB's own error
   * whose field is prefixed with {@code plannedCiChanges[i].}; writes nothing.
   */
  public Checked check(ItsmSession s, String tenantId, List<PlannedCiChange> changes) {
    if (changes.isEmpty()) {
      return new Checked(null, List.of());
    }
    TypeSchema schema = cmdb.schema(s);
    CmdbServiceImpl.Lookups lookups = CmdbServiceImpl.lookups(s);
    ArrayNode document = Values.mapper().createArrayNode();
    Set<UUID> touched = new LinkedHashSet<>();
    Map<String, String> createdTypes = new HashMap<>();
    Set<UUID> retired = new java.util.HashSet<>();
    for (int i = 0; i < changes.size(); i++) {
      String path = FIELD + "[" + i + "]";
      PlannedCiChange change = changes.get(i);
      if (change == null) {
        throw new InvalidInputException(path, "Expected a planned CI change at " + path + ", but it is missing");
      }
      try {
        if (change instanceof PlannedCiChange.Update u) {
          document.add(update(s, schema, lookups, tenantId, u, touched));
        } else if (change instanceof PlannedCiChange.Create c) {
          document.add(create(schema, lookups, c, createdTypes));
        } else if (change instanceof PlannedCiChange.Retire r) {
          document.add(retire(s, tenantId, r, touched, retired));
        } else {
          document.add(relate(s, schema, tenantId, (PlannedCiChange.Relate) change, createdTypes, touched));
        }
      } catch (InvalidValueException e) {
        throw new InvalidValueException(path + "." + e.field(), e.getMessage() + " (" + path + ")");
      } catch (InvalidInputException e) {
        throw new InvalidInputException(path + "." + e.field(), e.getMessage() + " (" + path + ")");
      }
    }
    String json = Values.write(document);
    if (json.length() > MAX_STORED) {
      throw new InvalidValueException(FIELD, "Expected planned CI changes of at most " + MAX_STORED
          + " characters as stored, but these take " + json.length() + "; split the change");
    }
    return new Checked(json, List.copyOf(touched));
  }

  private static ObjectNode update(ItsmSession s, TypeSchema schema, CmdbServiceImpl.Lookups lookups, String tenantId,
                                   PlannedCiChange.Update u, Set<UUID> touched) {
    CiRow row = LiveItems.require(s, tenantId, "ciId", u.ciId());
    CiType type = schema.type(row.typeName);
    if (u.attributes().isEmpty()) {
      throw new InvalidInputException("attributes", "Expected attributes to change on CI " + row.name + ", but none are given");
    }
    Map<String, Object> after = Values.fromJson(type, row.attributes);
    String name = row.name;
    ObjectNode attributes = Values.mapper().createObjectNode();
    for (Map.Entry<String, Object> e : u.attributes().entrySet()) {
      if ("name".equals(e.getKey())) {
        name = CmdbServiceImpl.checkName(e.getValue() == null ? null : e.getValue().toString());
        attributes.put("name", name);
        continue;
      }
      Object value = CmdbServiceImpl.convert(type, e.getKey(), e.getValue());
      if (value == null) {
        after.remove(e.getKey());
        attributes.putNull(e.getKey());
      } else {
        after.put(e.getKey(), value);
        attributes.set(e.getKey(), Values.node(value));
      }
    }
    CmdbServiceImpl.applyDefaults(type, after);
    CmdbServiceImpl.checkItem(schema, type, row.id, name, after, lookups);
    touched.add(row.id);
    ObjectNode op = Values.mapper().createObjectNode();
    op.put("op", "update").put("ciId", row.id.toString()).put("ciType", type.name()).set("attributes", attributes);
    return op;
  }

  private static ObjectNode create(TypeSchema schema, CmdbServiceImpl.Lookups lookups, PlannedCiChange.Create c,
                                   Map<String, String> createdTypes) {
    NewCi ci = c.ci();
    if (c.key() != null && (c.key().isBlank() || c.key().length() > 64)) {
      throw new InvalidValueException("key", "Expected a key of 1 to 64 characters, but it is '" + c.key() + "'");
    }
    if (c.key() != null && createdTypes.containsKey(c.key())) {
      throw new InvalidValueException("key", "Expected each planned CI key once, but '" + c.key() + "' is used twice");
    }
    if (ci.type() == null || !schema.has(ci.type())) {
      throw new InvalidValueException("ci.type", "Expected a known CI type, but '" + ci.type() + "' is unknown");
    }
    CiType type = schema.type(ci.type());
    String name = CmdbServiceImpl.checkName(ci.name());
    if (ci.state() == CiState.RETIRED) {
      throw new InvalidValueException("ci.state", "Expected a new CI not to start " + CiState.RETIRED + ", but it does");
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : ci.attributes().entrySet()) {
      attributes.put(e.getKey(), CmdbServiceImpl.convert(type, e.getKey(), e.getValue()));
    }
    CmdbServiceImpl.applyDefaults(type, attributes);
    CmdbServiceImpl.checkItem(schema, type, UUID.randomUUID(), name, attributes, lookups);
    if (c.key() != null) {
      createdTypes.put(c.key(), type.name());
    }
    ObjectNode op = Values.mapper().createObjectNode();
    op.put("op", "create").put("key", c.key()).put("ciType", type.name()).put("name", name).put("state", ci.state().name())
        .set("attributes", Values.toNode(type, attributes));
    return op;
  }

  private static ObjectNode retire(ItsmSession s, String tenantId, PlannedCiChange.Retire r, Set<UUID> touched,
                                   Set<UUID> retired) {
    CiRow row = LiveItems.require(s, tenantId, "ciId", r.ciId());
    if (!retired.add(row.id)) {
      throw new InvalidValueException("ciId", "Expected to retire CI " + row.name + " once, but it is planned twice");
    }
    if (!CiState.valueOf(row.state).next().contains(CiState.RETIRED)) {
      throw new InvalidValueException("ciId", "Expected CI " + row.name + " to be able to retire, but it is " + row.state);
    }
    touched.add(row.id);
    ObjectNode op = Values.mapper().createObjectNode();
    op.put("op", "retire").put("ciId", row.id.toString());
    return op;
  }

  private static ObjectNode relate(ItsmSession s, TypeSchema schema, String tenantId, PlannedCiChange.Relate r,
                                   Map<String, String> createdTypes, Set<UUID> touched) {
    RelationType relationType = r.type() == null ? null : schema.relationType(r.type());
    if (relationType == null) {
      throw new InvalidValueException("type", "Expected a known relation type " + schema.relationTypes().stream()
          .map(RelationType::name).toList() + ", but '" + r.type() + "' is unknown");
    }
    String sourceType = endType(s, tenantId, "source", r.source(), createdTypes, touched);
    String targetType = endType(s, tenantId, "target", r.target(), createdTypes, touched);
    var d = relationType.definition();
    if (!schema.allowed(sourceType, d.sourceTypes())) {
      throw new InvalidValueException("source", "Expected the source of " + d.name() + " to be one of " + d.sourceTypes()
          + ", but it is a " + sourceType);
    }
    if (!schema.allowed(targetType, d.targetTypes())) {
      throw new InvalidValueException("target", "Expected the target of " + d.name() + " to be one of " + d.targetTypes()
          + ", but it is a " + targetType);
    }
    if (r.source().equals(r.target()) && !d.allowSelf()) {
      throw new InvalidValueException("target", "Expected an item not to relate to itself by " + d.name()
          + ", but source and target are the same");
    }
    ObjectNode op = Values.mapper().createObjectNode();
    op.put("op", "relate").put("type", d.name());
    op.set("source", end(r.source()));
    op.set("target", end(r.target()));
    return op;
  }

  private static String endType(ItsmSession s, String tenantId, String field, PlannedCiChange.CiEnd end,
                                Map<String, String> createdTypes, Set<UUID> touched) {
    if (end.ciId() != null) {
      CiRow row = LiveItems.require(s, tenantId, field, end.ciId());
      touched.add(row.id);
      return row.typeName;
    }
    String type = createdTypes.get(end.newKey());
    if (type == null) {
      throw new InvalidValueException(field, "Expected " + field + " to be an existing CI or the key of a CI created earlier"
          + " in the same change, but no planned CI has key '" + end.newKey() + "'");
    }
    return type;
  }

  private static ObjectNode end(PlannedCiChange.CiEnd end) {
    ObjectNode node = Values.mapper().createObjectNode();
    return end.ciId() != null ? node.put("ciId", end.ciId().toString()) : node.put("newKey", end.newKey());
  }

  /** The changes of a stored document, values typed by the schema. */
  public List<PlannedCiChange> read(ItsmSession s, String json) {
    if (json == null) {
      return List.of();
    }
    TypeSchema schema = cmdb.schema(s);
    List<PlannedCiChange> changes = new ArrayList<>();
    for (JsonNode op : Values.read(json)) {
      changes.add(switch (op.get("op").asText()) {
        case "update" -> PlannedCiChange.update(UUID.fromString(op.get("ciId").asText()),
            values(schema, op.get("ciType").asText(), op.get("attributes")));
        case "create" -> PlannedCiChange.create(op.hasNonNull("key") ? op.get("key").asText() : null,
            new NewCi(op.get("ciType").asText(), op.get("name").asText(), CiState.valueOf(op.get("state").asText()),
                values(schema, op.get("ciType").asText(), op.get("attributes"))));
        case "retire" -> PlannedCiChange.retire(UUID.fromString(op.get("ciId").asText()));
        case "relate" -> PlannedCiChange.relate(op.get("type").asText(), readEnd(op.get("source")), readEnd(op.get("target")));
        default -> throw new IllegalStateException("unknown planned CI change " + op);
      });
    }
    return changes;
  }

  private static Map<String, Object> values(TypeSchema schema, String typeName, JsonNode attributes) {
    CiType type = schema.has(typeName) ? schema.type(typeName) : null;
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      AttributeDefinition a = type == null ? null : type.attribute(e.getKey()).orElse(null);
      values.put(e.getKey(), e.getValue().isNull() ? null : Values.fromJsonValue(a, Values.write(e.getValue())));
    }
    return values;
  }

  private static PlannedCiChange.CiEnd readEnd(JsonNode node) {
    return node.hasNonNull("ciId") ? PlannedCiChange.CiEnd.of(UUID.fromString(node.get("ciId").asText()))
        : PlannedCiChange.CiEnd.planned(node.get("newKey").asText());
  }

  /**
   * Applies a stored document in the running unit of work, in order, as {@code actor}; every change
   * goes through the CMDB service (history, checks, change control).
   */
  public void apply(ItsmSession s, Actor actor, String json) {
    Map<String, UUID> created = new HashMap<>();
    for (PlannedCiChange change : read(s, json)) {
      if (change instanceof PlannedCiChange.Update u) {
        cmdb.update(actor, CiRef.of(u.ciId()), u.attributes());
      } else if (change instanceof PlannedCiChange.Create c) {
        UUID id = cmdb.create(actor, c.ci()).id();
        if (c.key() != null) {
          created.put(c.key(), id);
        }
      } else if (change instanceof PlannedCiChange.Retire r) {
        cmdb.retire(actor, CiRef.of(r.ciId()));
      } else if (change instanceof PlannedCiChange.Relate r) {
        cmdb.relate(actor, r.type(), id(r.source(), created), id(r.target(), created));
      }
    }
  }

  private static UUID id(PlannedCiChange.CiEnd end, Map<String, UUID> created) {
    return end.ciId() != null ? end.ciId() : created.get(end.newKey());
  }
}
