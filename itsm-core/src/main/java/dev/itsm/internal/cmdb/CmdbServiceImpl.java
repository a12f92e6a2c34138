package dev.itsm.internal.cmdb;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.itsm.api.Actor;
import dev.itsm.api.ChangeControlledException;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Page;
import dev.itsm.api.Permission;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.Baseline;
import dev.itsm.api.cmdb.BaselineDiff;
import dev.itsm.api.cmdb.AttributeType;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.cmdb.CiQuery;
import dev.itsm.api.cmdb.CiRef;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CiType;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.ImpactGap;
import dev.itsm.api.cmdb.ImportOptions;
import dev.itsm.api.cmdb.ImportReport;
import dev.itsm.api.cmdb.ImportSource;
import dev.itsm.api.cmdb.UnauthorisedChange;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.cmdb.RelatedItem;
import dev.itsm.api.cmdb.Relation;
import dev.itsm.api.cmdb.RelationType;
import dev.itsm.api.cmdb.RelationTypeDefinition;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.internal.persistence.BaselineItemRow;
import dev.itsm.internal.persistence.BaselineRow;
import dev.itsm.internal.persistence.CiHistoryRow;
import dev.itsm.internal.persistence.CiRow;
import dev.itsm.internal.persistence.CiTypeRow;
import dev.itsm.internal.persistence.CmdbMapper;
import dev.itsm.internal.persistence.Ids;
import dev.itsm.internal.persistence.RelationRow;
import dev.itsm.internal.persistence.RelationTypeRow;
import dev.itsm.internal.persistence.UnauthorisedRow;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import dev.itsm.spi.ChangeControl;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The CMDB service. Type schemas are cached (Caffeine) for {@link #SCHEMA_TTL} at most, so a type
 * change made on another node is seen within that time; a change made here is seen at once after
 * it commits (and inside its own unit of work before). Impact analyses walk the cached relation
 * graph of the tenant ({@link GraphCache}); every write that changes it reports the items it
 * touched.
 */
public final class CmdbServiceImpl implements CmdbService {
  /** How long another node may read an old type schema. */
  public static final Duration SCHEMA_TTL = Duration.ofSeconds(5);
  private static final Object SCHEMA_KEY = new Object();
  private static final int MAX_NAME = 200;
  /** The default model shipped with the library. */
  public static final String DEFAULT_MODEL = "/dev/itsm/cmdb/default-types.json";

  private final Tx tx;
  private final AccessPolicy access;
  private final ChangeControl changeControl;
  private final Cache<Object, TypeSchema> schemas = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(SCHEMA_TTL).build();
  private final GraphCache graph;

  public CmdbServiceImpl(Tx tx, AccessPolicy access, ChangeControl changeControl, GraphCache graph) {
    this.tx = tx;
    this.access = access;
    this.changeControl = changeControl;
    this.graph = graph;
  }

  /**
   * For writes outside this class (the bulk import): records in the unit of work that the items'
   * place in the relation graph changed - relations of theirs added or removed, their name changed,
   * retired - so that every engine's cached graph reloads them (see {@link GraphCache#touched}).
   * Call it in the unit that writes, with every item whose relations, name or retirement it changed
   * (both ends of a relation); new items without relations need no call.
   */
  void graphChanged(ItsmSession s, String tenantId, Collection<UUID> ciIds) {
    graph.touched(s, tenantId, ciIds);
  }

  // ---------------------------------------------------------------- types

  @Override
  public CiType defineType(Actor actor, CiTypeDefinition definition) {
    Objects.requireNonNull(definition, "definition");
    return define(actor, List.of(definition)).get(0);
  }

  @Override
  public List<CiType> defineTypes(Actor actor, InputStream typeFile) {
    return as(actor, Permission.CMDB_TYPES, s -> {
      TypeDefinitions.TypeFile file = TypeDefinitions.readFile(typeFile);
      List<CiType> types = defineIn(s, file.types());
      for (RelationTypeDefinition relationType : file.relationTypes()) {
        defineRelationIn(s, relationType);
      }
      for (ImportSource source : file.sources()) {
        defineSourceIn(s, source);
      }
      return types;
    });
  }

  @Override
  public RelationType defineRelationType(Actor actor, RelationTypeDefinition definition) {
    return as(actor, Permission.CMDB_TYPES, s -> {
      return defineRelationIn(s, Objects.requireNonNull(definition, "definition"));
    });
  }

  private RelationType defineRelationIn(ItsmSession s, RelationTypeDefinition definition) {
    TypeSchema before = schema(s);
    CmdbMapper mapper = s.mapper(CmdbMapper.class);
    RelationTypeDefinition changed = TypeDefinitions.checkRelationType(before, definition,
        () -> mapper.countRelationsOfType(definition.name()));
    if (changed == null) {
      return before.relationType(definition.name());
    }
    TypeSchema after = before.with(changed);
    RelationTypeRow row = new RelationTypeRow();
    row.name = changed.name();
    row.definition = TypeDefinitions.relationToJson(changed);
    row.version = after.relationVersion(changed.name());
    row.updatedAt = s.now();
    row.updatedBy = s.actor().id();
    long oldVersion = before.relationVersion(changed.name());
    s.changed();
    store("relation type " + changed.name(), oldVersion, () -> mapper.insertRelationType(row),
        () -> mapper.updateRelationType(row, oldVersion));
    changedSchema(s, after);
    return after.relationType(changed.name());
  }

  /**
   * Inserts a definition row (version 0: it is new) or updates the one read at {@code oldVersion};
   * an update that finds another version is a {@link ConcurrentUpdateException} naming {@code what}.
   */
  private static void store(String what, long oldVersion, Runnable insert, java.util.function.IntSupplier update) {
    if (oldVersion == 0) {
      insert.run();
    } else if (update.getAsInt() != 1) {
      throw new ConcurrentUpdateException("Expected " + what + " at version " + oldVersion
          + ", but another transaction changed it first; reload and retry");
    }
  }

  /** Runs {@code work} as one unit of work for an actor that must hold the permission. */
  <T> T as(Actor actor, Permission permission, java.util.function.Function<ItsmSession, T> work) {
    return tx.execute(actor, s -> {
      access.require(actor, permission);
      return work.apply(s);
    });
  }

  private void changedSchema(ItsmSession s, TypeSchema after) {
    if (s.locals().put(SCHEMA_KEY, after) == null) {
      s.afterCommit(schemas::invalidateAll);
    }
  }

  @Override
  public List<RelationType> relationTypes(Actor actor) {
    return as(actor, Permission.CMDB_READ, s -> {
      return List.copyOf(schema(s).relationTypes());
    });
  }

  @Override
  public List<ImpactGap> impactGaps(Actor actor) {
    return as(actor, Permission.CMDB_READ, s -> {
      TypeSchema schema = schema(s);
      List<ImpactGap> gaps = new ArrayList<>();
      for (RelationType relationType : schema.relationTypes()) {
        RelationTypeDefinition d = relationType.definition();
        if (d.impact() != null) {
          continue;
        }
        for (CiType type : schema.all()) {
          if (!schema.allowed(type.name(), d.affectedTypes())) {
            continue;
          }
          boolean ruled = schema.lineage(type.name()).stream().anyMatch(t -> d.impactByType().containsKey(t.name()));
          if (!ruled) {
            gaps.add(new ImpactGap(d.name(), type.name(), d.affects()));
          }
        }
      }
      return gaps;
    });
  }

  @Override
  public Relation relate(Actor actor, String type, UUID source, UUID target) {
    return as(actor, Permission.CMDB_WRITE, s -> {
      TypeSchema schema = schema(s);
      RelationType relationType = type == null ? null : schema.relationType(type);
      if (relationType == null) {
        throw new InvalidValueException("type", "Expected a known relation type " + schema.relationTypes().stream()
            .map(RelationType::name).toList() + ", but '" + type + "' is unknown");
      }
      RelationTypeDefinition d = relationType.definition();
      CiRow from = relationEnd(s, actor, "source", source);
      CiRow to = relationEnd(s, actor, "target", target);
      checkRelation(schema, d, from, to);
      requireAuthorised(s, schema, from);
      requireAuthorised(s, schema, to);
      CmdbMapper mapper = s.mapper(CmdbMapper.class);
      if (mapper.selectRelationBetween(actor.tenantId(), d.name(), source, target) != null) {
        throw new InvalidValueException("target", "Expected a new relation, but " + from.name + " " + d.name() + " " + to.name
            + " exists already");
      }
      RelationRow row = new RelationRow();
      row.id = Ids.timeOrdered();
      row.tenantId = actor.tenantId();
      row.typeName = d.name();
      row.sourceId = source;
      row.targetId = target;
      row.createdAt = s.now();
      row.createdBy = actor.id();
      s.changed();
      mapper.insertRelation(row);
      history(s, from, "related", d.name(), null, Values.json(target));
      if (!source.equals(target)) {
        history(s, to, "related", d.inverseName(), null, Values.json(source));
      }
      graph.touched(s, actor.tenantId(), List.of(source, target));
      return toRelation(row);
    });
  }

  @Override
  public void unrelate(Actor actor, UUID relationId) {
    as(actor, Permission.CMDB_WRITE, s -> {
      Objects.requireNonNull(relationId, "relationId");
      CmdbMapper mapper = s.mapper(CmdbMapper.class);
      RelationRow row = mapper.selectRelation(relationId, actor.tenantId());
      if (row == null) {
        throw new NotFoundException("Expected a relation with id " + relationId + ", but there is none");
      }
      TypeSchema schema = schema(s);
      RelationTypeDefinition d = schema.relationType(row.typeName).definition();
      CiRow from = load(s, actor, row.sourceId);
      CiRow to = load(s, actor, row.targetId);
      requireAuthorised(s, schema, from);
      requireAuthorised(s, schema, to);
      s.changed();
      mapper.deleteRelation(row.id);
      history(s, from, "unrelated", d.name(), Values.json(row.targetId), null);
      if (!row.sourceId.equals(row.targetId)) {
        history(s, to, "unrelated", d.inverseName(), Values.json(row.sourceId), null);
      }
      graph.touched(s, actor.tenantId(), List.of(row.sourceId, row.targetId));
      return null;
    });
  }

  @Override
  public List<Relation> relations(Actor actor, UUID ciId) {
    return as(actor, Permission.CMDB_READ, s -> {
      load(s, actor, ciId);
      return s.mapper(CmdbMapper.class).selectRelationsOf(ciId, actor.tenantId()).stream().map(CmdbServiceImpl::toRelation).toList();
    });
  }

  @Override
  public List<ImpactedCi> impact(Actor actor, ImpactQuery query) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(query, "query");
    TypeSchema cachedSchema = schemas.getIfPresent(SCHEMA_KEY);
    if (cachedSchema != null && !Tx.inUnit()) {
      // outside a unit, on a graph that needs no database read: no transaction at all
      access.require(actor, Permission.CMDB_READ);
      check(cachedSchema, query);
      List<ImpactedCi> found = graph.impactOnCachedGraph(actor.tenantId(), cachedSchema, query);
      if (found != null) {
        return found;
      }
    }
    return as(actor, Permission.CMDB_READ, s -> {
      TypeSchema schema = schema(s);
      check(schema, query);
      return graph.impact(s, actor.tenantId(), schema, query);   // which fails on an unknown item
    });
  }

  private static void check(TypeSchema schema, ImpactQuery query) {
    if (query.maxDepth() != null && query.maxDepth() < 1) {
      throw new InvalidValueException("maxDepth", "Expected a maxDepth of at least 1, but it is " + query.maxDepth());
    }
    for (String type : query.types()) {
      if (!schema.has(type)) {
        throw new InvalidValueException("types", "Expected known CI types to report, but '" + type + "' is unknown");
      }
    }
    Objects.requireNonNull(query.ciId(), "ciId");
  }

  /** The type whose items {@link #affectedServices} reports (with its subtypes). */
  static final String SERVICE_TYPE = "BusinessService";

  @Override
  public List<ImpactedCi> affectedServices(Actor actor, Collection<UUID> failing) {
    return as(actor, Permission.CMDB_READ, s -> {
      Objects.requireNonNull(failing, "failing");
      if (failing.size() > 1000) {
        throw new InvalidValueException("failing", "Expected at most 1000 failing items, but there are " + failing.size());
      }
      List<UUID> starts = new ArrayList<>(new java.util.LinkedHashSet<>(failing));
      if (starts.isEmpty()) {
        return List.of();
      }
      starts.forEach(id -> Objects.requireNonNull(id, "failing item id"));
      ImpactQuery query = ImpactQuery.downstream(starts.get(0)).ofTypes(SERVICE_TYPE);
      return graph.impact(s, actor.tenantId(), schema(s), starts, query, true);
    });
  }

  /**
   * {@link #affectedServices(Actor, Collection)} in a unit of work that runs already (or a read-only
   * one), for the engine's own use: no permission check, ids of the tenant taken as they are.
   */
  public List<ImpactedCi> affectedServices(ItsmSession s, String tenantId, Collection<UUID> failing) {
    List<UUID> starts = new ArrayList<>(new java.util.LinkedHashSet<>(failing));
    if (starts.isEmpty()) {
      return List.of();
    }
    ImpactQuery query = ImpactQuery.downstream(starts.get(0)).ofTypes(SERVICE_TYPE);
    return graph.impact(s, tenantId, schema(s), starts, query, true);
  }

  @Override
  public List<RelatedItem> relationsAsOf(Actor actor, UUID ciId, Instant at) {
    return as(actor, Permission.CMDB_READ, s -> {
      Objects.requireNonNull(at, "at");
      loadAt(s, actor, ciId, at);
      java.util.Set<RelatedItem> related = new java.util.TreeSet<>(
          Comparator.comparing(RelatedItem::relation).thenComparing(RelatedItem::other));
      for (CiHistoryRow h : s.mapper(CmdbMapper.class).selectHistory(ciId)) {
        if (h.occurredAt.isAfter(at)) {
          break;
        }
        if ("related".equals(h.action)) {
          related.add(new RelatedItem(h.field, UUID.fromString(Values.read(h.newValue).asText())));
        } else if ("unrelated".equals(h.action)) {
          related.remove(new RelatedItem(h.field, UUID.fromString(Values.read(h.oldValue).asText())));
        }
      }
      return List.copyOf(related);
    });
  }

  /** The ends' types are allowed by the relation type, and a self-relation only where it allows one. */
  static void checkRelation(TypeSchema schema, RelationTypeDefinition d, CiRow from, CiRow to) {
    if (!schema.allowed(from.typeName, d.sourceTypes())) {
      throw new InvalidValueException("source", "Expected the source of " + d.name() + " to be one of " + d.sourceTypes()
          + ", but " + from.name + " is a " + from.typeName);
    }
    if (!schema.allowed(to.typeName, d.targetTypes())) {
      throw new InvalidValueException("target", "Expected the target of " + d.name() + " to be one of " + d.targetTypes()
          + ", but " + to.name + " is a " + to.typeName);
    }
    if (from.id.equals(to.id) && !d.allowSelf()) {
      throw new InvalidValueException("target", "Expected " + from.name + " not to relate to itself by " + d.name()
          + ", but source and target are the same");
    }
  }

  private static CiRow relationEnd(ItsmSession s, Actor actor, String end, UUID id) {
    if (id == null) {
      throw new InvalidInputException(end, "Expected a " + end + " CI, but it is missing");
    }
    return LiveItems.require(s, actor.tenantId(), end, id);
  }

  static Relation toRelation(RelationRow row) {
    return new Relation(row.id, row.typeName, row.sourceId, row.targetId, row.createdAt, row.createdBy);
  }

  /** The library's default types (docs/cmdb.md), those not defined yet: a host may have extended the others. */
  public void defineDefaultModel() {
    tx.execute(Actor.system(), s -> {
      TypeDefinitions.TypeFile file;
      try (InputStream in = CmdbServiceImpl.class.getResourceAsStream(DEFAULT_MODEL)) {
        file = TypeDefinitions.readFile(in);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      TypeSchema schema = schema(s);
      List<CiTypeDefinition> missing = file.types().stream().filter(d -> !schema.has(d.name())).toList();
      if (!missing.isEmpty()) {
        defineIn(s, missing);
      }
      for (RelationTypeDefinition relationType : file.relationTypes()) {
        if (schema(s).relationType(relationType.name()) == null) {
          defineRelationIn(s, relationType);
        }
      }
      return null;
    });
  }

  private List<CiType> define(Actor actor, List<CiTypeDefinition> definitions) {
    return as(actor, Permission.CMDB_TYPES, s -> defineIn(s, definitions));
  }

  private List<CiType> defineIn(ItsmSession s, List<CiTypeDefinition> definitions) {
    TypeSchema before = schema(s);
    CmdbMapper mapper = s.mapper(CmdbMapper.class);
    TypeSchema after = TypeDefinitions.apply(before, definitions,
        type -> mapper.countCisOfTypes(List.of(type)));
    if (after != before) {
      s.changed();
      Instant now = s.now();
      for (CiTypeDefinition d : definitions) {
        long oldVersion = before.version(d.name());
        if (after.version(d.name()) == oldVersion) {
          continue;
        }
        CiTypeRow row = new CiTypeRow();
        row.name = d.name();
        row.parentName = d.parent();
        row.changeControlled = d.changeControlled();
        row.definition = TypeDefinitions.toJson(after.definition(d.name()));
        row.version = after.version(d.name());
        row.updatedAt = now;
        row.updatedBy = s.actor().id();
        store("CI type " + d.name(), oldVersion, () -> mapper.insertType(row), () -> mapper.updateType(row, oldVersion));
      }
      changedSchema(s, after);
      rekey(s, before, after);
    }
    return definitions.stream().map(d -> after.type(d.name())).toList();
  }

  /** Recomputes the identification keys of the items of every type whose identification rule changed. */
  private static void rekey(ItsmSession s, TypeSchema before, TypeSchema after) {
    CmdbMapper mapper = s.mapper(CmdbMapper.class);
    for (CiType type : after.all()) {
      CiType old = before.has(type.name()) ? before.type(type.name()) : null;
      if (old == null || old.identifiedBy().equals(type.identifiedBy()) && old.identifiedWithin().equals(type.identifiedWithin())) {
        continue;
      }
      List<CiRow> page;
      UUID last = null;
      do {
        page = mapper.selectCisOfTypeAfter(type.name(), last, 1000);
        for (CiRow row : page) {
          mapper.updateIdentKey(row.id, Identification.key(row.tenantId, type, row.name, Values.fromJson(type, row.attributes)));
          last = row.id;
        }
      } while (page.size() == 1000);
    }
  }

  // ---------------------------------------------------------------- import sources and import

  @Override
  public ImportSource defineSource(Actor actor, ImportSource source) {
    return as(actor, Permission.CMDB_TYPES, s -> defineSourceIn(s, Objects.requireNonNull(source, "source")));
  }

  private ImportSource defineSourceIn(ItsmSession s, ImportSource source) {
    ImportSource checked = ImportSources.check(schema(s), source);
    CmdbMapper mapper = s.mapper(CmdbMapper.class);
    RelationTypeRow old = ImportSources.row(mapper, source.name());
    if (old != null && ImportSources.fromJson(old.definition).equals(checked)) {
      return checked;
    }
    RelationTypeRow row = new RelationTypeRow();
    row.name = checked.name();
    row.definition = ImportSources.toJson(checked);
    row.version = old == null ? 1 : old.version + 1;
    row.updatedAt = s.now();
    row.updatedBy = s.actor().id();
    s.changed();
    long oldVersion = old == null ? 0 : old.version;
    store("import source " + checked.name(), oldVersion, () -> mapper.insertSource(row),
        () -> mapper.updateSource(row, oldVersion));
    return checked;
  }

  @Override
  public List<ImportSource> sources(Actor actor) {
    return as(actor, Permission.CMDB_READ, s -> s.mapper(CmdbMapper.class).selectSources().stream()
        .map(r -> ImportSources.fromJson(r.definition)).toList());
  }

  @Override
  public ImportReport importFeed(Actor actor, InputStream feed, ImportOptions options) {
    return new CmdbImport(this, tx, access).run(actor, feed, options);
  }

  @Override
  public Page<UnauthorisedChange> unauthorisedChanges(Actor actor, String status, int offset, int limit) {
    return as(actor, Permission.CMDB_READ, s -> {
      if (status != null && !List.of("OPEN", "APPLIED", "DISMISSED").contains(status)) {
        throw new InvalidValueException("status", "Expected status OPEN, APPLIED, DISMISSED or none, but it is '" + status + "'");
      }
      if (limit < 1 || limit > 1000 || offset < 0) {
        throw new InvalidValueException(offset < 0 ? "offset" : "limit", "Expected offset of 0 or more and limit between 1 and 1000, "
            + "but they are " + offset + " and " + limit);
      }
      CmdbMapper mapper = s.mapper(CmdbMapper.class);
      List<UnauthorisedChange> items = mapper.selectUnauthorised(actor.tenantId(), status, offset, limit).stream()
          .map(CmdbServiceImpl::toUnauthorised).toList();
      return new Page<>(items, mapper.countUnauthorised(actor.tenantId(), status), offset, limit);
    });
  }

  @Override
  public UnauthorisedChange reviewUnauthorisedChange(Actor actor, UUID id, boolean apply, String note) {
    return as(actor, Permission.CMDB_WRITE, s -> {
      Objects.requireNonNull(id, "id");
      if (note != null && note.length() > 2000) {
        throw new InvalidValueException("note", "Expected a note of at most 2000 characters, but it has " + note.length());
      }
      CmdbMapper mapper = s.mapper(CmdbMapper.class);
      UnauthorisedRow row = mapper.selectUnauthorisedById(actor.tenantId(), id);
      if (row == null) {
        throw new NotFoundException("Expected an unauthorised change with id " + id + ", but there is none");
      }
      if (!"OPEN".equals(row.status)) {
        throw new IllegalTransitionException(id.toString(), row.status, "Expected unauthorised change " + id
            + " to be OPEN for review, but it is " + row.status);
      }
      if (apply) {
        ImportSources.apply(this, actor, row);
      }
      row.status = apply ? "APPLIED" : "DISMISSED";
      row.reviewedAt = s.now();
      row.reviewedBy = actor.id();
      row.reviewNote = note;
      s.changed();
      if (mapper.reviewUnauthorised(id, row.status, row.reviewedAt, row.reviewedBy, note) != 1) {
        throw new ConcurrentUpdateException("Expected unauthorised change " + id + " to be OPEN, but another transaction "
            + "reviewed it first; reload");
      }
      return toUnauthorised(row);
    });
  }

  static UnauthorisedChange toUnauthorised(UnauthorisedRow r) {
    return new UnauthorisedChange(r.id, r.ciId, r.sourceName, r.field, r.currentValue, r.reported, r.reportedAt, r.status,
        r.reviewedBy, r.reviewNote);
  }

  @Override
  public CiType type(Actor actor, String name) {
    return as(actor, Permission.CMDB_READ, s -> {
      return schema(s).type(Objects.requireNonNull(name, "name"));
    });
  }

  @Override
  public List<CiType> types(Actor actor) {
    return as(actor, Permission.CMDB_READ, s -> {
      return List.copyOf(schema(s).all());
    });
  }

  @Override
  public List<String> typeAndSubtypes(Actor actor, String name) {
    return as(actor, Permission.CMDB_READ, s -> {
      return schema(s).typeAndSubtypes(Objects.requireNonNull(name, "name"));
    });
  }

  /** The schema this unit of work sees: its own if it changed types, else the cached one. */
  TypeSchema schema(ItsmSession s) {
    Object local = s.locals().get(SCHEMA_KEY);
    if (local != null) {
      return (TypeSchema) local;
    }
    return schemas.get(SCHEMA_KEY, k -> load(s));
  }

  private static TypeSchema load(ItsmSession s) {
    Map<String, CiTypeDefinition> definitions = new LinkedHashMap<>();
    Map<String, Long> versions = new LinkedHashMap<>();
    for (CiTypeRow row : s.mapper(CmdbMapper.class).selectTypes()) {
      definitions.put(row.name, TypeDefinitions.fromJson(row.definition));
      versions.put(row.name, row.version);
    }
    Map<String, RelationType> relationTypes = new LinkedHashMap<>();
    for (RelationTypeRow row : s.mapper(CmdbMapper.class).selectRelationTypes()) {
      relationTypes.put(row.name, new RelationType(TypeDefinitions.relationFromJson(row.definition), row.version));
    }
    return new TypeSchema(definitions, versions, relationTypes);
  }

  // ---------------------------------------------------------------- items

  @Override
  public Ci create(Actor actor, NewCi ci) {
    return as(actor, Permission.CMDB_WRITE, s -> {
      Objects.requireNonNull(ci, "ci");
      TypeSchema schema = schema(s);
      if (ci.type() == null || ci.type().isBlank()) {
        throw new InvalidInputException("type", "Expected a CI type, but it is " + (ci.type() == null ? "missing" : "blank"));
      }
      if (!schema.has(ci.type())) {
        throw new InvalidValueException("type", "Expected a known CI type, but '" + ci.type() + "' is unknown");
      }
      CiType type = schema.type(ci.type());
      String name = checkName(ci.name());
      if (ci.state() == CiState.RETIRED) {
        throw new InvalidValueException("state", "Expected a new CI to start in " + CiState.PLANNED + ", "
            + CiState.IN_USE + " or " + CiState.IN_MAINTENANCE + ", but it is " + CiState.RETIRED);
      }
      Map<String, Object> attributes = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ci.attributes().entrySet()) {
        attributes.put(e.getKey(), convert(type, e.getKey(), e.getValue()));
      }
      applyDefaults(type, attributes);
      UUID id = Ids.timeOrdered();
      checkItem(schema, type, id, name, attributes, lookups(s));
      requireAuthorised(s, type, id, name);
      Instant now = s.now();
      CiRow row = new CiRow();
      row.id = id;
      row.tenantId = actor.tenantId();
      row.typeName = type.name();
      row.name = name;
      row.state = ci.state().name();
      row.attributes = Values.toJson(type, attributes);
      row.createdAt = now;
      row.createdBy = actor.id();
      row.updatedAt = now;
      row.updatedBy = actor.id();
      row.version = 1;
      row.identKey = Identification.key(row.tenantId, type, name, attributes);
      CmdbMapper mapper = s.mapper(CmdbMapper.class);
      s.changed();   // from here a failure rolls the unit back, even when a caller catches it
      mapper.insertCi(row);
      indexUnique(s, schema, type, id, Map.of(), attributes);
      history(s, row, "created", null, null, snapshot(type, row.name, row.state, attributes));
      return toCi(type, row);
    });
  }

  @Override
  public Ci get(Actor actor, UUID id) {
    return as(actor, Permission.CMDB_READ, s -> {
      CiRow row = load(s, actor, id);
      return toCi(schema(s).type(row.typeName), row);
    });
  }

  @Override
  public Ci update(Actor actor, CiRef ref, Map<String, Object> changes) {
    return as(actor, Permission.CMDB_WRITE, s -> {
      Objects.requireNonNull(changes, "changes");
      CiRow row = loadForChange(s, actor, ref, "update");
      TypeSchema schema = schema(s);
      CiType type = schema.type(row.typeName);
      Map<String, Object> before = Values.fromJson(type, row.attributes);
      Map<String, Object> after = new LinkedHashMap<>(before);
      String name = row.name;
      for (Map.Entry<String, Object> e : changes.entrySet()) {
        if ("name".equals(e.getKey())) {
          name = checkName(e.getValue() instanceof String n ? n : e.getValue() == null ? null : e.getValue().toString());
          continue;
        }
        Object value = convert(type, e.getKey(), e.getValue());
        if (value == null) {
          after.remove(e.getKey());
        } else {
          after.put(e.getKey(), value);
        }
      }
      applyDefaults(type, after);
      checkItem(schema, type, row.id, name, after, lookups(s));
      List<String[]> changed = new ArrayList<>();
      if (!name.equals(row.name)) {
        changed.add(new String[] {"name", Values.json(row.name), Values.json(name)});
      }
      for (AttributeDefinition a : type.attributes()) {
        Object old = before.get(a.name());
        Object now = after.get(a.name());
        if (!Objects.equals(old, now)) {
          changed.add(new String[] {a.name(), Values.json(old), Values.json(now)});
        }
      }
      if (changed.isEmpty()) {
        return toCi(type, row);
      }
      requireAuthorised(s, type, row.id, row.name);
      s.changed();
      indexUnique(s, schema, type, row.id, before, after);
      boolean renamed = !name.equals(row.name);
      row.name = name;
      row.attributes = Values.toJson(type, after);
      row.identKey = Identification.key(row.tenantId, type, name, after);
      write(s, row);
      if (renamed) {
        graph.touched(s, actor.tenantId(), List.of(row.id));   // impact analyses report names
      }
      for (String[] c : changed) {
        history(s, row, "updated", c[0], c[1], c[2]);
      }
      return toCi(type, row);
    });
  }

  @Override
  public Ci changeState(Actor actor, CiRef ref, CiState target) {
    return as(actor, Permission.CMDB_WRITE, s -> {
      Objects.requireNonNull(target, "target");
      CiRow row = loadForChange(s, actor, ref, "move to " + target);
      CiState from = CiState.valueOf(row.state);
      if (!from.next().contains(target)) {
        throw new IllegalTransitionException(row.name, from.name(), "Expected CI " + row.name + " (" + row.id + ") to move from "
            + from + " to one of " + from.next() + ", but the request is " + target);
      }
      CiType type = schema(s).type(row.typeName);
      requireAuthorised(s, type, row.id, row.name);
      row.state = target.name();
      write(s, row);
      if (target == CiState.RETIRED) {
        graph.touched(s, actor.tenantId(), List.of(row.id));   // the only state the impact analysis tells apart
      }
      history(s, row, "state", "state", Values.json(from.name()), Values.json(target.name()));
      return toCi(type, row);
    });
  }

  @Override
  public Page<Ci> query(Actor actor, CiQuery query) {
    return as(actor, Permission.CMDB_READ, s -> {
      Objects.requireNonNull(query, "query");
      if (query.limit() < 1 || query.limit() > 1000) {
        throw new InvalidValueException("limit", "Expected limit between 1 and 1000, but it is " + query.limit());
      }
      if (query.offset() < 0) {
        throw new InvalidValueException("offset", "Expected offset of 0 or more, but it is " + query.offset());
      }
      TypeSchema schema = schema(s);
      dev.itsm.internal.persistence.CiCriteria c = criteria(schema, actor, query);
      c.offset = query.offset();
      c.limit = query.limit();
      CmdbMapper mapper = s.mapper(CmdbMapper.class);
      long total = mapper.countCis(c);
      List<Ci> items = mapper.selectCis(c).stream().map(r -> toCi(schema.type(r.typeName), r)).toList();
      return new Page<>(items, total, query.offset(), query.limit());
    });
  }

  /** A query's filters and order as the mapper takes them (paging not set). */
  private static dev.itsm.internal.persistence.CiCriteria criteria(TypeSchema schema, Actor actor, CiQuery query) {
    var c = new dev.itsm.internal.persistence.CiCriteria();
    c.tenantId = actor.tenantId();
    if (query.type() != null) {
      if (!schema.has(query.type())) {
        throw new InvalidValueException("type", "Expected a known CI type, but '" + query.type() + "' is unknown");
      }
      c.types = query.exactType() ? List.of(query.type()) : schema.typeAndSubtypes(query.type());
    }
    c.state = query.state() == null ? null : query.state().name();
    c.name = query.nameContains() == null || query.nameContains().isBlank() ? null
        : "%" + likeEscaped(query.nameContains().toLowerCase(Locale.ROOT)) + "%";
    c.relatedTo = query.relatedTo();
    whereValues(schema, query).forEach((attribute, value) -> c.attributes.add(attributeMatch(attribute, value)));
    if (query.text() != null && !query.text().isBlank()) {
      c.textName = "%" + likeEscaped(query.text().toLowerCase(Locale.ROOT)) + "%";
      // inside the JSON text a value's quotes, backslashes and control characters are escaped:
      // look for the text as it is written there (the JSON string without its quotes)
      String json = Values.json(query.text());
      c.textAttributes = "%" + likeEscaped(json.substring(1, json.length() - 1).toLowerCase(Locale.ROOT)) + "%";
    }
    c.sort = query.sort().name();
    c.descending = query.descending();
    return c;
  }

  /**
   * The query's attribute filters with their values converted as a write converts them
   * ({@code null}: not set), in the query's order; an {@link InvalidValueException} on
   * {@code where.<attribute>} when the query names no type, the type lacks the attribute or the
   * value does not fit it.
   */
  private static Map<String, Object> whereValues(TypeSchema schema, CiQuery query) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : query.where().entrySet()) {
      String attribute = e.getKey();
      String field = "where." + attribute;
      if (query.type() == null) {
        throw new InvalidValueException(field, "Expected a CI type in a query that filters on attribute " + attribute
            + ", but the query names none");
      }
      CiType type = schema.type(query.type());
      AttributeDefinition a = type.attribute(attribute).orElseThrow(() -> new InvalidValueException(field,
          "Expected an attribute of CI type " + type.name() + " " + type.attributes().stream().map(AttributeDefinition::name).toList()
              + ", but '" + attribute + "' is not one"));
      values.put(attribute, Values.convert(field, "attribute " + attribute + " of CI type " + type.name(), a, e.getValue()));
    }
    return values;
  }

  /**
   * The condition for one attribute value on the attributes column, which holds the item's values
   * as compact JSON written by {@link Values#toJson}: one flat object, keys in double quotes, each
   * value in one canonical form ({@link Values#json}). An item has {@code attribute = v} exactly
   * when that text contains {@code "attribute":J}, {@code J} being the canonical JSON of {@code v},
   * followed, when {@code J} is a number or boolean, by a comma or a closing brace (so 8 matches
   * neither 80 nor 8.5, true not a longer token). Why no other place can match:
   * <ul>
   *   <li>the fragment can only start at a key. Inside a string value every {@code "} is written
   *   escaped ({@code \"}); had the fragment's first quote been such an escaped one, its second
   *   quote (right after the attribute name) would be escaped too, so the name would end in
   *   {@code \}, which attribute names ({@code [A-Za-z][A-Za-z0-9_]*}) cannot. A value's opening
   *   quote cannot start it either (the quote after the name would then be the value's closing
   *   quote, which a comma or a closing brace follows, never a colon), nor any closing quote
   *   (followed by a comma, a closing brace or a colon, never a letter);</li>
   *   <li>at a key, the keys of one object are distinct, so it is this attribute's value;</li>
   *   <li>a string value ends at its first unescaped quote; {@code J} is the whole encoded string
   *   including that quote, so a text value matches only the same text ("Linux" not "Linux 6.6",
   *   and a stored {@code Linux\} written {@code "Linux\\"} not {@code Linux}); numbers and booleans
   *   have no closing quote, hence the comma or brace after them;</li>
   *   <li>the types listed share the attribute with one definition (a subtype cannot redeclare an
   *   inherited attribute, and the stored type of an attribute never changes), so stored values
   *   of it are canonical values of the same attribute type as {@code v}.</li>
   * </ul>
   * A {@code null} value means "not set": values are never stored as JSON null, so no
   * {@code "attribute":} key at all. The pattern is LIKE-escaped, so {@code %}, {@code _} and
   * {@code \} in values are literal.
   */
  private static dev.itsm.internal.persistence.CiCriteria.AttributeMatch attributeMatch(String attribute, Object value) {
    String key = likeEscaped(Values.json(attribute) + ":");
    if (value == null) {
      return new dev.itsm.internal.persistence.CiCriteria.AttributeMatch("%" + key + "%", null, true);
    }
    String json = likeEscaped(Values.json(value));
    if (json.endsWith("\"")) {
      return new dev.itsm.internal.persistence.CiCriteria.AttributeMatch("%" + key + json + "%", null, false);
    }
    return new dev.itsm.internal.persistence.CiCriteria.AttributeMatch("%" + key + json + ",%", "%" + key + json + "}%", false);
  }

  /** The text with the LIKE metacharacters {@code \}, {@code %} and {@code _} escaped by {@code \}. */
  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /**
   * The query as a baseline stores it: JSON, with the attribute filters in their canonical form
   * (instants and ids as text, numbers exact) so that reading it back finds the same values.
   */
  private static String queryJson(TypeSchema schema, CiQuery query) {
    com.fasterxml.jackson.databind.node.ObjectNode node = Values.mapper().valueToTree(new CiQuery(query.type(),
        query.exactType(), query.state(), query.nameContains(), query.relatedTo(), Map.of(), query.text(), query.sort(),
        query.descending(), query.offset(), query.limit()));
    com.fasterxml.jackson.databind.node.ObjectNode where = node.putObject("where");
    whereValues(schema, query).forEach((attribute, value) -> {
      if (value == null) {
        where.putNull(attribute);
      } else {
        where.set(attribute, Values.read(Values.json(value)));
      }
    });
    return Values.write(node);
  }

  // ---------------------------------------------------------------- baselines

  /** Most items one baseline may hold. */
  public static final int MAX_BASELINE_ITEMS = 100_000;

  @Override
  public Baseline createBaseline(Actor actor, String name, CiQuery query) {
    return as(actor, Permission.CMDB_WRITE, s -> {
      Objects.requireNonNull(query, "query");
      if (name == null || name.isBlank() || name.length() > 100) {
        throw new InvalidInputException("name", "Expected a baseline name of 1 to 100 characters, but it is "
            + (name == null ? "missing" : name.isBlank() ? "blank" : name.length() + " characters long"));
      }
      CmdbMapper mapper = s.mapper(CmdbMapper.class);
      if (mapper.selectBaseline(actor.tenantId(), name) != null) {
        throw new InvalidValueException("name", "Expected a new baseline name, but baseline '" + name + "' exists already");
      }
      List<CiRow> items = matching(s, actor, query);
      BaselineRow row = new BaselineRow();
      row.id = UUID.randomUUID();
      row.tenantId = actor.tenantId();
      row.name = name;
      row.query = queryJson(schema(s), query);
      row.items = items.size();
      row.createdAt = s.now();
      row.createdBy = actor.id();
      s.changed();
      mapper.insertBaseline(row);
      for (CiRow ci : items) {
        mapper.insertBaselineItem(baselineItem(row.id, ci));
      }
      return toBaseline(row);
    });
  }

  @Override
  public List<Baseline> baselines(Actor actor) {
    return as(actor, Permission.CMDB_READ, s -> {
      return s.mapper(CmdbMapper.class).selectBaselines(actor.tenantId()).stream().map(CmdbServiceImpl::toBaseline).toList();
    });
  }

  @Override
  public BaselineDiff diff(Actor actor, String from, String to) {
    return as(actor, Permission.CMDB_READ, s -> {
      TypeSchema schema = schema(s);
      CmdbMapper mapper = s.mapper(CmdbMapper.class);
      BaselineRow fromRow = baseline(mapper, actor, "from", from);
      Map<UUID, BaselineItemRow> before = snapshot(mapper.selectBaselineItems(fromRow.id));
      Map<UUID, BaselineItemRow> after;
      if (to == null) {
        CiQuery query;
        try {
          query = Values.mapper().readValue(fromRow.query, CiQuery.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException("stored baseline query is not readable: " + e.getOriginalMessage(), e);
        }
        after = snapshot(matching(s, actor, query).stream().map(ci -> baselineItem(null, ci)).toList());
      } else {
        after = snapshot(mapper.selectBaselineItems(baseline(mapper, actor, "to", to).id));
      }
      List<BaselineDiff.Item> added = new ArrayList<>();
      List<BaselineDiff.Item> removed = new ArrayList<>();
      List<BaselineDiff.Changed> changed = new ArrayList<>();
      after.forEach((id, item) -> {
        if (!before.containsKey(id)) {
          added.add(new BaselineDiff.Item(id, item.typeName, item.name));
        }
      });
      before.forEach((id, item) -> {
        BaselineItemRow other = after.get(id);
        if (other == null) {
          removed.add(new BaselineDiff.Item(id, item.typeName, item.name));
          return;
        }
        List<BaselineDiff.Difference> differences = differences(schema.type(item.typeName), item, other);
        if (!differences.isEmpty()) {
          changed.add(new BaselineDiff.Changed(id, other.name, differences));
        }
      });
      Comparator<BaselineDiff.Item> byName = Comparator.comparing(BaselineDiff.Item::name).thenComparing(BaselineDiff.Item::id);
      added.sort(byName);
      removed.sort(byName);
      changed.sort(Comparator.comparing(BaselineDiff.Changed::name).thenComparing(BaselineDiff.Changed::id));
      return new BaselineDiff(from, to == null ? "now" : to, added, removed, changed);
    });
  }

  private static List<BaselineDiff.Difference> differences(CiType type, BaselineItemRow before, BaselineItemRow after) {
    List<BaselineDiff.Difference> differences = new ArrayList<>();
    if (!before.name.equals(after.name)) {
      differences.add(new BaselineDiff.Difference("name", Values.json(before.name), Values.json(after.name)));
    }
    if (!before.state.equals(after.state)) {
      differences.add(new BaselineDiff.Difference("state", Values.json(before.state), Values.json(after.state)));
    }
    Map<String, Object> old = Values.fromJson(type, before.attributes);
    Map<String, Object> now = Values.fromJson(type, after.attributes);
    for (AttributeDefinition a : type.attributes()) {
      if (!Objects.equals(old.get(a.name()), now.get(a.name()))) {
        differences.add(new BaselineDiff.Difference(a.name(), Values.json(old.get(a.name())), Values.json(now.get(a.name()))));
      }
    }
    return differences;
  }

  private static BaselineItemRow baselineItem(UUID baselineId, CiRow ci) {
    BaselineItemRow item = new BaselineItemRow();
    item.baselineId = baselineId;
    item.ciId = ci.id;
    item.typeName = ci.typeName;
    item.name = ci.name;
    item.state = ci.state;
    item.attributes = ci.attributes;
    item.version = ci.version;
    return item;
  }

  private static Map<UUID, BaselineItemRow> snapshot(List<BaselineItemRow> items) {
    Map<UUID, BaselineItemRow> byId = new LinkedHashMap<>();
    items.forEach(i -> byId.put(i.ciId, i));
    return byId;
  }

  private static BaselineRow baseline(CmdbMapper mapper, Actor actor, String field, String name) {
    BaselineRow row = name == null ? null : mapper.selectBaseline(actor.tenantId(), name);
    if (row == null) {
      throw new NotFoundException("Expected a baseline named '" + name + "' (" + field + "), but there is none");
    }
    return row;
  }

  /** Every item the query matches (its paging ignored), at most {@link #MAX_BASELINE_ITEMS}. */
  private List<CiRow> matching(ItsmSession s, Actor actor, CiQuery query) {
    dev.itsm.internal.persistence.CiCriteria c = criteria(schema(s), actor, query);
    CmdbMapper mapper = s.mapper(CmdbMapper.class);
    long total = mapper.countCis(c);
    if (total > MAX_BASELINE_ITEMS) {
      throw new InvalidValueException("query", "Expected a baseline of at most " + MAX_BASELINE_ITEMS
          + " items, but the query matches " + total);
    }
    List<CiRow> rows = new ArrayList<>();
    c.limit = 1000;
    for (c.offset = 0; c.offset < total; c.offset += 1000) {
      rows.addAll(mapper.selectCis(c));
    }
    return rows;
  }

  private static Baseline toBaseline(BaselineRow row) {
    return new Baseline(row.id, row.name, row.createdAt, row.createdBy, row.items);
  }

  @Override
  public List<CiChange> history(Actor actor, UUID id) {
    return as(actor, Permission.CMDB_READ, s -> {
      load(s, actor, id);
      return s.mapper(CmdbMapper.class).selectHistory(id).stream().map(h -> new CiChange(h.ciId, h.occurredAt, h.actorId,
          h.action, h.field, h.oldValue, h.newValue, h.causedByType, h.causedById)).toList();
    });
  }

  @Override
  public Ci asOf(Actor actor, UUID id, Instant at) {
    return as(actor, Permission.CMDB_READ, s -> {
      Objects.requireNonNull(at, "at");
      CiRow row = loadAt(s, actor, id, at);
      CiType type = schema(s).type(row.typeName);
      Map<String, Object> attributes = Values.fromJson(type, row.attributes);
      String name = row.name;
      String state = row.state;
      long version = 1;
      Instant updatedAt = row.createdAt;
      List<CiHistoryRow> history = s.mapper(CmdbMapper.class).selectHistory(id);
      // undo, newest first, every change made after the moment
      for (int i = history.size() - 1; i >= 0; i--) {
        CiHistoryRow h = history.get(i);
        if ("related".equals(h.action) || "unrelated".equals(h.action)) {
          continue;   // relations do not change the item's own row
        }
        if (!h.occurredAt.isAfter(at)) {
          version = h.version;
          updatedAt = h.occurredAt;
          break;
        }
        if ("state".equals(h.action)) {
          state = Values.read(h.oldValue).asText();
        } else if ("name".equals(h.field)) {
          name = Values.read(h.oldValue).asText();
        } else {
          Object old = Values.fromJsonValue(type.attribute(h.field).orElse(null), h.oldValue);
          if (old == null) {
            attributes.remove(h.field);
          } else {
            attributes.put(h.field, old);
          }
        }
      }
      return new Ci(row.id, row.tenantId, row.typeName, name, CiState.valueOf(state), attributes, row.createdAt,
          updatedAt, version);
    });
  }

  // ---------------------------------------------------------------- helpers

  static Object convert(CiType type, String attribute, Object value) {
    AttributeDefinition a = type.attribute(attribute).orElseThrow(() -> new InvalidValueException("attributes." + attribute,
        "Expected an attribute of CI type " + type.name() + " " + type.attributes().stream().map(AttributeDefinition::name).toList()
            + ", but '" + attribute + "' is not one"));
    return Values.convert("attributes." + attribute, a, value);
  }

  static void applyDefaults(CiType type, Map<String, Object> attributes) {
    for (AttributeDefinition a : type.attributes()) {
      if (a.defaultValue() != null && !attributes.containsKey(a.name())) {
        attributes.put(a.name(), Values.convert(a.name(), a, a.defaultValue()));
      }
    }
  }

  static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("name", "Expected a CI name, but it is " + (name == null ? "missing" : "blank"));
    }
    if (name.length() > MAX_NAME) {
      throw new InvalidValueException("name", "Expected name to have at most " + MAX_NAME + " characters, but it has " + name.length());
    }
    return name;
  }

  /** Where {@link #checkItem} looks up unique values and referenced items. */
  interface Lookups {
    /** The item holding the unique value (JSON) of the attribute declared by {@code scope}, or {@code null}. */
    UUID uniqueOwner(String scope, String attribute, String value);

    /** The live item of the actor's tenant ({@link LiveItems#check}). */
    CiRow liveItem(String field, UUID id);
  }

  /** Lookups by one statement each, for single writes. */
  static Lookups lookups(ItsmSession s) {
    CmdbMapper mapper = s.mapper(CmdbMapper.class);
    String tenantId = s.actor().tenantId();
    return new Lookups() {
      @Override
      public UUID uniqueOwner(String scope, String attribute, String value) {
        return mapper.selectUniqueOwner(tenantId, scope, attribute, value);
      }

      @Override
      public CiRow liveItem(String field, UUID id) {
        return LiveItems.require(s, tenantId, field, id);
      }
    };
  }

  /** Throws unless the change control authorises this unit of work to change the item (of a change-controlled type). */
  void requireAuthorised(ItsmSession s, CiType type, UUID id, String name) {
    if (!authorised(s, type, id)) {
      throw new ChangeControlledException(id, "Expected CI " + name + " (" + type.name() + ") to change only through an "
          + "approved change, but " + (s.cause() == null ? "this unit of work runs under no change"
          : "its cause " + s.cause().type() + " " + s.cause().id() + " does not authorise it"));
    }
  }

  private void requireAuthorised(ItsmSession s, TypeSchema schema, CiRow row) {
    requireAuthorised(s, schema.type(row.typeName), row.id, row.name);
  }

  /** Whether the item's type is not change controlled or the change control authorises this unit of work. */
  boolean authorised(ItsmSession s, CiType type, UUID id) {
    return !type.changeControlled() || changeControl.authorises(s.actor().tenantId(), s.cause(), id, type.name());
  }

  /** Required values present, unique values free, references pointing at live items of the right type. */
  static void checkItem(TypeSchema schema, CiType type, UUID id, String name, Map<String, Object> attributes,
                        Lookups lookups) {
    for (AttributeDefinition a : type.attributes()) {
      Object value = attributes.get(a.name());
      String path = "attributes." + a.name();
      if (value == null) {
        if (a.required()) {
          throw new InvalidInputException(path, "Expected " + path + " of CI type " + type.name() + " for CI " + name
              + ", but it is missing");
        }
        continue;
      }
      if (a.unique()) {
        UUID owner = lookups.uniqueOwner(schema.declaringType(type.name(), a.name()), a.name(), Values.json(value));
        if (owner != null && !owner.equals(id)) {
          throw new InvalidValueException(path, "Expected a unique " + path + " among " + schema.declaringType(type.name(), a.name())
              + " items, but CI " + owner + " has " + Values.json(value) + " already");
        }
      }
      if (a.type() == AttributeType.REFERENCE) {
        CiRow referenced = lookups.liveItem(path, (UUID) value);
        if (!schema.isA(referenced.typeName, a.referenceType())) {
          throw new InvalidValueException(path, "Expected " + path + " to reference a " + a.referenceType() + ", but "
              + referenced.name + " is a " + referenced.typeName);
        }
      }
    }
  }

  private static void indexUnique(ItsmSession s, TypeSchema schema, CiType type, UUID id, Map<String, Object> before,
                                  Map<String, Object> after) {
    CmdbMapper mapper = s.mapper(CmdbMapper.class);
    for (AttributeDefinition a : type.attributes()) {
      if (!a.unique() || Objects.equals(before.get(a.name()), after.get(a.name()))) {
        continue;
      }
      String scope = schema.declaringType(type.name(), a.name());
      if (before.get(a.name()) != null) {
        mapper.deleteUnique(s.actor().tenantId(), scope, a.name(), Values.json(before.get(a.name())), id);
      }
      if (after.get(a.name()) != null) {
        mapper.insertUnique(s.actor().tenantId(), scope, a.name(), Values.json(after.get(a.name())), id);
      }
    }
  }

  static CiRow load(ItsmSession s, Actor actor, UUID id) {
    return load(s, actor.tenantId(), id);
  }

  static CiRow load(ItsmSession s, String tenantId, UUID id) {
    Objects.requireNonNull(id, "id");
    CiRow row = s.mapper(CmdbMapper.class).selectCi(id, tenantId);
    if (row == null) {
      throw new NotFoundException("Expected a CI with id " + id + ", but there is none");
    }
    return row;
  }

  /** The item, if it existed at that moment. */
  private static CiRow loadAt(ItsmSession s, Actor actor, UUID id, Instant at) {
    Objects.requireNonNull(at, "at");
    CiRow row = load(s, actor, id);
    if (at.isBefore(row.createdAt)) {
      throw new NotFoundException("Expected CI " + row.name + " (" + id + ") to exist at " + at + ", but it was created at "
          + row.createdAt);
    }
    return row;
  }

  private static CiRow loadForChange(ItsmSession s, Actor actor, CiRef ref, String verb) {
    Objects.requireNonNull(ref, "ci");
    CiRow row = load(s, actor, ref.id());
    if (ref.expectedVersion() != null && ref.expectedVersion() != row.version) {
      throw new ConcurrentUpdateException("Expected CI " + row.name + " at version " + ref.expectedVersion() + " to " + verb
          + " it, but it is at version " + row.version + "; reload and retry");
    }
    if (CiState.RETIRED.name().equals(row.state)) {
      throw new IllegalTransitionException(row.name, row.state, "Expected CI " + row.name + " (" + row.id + ") to " + verb
          + " it, but it is RETIRED and changes no more");
    }
    return row;
  }

  static void write(ItsmSession s, CiRow row) {
    s.changed();
    long expected = row.version;
    row.version = expected + 1;
    row.updatedAt = s.now();
    row.updatedBy = s.actor().id();
    if (s.mapper(CmdbMapper.class).updateCi(row, expected) != 1) {
      throw new ConcurrentUpdateException("Expected to update CI " + row.name + " at version " + expected
          + ", but another transaction changed it first; reload and retry");
    }
  }

  static void history(ItsmSession s, CiRow row, String action, String field, String oldValue, String newValue) {
    s.mapper(CmdbMapper.class).insertHistory(historyRow(s, row, action, field, oldValue, newValue));
  }

  /** A history row of the item for this unit of work (actor, time, cause). */
  static CiHistoryRow historyRow(ItsmSession s, CiRow row, String action, String field, String oldValue, String newValue) {
    CiHistoryRow h = new CiHistoryRow();
    h.tenantId = row.tenantId;
    h.ciId = row.id;
    h.occurredAt = s.now();
    h.actorId = s.actor().id();
    h.action = action;
    h.field = field;
    h.oldValue = oldValue;
    h.newValue = newValue;
    h.version = row.version;
    if (s.cause() != null) {
      h.causedByType = s.cause().type();
      h.causedById = s.cause().id();
    }
    return h;
  }

  static String snapshot(CiType type, String name, String state, Map<String, Object> attributes) {
    var node = Values.mapper().createObjectNode();
    node.put("name", name);
    node.put("state", state);
    node.set("attributes", Values.toNode(type, attributes));
    return Values.write(node);
  }

  private static Ci toCi(CiType type, CiRow row) {
    return new Ci(row.id, row.tenantId, row.typeName, row.name, CiState.valueOf(row.state),
        Values.fromJson(type, row.attributes), row.createdAt, row.updatedAt, row.version);
  }
}
