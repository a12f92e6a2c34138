package dev.itsm.internal.cmdb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.Actor;
import dev.itsm.api.Cause;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmException;
import dev.itsm.api.Permission;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.AttributeType;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CiType;
import dev.itsm.api.cmdb.ImportOptions;
import dev.itsm.api.cmdb.ImportReport;
import dev.itsm.api.cmdb.ImportSource;
import dev.itsm.api.cmdb.RelationType;
import dev.itsm.api.cmdb.RelationTypeDefinition;
import dev.itsm.internal.persistence.BulkInsert;
import dev.itsm.internal.persistence.CiHistoryRow;
import dev.itsm.internal.persistence.CiRow;
import dev.itsm.internal.persistence.CmdbMapper;
import dev.itsm.internal.persistence.Ids;
import dev.itsm.internal.persistence.RelationRow;
import dev.itsm.internal.persistence.RelationTypeRow;
import dev.itsm.internal.persistence.UnauthorisedRow;
import dev.itsm.internal.persistence.UniqueRow;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One import of a feed: reads it as a stream of rows, and checks and writes them in chunks. Each
 * chunk reads what it needs (items by identification key, unique values, referenced items,
 * existing relations) in a few statements and writes in JDBC batches. Without all-or-nothing each
 * chunk commits on its own; with it, the whole import is one unit of work.
 */
final class CmdbImport {
  /** Field of an unauthorised change that is a new relation: {@code relation:<type>}. */
  static final String RELATION_FIELD = "relation:";
  private static final Set<String> ITEM_KEYS = Set.of("ref", "type", "name", "state", "attributes");
  private static final Set<String> RELATION_KEYS = Set.of("type", "source", "target");
  private static final int MAX_REF = 200;

  private final CmdbServiceImpl cmdb;
  private final Tx tx;
  private final AccessPolicy access;
  private ImportSource source;
  private ImportOptions options;
  /** Item rows' refs and the items they identified or created. */
  private final Map<String, UUID> refs = new HashMap<>();
  /** Refs of item rows that were rejected or conflicted. */
  private final Set<String> failedRefs = new HashSet<>();
  /** Every ref read so far (a second row with one is refused). */
  private final Set<String> seenRefs = new HashSet<>();
  private final List<ImportReport.Problem> problems = new ArrayList<>();
  private long rows;
  private long created;
  private long updated;
  private long unchanged;
  private long conflicts;
  private long rejected;
  private long unauthorised;
  private long relationsCreated;
  private long relationsUnchanged;

  CmdbImport(CmdbServiceImpl cmdb, Tx tx, AccessPolicy access) {
    this.cmdb = cmdb;
    this.tx = tx;
    this.access = access;
  }

  ImportReport run(Actor actor, InputStream feed, ImportOptions importOptions) {
    this.options = Objects.requireNonNull(importOptions, "options");
    Objects.requireNonNull(feed, "feed");
    if (options.chunkSize() < 1 || options.chunkSize() > 10_000) {
      throw new InvalidValueException("chunkSize", "Expected a chunk size between 1 and 10000, but it is " + options.chunkSize());
    }
    this.source = cmdb.as(actor, Permission.CMDB_WRITE, s -> {
      RelationTypeRow row = ImportSources.row(s.mapper(CmdbMapper.class), options.source());
      if (row == null) {
        throw new InvalidValueException("source", "Expected a defined import source, but '" + options.source() + "' is unknown");
      }
      return ImportSources.fromJson(row.definition);
    });
    if (options.atomic()) {
      return cmdb.as(actor, Permission.CMDB_WRITE, s -> read(actor, feed));
    }
    return read(actor, feed);
  }

  private enum Section { ITEMS, RELATIONS }

  private ImportReport read(Actor actor, InputStream feed) {
    try (JsonParser parser = Values.mapper().createParser(feed)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed(parser, "the feed does not start with an object");
      }
      boolean relationsSeen = false;
      long[] next = new long[Section.values().length];   // a section may come twice; its rows count on
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        Section section;
        if ("items".equals(field) && !relationsSeen) {
          section = Section.ITEMS;
        } else if ("relations".equals(field)) {
          section = Section.RELATIONS;
          relationsSeen = true;
        } else {
          throw malformed(parser, "'" + field + "' is not expected there (a feed has \"items\", then \"relations\")");
        }
        if (parser.nextToken() != JsonToken.START_ARRAY) {
          throw malformed(parser, "\"" + field + "\" is not a list");
        }
        List<JsonNode> chunk = new ArrayList<>();
        long index = next[section.ordinal()];
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (parser.currentToken() == null) {
            throw malformed(parser, "the feed ends inside \"" + field + "\"");
          }
          chunk.add(parser.readValueAsTree());
          if (chunk.size() == options.chunkSize()) {
            chunk(actor, section, index, chunk);
            index += chunk.size();
            chunk = new ArrayList<>();
          }
        }
        if (!chunk.isEmpty()) {
          chunk(actor, section, index, chunk);
          index += chunk.size();
        }
        next[section.ordinal()] = index;
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw malformed(parser, "the feed does not end where its object ends");
      }
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("feed", "Expected a JSON feed, but " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())
          + done());
    } catch (IOException e) {
      throw new InvalidInputException("feed", "Expected a readable feed, but reading failed: " + e.getMessage() + done());
    }
    return report();
  }

  private InvalidInputException malformed(JsonParser parser, String what) {
    return new InvalidInputException("feed", "Expected a feed {\"items\": [...], \"relations\": [...]}, but " + what
        + " at line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr() + done());
  }

  private String done() {
    return options.atomic() || rows == 0 ? "; nothing was imported"
        : "; the " + rows + " rows before it were imported (" + created + " created, " + updated + " updated)";
  }

  private void chunk(Actor actor, Section section, long index, List<JsonNode> chunk) {
    cmdb.as(actor, Permission.CMDB_WRITE, s -> {
      Cause previous = s.cause();
      if (previous == null) {
        s.causedBy(Cause.of("import", source.name()));
      }
      try {
        if (section == Section.ITEMS) {
          new ItemChunk(s, index, chunk).run();
        } else {
          new RelationChunk(s, index, chunk).run();
        }
      } finally {
        s.causedBy(previous);
      }
      return null;
    });
    rows += chunk.size();
    if (!options.atomic()) {
      cmdb.as(actor, Permission.CMDB_WRITE, s -> {
        analyzeIfGrown(s);   // in a unit of its own, so its lock on the tables ends at once
        return null;
      });
    }
    if (options.progress() != null) {
      options.progress().accept(report());
    }
  }

  /** Rows this import had written when PostgreSQL's statistics were last refreshed. */
  private long analyzedAt;

  /**
   * On PostgreSQL, refreshes the planner statistics of the tables the chunks read each time the
   * rows this import wrote have doubled: a large import into a young CMDB would otherwise be planned
   * as if the tables were still small (sequential scans for the lookups), whether or not autovacuum
   * runs. A handful of ANALYZE runs for a million rows; none on H2, whose statistics follow.
   */
  private void analyzeIfGrown(ItsmSession s) {
    long written = created + relationsCreated;
    if (written >= Math.max(options.chunkSize(), 2 * analyzedAt)
        && s.runtime().persistence().dialect() == dev.itsm.internal.persistence.Dialect.POSTGRESQL) {
      s.mapper(CmdbMapper.class).analyzeImportTables();
      analyzedAt = written;
    }
  }

  private ImportReport report() {
    // feed order: each chunk reports its unreadable rows first
    problems.sort(java.util.Comparator.comparing((ImportReport.Problem p) -> "items".equals(p.section()) ? 0 : 1)
        .thenComparingLong(ImportReport.Problem::index));
    return new ImportReport(source.name(), rows, created, updated, unchanged, conflicts, rejected, unauthorised,
        relationsCreated, relationsUnchanged, problems);
  }

  /** Records a row that is not applied; with all-or-nothing, fails the import. */
  private void problem(String section, long index, String ref, String kind, ItsmException e) {
    String field = e instanceof InvalidInputException input ? input.field() : null;
    if (options.atomic()) {
      String path = section + "[" + index + "]" + (field == null ? "" : "." + field);
      String message = "Expected every " + section + " row to import (all or nothing), but row " + index
          + (ref == null ? "" : " (" + ref + ")") + " is refused: " + e.getMessage();
      throw e instanceof InvalidValueException || !(e instanceof InvalidInputException)
          ? new InvalidValueException(path, message) : new InvalidInputException(path, message);
    }
    if ("conflict".equals(kind)) {
      conflicts++;
    } else {
      rejected++;
    }
    if (problems.size() < ImportReport.MAX_PROBLEMS) {
      problems.add(new ImportReport.Problem(section, index, ref, kind, field, e.getMessage()));
    }
  }

  private static String text(JsonNode row, String key) {
    JsonNode node = row.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidValueException(key, "Expected " + key + " to be a text, but it is " + node);
    }
    return node.asText();
  }

  private static void onlyKeys(JsonNode row, Set<String> keys, String section) {
    if (!row.isObject()) {
      throw new InvalidInputException(section, "Expected each " + section + " row to be an object, but one is " + row);
    }
    row.fieldNames().forEachRemaining(k -> {
      if (!keys.contains(k)) {
        throw new InvalidValueException(k, "Expected " + section + " row fields " + new java.util.TreeSet<>(keys) + ", but '"
            + k + "' is not one");
      }
    });
  }

  /** An unauthorised change to record unless the same one is open already. */
  private UnauthorisedRow unauthorisedRow(ItsmSession s, CiRow ci, String field, String current, String reported) {
    UnauthorisedRow u = new UnauthorisedRow();
    u.id = UUID.randomUUID();
    u.tenantId = ci.tenantId;
    u.ciId = ci.id;
    u.sourceName = source.name();
    u.field = field;
    u.currentValue = current;
    u.reported = reported;
    u.reportedAt = s.now();
    u.status = "OPEN";
    return u;
  }

  /** Writes the chunk's unauthorised changes that are not open already for their item. */
  private void recordUnauthorised(ItsmSession s, List<UnauthorisedRow> found) {
    unauthorised += found.size();
    Map<UUID, List<UnauthorisedRow>> open = new HashMap<>();
    CmdbMapper batch = s.batch(CmdbMapper.class);
    for (UnauthorisedRow u : found) {
      List<UnauthorisedRow> known = open.computeIfAbsent(u.ciId,
          id -> new ArrayList<>(s.mapper(CmdbMapper.class).selectOpenUnauthorisedOf(u.tenantId, id)));
      boolean recorded = known.stream().anyMatch(k -> k.field.equals(u.field) && Objects.equals(k.reported, u.reported));
      if (!recorded) {
        known.add(u);
        batch.insertUnauthorised(u);
      }
    }
  }

  // ------------------------------------------------------------------ items

  /** An item row, read and converted. */
  private record ItemRow(long index, String ref, CiType type, String name, CiState state, Map<String, Object> attributes,
                         Map<String, String> pendingRefs, String key) {}

  /** The rows of one chunk and what every chunk reads once: the schema, the mapper, the tenant. */
  private abstract class Chunk {
    final ItsmSession s;
    final long first;
    final List<JsonNode> input;
    final TypeSchema schema;
    final CmdbMapper mapper;
    final String tenantId;

    Chunk(ItsmSession s, long first, List<JsonNode> input) {
      this.s = s;
      this.first = first;
      this.input = input;
      this.schema = cmdb.schema(s);
      this.mapper = s.mapper(CmdbMapper.class);
      this.tenantId = s.actor().tenantId();
    }

    abstract void run();

    /** The fields of the type the import source owns, worked out once a chunk per type. */
    Set<String> owned(CiType type) {
      return owned.computeIfAbsent(type.name(), t -> ImportSources.owned(schema, source, type));
    }

    private final Map<String, Set<String>> owned = new HashMap<>();
  }

  private final class ItemChunk extends Chunk implements CmdbServiceImpl.Lookups {
    private final Map<String, List<CiRow>> byKey = new HashMap<>();
    /** scope + attribute + value JSON -> owner (null value: freed in this chunk). */
    private final Map<String, UUID> uniques = new HashMap<>();
    private final Map<UUID, CiRow> items = new HashMap<>();
    private final List<CiRow> inserts = new ArrayList<>();
    private final Set<UUID> inserted = new HashSet<>();
    /** The version each updated item has in the database. */
    private final Map<UUID, Long> storedVersions = new HashMap<>();
    private final Map<UUID, CiRow> updates = new LinkedHashMap<>();
    /** Net unique-value changes: (item, scope, attribute) -> {stored value or null, final value or null}. */
    private final Map<List<String>, String[]> uniqueNet = new LinkedHashMap<>();
    private final List<CiHistoryRow> history = new ArrayList<>();
    private final List<UnauthorisedRow> held = new ArrayList<>();
    private final Set<UUID> graphTouched = new LinkedHashSet<>();

    ItemChunk(ItsmSession s, long first, List<JsonNode> input) {
      super(s, first, input);
    }

    @Override
    void run() {
      List<ItemRow> parsed = new ArrayList<>();
      for (int i = 0; i < input.size(); i++) {
        long index = first + i;
        String ref = input.get(i).isObject() && input.get(i).get("ref") != null ? input.get(i).get("ref").asText() : null;
        try {
          parsed.add(parse(index, input.get(i)));
        } catch (ItsmException e) {
          if (!(e instanceof InvalidValueException v && "ref".equals(v.field()))) {
            failed(ref);
          }
          problem("items", index, ref, "rejected", e);
        }
      }
      prefetch(parsed);
      for (ItemRow row : parsed) {
        try {
          apply(row);
        } catch (ItsmException e) {
          failed(row.ref());
          problem("items", row.index(), row.ref(), e instanceof Conflict ? "conflict" : "rejected", e);
        }
      }
      write();
    }

    private void failed(String ref) {
      if (ref != null) {
        failedRefs.add(ref);
        refs.remove(ref);
      }
    }

    private ItemRow parse(long index, JsonNode row) {
      onlyKeys(row, ITEM_KEYS, "items");
      String ref = text(row, "ref");
      if (ref != null && (ref.isBlank() || ref.length() > MAX_REF)) {
        throw new InvalidValueException("ref", "Expected a ref of 1 to " + MAX_REF + " characters, but it has " + ref.length());
      }
      if (ref != null && !seenRefs.add(ref)) {
        throw new InvalidValueException("ref", "Expected each ref once in a feed, but '" + ref + "' names an earlier row too");
      }
      String typeName = text(row, "type");
      if (typeName == null || !schema.has(typeName)) {
        throw new InvalidValueException("type", "Expected a known CI type, but '" + typeName + "' is unknown");
      }
      CiType type = schema.type(typeName);
      if (owned(type).isEmpty()) {
        throw new InvalidValueException("type", "Expected a CI type import source " + source.name() + " owns fields of ("
            + source.owns().keySet() + " and their subtypes), but " + typeName + " is not one");
      }
      String name = text(row, "name");
      if (name != null) {
        name = CmdbServiceImpl.checkName(name);
      }
      CiState state = null;
      String stateText = text(row, "state");
      if (stateText != null) {
        try {
          state = CiState.valueOf(stateText);
        } catch (IllegalArgumentException e) {
          state = null;
        }
        if (state == null || state == CiState.RETIRED) {
          throw new InvalidValueException("state", "Expected a state among " + CiState.PLANNED + ", " + CiState.IN_USE + " and "
              + CiState.IN_MAINTENANCE + " (imports do not retire items), but it is '" + stateText + "'");
        }
      }
      Map<String, Object> attributes = new LinkedHashMap<>();
      Map<String, String> pendingRefs = new LinkedHashMap<>();
      JsonNode values = row.get("attributes");
      if (values != null && !values.isNull()) {
        if (!values.isObject()) {
          throw new InvalidValueException("attributes", "Expected attributes to be an object, but they are " + values);
        }
        var fields = values.fields();
        while (fields.hasNext()) {
          var e = fields.next();
          if (isRef(type, e.getKey(), e.getValue())) {
            pendingRefs.put(e.getKey(), e.getValue().asText());   // an item row of this chunk, resolved when applied
            continue;
          }
          attributes.put(e.getKey(), CmdbServiceImpl.convert(type, e.getKey(), javaValue(type, e.getKey(), e.getValue())));
        }
      }
      for (String attribute : pendingRefs.keySet()) {
        if (type.identifiedBy().contains(attribute)) {
          throw new InvalidValueException("attributes." + attribute, "Expected identifying attributes." + attribute
              + " to name an item imported before this chunk, but ref " + pendingRefs.get(attribute) + " is not known yet");
        }
      }
      String missing = Identification.missing(type, name, attributes);
      if (missing != null) {
        String field = "name".equals(missing) ? "name" : "attributes." + missing;
        throw new InvalidInputException(field, "Expected the identifying " + field + " of CI type " + type.name()
            + " (identified by " + type.identifiedBy() + " within " + type.identifiedWithin() + "), but the row lacks it");
      }
      return new ItemRow(index, ref, type, name, state, attributes, pendingRefs, Identification.key(tenantId, type, name, attributes));
    }

    /** A reference attribute's text that is neither an item id nor the ref of an item row read before this chunk. */
    private boolean isRef(CiType type, String attribute, JsonNode node) {
      AttributeDefinition a = type.attribute(attribute).orElse(null);
      if (a == null || a.type() != AttributeType.REFERENCE || !node.isTextual() || refs.containsKey(node.asText())
          || failedRefs.contains(node.asText())) {
        return false;
      }
      try {
        UUID.fromString(node.asText());
        return false;
      } catch (IllegalArgumentException e) {
        return true;
      }
    }

    /** The Java value of a feed value; a reference may name an earlier item row's ref. */
    private Object javaValue(CiType type, String attribute, JsonNode node) {
      if (node.isNull()) {
        return null;
      }
      AttributeDefinition a = type.attribute(attribute).orElse(null);
      if (node.isTextual()) {
        if (a != null && a.type() == AttributeType.REFERENCE && refs.containsKey(node.asText())) {
          return refs.get(node.asText());
        }
        if (a != null && a.type() == AttributeType.REFERENCE && failedRefs.contains(node.asText())) {
          throw new InvalidValueException("attributes." + attribute, "Expected attributes." + attribute
              + " to name an imported item, but the row with ref " + node.asText() + " was not imported");
        }
        return node.asText();
      }
      if (node.isIntegralNumber()) {
        return node.canConvertToLong() ? (Object) node.asLong() : node.bigIntegerValue();
      }
      if (node.isNumber()) {
        return node.decimalValue();
      }
      if (node.isBoolean()) {
        return node.asBoolean();
      }
      return node.toString();   // an object or a list: refused by the attribute's conversion
    }

    /** Items by key, owners of the unique values and the referenced items, in a few statements. */
    private void prefetch(List<ItemRow> parsed) {
      Set<String> keys = new LinkedHashSet<>();
      Map<String, Set<String>> uniqueValues = new LinkedHashMap<>();
      Set<UUID> referenced = new LinkedHashSet<>();
      for (ItemRow row : parsed) {
        keys.add(row.key());
        for (AttributeDefinition a : row.type().attributes()) {
          Object value = row.attributes().get(a.name());
          if (value == null) {
            continue;
          }
          if (a.unique()) {
            uniqueValues.computeIfAbsent(schema.declaringType(row.type().name(), a.name()) + "\n" + a.name(),
                k -> new LinkedHashSet<>()).add(Values.json(value));
          }
          if (a.type() == AttributeType.REFERENCE) {
            referenced.add((UUID) value);
          }
        }
      }
      if (!keys.isEmpty()) {
        for (CiRow row : mapper.selectCisByIdentKeys(keys)) {
          if (!row.tenantId.equals(tenantId)) {
            continue;
          }
          byKey.computeIfAbsent(row.identKey, k -> new ArrayList<>()).add(row);
          items.put(row.id, row);
        }
      }
      Set<String> values = new LinkedHashSet<>();
      uniqueValues.values().forEach(values::addAll);
      if (!values.isEmpty()) {
        for (UniqueRow u : mapper.selectUniqueOwners(values)) {
          if (u.tenantId.equals(tenantId) && uniqueValues.getOrDefault(u.scopeType + "\n" + u.attrName, Set.of()).contains(u.attrValue)) {
            uniques.put(u.scopeType + "\n" + u.attrName + "\n" + u.attrValue, u.ciId);
          }
        }
      }
      referenced.removeAll(items.keySet());
      if (!referenced.isEmpty()) {
        mapper.selectCisByIds(referenced).stream().filter(r -> r.tenantId.equals(tenantId))
            .forEach(r -> items.put(r.id, r));
      }
    }

    @Override
    public UUID uniqueOwner(String scope, String attribute, String value) {
      return uniques.get(scope + "\n" + attribute + "\n" + value);
    }

    @Override
    public CiRow liveItem(String field, UUID id) {
      CiRow row = items.get(id);
      if (row == null) {
        row = mapper.selectCi(id, tenantId);   // referenced by a later row's update only; rare
        if (row != null) {
          items.put(id, row);
        }
      }
      return LiveItems.check(field, id, row);
    }

    private void apply(ItemRow parsed) {
      ItemRow row = parsed;
      if (!parsed.pendingRefs().isEmpty()) {
        Map<String, Object> attributes = new LinkedHashMap<>(parsed.attributes());
        parsed.pendingRefs().forEach((attribute, ref) -> {
          UUID id = refs.get(ref);
          if (id == null) {
            throw new InvalidValueException("attributes." + attribute, "Expected attributes." + attribute + " to be a CI id or "
                + "the ref of an imported item row, but '" + ref + "' is neither" + (failedRefs.contains(ref)
                ? " (the row with ref " + ref + " was not imported)" : ""));
          }
          attributes.put(attribute, id);
        });
        row = new ItemRow(parsed.index(), parsed.ref(), parsed.type(), parsed.name(), parsed.state(), attributes, Map.of(),
            parsed.key());
      }
      List<CiRow> matches = byKey.getOrDefault(row.key(), List.of());
      if (matches.size() > 1) {
        throw new Conflict("Expected at most one " + row.type().identifiedWithin() + " identified by " + row.type().identifiedBy()
            + " as in this row, but " + matches.size() + " items match: " + matches.stream().map(m -> m.name + " (" + m.id + ")").toList());
      }
      if (matches.isEmpty()) {
        create(row);
      } else {
        update(row, matches.get(0));
      }
    }

    private void create(ItemRow row) {
      if (row.name() == null) {
        throw new InvalidInputException("name", "Expected a name for the new " + row.type().name() + ", but the row has none");
      }
      CiState state = row.state() == null ? CiState.IN_USE : row.state();
      if (state == CiState.RETIRED) {
        throw new InvalidValueException("state", "Expected a new CI to start in " + CiState.PLANNED + ", " + CiState.IN_USE
            + " or " + CiState.IN_MAINTENANCE + ", but it is " + CiState.RETIRED);
      }
      Map<String, Object> attributes = new LinkedHashMap<>(row.attributes());
      attributes.values().removeIf(Objects::isNull);
      CmdbServiceImpl.applyDefaults(row.type(), attributes);
      UUID id = Ids.timeOrdered();
      CmdbServiceImpl.checkItem(schema, row.type(), id, row.name(), attributes, this);
      cmdb.requireAuthorised(s, row.type(), id, row.name());
      CiRow ci = new CiRow();
      ci.id = id;
      ci.tenantId = tenantId;
      ci.typeName = row.type().name();
      ci.name = row.name();
      ci.state = state.name();
      ci.attributes = Values.toJson(row.type(), attributes);
      ci.createdAt = s.now();
      ci.createdBy = s.actor().id();
      ci.updatedAt = ci.createdAt;
      ci.updatedBy = ci.createdBy;
      ci.version = 1;
      ci.identKey = row.key();
      inserts.add(ci);
      inserted.add(id);
      items.put(id, ci);
      byKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(ci);
      uniqueChanges(row.type(), id, Map.of(), attributes);
      history.add(CmdbServiceImpl.historyRow(s, ci, "created", null, null,
          CmdbServiceImpl.snapshot(row.type(), ci.name, ci.state, attributes)));
      remember(row.ref(), id);
      created++;
    }

    private void update(ItemRow row, CiRow ci) {
      if (!ci.typeName.equals(row.type().name())) {
        throw new InvalidValueException("type", "Expected the row to identify a " + row.type().name() + ", but it identifies "
            + ci.name + " (" + ci.id + "), a " + ci.typeName);
      }
      if (CiState.RETIRED.name().equals(ci.state)) {
        throw new InvalidValueException("state", "Expected the row to identify a CI in service, but " + ci.name + " ("
            + ci.id + ") is retired");
      }
      remember(row.ref(), ci.id);
      CiType type = row.type();
      Set<String> owned = owned(type);
      Map<String, Object> before = Values.fromJson(type, ci.attributes);
      Map<String, Object> after = new LinkedHashMap<>(before);
      List<String[]> changes = new ArrayList<>();
      String name = ci.name;
      if (row.name() != null && owned.contains("name") && !row.name().equals(ci.name)) {
        name = row.name();
        changes.add(new String[] {"name", Values.json(ci.name), Values.json(name)});
      }
      for (Map.Entry<String, Object> e : row.attributes().entrySet()) {
        if (!owned.contains(e.getKey())) {
          continue;
        }
        if (e.getValue() == null) {
          after.remove(e.getKey());
        } else {
          after.put(e.getKey(), e.getValue());
        }
      }
      CmdbServiceImpl.applyDefaults(type, after);   // before comparing: a removed value with a default is no change
      for (AttributeDefinition a : type.attributes()) {
        if (!Objects.equals(before.get(a.name()), after.get(a.name()))) {
          changes.add(new String[] {a.name(), Values.json(before.get(a.name())), Values.json(after.get(a.name()))});
        }
      }
      CiState from = CiState.valueOf(ci.state);
      CiState to = row.state() != null && owned.contains("state") ? row.state() : from;
      if (to != from && !from.next().contains(to)) {
        throw new IllegalTransitionException(ci.name, from.name(), "Expected CI " + ci.name + " (" + ci.id + ") to move from "
            + from + " to one of " + from.next() + ", but the row says " + to);
      }
      if (changes.isEmpty() && to == from) {
        unchanged++;
        return;
      }
      if (!cmdb.authorised(s, type, ci.id)) {
        for (String[] c : changes) {
          held.add(unauthorisedRow(s, ci, c[0], c[1], c[2]));
        }
        if (to != from) {
          held.add(unauthorisedRow(s, ci, "state", Values.json(from.name()), Values.json(to.name())));
        }
        return;
      }
      CmdbServiceImpl.checkItem(schema, type, ci.id, name, after, this);
      uniqueChanges(type, ci.id, before, after);
      byKey.getOrDefault(ci.identKey, new ArrayList<>()).remove(ci);
      CiRow next = ci.copy();
      next.name = name;
      next.state = to.name();
      next.attributes = Values.toJson(type, after);
      next.identKey = Identification.key(tenantId, type, name, after);
      next.version = ci.version + 1;
      next.updatedAt = s.now();
      next.updatedBy = s.actor().id();
      byKey.computeIfAbsent(next.identKey, k -> new ArrayList<>()).add(next);
      items.put(ci.id, next);
      if (inserted.contains(ci.id)) {
        inserts.replaceAll(r -> r.id.equals(ci.id) ? next : r);
      } else {
        storedVersions.putIfAbsent(ci.id, ci.version);
        updates.put(ci.id, next);   // several rows on one item in a chunk: one write of the last state
      }
      for (String[] c : changes) {
        history.add(CmdbServiceImpl.historyRow(s, next, "updated", c[0], c[1], c[2]));
      }
      if (!next.name.equals(ci.name) || to != from) {
        graphTouched.add(ci.id);   // the impact analysis shows names and skips retired items
      }
      if (to != from) {
        history.add(CmdbServiceImpl.historyRow(s, next, "state", "state", Values.json(from.name()), Values.json(to.name())));
      }
      updated++;
    }

    private void remember(String ref, UUID id) {
      if (ref != null) {
        refs.put(ref, id);
        failedRefs.remove(ref);
      }
    }

    private void uniqueChanges(CiType type, UUID id, Map<String, Object> before, Map<String, Object> after) {
      for (AttributeDefinition a : type.attributes()) {
        Object old = before.get(a.name());
        Object now = after.get(a.name());
        if (!a.unique() || Objects.equals(old, now)) {
          continue;
        }
        String scope = schema.declaringType(type.name(), a.name());
        String[] net = uniqueNet.computeIfAbsent(List.of(id.toString(), scope, a.name()),
            k -> new String[] {old == null || inserted.contains(id) ? null : Values.json(old), null});
        net[1] = now == null ? null : Values.json(now);
        if (old != null) {
          uniques.remove(scope + "\n" + a.name() + "\n" + Values.json(old));
        }
        if (now != null) {
          uniques.put(scope + "\n" + a.name() + "\n" + Values.json(now), id);
        }
      }
    }

    /** Updates and freed unique values first (a new row may take a value freed here), then the new rows in bulk. */
    private void write() {
      CmdbMapper batch = s.batch(CmdbMapper.class);
      for (CiRow row : updates.values()) {
        batch.updateCi(row, storedVersions.get(row.id));
      }
      List<UniqueRow> taken = new ArrayList<>();
      // one delete of the stored value and one insert of the final one per item and attribute
      uniqueNet.forEach((k, v) -> {
        if (v[0] != null && !v[0].equals(v[1])) {
          batch.deleteUnique(tenantId, k.get(1), k.get(2), v[0], UUID.fromString(k.get(0)));
        }
        if (v[1] != null && !v[1].equals(v[0])) {
          UniqueRow u = new UniqueRow();
          u.tenantId = tenantId;
          u.scopeType = k.get(1);
          u.attrName = k.get(2);
          u.attrValue = v[1];
          u.ciId = UUID.fromString(k.get(0));
          taken.add(u);
        }
      });
      for (var result : s.flushBatch()) {
        if (result.getMappedStatement().getId().endsWith(".updateCi")) {
          for (int count : result.getUpdateCounts()) {
            if (count == 0) {
              throw new ConcurrentUpdateException("Expected the CIs this import updates to stay as it read them, but another "
                  + "transaction changed one meanwhile; import again" + done());
            }
          }
        }
      }
      BulkInsert bulk = s.bulk();
      bulk.items(inserts);
      bulk.uniques(taken);
      bulk.history(history);
      recordUnauthorised(s, held);
      if (!inserts.isEmpty() || !updates.isEmpty() || !history.isEmpty() || !held.isEmpty()) {
        s.changed();
      }
      if (!graphTouched.isEmpty()) {
        cmdb.graphChanged(s, tenantId, graphTouched);
      }
    }
  }

  /** Several items match an import row. */
  private static final class Conflict extends InvalidValueException {
    Conflict(String message) {
      super("identifiedBy", message);
    }
  }


  // ------------------------------------------------------------------ relations

  private record RelationRowIn(long index, String label, RelationTypeDefinition type, UUID source, UUID target) {}

  private final class RelationChunk extends Chunk {

    RelationChunk(ItsmSession s, long first, List<JsonNode> input) {
      super(s, first, input);
    }

    @Override
    void run() {
      List<RelationRowIn> parsed = new ArrayList<>();
      for (int i = 0; i < input.size(); i++) {
        JsonNode row = input.get(i);
        String label = row.isObject() ? row.path("source").asText() + " -> " + row.path("target").asText() : null;
        try {
          parsed.add(parse(first + i, label, row));
        } catch (ItsmException e) {
          problem("relations", first + i, label, "rejected", e);
        }
      }
      Set<UUID> ids = new LinkedHashSet<>();
      parsed.forEach(r -> {
        ids.add(r.source());
        ids.add(r.target());
      });
      Map<UUID, CiRow> items = new HashMap<>();
      Set<String> existing = new HashSet<>();
      if (!ids.isEmpty()) {
        mapper.selectCisByIds(ids).stream().filter(r -> r.tenantId.equals(tenantId)).forEach(r -> items.put(r.id, r));
        Set<UUID> sources = new LinkedHashSet<>();
        parsed.forEach(r -> sources.add(r.source()));
        mapper.selectRelationsFrom(sources).stream().filter(r -> r.tenantId.equals(tenantId))
            .forEach(r -> existing.add(r.typeName + "\n" + r.sourceId + "\n" + r.targetId));
      }
      List<RelationRow> inserts = new ArrayList<>();
      List<CiHistoryRow> history = new ArrayList<>();
      List<UnauthorisedRow> held = new ArrayList<>();
      for (RelationRowIn r : parsed) {
        try {
          RelationTypeDefinition d = r.type();
          CiRow from = LiveItems.check("source", r.source(), items.get(r.source()));
          CiRow to = LiveItems.check("target", r.target(), items.get(r.target()));
          CmdbServiceImpl.checkRelation(schema, d, from, to);
          if (!existing.add(d.name() + "\n" + from.id + "\n" + to.id)) {
            relationsUnchanged++;
            continue;
          }
          boolean fromOk = cmdb.authorised(s, schema.type(from.typeName), from.id);
          boolean toOk = cmdb.authorised(s, schema.type(to.typeName), to.id);
          if (!fromOk || !toOk) {
            var reported = Values.mapper().createObjectNode().put("type", d.name()).put("source", from.id.toString())
                .put("target", to.id.toString());
            held.add(unauthorisedRow(s, fromOk ? to : from, RELATION_FIELD + d.name(), null, Values.write(reported)));
            existing.remove(d.name() + "\n" + from.id + "\n" + to.id);
            continue;
          }
          RelationRow row = new RelationRow();
          row.id = Ids.timeOrdered();
          row.tenantId = tenantId;
          row.typeName = d.name();
          row.sourceId = from.id;
          row.targetId = to.id;
          row.createdAt = s.now();
          row.createdBy = s.actor().id();
          inserts.add(row);
          history.add(CmdbServiceImpl.historyRow(s, from, "related", d.name(), null, Values.json(to.id)));
          if (!from.id.equals(to.id)) {
            history.add(CmdbServiceImpl.historyRow(s, to, "related", d.inverseName(), null, Values.json(from.id)));
          }
          relationsCreated++;
        } catch (ItsmException e) {
          problem("relations", r.index(), r.label(), "rejected", e);
        }
      }
      BulkInsert bulk = s.bulk();
      bulk.relations(inserts);
      bulk.history(history);
      recordUnauthorised(s, held);
      if (!inserts.isEmpty() || !held.isEmpty()) {
        s.changed();
      }
      s.flushBatch();
      Set<UUID> touched = new LinkedHashSet<>();
      inserts.forEach(r -> {
        touched.add(r.sourceId);
        touched.add(r.targetId);
      });
      if (!touched.isEmpty()) {
        cmdb.graphChanged(s, tenantId, touched);
      }
    }

    private RelationRowIn parse(long index, String label, JsonNode row) {
      onlyKeys(row, RELATION_KEYS, "relations");
      String typeName = text(row, "type");
      RelationType type = typeName == null ? null : schema.relationType(typeName);
      if (type == null) {
        throw new InvalidValueException("type", "Expected a known relation type, but '" + typeName + "' is unknown");
      }
      return new RelationRowIn(index, label, type.definition(), end(row, "source"), end(row, "target"));
    }

    /** An item row's ref, or an item id. */
    private UUID end(JsonNode row, String end) {
      String value = text(row, end);
      if (value == null) {
        throw new InvalidInputException(end, "Expected a " + end + " (an item row's ref or a CI id), but it is missing");
      }
      UUID id = refs.get(value);
      if (id != null) {
        return id;
      }
      if (failedRefs.contains(value)) {
        throw new InvalidValueException(end, "Expected " + end + " to name an imported item, but the row with ref " + value
            + " was not imported");
      }
      try {
        return UUID.fromString(value);
      } catch (IllegalArgumentException e) {
        throw new InvalidValueException(end, "Expected " + end + " to be an item row's ref or a CI id, but '" + value
            + "' is neither");
      }
    }
  }
}
