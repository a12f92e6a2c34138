package dev.itsm.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.Actor;
import dev.itsm.api.Codes;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiQuery;
import dev.itsm.api.cmdb.CiRef;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CiType;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.cmdb.Relation;
import dev.itsm.examples.server.CmdbViews.Item;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The CMDB resource under {@code /api/cmdb}: CI and relation types, configuration items (create, read,
 * query, update with {@code If-Match}, lifecycle, history), relations, impact analysis with its paths
 * and the business services an item takes down. Handlers parse the request, call {@link CmdbService} as
 * the authenticated actor and map the result; errors are left to {@link Problems}.
 */
final class CmdbRoutes {
  static final String BASE = "/api/cmdb";
  static final String CIS = BASE + "/cis";
  static final String RELATIONS = BASE + "/relations";
  /** Prefix of the query parameters that filter by attribute value: {@code where.os=Linux}. */
  static final String WHERE = "where.";
  private static final int DEFAULT_LIMIT = 50;

  private final ItsmEngine engine;
  private final JsonCodec json;

  CmdbRoutes(ItsmEngine engine, JsonCodec json) {
    this.engine = engine;
    this.json = json;
  }

  /** {@code POST /api/cmdb/cis}; {@code state} defaults to IN_USE. Attribute values are JSON scalars or null. */
  record NewCiBody(String type, String name, String state, Map<String, JsonNode> attributes) {}

  /** {@code PATCH /api/cmdb/cis/{id}}: a new name and/or attribute changes (null removes a value). */
  record UpdateBody(String name, Map<String, JsonNode> attributes) {}

  /** {@code POST .../state}. */
  record StateBody(String state) {}

  /** {@code POST /api/cmdb/relations}: {@code source type target}. */
  record RelationBody(String type, String source, String target) {}

  void register(RoutesConfig routes) {
    routes.get(BASE + "/types", ctx -> ctx.json(new Views.Items<>(
        cmdb().types(BasicAuthenticator.actor(ctx)).stream().map(CmdbViews.Type::of).toList())));
    routes.get(BASE + "/types/{name}", ctx -> ctx.json(CmdbViews.Type.of(cmdb().type(BasicAuthenticator.actor(ctx),
        ctx.pathParam("name")))));
    routes.get(BASE + "/relation-types", ctx -> ctx.json(new Views.Items<>(
        cmdb().relationTypes(BasicAuthenticator.actor(ctx)).stream().map(CmdbViews.RelationTypeView::of).toList())));
    routes.post(CIS, this::create);
    routes.get(CIS, this::list);
    routes.get(CIS + "/{id}", ctx -> respond(ctx, 200, cmdb().get(BasicAuthenticator.actor(ctx), ciId(ctx))));
    routes.patch(CIS + "/{id}", this::update);
    routes.post(CIS + "/{id}/state", this::changeState);
    routes.get(CIS + "/{id}/history", ctx -> ctx.json(new Views.Items<>(
        cmdb().history(BasicAuthenticator.actor(ctx), ciId(ctx)).stream().map(CmdbViews.Change::of).toList())));
    routes.get(CIS + "/{id}/relations", ctx -> ctx.json(new Views.Items<>(
        cmdb().relations(BasicAuthenticator.actor(ctx), ciId(ctx)).stream().map(CmdbViews.RelationView::of).toList())));
    routes.get(CIS + "/{id}/impact", this::impact);
    routes.get(CIS + "/{id}/services", ctx -> ctx.json(new Views.Items<>(
        cmdb().affectedServices(BasicAuthenticator.actor(ctx), List.of(ciId(ctx))).stream().map(CmdbViews.Impacted::of)
            .toList())));
    routes.post(RELATIONS, this::relate);
    routes.delete(RELATIONS + "/{id}", ctx -> {
      cmdb().unrelate(BasicAuthenticator.actor(ctx), Params.pathUuid(ctx.pathParam("id"), "a relation"));
      ctx.status(204);
    });
  }

  private void create(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    NewCiBody body = json.read(ctx.bodyAsBytes(), NewCiBody.class);
    CiState state = Params.code(CiState.class, "state", body.state());
    Ci created = cmdb().create(actor, new NewCi(body.type(), body.name(), state, attributes(body.attributes())));
    ctx.header("Location", CIS + "/" + created.id());
    respond(ctx, 201, created);
  }

  private void list(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    String type = Params.single(params, "type");
    CiQuery query = new CiQuery(type, Params.bool(params, "exactType", false),
        Params.code(CiState.class, "state", Params.single(params, "state")), Params.single(params, "name"),
        Params.optionalUuid("relatedTo", Params.single(params, "relatedTo")), null, Params.single(params, "text"),
        sort(Params.single(params, "sort")), Params.descending(params, "order", false),
        Params.integer(params, "offset", 0), Params.integer(params, "limit", DEFAULT_LIMIT));
    List<String> filters = params.keySet().stream().filter(name -> name.startsWith(WHERE)).toList();
    Optional<CiType> schema = filters.isEmpty() || type == null ? Optional.empty()
        : cmdb().types(actor).stream().filter(t -> t.name().equals(type)).findFirst();
    for (String name : filters) {
      String attribute = name.substring(WHERE.length());
      String text = Params.single(params, name);
      query = query.where(attribute, text == null ? null
          : whereValue(schema.flatMap(t -> t.attribute(attribute)).orElse(null), name, text));
    }
    ctx.json(Views.PageOf.of(cmdb().query(actor, query), Item::of));
  }

  private void update(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    CiRef ref = ref(ctx);
    UpdateBody body = json.read(ctx.bodyAsBytes(), UpdateBody.class);
    Map<String, Object> changes = new LinkedHashMap<>();
    if (body.name() != null) {
      changes.put("name", body.name());
    }
    changes.putAll(attributes(body.attributes()));
    respond(ctx, 200, cmdb().update(actor, ref, changes));
  }

  private void changeState(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    CiRef ref = ref(ctx);
    StateBody body = json.read(ctx.bodyAsBytes(), StateBody.class);
    respond(ctx, 200, cmdb().changeState(actor, ref, Codes.parse(CiState.class, "state", body.state())));
  }

  private void relate(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    RelationBody body = json.read(ctx.bodyAsBytes(), RelationBody.class);
    if (body.type() == null) {
      throw new InvalidInputException("type", "Expected a relation type, but type is null");
    }
    Relation relation = cmdb().relate(actor, body.type(), Params.uuid("source", body.source()),
        Params.uuid("target", body.target()));
    ctx.status(201).json(CmdbViews.RelationView.of(relation));
  }

  private void impact(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    String direction = Params.single(params, "direction");
    ImpactQuery query = new ImpactQuery(ciId(ctx),
        direction == null ? ImpactQuery.Direction.DOWNSTREAM : Codes.parse(ImpactQuery.Direction.class, "direction", direction),
        Params.integer(params, "depth", null), Params.values(params, "types"));
    ctx.json(new CmdbViews.Impact(query.ciId(), query.direction(), query.maxDepth(), query.types(),
        cmdb().impact(actor, query).stream().map(CmdbViews.Impacted::of).toList()));
  }

  /** The item and its {@code ETag}: its version. */
  private void respond(Context ctx, int status, Ci ci) {
    ctx.status(status).header("ETag", EntityTags.of(ci.version())).json(Item.of(ci));
  }

  private static CiRef ref(Context ctx) {
    return new CiRef(ciId(ctx), EntityTags.expectedVersion(ctx.header(EntityTags.IF_MATCH)));
  }

  private static UUID ciId(Context ctx) {
    return Params.pathUuid(ctx.pathParam("id"), "a configuration item");
  }

  /** {@code name}, {@code createdAt} -> {@code NAME}, {@code CREATED_AT}. */
  private static CiQuery.Sort sort(String text) {
    return text == null ? CiQuery.Sort.NAME : Codes.parse(CiQuery.Sort.class, "sort", text.replaceAll("([a-z0-9])([A-Z])", "$1_$2"));
  }

  /**
   * Attribute values of a body as the library takes them: texts, booleans, whole numbers (Long, or
   * BigDecimal beyond), other numbers as BigDecimal, null to remove; arrays and objects are refused.
   */
  private static Map<String, Object> attributes(Map<String, JsonNode> values) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (values == null) {
      return attributes;
    }
    for (Map.Entry<String, JsonNode> e : values.entrySet()) {
      JsonNode node = e.getValue();
      String field = "attributes." + e.getKey();
      Object value;
      if (node == null || node.isNull()) {
        value = null;
      } else if (node.isTextual()) {
        value = node.textValue();
      } else if (node.isBoolean()) {
        value = node.booleanValue();
      } else if (node.isIntegralNumber()) {
        value = node.canConvertToLong() ? (Object) node.longValue() : new BigDecimal(node.bigIntegerValue());
      } else if (node.isNumber()) {
        if (!Double.isFinite(node.doubleValue())) {
          throw new InvalidValueException(field, "Expected " + field + " to be a finite number, but it is out of range");
        }
        value = node.decimalValue();
      } else {
        throw new InvalidInputException(field, "Expected " + field + " to be a string, number, true, false or null, but it is "
            + (node.isArray() ? "an array" : "a JSON object"));
      }
      attributes.put(e.getKey(), value);
    }
    return attributes;
  }

  /**
   * A {@code where.<attribute>} query parameter as the attribute's type takes it (numbers and booleans
   * parsed, everything else text); the library checks the rest (unknown type or attribute, value not
   * allowed) and names {@code where.<attribute>}.
   */
  private static Object whereValue(AttributeDefinition attribute, String field, String text) {
    if (attribute == null) {
      return text;
    }
    try {
      return switch (attribute.type()) {
        case INTEGER -> Long.parseLong(text);
        case DECIMAL -> new BigDecimal(text);
        case BOOLEAN -> switch (text) {
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> throw new NumberFormatException(text);
        };
        default -> text;
      };
    } catch (NumberFormatException e) {
      throw new InvalidValueException(field, "Expected " + field + " to be " + switch (attribute.type()) {
        case INTEGER -> "a whole number";
        case DECIMAL -> "a number";
        default -> "true or false";
      } + " for attribute " + attribute.name() + ", but it is '" + text + "'");
    }
  }

  private CmdbService cmdb() {
    return engine.cmdb();
  }
}
