package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.Codes;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeType;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.problem.NewKnownError;
import dev.itsm.api.problem.NewProblem;
import dev.itsm.api.problem.ProblemQuery;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemResolution;
import dev.itsm.api.problem.ProblemService;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.examples.server.ProblemViews.Problem;
import dev.itsm.examples.server.RequestBodies.Reason;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The problem resource: {@code /api/problems} (one problem by id or number, its transitions, analysis
 * tasks, known error, fix change and major review), the detection's proposals under
 * {@code /api/problem-proposals}, flagged callers under {@code /api/caller-flags}, and the problems and
 * workarounds of an incident under {@code /api/incidents/{id}/...}. Handlers parse the request, call
 * {@link ProblemService} as the authenticated actor and map the result; errors are left to {@link Problems}.
 */
final class ProblemRoutes {
  static final String BASE = "/api/problems";
  static final String PROPOSALS = "/api/problem-proposals";
  static final String FLAGS = "/api/caller-flags";
  private static final int DEFAULT_LIMIT = 50;

  private final ItsmEngine engine;
  private final JsonCodec json;

  ProblemRoutes(ItsmEngine engine, JsonCodec json) {
    this.engine = engine;
    this.json = json;
  }

  /** {@code POST /api/problems}; impact and urgency default to MEDIUM. */
  record NewProblemBody(String title, String description, String impact, String urgency, String category, String service,
                        String groupId, String ownerId, List<String> affectedCis, List<String> incidentIds) {}

  /** {@code POST .../incidents}. */
  record LinkBody(String incidentId) {}

  /** {@code POST .../assess}. */
  record AssessBody(String impact, String urgency, String groupId, String ownerId) {}

  /** {@code POST .../tasks}. */
  record TaskBody(String title, String assigneeId) {}

  /** {@code POST .../tasks/{index}/complete} and {@code .../major-review}. */
  record FindingsBody(String findings) {}

  /** {@code POST .../known-error}. */
  record KnownErrorBody(String symptom, String rootCause, String workaround, List<String> affectedCis) {}

  /** {@code POST .../resolve}. */
  record ResolveBody(String resolution, String text) {}

  /** {@code POST .../fix}: the change to submit; {@code type} defaults to NORMAL. */
  record FixBody(String type, String templateCode, String title, String description, String groupId, String implementerId,
                 String plannedStart, String plannedEnd, Boolean outage, String backoutPlan, List<String> affectedCis,
                 List<FixTask> tasks) {}

  /** An implementation task of a fix change; {@code step} defaults to 1. */
  record FixTask(String title, Integer step) {}

  void register(RoutesConfig routes) {
    routes.post(BASE, this::create);
    routes.get(BASE, this::list);
    routes.get(BASE + "/{id}", this::get);
    transition(routes, "incidents", (actor, ref, ctx) -> {
      LinkBody link = json.read(ctx.bodyAsBytes(), LinkBody.class);
      return problems().linkIncident(actor, ref, Params.uuid("incidentId", link.incidentId()));
    });
    transition(routes, "assess", (actor, ref, ctx) -> {
      AssessBody assess = json.read(ctx.bodyAsBytes(), AssessBody.class);
      return problems().assess(actor, ref, Params.code(Impact.class, "impact", assess.impact()),
          Params.code(Urgency.class, "urgency", assess.urgency()), assess.groupId(), assess.ownerId());
    });
    transition(routes, "start-analysis", (actor, ref, ctx) -> problems().startAnalysis(actor, ref));
    transition(routes, "tasks", (actor, ref, ctx) -> {
      TaskBody task = json.read(ctx.bodyAsBytes(), TaskBody.class);
      return problems().addAnalysisTask(actor, ref, task.title(), task.assigneeId());
    });
    transition(routes, "tasks/{index}/complete", (actor, ref, ctx) -> {
      int index = Params.integer("index", ctx.pathParam("index"));
      return problems().completeAnalysisTask(actor, ref, index, json.read(ctx.bodyAsBytes(), FindingsBody.class).findings());
    });
    transition(routes, "known-error", (actor, ref, ctx) -> {
      KnownErrorBody known = json.read(ctx.bodyAsBytes(), KnownErrorBody.class);
      return problems().recordKnownError(actor, ref, new NewKnownError(known.symptom(), known.rootCause(), known.workaround(),
          Params.uuids("affectedCis", known.affectedCis())));
    });
    transition(routes, "publish-workaround", (actor, ref, ctx) -> problems().publishWorkaround(actor, ref));
    routes.post(BASE + "/{id}/fix", this::fix);
    transition(routes, "resolve", (actor, ref, ctx) -> {
      ResolveBody resolve = json.read(ctx.bodyAsBytes(), ResolveBody.class);
      return problems().resolve(actor, ref, Params.code(ProblemResolution.class, "resolution", resolve.resolution()),
          resolve.text());
    });
    transition(routes, "close", (actor, ref, ctx) -> problems().close(actor, ref));
    transition(routes, "cancel", (actor, ref, ctx) -> problems().cancel(actor, ref, json.read(ctx.bodyAsBytes(), Reason.class).reason()));
    transition(routes, "major-review", (actor, ref, ctx) ->
        problems().completeMajorReview(actor, ref, json.read(ctx.bodyAsBytes(), FindingsBody.class).findings()));

    routes.get(PROPOSALS, this::proposals);
    routes.post(PROPOSALS + "/{id}/accept", this::accept);
    routes.post(PROPOSALS + "/{id}/dismiss", this::dismiss);

    routes.get(IncidentRoutes.BASE + "/{id}/workarounds", this::workarounds);
    routes.get(IncidentRoutes.BASE + "/{id}/problems", this::problemsOfIncident);

    routes.get(FLAGS, this::flags);
    routes.get(FLAGS + "/{callerId}", this::flag);
    routes.post(FLAGS + "/{callerId}/clear", this::clearFlag);
  }

  private void create(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    NewProblemBody body = json.read(ctx.bodyAsBytes(), NewProblemBody.class);
    NewProblem.Builder problem = NewProblem.builder(body.title())
        .description(body.description())
        .category(body.category())
        .service(body.service())
        .group(body.groupId())
        .owner(body.ownerId());
    if (body.impact() != null) {
      problem.impact(Codes.parse(Impact.class, "impact", body.impact()));
    }
    if (body.urgency() != null) {
      problem.urgency(Codes.parse(Urgency.class, "urgency", body.urgency()));
    }
    Params.uuids("affectedCis", body.affectedCis()).forEach(problem::affectedCi);
    Params.uuids("incidentIds", body.incidentIds()).forEach(problem::incident);
    ProblemRecord created = problems().create(actor, problem.build());
    ctx.header("Location", BASE + "/" + created.id());
    respond(ctx, 201, created);
  }

  private void list(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    Set<ProblemState> states = EnumSet.noneOf(ProblemState.class);
    for (String state : Params.values(params, "state")) {
      states.add(Codes.parse(ProblemState.class, "state", state));
    }
    ProblemQuery query = new ProblemQuery(states, Params.optionalUuid("affectedCi", Params.single(params, "affectedCi")),
        Params.single(params, "category"), Params.integer(params, "offset", 0), Params.integer(params, "limit", DEFAULT_LIMIT));
    ctx.json(Views.PageOf.of(problems().query(actor, query), Problem::of));
  }

  private void get(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    respond(ctx, 200, Params.byIdOrNumber(ctx.pathParam("id"), "a problem", "PRB-000042",
        id -> problems().get(actor, id), number -> problems().getByNumber(actor, number)));
  }

  private void fix(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    TicketRef ref = ref(ctx, actor);
    FixBody body = json.read(ctx.bodyAsBytes(), FixBody.class);
    List<NewChange.Task> tasks = new ArrayList<>();
    if (body.tasks() != null) {
      for (int i = 0; i < body.tasks().size(); i++) {
        FixTask task = body.tasks().get(i);
        if (task == null) {
          throw new InvalidInputException("tasks[" + i + "]", "Expected tasks[" + i + "] to be a task, but it is null");
        }
        tasks.add(new NewChange.Task(task.title(), task.step() == null ? 1 : task.step()));
      }
    }
    NewChange change = new NewChange(body.type() == null ? ChangeType.NORMAL : Codes.parse(ChangeType.class, "type", body.type()),
        body.templateCode(), body.title(), body.description(), body.groupId(), body.implementerId(),
        Params.instant("plannedStart", body.plannedStart()), Params.instant("plannedEnd", body.plannedEnd()),
        Boolean.TRUE.equals(body.outage()), body.backoutPlan(), Params.uuids("affectedCis", body.affectedCis()), tasks, List.of());
    ProblemViews.FixRequested result = engine.inTransaction(() -> {
      ChangeRequest requested = problems().requestFix(actor, ref, change);
      return new ProblemViews.FixRequested(Problem.of(problems().get(actor, ref.id())), ProblemViews.Change.of(requested));
    });
    ctx.status(201).header("ETag", EntityTags.of(result.problem().version())).json(result);
  }

  private void proposals(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    boolean openOnly = Params.bool(ctx.queryParamMap(), "open", false);
    ctx.json(new Views.Items<>(problems().proposals(actor, openOnly).stream().map(ProblemViews.Proposal::of).toList()));
  }

  private void accept(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    ProblemRecord created = problems().acceptProposal(actor, Params.pathUuid(ctx.pathParam("id"), "a proposal"));
    ctx.header("Location", BASE + "/" + created.id());
    respond(ctx, 201, created);
  }

  private void dismiss(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID id = Params.pathUuid(ctx.pathParam("id"), "a proposal");
    String reason = json.read(ctx.bodyAsBytes(), Reason.class).reason();
    ctx.json(ProblemViews.Proposal.of(problems().dismissProposal(actor, id, reason)));
  }

  private void workarounds(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID incident = incidentId(actor, ctx.pathParam("id"));
    ctx.json(new Views.Items<>(problems().workaroundsFor(actor, incident).stream().map(ProblemViews.Workaround::of).toList()));
  }

  private void problemsOfIncident(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID incident = incidentId(actor, ctx.pathParam("id"));
    List<Problem> linked = engine.inTransaction(() ->
        problems().problemsOfIncident(actor, incident).stream().map(id -> Problem.of(problems().get(actor, id))).toList());
    ctx.json(new Views.Items<>(linked));
  }

  private void flags(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    ctx.json(new Views.Items<>(problems().flaggedCallers(actor).stream().map(ProblemViews.Flag::of).toList()));
  }

  private void flag(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    String caller = ctx.pathParam("callerId");
    ctx.json(ProblemViews.Flag.of(problems().callerFlag(actor, caller)
        .orElseThrow(() -> new NotFoundException("Expected a flag on caller '" + caller + "', but the caller is not flagged"))));
  }

  private void clearFlag(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    problems().clearCallerFlag(actor, ctx.pathParam("callerId"), json.read(ctx.bodyAsBytes(), Reason.class).reason());
    ctx.status(204);
  }

  /** A transition: {@code POST /api/problems/{id}/<path>}, honouring {@code If-Match}. */
  private void transition(RoutesConfig routes, String path, Transition transition) {
    routes.post(BASE + "/{id}/" + path, ctx -> {
      Actor actor = BasicAuthenticator.actor(ctx);
      respond(ctx, 200, transition.apply(actor, ref(ctx, actor), ctx));
    });
  }

  private TicketRef ref(Context ctx, Actor actor) {
    Long expectedVersion = EntityTags.expectedVersion(ctx.header(EntityTags.IF_MATCH));
    return new TicketRef(idOf(actor, ctx.pathParam("id")), expectedVersion);
  }

  private void respond(Context ctx, int status, ProblemRecord problem) {
    ctx.status(status).header("ETag", EntityTags.of(problem.version())).json(Problem.of(problem));
  }

  /** The id in a path: the UUID itself, or the id of the problem with that number. */
  private UUID idOf(Actor actor, String idOrNumber) {
    return Params.byIdOrNumber(idOrNumber, "a problem", "PRB-000042", id -> id, number -> problems().getByNumber(actor, number).id());
  }

  /** The incident id in a path: the UUID itself, or the id of the incident with that number. */
  private UUID incidentId(Actor actor, String idOrNumber) {
    return Params.byIdOrNumber(idOrNumber, "an incident", "INC-000042", id -> id,
        number -> engine.incidents().getByNumber(actor, number).id());
  }

  private ProblemService problems() {
    return engine.problems();
  }

  @FunctionalInterface
  private interface Transition {
    ProblemRecord apply(Actor actor, TicketRef ref, Context ctx);
  }
}
