package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.Codes;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Channel;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.NoteVisibility;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.examples.server.RequestBodies.Assign;
import dev.itsm.examples.server.RequestBodies.Hold;
import dev.itsm.examples.server.RequestBodies.Note;
import dev.itsm.examples.server.RequestBodies.OpenIncident;
import dev.itsm.examples.server.RequestBodies.Reason;
import dev.itsm.examples.server.RequestBodies.Reclassify;
import dev.itsm.examples.server.RequestBodies.Resolve;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The incident resource: {@code /api/incidents}, one incident (by id or number), its transitions,
 * notes, SLA clocks and audit trail. Each handler parses the request, calls the library as the
 * authenticated actor and maps the result; errors are left to {@link Problems}.
 */
final class IncidentRoutes {
  static final String BASE = "/api/incidents";

  private static final Pattern UUID_TEXT =
      Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
  private static final Pattern NUMBER_TEXT = Pattern.compile("[A-Za-z]{1,8}-\\d{1,20}");

  private final ItsmEngine engine;
  private final JsonCodec json;

  IncidentRoutes(ItsmEngine engine, JsonCodec json) {
    this.engine = engine;
    this.json = json;
  }

  void register(RoutesConfig routes) {
    routes.post(BASE, this::open);
    routes.get(BASE, this::list);
    routes.get(BASE + "/{id}", this::get);
    transition(routes, "assign", (actor, ref, body) -> {
      Assign assign = json.read(body, Assign.class);
      return incidents().assign(actor, ref, new Assignment(assign.groupId(), assign.agentId()));
    });
    transition(routes, "acknowledge", (actor, ref, body) -> incidents().acknowledge(actor, ref));
    transition(routes, "start-work", (actor, ref, body) -> incidents().startWork(actor, ref));
    transition(routes, "hold", (actor, ref, body) -> {
      Hold hold = json.read(body, Hold.class);
      return incidents().hold(actor, ref, Codes.parse(HoldReason.class, "reason", hold.reason()), hold.comment());
    });
    transition(routes, "resume", (actor, ref, body) -> incidents().resume(actor, ref));
    transition(routes, "reclassify", (actor, ref, body) -> {
      Reclassify reclassify = json.read(body, Reclassify.class);
      return incidents().reclassify(actor, ref, Codes.parse(Impact.class, "impact", reclassify.impact()),
          Codes.parse(Urgency.class, "urgency", reclassify.urgency()));
    });
    transition(routes, "resolve", (actor, ref, body) -> {
      Resolve resolve = json.read(body, Resolve.class);
      return incidents().resolve(actor, ref, Resolution.of(resolve.code(), resolve.text()));
    });
    transition(routes, "reopen", (actor, ref, body) -> incidents().reopen(actor, ref, json.read(body, Reason.class).reason()));
    transition(routes, "close", (actor, ref, body) -> incidents().close(actor, ref));
    transition(routes, "cancel", (actor, ref, body) ->
        incidents().cancel(actor, ref, json.readOptional(body, Reason.class, new Reason(null)).reason()));
    routes.get(BASE + "/{id}/notes", this::notes);
    routes.post(BASE + "/{id}/notes", this::addNote);
    routes.get(BASE + "/{id}/sla", this::sla);
    routes.get(BASE + "/{id}/audit", this::audit);
  }

  private void open(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    OpenIncident body = json.read(ctx.bodyAsBytes(), OpenIncident.class);
    NewIncident.Builder incident = NewIncident.builder(body.title())
        .description(body.description())
        .category(body.category())
        .caller(body.callerId())
        .group(body.groupId());
    if (body.impact() != null) {
      incident.impact(Codes.parse(Impact.class, "impact", body.impact()));
    }
    if (body.urgency() != null) {
      incident.urgency(Codes.parse(Urgency.class, "urgency", body.urgency()));
    }
    if (body.channel() != null) {
      incident.channel(Codes.parse(Channel.class, "channel", body.channel()));
    }
    List<String> cis = body.affectedCis() == null ? List.of() : body.affectedCis();
    for (int i = 0; i < cis.size(); i++) {
      incident.affectedCi(uuid("affectedCis[" + i + "]", cis.get(i)));
    }
    IncidentTicket opened = incidents().open(actor, incident.build());
    ctx.header("Location", BASE + "/" + opened.id());
    respond(ctx, 201, opened);
  }

  private void list(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    var page = incidents().query(actor, IncidentListQuery.parse(ctx.queryParamMap()));
    ctx.json(Views.PageOf.of(page, Views.Incident::of));
  }

  private void get(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    String id = ctx.pathParam("id");
    respond(ctx, 200, isUuid(id) ? incidents().get(actor, UUID.fromString(id)) : incidents().getByNumber(actor, number(id)));
  }

  private void notes(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID id = idOf(actor, ctx.pathParam("id"));
    ctx.json(new Views.Items<>(incidents().notes(actor, id).stream().map(Views.Note::of).toList()));
  }

  private void addNote(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID id = idOf(actor, ctx.pathParam("id"));
    Note note = json.read(ctx.bodyAsBytes(), Note.class);
    NoteVisibility visibility = Codes.parse(NoteVisibility.class, "visibility", note.visibility());
    Duration spent = note.timeSpentMinutes() == null ? null : Duration.ofMinutes(note.timeSpentMinutes());
    ctx.status(201).json(Views.Note.of(incidents().addNote(actor, id, new NewNote(note.text(), visibility, spent))));
  }

  private void sla(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    ctx.json(new Views.Items<>(engine.sla().status(actor, idOf(actor, ctx.pathParam("id")))));
  }

  private void audit(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    ctx.json(new Views.Items<>(engine.audit().trail(actor, idOf(actor, ctx.pathParam("id")))));
  }

  /** A transition: {@code POST /api/incidents/{id}/<name>}, honouring {@code If-Match}. */
  private void transition(RoutesConfig routes, String name, Transition transition) {
    routes.post(BASE + "/{id}/" + name, ctx -> {
      Actor actor = BasicAuthenticator.actor(ctx);
      Long expectedVersion = EntityTags.expectedVersion(ctx.header(EntityTags.IF_MATCH));
      TicketRef ref = new TicketRef(idOf(actor, ctx.pathParam("id")), expectedVersion);
      respond(ctx, 200, transition.apply(actor, ref, ctx.bodyAsBytes()));
    });
  }

  private void respond(Context ctx, int status, IncidentTicket incident) {
    ctx.status(status).header("ETag", EntityTags.of(incident.version())).json(Views.Incident.of(incident));
  }

  /** The id in a path: the UUID itself, or the id of the incident with that number. */
  private UUID idOf(Actor actor, String idOrNumber) {
    return isUuid(idOrNumber) ? UUID.fromString(idOrNumber) : incidents().getByNumber(actor, number(idOrNumber)).id();
  }

  private static boolean isUuid(String text) {
    return UUID_TEXT.matcher(text).matches();
  }

  private static String number(String text) {
    if (!NUMBER_TEXT.matcher(text).matches()) {
      throw new NotFoundException("Expected an incident id (a UUID) or number (like INC-000042), but '" + text + "' is neither");
    }
    return text;
  }

  private static UUID uuid(String field, String text) {
    if (text == null) {
      throw new InvalidInputException(field, "Expected " + field + " to be a UUID, but it is null");
    }
    if (!isUuid(text)) {
      throw new InvalidValueException(field, "Expected " + field + " to be a UUID, but it is '" + text + "'");
    }
    return UUID.fromString(text);
  }

  private IncidentService incidents() {
    return engine.incidents();
  }

  @FunctionalInterface
  private interface Transition {
    IncidentTicket apply(Actor actor, TicketRef ref, byte[] body);
  }
}
