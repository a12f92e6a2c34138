package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.Codes;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.VolumeReport;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.SlaReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The reports a service-desk console draws, under {@code /api/reports}: SLA compliance with MTTA and
 * MTTR, technicians, incidents per service or CI, and workload. Each takes the period as
 * {@code from} and {@code to} (ISO-8601 instants, {@code to} exclusive); the library checks the
 * permission ({@code REPORT_READ}) and the period, and covers the user's tenant.
 */
final class ReportRoutes {
  static final String BASE = "/api/reports";

  private final ItsmEngine engine;

  ReportRoutes(ItsmEngine engine) {
    this.engine = engine;
  }

  void register(RoutesConfig routes) {
    routes.get(BASE + "/sla", this::sla);
    routes.get(BASE + "/technicians", this::technicians);
    routes.get(BASE + "/incidents", this::incidents);
    routes.get(BASE + "/workload", this::workload);
  }

  private void sla(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    SlaReport.Grouping by = Codes.parse(SlaReport.Grouping.class, "by", single(ctx, "by"));
    String agreement = single(ctx, "agreement");
    ctx.json(ReportViews.Sla.of(engine.sla().report(actor, from, to, by,
        agreement == null ? Agreement.SLA : Codes.parse(Agreement.class, "agreement", agreement))));
  }

  private void technicians(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    ctx.json(ReportViews.Technicians.of(engine.incidents().technicianReport(actor, instant(ctx, "from"), instant(ctx, "to"))));
  }

  private void incidents(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    VolumeReport.Grouping by = Codes.parse(VolumeReport.Grouping.class, "by", single(ctx, "by"));
    ctx.json(ReportViews.Volume.of(engine.incidents().volumeReport(actor, from, to, by)));
  }

  private void workload(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    ctx.json(ReportViews.Workloads.of(from, to, engine.incidents().workload(actor, from, to)));
  }

  /** A required ISO-8601 instant: {@code 2026-03-02T08:00:00Z}, or with an offset ({@code +01:00}, encoded {@code %2B01:00}). */
  private static Instant instant(Context ctx, String name) {
    String value = single(ctx, name);
    if (value == null) {
      throw new InvalidInputException(name, "Expected a value for " + name + ", but it is missing");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notUtc) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(name, "Expected " + name + " to be an ISO-8601 instant such as 2026-03-02T08:00:00Z,"
            + " but it is '" + value + "'");
      }
    }
  }

  /** The one value of a query parameter; {@code null} when absent or blank. */
  private static String single(Context ctx, String name) {
    return Params.single(ctx.queryParamMap(), name);
  }
}
