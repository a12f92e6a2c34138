package dev.itsm.examples.server;

import static dev.itsm.examples.server.Params.instant;
import static dev.itsm.examples.server.Params.code;
import static dev.itsm.examples.server.Params.optionalUuid;
import static dev.itsm.examples.server.Params.uuid;

import dev.itsm.api.Actor;
import dev.itsm.api.Codes;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeQuery;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeType;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.change.PlannedCiChange;
import dev.itsm.api.change.Vote;
import dev.itsm.api.change.WindowDefinition;
import dev.itsm.api.change.WindowKind;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.examples.server.ChangeBodies.Backout;
import dev.itsm.examples.server.ChangeBodies.Cancel;
import dev.itsm.examples.server.ChangeBodies.CausedIncident;
import dev.itsm.examples.server.ChangeBodies.Close;
import dev.itsm.examples.server.ChangeBodies.Reschedule;
import dev.itsm.examples.server.ChangeBodies.Resubmit;
import dev.itsm.examples.server.ChangeBodies.Retrospective;
import dev.itsm.examples.server.ChangeBodies.SubmitChange;
import dev.itsm.examples.server.ChangeBodies.TaskOutcome;
import dev.itsm.examples.server.ChangeBodies.Window;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The change resources: {@code /api/changes} (one change by id or number, its approvals, transitions,
 * conflicts and caused incidents), {@code /api/change-windows}, {@code /api/change-calendar},
 * {@code /api/change-templates} and {@code /api/reports/changes}. Each handler parses the request,
 * calls the library as the authenticated actor and maps the result; errors are left to {@link Problems}.
 */
final class ChangeRoutes {
  static final String BASE = "/api/changes";
  static final String WINDOWS = "/api/change-windows";
  static final String CALENDAR = "/api/change-calendar";
  static final String TEMPLATES = "/api/change-templates";
  static final String REPORT = "/api/reports/changes";

  private static final int DEFAULT_LIMIT = 50;

  private final ItsmEngine engine;
  private final JsonCodec json;

  ChangeRoutes(ItsmEngine engine, JsonCodec json) {
    this.engine = engine;
    this.json = json;
  }

  void register(RoutesConfig routes) {
    routes.post(BASE, this::submit);
    routes.get(BASE, this::list);
    routes.get(BASE + "/{id}", this::get);
    routes.get(BASE + "/{id}/approvals", this::approvals);
    routes.get(BASE + "/{id}/conflicts", this::conflicts);
    routes.get(BASE + "/{id}/caused-incidents", this::causedIncidents);
    routes.post(BASE + "/{id}/caused-incidents", this::linkCausedIncident);
    transition(routes, "vote", (actor, ref, ctx) -> {
      ChangeBodies.Vote vote = json.read(ctx.bodyAsBytes(), ChangeBodies.Vote.class);
      return changes().vote(actor, ref, Codes.parse(Vote.class, "vote", vote.vote()), vote.comment());
    });
    transition(routes, "resubmit", (actor, ref, ctx) ->
        changes().resubmit(actor, ref, json.read(ctx.bodyAsBytes(), Resubmit.class).answer()));
    transition(routes, "start-implementation", (actor, ref, ctx) -> changes().startImplementation(actor, ref));
    transition(routes, "tasks/{index}", (actor, ref, ctx) -> {
      int index = Params.integer("index", ctx.pathParam("index"));
      TaskOutcome task = json.read(ctx.bodyAsBytes(), TaskOutcome.class);
      return changes().recordTask(actor, ref, index,
          Codes.parse(ImplementationTask.Outcome.class, "outcome", task.outcome()), task.note());
    });
    transition(routes, "complete-backout", (actor, ref, ctx) ->
        changes().completeBackout(actor, ref, json.read(ctx.bodyAsBytes(), Backout.class).note()));
    transition(routes, "retrospective", (actor, ref, ctx) ->
        changes().recordRetrospective(actor, ref, json.read(ctx.bodyAsBytes(), Retrospective.class).findings()));
    transition(routes, "close", (actor, ref, ctx) -> {
      Close close = json.read(ctx.bodyAsBytes(), Close.class);
      return changes().close(actor, ref, Codes.parse(CloseCode.class, "code", close.code()), close.notes());
    });
    transition(routes, "reschedule", (actor, ref, ctx) -> {
      Reschedule window = json.read(ctx.bodyAsBytes(), Reschedule.class);
      return changes().reschedule(actor, ref, instant("start", window.start()), instant("end", window.end()));
    });
    transition(routes, "cancel", (actor, ref, ctx) ->
        changes().cancel(actor, ref, json.read(ctx.bodyAsBytes(), Cancel.class).reason()));
    routes.post(WINDOWS, this::defineWindow);
    routes.delete(WINDOWS + "/{id}", this::removeWindow);
    routes.get(CALENDAR, this::calendar);
    routes.get(TEMPLATES, ctx ->
        ctx.json(new Views.Items<>(changes().templates(BasicAuthenticator.actor(ctx)))));
    routes.get(REPORT, this::report);
  }

  private void submit(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    SubmitChange body = json.read(ctx.bodyAsBytes(), SubmitChange.class);
    List<NewChange.Task> tasks = new ArrayList<>();
    if (body.tasks() != null) {
      for (int i = 0; i < body.tasks().size(); i++) {
        ChangeBodies.Task task = body.tasks().get(i);
        if (task == null) {
          throw new InvalidInputException("tasks[" + i + "]", "Expected a task at tasks[" + i + "], but it is null");
        }
        tasks.add(new NewChange.Task(task.title(), task.step() == null ? 1 : task.step()));
      }
    }
    List<PlannedCiChange> planned = new ArrayList<>();
    if (body.plannedCiChanges() != null) {
      for (int i = 0; i < body.plannedCiChanges().size(); i++) {
        planned.add(plannedCiChange("plannedCiChanges[" + i + "]", body.plannedCiChanges().get(i)));
      }
    }
    NewChange change = new NewChange(code(ChangeType.class, "type", body.type()), body.templateCode(),
        body.title(), body.description(), body.groupId(), body.implementerId(),
        instant("plannedStart", body.plannedStart()), instant("plannedEnd", body.plannedEnd()),
        Boolean.TRUE.equals(body.outage()), body.backoutPlan(), Params.uuids("affectedCis", body.affectedCis()),
        tasks, planned);
    ChangeRequest submitted = changes().submit(actor, change);
    ctx.header("Location", BASE + "/" + submitted.id());
    respond(ctx, 201, submitted);
  }

  /** A planned CI change of the body; what does not belong to its {@code op} is refused, naming it. */
  private static PlannedCiChange plannedCiChange(String path, ChangeBodies.PlannedCiChange body) {
    if (body == null) {
      throw new InvalidInputException(path, "Expected a planned CI change at " + path + ", but it is null");
    }
    PlannedOp op = Codes.parse(PlannedOp.class, path + ".op", body.op());
    switch (op) {
      case UPDATE -> {
        only(path, op, body.key() == null && body.ci() == null && body.type() == null && body.source() == null
            && body.target() == null, "ciId, attributes");
        return PlannedCiChange.update(uuid(path + ".ciId", body.ciId()),
            body.attributes() == null ? Map.of() : body.attributes());
      }
      case CREATE -> {
        only(path, op, body.ciId() == null && body.attributes() == null && body.type() == null && body.source() == null
            && body.target() == null, "key, ci");
        ChangeBodies.NewCi ci = body.ci();
        if (ci == null) {
          throw new InvalidInputException(path + ".ci", "Expected the item to create at " + path + ".ci, but it is missing");
        }
        CiState state = code(CiState.class, path + ".ci.state", ci.state());
        return PlannedCiChange.create(body.key(), new NewCi(ci.type(), ci.name(), state, ci.attributes()));
      }
      case RETIRE -> {
        only(path, op, body.attributes() == null && body.key() == null && body.ci() == null && body.type() == null
            && body.source() == null && body.target() == null, "ciId");
        return PlannedCiChange.retire(uuid(path + ".ciId", body.ciId()));
      }
      case RELATE -> {
        only(path, op, body.ciId() == null && body.attributes() == null && body.key() == null && body.ci() == null,
            "type, source, target");
        return PlannedCiChange.relate(body.type(), end(path + ".source", body.source()), end(path + ".target", body.target()));
      }
      default -> throw new IllegalStateException("unhandled " + op);
    }
  }

  private static void only(String path, PlannedOp op, boolean onlyItsOwn, String own) {
    if (!onlyItsOwn) {
      throw new InvalidInputException(path, "Expected only op and " + own + " in a planned '"
          + op.name().toLowerCase(java.util.Locale.ROOT) + "' at " + path + ", but it has other properties");
    }
  }

  private static PlannedCiChange.CiEnd end(String path, ChangeBodies.CiEnd end) {
    if (end == null) {
      throw new InvalidInputException(path, "Expected " + path + " to name ciId or newKey, but it is missing");
    }
    if ((end.ciId() == null) == (end.newKey() == null)) {
      throw new InvalidInputException(path, "Expected " + path + " to name either ciId (an existing item) or newKey (an "
          + "item this change creates), but it names " + (end.ciId() == null ? "neither" : "both"));
    }
    return end.ciId() != null ? PlannedCiChange.CiEnd.of(uuid(path + ".ciId", end.ciId()))
        : PlannedCiChange.CiEnd.planned(end.newKey());
  }

  /** The operations of a planned CI change. */
  private enum PlannedOp { UPDATE, CREATE, RETIRE, RELATE }

  private void list(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    Set<ChangeState> states = EnumSet.noneOf(ChangeState.class);
    Params.values(params, "state").forEach(s -> states.add(Codes.parse(ChangeState.class, "state", s)));
    Set<ChangeType> types = EnumSet.noneOf(ChangeType.class);
    Params.values(params, "type").forEach(t -> types.add(Codes.parse(ChangeType.class, "type", t)));
    ChangeQuery query = new ChangeQuery(states, types, Params.single(params, "requesterId"),
        optionalUuid("affectedCi", Params.single(params, "affectedCi")),
        instant("from", Params.single(params, "from")), instant("to", Params.single(params, "to")),
        Params.integer(params, "offset", 0), Params.integer(params, "limit", DEFAULT_LIMIT));
    ctx.json(Views.PageOf.of(changes().query(actor, query), ChangeViews.Change::of));
  }

  private void get(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    String id = ctx.pathParam("id");
    respond(ctx, 200, Params.isUuid(id) ? changes().get(actor, UUID.fromString(id))
        : changes().getByNumber(actor, number(id)));
  }

  private void approvals(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    ctx.json(new Views.Items<>(changes().approvals(actor, idOf(actor, ctx.pathParam("id")))));
  }

  private void conflicts(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    ctx.json(new Views.Items<>(changes().conflicts(actor, idOf(actor, ctx.pathParam("id")))));
  }

  private void causedIncidents(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    ctx.json(new Views.Items<>(changes().causedIncidents(actor, idOf(actor, ctx.pathParam("id")))));
  }

  private void linkCausedIncident(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID id = idOf(actor, ctx.pathParam("id"));
    CausedIncident body = json.read(ctx.bodyAsBytes(), CausedIncident.class);
    changes().linkCausedIncident(actor, id, uuid("incidentId", body.incidentId()));
    ctx.status(201).json(new Views.Items<>(changes().causedIncidents(actor, id)));
  }

  private void defineWindow(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Window body = json.read(ctx.bodyAsBytes(), Window.class);
    var window = changes().defineWindow(actor, new WindowDefinition(code(WindowKind.class, "kind", body.kind()),
        body.name(), optionalUuid("ciId", body.ciId()), instant("start", body.start()), instant("end", body.end())));
    ctx.header("Location", WINDOWS + "/" + window.id());
    ctx.status(201).json(window);
  }

  private void removeWindow(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    String id = ctx.pathParam("id");
    if (!Params.isUuid(id)) {
      throw new dev.itsm.api.NotFoundException("Expected a change window id (a UUID), but '" + id + "' is none");
    }
    changes().removeWindow(actor, UUID.fromString(id));
    ctx.status(204);
  }

  private void calendar(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    ctx.json(ChangeViews.Calendar.of(changes().calendar(actor, instant("from", Params.single(params, "from")),
        instant("to", Params.single(params, "to")))));
  }

  private void report(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    ctx.json(ChangeViews.Report.of(changes().report(actor, instant("from", Params.single(params, "from")),
        instant("to", Params.single(params, "to")))));
  }

  /** A transition: {@code POST /api/changes/{id}/<name>}, honouring {@code If-Match}. */
  private void transition(RoutesConfig routes, String name, Transition transition) {
    routes.post(BASE + "/{id}/" + name, ctx -> {
      Actor actor = BasicAuthenticator.actor(ctx);
      Long expectedVersion = EntityTags.expectedVersion(ctx.header(EntityTags.IF_MATCH));
      TicketRef ref = new TicketRef(idOf(actor, ctx.pathParam("id")), expectedVersion);
      respond(ctx, 200, transition.apply(actor, ref, ctx));
    });
  }

  private void respond(Context ctx, int status, ChangeRequest change) {
    ctx.status(status).header("ETag", EntityTags.of(change.version())).json(ChangeViews.Change.of(change));
  }

  /** The id in a path: the UUID itself, or the id of the change with that number. */
  private UUID idOf(Actor actor, String idOrNumber) {
    return Params.isUuid(idOrNumber) ? UUID.fromString(idOrNumber)
        : changes().getByNumber(actor, number(idOrNumber)).id();
  }

  private static String number(String text) {
    return Params.number(text, "change", "CHG-000042");
  }

  private ChangeService changes() {
    return engine.changes();
  }

  @FunctionalInterface
  private interface Transition {
    ChangeRequest apply(Actor actor, TicketRef ref, Context ctx);
  }
}
