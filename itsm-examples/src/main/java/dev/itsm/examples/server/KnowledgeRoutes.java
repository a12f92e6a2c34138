package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.Codes;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.TicketRef;
import dev.itsm.api.knowledge.Article;
import dev.itsm.api.knowledge.KnowledgeService;
import dev.itsm.api.knowledge.NewArticle;
import dev.itsm.examples.server.KnowledgeViews.ArticleView;
import dev.itsm.examples.server.RequestBodies.Reason;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The knowledge resource: {@code /api/articles} (one article by id or number, its content, review
 * workflow, kept versions and the incidents it resolved), the search, the "frequently asked" list and
 * the suggestions for an incident. Handlers parse the request, call {@link KnowledgeService} as the
 * authenticated actor and map the result; errors are left to {@link Problems}.
 */
final class KnowledgeRoutes {
  static final String BASE = "/api/articles";
  private static final int DEFAULT_SEARCH_LIMIT = 10;
  private static final int DEFAULT_SUGGESTION_LIMIT = 5;

  private final ItsmEngine engine;
  private final JsonCodec json;

  KnowledgeRoutes(ItsmEngine engine, JsonCodec json) {
    this.engine = engine;
    this.json = json;
  }

  /** {@code POST /api/articles} and {@code PUT /api/articles/{id}}: the content of a version. */
  record ArticleBody(String title, String body, List<String> tags, List<String> services, List<String> cis, String language) {}

  /** {@code POST .../review}: {@code decision} is APPROVE or REJECT; a rejection needs a comment. */
  record ReviewBody(String decision, String comment) {}

  /** {@code POST .../resolutions}. */
  record ResolutionBody(String incidentId) {}

  /** A review's decision. */
  enum Decision { APPROVE, REJECT }

  void register(RoutesConfig routes) {
    routes.post(BASE, this::create);
    // before BASE/{id}, which would take "search" for an article number
    routes.get(BASE + "/search", this::search);
    routes.get(BASE + "/frequently-asked", this::frequentlyAsked);
    routes.get(BASE + "/{id}", this::get);
    routes.put(BASE + "/{id}", ctx -> change(ctx, (actor, ref) -> knowledge().update(actor, ref, content(ctx))));
    transition(routes, "submit", (actor, ref, ctx) -> knowledge().submitForReview(actor, ref));
    transition(routes, "review", (actor, ref, ctx) -> {
      ReviewBody review = json.read(ctx.bodyAsBytes(), ReviewBody.class);
      boolean approve = Codes.parse(Decision.class, "decision", review.decision()) == Decision.APPROVE;
      return knowledge().review(actor, ref, approve, review.comment());
    });
    transition(routes, "retire", (actor, ref, ctx) ->
        knowledge().retire(actor, ref, json.read(ctx.bodyAsBytes(), Reason.class).reason()));
    routes.post(BASE + "/{id}/resolutions", this::recordResolution);
    routes.get(BASE + "/{id}/versions", this::versions);
    routes.get(IncidentRoutes.BASE + "/{id}/suggestions", this::suggestions);
  }

  private void create(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Article created = knowledge().create(actor, content(ctx));
    ctx.header("Location", BASE + "/" + created.id());
    respond(ctx, 201, created);
  }

  private void get(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    respond(ctx, 200, Params.byIdOrNumber(ctx.pathParam("id"), "an article", "KB-000042",
        id -> knowledge().get(actor, id), number -> knowledge().getByNumber(actor, number)));
  }

  private void recordResolution(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID article = idOf(actor, ctx.pathParam("id"));
    UUID incident = Params.uuid("incidentId", json.read(ctx.bodyAsBytes(), ResolutionBody.class).incidentId());
    respond(ctx, 201, knowledge().recordResolution(actor, article, incident));
  }

  private void versions(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID article = idOf(actor, ctx.pathParam("id"));
    ctx.json(new Views.Items<>(knowledge().versions(actor, article).stream().map(KnowledgeViews.Version::of).toList()));
  }

  /** {@code q} is the search text (the library names it {@code query} in errors). */
  private void search(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    List<String> query = params.getOrDefault("q", List.of());
    if (query.size() > 1) {
      throw new InvalidInputException("q", "Expected one value for q, but there are " + query.size());
    }
    String text = query.isEmpty() ? null : query.get(0);
    int limit = Params.integer(params, "limit", DEFAULT_SEARCH_LIMIT);
    ctx.json(new Views.Items<>(knowledge().search(actor, text, Params.single(params, "language"), limit).stream()
        .map(KnowledgeViews.Hit::of).toList()));
  }

  private void frequentlyAsked(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    int limit = Params.integer(ctx.queryParamMap(), "limit", DEFAULT_SEARCH_LIMIT);
    ctx.json(new Views.Items<>(knowledge().frequentlyAsked(actor, limit).stream().map(KnowledgeViews.Hit::of).toList()));
  }

  private void suggestions(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    UUID incident = Params.byIdOrNumber(ctx.pathParam("id"), "an incident", "INC-000042", id -> id,
        number -> engine.incidents().getByNumber(actor, number).id());
    int limit = Params.integer(ctx.queryParamMap(), "limit", DEFAULT_SUGGESTION_LIMIT);
    ctx.json(new Views.Items<>(knowledge().suggestions(actor, incident, limit).stream().map(KnowledgeViews.Hit::of).toList()));
  }

  private NewArticle content(Context ctx) {
    ArticleBody body = json.read(ctx.bodyAsBytes(), ArticleBody.class);
    return new NewArticle(body.title(), body.body(), body.tags() == null ? null : new LinkedHashSet<>(body.tags()),
        body.services() == null ? null : new LinkedHashSet<>(body.services()), Params.uuids("cis", body.cis()),
        body.language());
  }

  /** A transition: {@code POST /api/articles/{id}/<name>}, honouring {@code If-Match}. */
  private void transition(RoutesConfig routes, String name, Transition transition) {
    routes.post(BASE + "/{id}/" + name, ctx -> change(ctx, (actor, ref) -> transition.apply(actor, ref, ctx)));
  }

  private void change(Context ctx, Change change) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Long expectedRevision = EntityTags.expectedVersion(ctx.header(EntityTags.IF_MATCH));
    respond(ctx, 200, change.apply(actor, new TicketRef(idOf(actor, ctx.pathParam("id")), expectedRevision)));
  }

  /** The article and its {@code ETag}: the revision, which every change moves on. */
  private void respond(Context ctx, int status, Article article) {
    ctx.status(status).header("ETag", EntityTags.of(article.revision())).json(ArticleView.of(article));
  }

  private UUID idOf(Actor actor, String idOrNumber) {
    return Params.byIdOrNumber(idOrNumber, "an article", "KB-000042", id -> id, number -> knowledge().getByNumber(actor, number).id());
  }

  private KnowledgeService knowledge() {
    return engine.knowledge();
  }

  @FunctionalInterface
  private interface Transition {
    Article apply(Actor actor, TicketRef ref, Context ctx);
  }

  @FunctionalInterface
  private interface Change {
    Article apply(Actor actor, TicketRef ref);
  }
}
