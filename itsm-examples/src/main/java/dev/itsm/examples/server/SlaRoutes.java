package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;

/**
 * SLA definitions and the clocks of one incident: {@code GET /api/sla/definitions}, and under
 * {@code /api/incidents/{id}/sla/{clock}} the explanation of a clock and pausing and resuming it by
 * hand. {@code {clock}} is a target's name ({@code RESOLUTION}) or {@code agreement/party/target}
 * ({@code OLA/network-ops/RESOLUTION}, slashes as they are).
 */
final class SlaRoutes {
  private static final String CLOCK = IncidentRoutes.BASE + "/{id}/sla/<clock>";

  private final ItsmEngine engine;
  private final JsonCodec json;

  SlaRoutes(ItsmEngine engine, JsonCodec json) {
    this.engine = engine;
    this.json = json;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/sla/definitions", this::definitions);
    routes.get(CLOCK + "/explain", this::explain);
    routes.post(CLOCK + "/pause", this::pause);
    routes.post(CLOCK + "/resume", this::resume);
  }

  private void definitions(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    ctx.json(new Views.Items<>(engine.sla().definitions(actor).stream().map(ReportViews.Definition::of).toList()));
  }

  private void explain(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID id = idOf(actor, ctx.pathParam("id"));
    ctx.json(ReportViews.Explanation.of(engine.sla().explain(actor, id, ctx.pathParam("clock"))));
  }

  /** Body {@code {"reason": "..."}}; answers the clock as {@code GET /api/incidents/{id}/sla} lists it. */
  private void pause(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID id = idOf(actor, ctx.pathParam("id"));
    String reason = json.read(ctx.bodyAsBytes(), RequestBodies.Reason.class).reason();
    ctx.json(engine.sla().pause(actor, id, ctx.pathParam("clock"), reason));
  }

  private void resume(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID id = idOf(actor, ctx.pathParam("id"));
    ctx.json(engine.sla().resume(actor, id, ctx.pathParam("clock")));
  }

  /** The id in a path: the UUID itself, or the id of the incident with that number. */
  private UUID idOf(Actor actor, String idOrNumber) {
    return Params.byIdOrNumber(idOrNumber, "an incident", "INC-000042", id -> id,
        number -> engine.incidents().getByNumber(actor, number).id());
  }
}
