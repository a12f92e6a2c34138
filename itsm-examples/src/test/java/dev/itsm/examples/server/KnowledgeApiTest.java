package dev.itsm.examples.server;

import static dev.itsm.examples.server.ApiAssertions.assertOk;
import static dev.itsm.examples.server.ApiAssertions.assertProblem;
import static dev.itsm.examples.server.ApiAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.api.knowledge.Article;
import dev.itsm.api.knowledge.ArticleState;
import dev.itsm.api.knowledge.ArticleVersion;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The knowledge base over real HTTP: articles written, reviewed by someone else, published, searched and versioned. */
class KnowledgeApiTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .agent("wendy", PASSWORD, "service-desk")
      .agent("bob", PASSWORD, "desktop-support")
      .user("kim", PASSWORD, Set.of(Roles.KNOWLEDGE_MANAGER), "knowledge-reviewers")
      .build();

  @RegisterExtension
  static final ItsmExtension itsm = ItsmExtension.create(builder -> builder.plugin(c -> c.directory(USERS.directory())));

  private static ExampleServer server;
  private static ApiClient api;

  @BeforeAll
  static void startServer() {
    server = ExampleServer.start(itsm.engine(), USERS, itsm.notifications(), 0);
    api = new ApiClient(server);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void shouldWriteReviewPublishSearchAndVersionAnArticle() {
    // given wendy writes an article
    Response created = api.post("/api/articles", "wendy", """
        {"title": "Printer shows paper jam", "body": "Open tray 2, remove the torn sheet, close the tray.",
         "tags": ["printer", "Paper-Jam"], "services": ["printing"]}""");
    assertOk(created, 201, "revision");
    String path = "/api/articles/" + created.text("id");
    assertThat(created.header("Location")).isEqualTo(path);
    assertThat(created.text("number")).matches("KB-\\d{6}");
    assertThat(created.text("state")).isEqualTo("DRAFT");
    assertThat(created.body().get("version").asInt()).isEqualTo(1);
    assertThat(created.body().get("publishedVersion").isNull()).isTrue();
    assertThat(created.text("authorId")).isEqualTo("wendy");
    assertThat(created.text("language")).isEqualTo("en");
    assertThat(texts(created.body().get("tags"))).containsExactly("paper-jam", "printer");
    assertThat(texts(created.body().get("services"))).containsExactly("printing");

    // a draft is not there for readers
    assertProblem(api.get(path, "carol"), 404, "itsm.not-found", null);

    // she submits it as she wrote it; she may not review it herself
    Response submitted = transition(path, "submit", "wendy", null, Map.of("If-Match", created.header("ETag")));
    assertThat(submitted.text("state")).isEqualTo("IN_REVIEW");
    Response own = assertProblem(api.post(path + "/review", "wendy", "{\"decision\": \"approve\"}"), 403, "itsm.access-denied", null);
    assertThat(own.text("detail")).contains("wendy");

    // when kim approves it
    Response approved = transition(path, "review", "kim", "{\"decision\": \"approve\", \"comment\": \"Clear and short\"}");

    // then it is published, carol reads it by number and finds it
    assertThat(approved.text("state")).isEqualTo("PUBLISHED");
    assertThat(approved.body().get("publishedVersion").asInt()).isEqualTo(1);
    assertThat(approved.text("approvedBy")).isEqualTo("kim");
    Response read = assertOk(api.get("/api/articles/" + created.text("number"), "carol"), 200, "revision");
    assertThat(read.text("id")).isEqualTo(created.text("id"));
    assertThat(read.text("body")).isEqualTo("Open tray 2, remove the torn sheet, close the tray.");
    Response hits = assertOk(api.get("/api/articles/search?q=paper%20jam&limit=5", "carol"), 200, null);
    assertThat(hits.itemTexts("articleId")).containsExactly(created.text("id"));
    assertThat(hits.itemTexts("number")).containsExactly(created.text("number"));
    assertThat(hits.itemTexts("title")).containsExactly("Printer shows paper jam");
    assertThat(api.get("/api/articles/search?q=rollers", "carol").itemTexts("articleId")).isEmpty();

    // bob edits it: version 2 is a draft while version 1 stays live for readers
    itsm.clock().advance(Duration.ofMinutes(10));
    Response edited = assertOk(api.send("PUT", path, "bob", """
        {"title": "Printer shows paper jam", "body": "Open tray 2, remove the torn sheet, clean the rollers, close the tray.",
         "tags": ["printer", "paper-jam", "rollers"], "services": ["printing"]}""", Map.of("If-Match", read.header("ETag"))),
        200, "revision");
    assertThat(edited.text("state")).isEqualTo("DRAFT");
    assertThat(edited.body().get("version").asInt()).isEqualTo(2);
    assertThat(edited.body().get("publishedVersion").asInt()).isEqualTo(1);
    assertThat(edited.text("authorId")).isEqualTo("bob");
    assertThat(api.get(path, "carol").text("body")).isEqualTo("Open tray 2, remove the torn sheet, close the tray.");
    assertThat(api.get("/api/articles/search?q=rollers", "carol").itemTexts("articleId")).isEmpty();

    // a rejection needs a comment and returns it to draft; approved on the second round
    transition(path, "submit", "bob", null);
    assertProblem(api.post(path + "/review", "kim", "{\"decision\": \"reject\"}"), 400, "itsm.invalid-input", "comment");
    assertThat(transition(path, "review", "kim", "{\"decision\": \"REJECT\", \"comment\": \"Say which rollers\"}").text("state"))
        .isEqualTo("DRAFT");
    transition(path, "submit", "bob", null);
    Response second = transition(path, "review", "kim", "{\"decision\": \"approve\"}");
    assertThat(second.text("state")).isEqualTo("PUBLISHED");
    assertThat(second.body().get("publishedVersion").asInt()).isEqualTo(2);

    // both published versions are kept, with who wrote and who approved them
    Response versions = assertOk(api.get(path + "/versions", "carol"), 200, null);
    assertThat(versions.itemTexts("version")).containsExactly("1", "2");
    assertThat(versions.itemTexts("authorId")).containsExactly("wendy", "bob");
    assertThat(versions.itemTexts("approvedBy")).containsExactly("kim", "kim");
    assertThat(texts(versions.body().get("items").get(1).get("tags"))).containsExactly("paper-jam", "printer", "rollers");
    assertThat(itsm.engine().knowledge().versions(actor("kim"), UUID.fromString(created.text("id"))))
        .extracting(ArticleVersion::body).containsExactly("Open tray 2, remove the torn sheet, close the tray.",
            "Open tray 2, remove the torn sheet, clean the rollers, close the tray.");
    assertThat(api.get("/api/articles/search?q=rollers", "carol").itemTexts("articleId")).containsExactly(created.text("id"));

    // it resolves an incident, which makes it frequently asked and suggested for a similar incident
    String incident = openIncident("carol", "Paper jam in the printer on floor 3", "hardware");
    Response used = assertOk(api.post(path + "/resolutions", "bob", "{\"incidentId\": \"" + idOf(incident) + "\"}"), 201,
        "revision");
    assertThat(used.body().get("resolvedIncidents").asLong()).isEqualTo(1);
    assertProblem(api.post(path + "/resolutions", "bob", "{\"incidentId\": \"" + idOf(incident) + "\"}"), 422,
        "itsm.invalid-value", "incidentId");
    Response frequent = assertOk(api.get("/api/articles/frequently-asked?limit=3", "carol"), 200, null);
    assertThat(frequent.itemTexts("articleId")).containsExactly(created.text("id"));
    assertThat(frequent.itemTexts("resolvedIncidents")).containsExactly("1");
    Response suggested = assertOk(api.get(incident + "/suggestions", "bob"), 200, null);
    assertThat(suggested.itemTexts("articleId")).contains(created.text("id"));

    // retired, it leaves the search and the readers
    Response retired = transition(path, "retire", "kim", "{\"reason\": \"Printers replaced\"}");
    assertThat(retired.text("state")).isEqualTo("RETIRED");
    assertThat(api.get("/api/articles/search?q=paper%20jam", "carol").itemTexts("articleId")).isEmpty();
    assertProblem(api.get(path, "carol"), 404, "itsm.not-found", null);
    Article stored = itsm.engine().knowledge().get(actor("kim"), UUID.fromString(created.text("id")));
    assertThat(stored.state()).isEqualTo(ArticleState.RETIRED);
    assertThat(stored.version()).isEqualTo(2);
  }

  @Test
  void shouldAnswerAnUnknownDecisionWith422NamingTheField() {
    String path = submitted("VPN client asks for a certificate");

    assertProblem(api.post(path + "/review", "kim", "{\"decision\": \"maybe\"}"), 422, "itsm.invalid-value", "decision");
    assertProblem(api.post(path + "/review", "kim", "{}"), 400, "itsm.invalid-input", "decision");
    assertThat(api.get(path, "wendy").text("state")).isEqualTo("IN_REVIEW");
  }

  @Test
  void shouldAnswerBadSearchesAndBodiesWith400Or422() {
    assertProblem(api.get("/api/articles/search", "carol"), 400, "itsm.invalid-input", "query");
    assertProblem(api.get("/api/articles/search?q=printer&limit=500", "carol"), 422, "itsm.invalid-value", "limit");
    assertProblem(api.get("/api/articles/search?q=printer&limit=many", "carol"), 400, "itsm.invalid-input", "limit");
    assertProblem(api.get("/api/articles/search?q=printer&language=english", "carol"), 422, "itsm.invalid-value", "language");
    assertProblem(api.get("/api/articles/search?q=%28%29%3A%2A", "carol"), 422, "itsm.invalid-value", "query");
    assertProblem(api.post("/api/articles", "wendy", "{\"title\": \"x\", \"body\": \"y\", \"tags\": \"printer\"}"), 400,
        "itsm.invalid-input", "tags");
    assertProblem(api.post("/api/articles", "wendy", "{\"title\": \"x\", \"body\": \"y\", \"cis\": [\"web-01\"]}"), 422,
        "itsm.invalid-value", "cis[0]");
    assertProblem(api.post("/api/articles", "wendy", "{\"title\": \"x\"}"), 400, "itsm.invalid-input", "body");
  }

  @Test
  void shouldAnswerAnIllegalTransitionAndAStaleRevisionWith409() {
    String path = submitted("Teams camera stays black");
    Response inReview = api.get(path, "wendy");

    assertProblem(api.post(path + "/submit", "wendy", null), 409, "itsm.illegal-transition", null);
    Response editInReview = assertProblem(api.send("PUT", path, "wendy", "{\"title\": \"x\", \"body\": \"y\"}", Map.of()),
        409, "itsm.illegal-transition", null);
    assertThat(editInReview.text("detail")).contains("IN_REVIEW");
    transition(path, "review", "kim", "{\"decision\": \"reject\", \"comment\": \"Add a screenshot\"}");
    assertProblem(api.post(path + "/submit", "wendy", null, Map.of("If-Match", inReview.header("ETag"))), 409, "itsm.conflict",
        null);
    assertThat(api.get(path, "wendy").text("state")).isEqualTo("DRAFT");
  }

  @Test
  void shouldAnswerUsersWithoutThePermissionWith403() {
    assertProblem(api.post("/api/articles", "carol", "{\"title\": \"x\", \"body\": \"y\"}"), 403, "itsm.access-denied", null);
    String path = submitted("Laptop dock does not charge");
    assertProblem(api.post(path + "/review", "bob", "{\"decision\": \"approve\"}"), 403, "itsm.access-denied", null);
    assertProblem(api.post(path + "/retire", "bob", "{\"reason\": \"old\"}"), 403, "itsm.access-denied", null);
    assertThat(api.get(path, "kim").text("state")).isEqualTo("IN_REVIEW");
  }

  @Test
  void shouldAnswerAnUnknownArticleWith404() {
    assertProblem(api.get("/api/articles/" + UUID.randomUUID(), "kim"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/articles/KB-999999", "kim"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/articles/what-is-this!", "kim"), 404, "itsm.not-found", null);
    assertProblem(api.send("PUT", "/api/articles/" + UUID.randomUUID(), "wendy", "{\"title\": \"x\", \"body\": \"y\"}", Map.of()),
        404, "itsm.not-found", null);
    assertProblem(api.get("/api/articles/" + UUID.randomUUID() + "/versions", "kim"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/incidents/" + UUID.randomUUID() + "/suggestions", "bob"), 404, "itsm.not-found", null);
  }

  /** An article by wendy, submitted for review. */
  private static String submitted(String title) {
    Response created = api.post("/api/articles", "wendy", "{\"title\": \"" + title + "\", \"body\": \"Steps to follow.\"}");
    assertOk(created, 201, "revision");
    String path = created.header("Location");
    transition(path, "submit", "wendy", null);
    return path;
  }

  private static Response transition(String path, String name, String user, String body) {
    return transition(path, name, user, body, Map.of());
  }

  private static Response transition(String path, String name, String user, String body, Map<String, String> headers) {
    return assertOk(api.post(path + "/" + name, user, body, headers), 200, "revision");
  }

  private static String openIncident(String caller, String title, String category) {
    Response opened = api.post("/api/incidents", caller, "{\"title\": \"" + title + "\", \"category\": \"" + category + "\"}");
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    return opened.header("Location");
  }

  private static UUID idOf(String path) {
    return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
  }

  private static Actor actor(String user) {
    return USERS.user(user).actor();
  }
}
