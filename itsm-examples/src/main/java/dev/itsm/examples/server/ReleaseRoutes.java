package dev.itsm.examples.server;

import static dev.itsm.examples.server.Params.instant;
import static dev.itsm.examples.server.Params.code;

import dev.itsm.api.Actor;
import dev.itsm.api.Codes;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.TicketRef;
import dev.itsm.api.release.GoDecision;
import dev.itsm.api.release.NewEnvironment;
import dev.itsm.api.release.NewRelease;
import dev.itsm.api.release.PipelineResult;
import dev.itsm.api.release.ReleaseQuery;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseService;
import dev.itsm.api.release.ReleaseStage;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.api.release.ReleaseType;
import dev.itsm.api.release.StageOutcome;
import dev.itsm.examples.server.ReleaseBodies.Cancel;
import dev.itsm.examples.server.ReleaseBodies.Close;
import dev.itsm.examples.server.ReleaseBodies.CreateRelease;
import dev.itsm.examples.server.ReleaseBodies.Decision;
import dev.itsm.examples.server.ReleaseBodies.Notes;
import dev.itsm.examples.server.ReleaseBodies.Result;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The release resources: {@code /api/releases} (one release by id or number, its transitions, the
 * results pipelines report, its notes, conflicts and support incidents) and
 * {@code /api/release-calendar}. Each handler parses the request, calls the library as the
 * authenticated actor and maps the result; errors are left to {@link Problems}.
 */
final class ReleaseRoutes {
  static final String BASE = "/api/releases";
  static final String CALENDAR = "/api/release-calendar";
  /** Media type of release notes. */
  static final String MARKDOWN = "text/markdown; charset=utf-8";

  private static final int DEFAULT_LIMIT = 50;

  private final ItsmEngine engine;
  private final JsonCodec json;

  ReleaseRoutes(ItsmEngine engine, JsonCodec json) {
    this.engine = engine;
    this.json = json;
  }

  void register(RoutesConfig routes) {
    routes.post(BASE, this::create);
    routes.get(BASE, this::list);
    routes.get(BASE + "/{id}", this::get);
    transition(routes, "start-build", (actor, ref, body) -> releases().startBuild(actor, ref));
    routes.post(BASE + "/{id}/results", this::report);
    routes.get(BASE + "/{id}/results", ctx -> {
      Actor actor = BasicAuthenticator.actor(ctx);
      ctx.json(new Views.Items<>(releases().results(actor, idOf(actor, ctx.pathParam("id")))));
    });
    transition(routes, "decision", (actor, ref, body) -> {
      Decision decision = json.read(body, Decision.class);
      return releases().decide(actor, ref, Codes.parse(GoDecision.class, "decision", decision.decision()),
          decision.comment());
    });
    routes.get(BASE + "/{id}/notes", ctx -> {
      Actor actor = BasicAuthenticator.actor(ctx);
      ctx.contentType(MARKDOWN).result(releases().releaseNotes(actor, idOf(actor, ctx.pathParam("id"))));
    });
    transition(routes, "notes", (actor, ref, body) ->
        releases().publishNotes(actor, ref, json.readOptional(body, Notes.class, new Notes(null)).markdown()));
    transition(routes, "close", (actor, ref, body) ->
        releases().close(actor, ref, json.readOptional(body, Close.class, new Close(null)).notes()));
    transition(routes, "cancel", (actor, ref, body) -> releases().cancel(actor, ref, json.read(body, Cancel.class).reason()));
    routes.get(BASE + "/{id}/conflicts", ctx -> {
      Actor actor = BasicAuthenticator.actor(ctx);
      ctx.json(new Views.Items<>(releases().conflicts(actor, idOf(actor, ctx.pathParam("id")))));
    });
    routes.get(BASE + "/{id}/support-incidents", ctx -> {
      Actor actor = BasicAuthenticator.actor(ctx);
      ctx.json(new Views.Items<>(releases().supportIncidents(actor, idOf(actor, ctx.pathParam("id")))));
    });
    routes.get(CALENDAR, ctx -> {
      Actor actor = BasicAuthenticator.actor(ctx);
      Map<String, List<String>> params = ctx.queryParamMap();
      ctx.json(ReleaseViews.Calendar.of(releases().calendar(actor, instant("from", Params.single(params, "from")),
          instant("to", Params.single(params, "to")))));
    });
  }

  private void create(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    CreateRelease body = json.read(ctx.bodyAsBytes(), CreateRelease.class);
    List<NewEnvironment> environments = new ArrayList<>();
    if (body.environments() != null) {
      for (int i = 0; i < body.environments().size(); i++) {
        ReleaseBodies.Environment e = body.environments().get(i);
        String path = "environments[" + i + "]";
        environments.add(e == null ? null : new NewEnvironment(e.name(), instant(path + ".windowStart", e.windowStart()),
            instant(path + ".windowEnd", e.windowEnd()), Params.uuids(path + ".cis", e.cis())));
      }
    }
    NewRelease release = new NewRelease(body.title(), body.description(), code(ReleaseType.class, "type", body.type()),
        body.releaseVersion(), body.groupId(), body.managerId(), Params.uuids("changeIds", body.changeIds()),
        environments, Params.duration("earlySupport", body.earlySupport()));
    ReleaseRecord created = releases().create(actor, release);
    ctx.header("Location", BASE + "/" + created.id());
    respond(ctx, 201, created);
  }

  private void list(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    Set<ReleaseState> states = EnumSet.noneOf(ReleaseState.class);
    Params.values(params, "state").forEach(s -> states.add(Codes.parse(ReleaseState.class, "state", s)));
    ReleaseQuery query = new ReleaseQuery(states, Params.optionalUuid("changeId", Params.single(params, "changeId")),
        Params.integer(params, "offset", 0), Params.integer(params, "limit", DEFAULT_LIMIT));
    ctx.json(Views.PageOf.of(releases().query(actor, query), ReleaseViews.Release::of));
  }

  private void get(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    String id = ctx.pathParam("id");
    respond(ctx, 200, Params.isUuid(id) ? releases().get(actor, UUID.fromString(id))
        : releases().getByNumber(actor, number(id)));
  }

  /**
   * {@code POST /api/releases/{id}/results}: records a stage's result. With {@code If-Match} the release must
   * still be at that version (checked in the unit of work that records the result).
   */
  private void report(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Long expectedVersion = EntityTags.expectedVersion(ctx.header(EntityTags.IF_MATCH));
    UUID id = idOf(actor, ctx.pathParam("id"));
    Result body = json.read(ctx.bodyAsBytes(), Result.class);
    PipelineResult result = new PipelineResult(ReleaseStage.parse(body.stage()), body.environment(),
        Codes.parse(StageOutcome.class, "outcome", body.outcome()), body.details(), body.externalRef());
    ReleaseRecord reported = engine.inTransaction(() -> {
      if (expectedVersion != null) {
        ReleaseRecord current = releases().get(actor, id);
        if (current.version() != expectedVersion) {
          throw new ConcurrentUpdateException("Expected release " + current.number() + " at version " + expectedVersion
              + ", but it is at version " + current.version() + "; reload and retry");
        }
      }
      return releases().report(actor, id, result);
    });
    respond(ctx, 200, reported);
  }

  /** A transition: {@code POST /api/releases/{id}/<name>}, honouring {@code If-Match}. */
  private void transition(RoutesConfig routes, String name, Transition transition) {
    routes.post(BASE + "/{id}/" + name, ctx -> {
      Actor actor = BasicAuthenticator.actor(ctx);
      Long expectedVersion = EntityTags.expectedVersion(ctx.header(EntityTags.IF_MATCH));
      TicketRef ref = new TicketRef(idOf(actor, ctx.pathParam("id")), expectedVersion);
      respond(ctx, 200, transition.apply(actor, ref, ctx.bodyAsBytes()));
    });
  }

  private void respond(Context ctx, int status, ReleaseRecord release) {
    ctx.status(status).header("ETag", EntityTags.of(release.version())).json(ReleaseViews.Release.of(release));
  }

  /** The id in a path: the UUID itself, or the id of the release with that number. */
  private UUID idOf(Actor actor, String idOrNumber) {
    return Params.isUuid(idOrNumber) ? UUID.fromString(idOrNumber)
        : releases().getByNumber(actor, number(idOrNumber)).id();
  }

  private static String number(String text) {
    return Params.number(text, "release", "REL-000042");
  }

  private ReleaseService releases() {
    return engine.releases();
  }

  @FunctionalInterface
  private interface Transition {
    ReleaseRecord apply(Actor actor, TicketRef ref, byte[] body);
  }
}
