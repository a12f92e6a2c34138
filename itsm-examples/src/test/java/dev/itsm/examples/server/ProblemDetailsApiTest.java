package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.itsm.api.ItsmEngine;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Every error comes back as problem details with a fitting status and the library's stable code. */
class ProblemDetailsApiTest {
  private static final DemoUsers USERS = DemoUsers.standard();

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
  void shouldAnswerMalformedJsonWith400() {
    Response response = api.post("/api/incidents", "carol", "{\"title\": \"VPN down\",");

    assertProblem(response, 400, "itsm.invalid-input", "body");
    assertThat(response.text("detail")).contains("malformed");
  }

  @Test
  void shouldAnswerAValueOfTheWrongJsonTypeWith400NamingIt() {
    assertProblem(api.post("/api/incidents", "carol", "{\"title\": 42, \"category\": \"network\"}"), 400, "itsm.invalid-input",
        "title");
    assertProblem(api.post("/api/incidents", "carol", "{\"title\": \"x\", \"affectedCis\": \"not-a-list\"}"), 400,
        "itsm.invalid-input", "affectedCis");
    assertProblem(api.post("/api/incidents", "carol", "{\"title\": \"x\", \"affectedCis\": [7]}"), 400,
        "itsm.invalid-input", "affectedCis[0]");
    assertProblem(api.post("/api/incidents", "carol", "[1, 2]"), 400, "itsm.invalid-input", "body");
  }

  @Test
  void shouldAnswerAnAffectedCiThatIsNoUuidWith422() {
    assertProblem(api.post("/api/incidents", "carol", "{\"title\": \"x\", \"category\": \"network\", \"affectedCis\": [\"router-1\"]}"),
        422, "itsm.invalid-value", "affectedCis[0]");
  }

  @Test
  void shouldAnswerAnUnknownPropertyWith400NamingIt() {
    Response response = api.post("/api/incidents", "carol", "{\"title\": \"x\", \"category\": \"network\", \"prio\": \"P1\"}");

    assertProblem(response, 400, "itsm.invalid-input", "prio");
    assertThat(response.text("detail")).contains("title", "category");
  }

  @Test
  void shouldAnswerABlankTitleWith400AndTheLibraryMessage() {
    Response response = api.post("/api/incidents", "carol", "{\"title\": \"  \", \"category\": \"network\"}");

    assertProblem(response, 400, "itsm.invalid-input", "title");
    assertThat(response.text("detail")).isEqualTo("Expected a value for title, but it is blank");
    assertThat(response.text("type")).isEqualTo("https://itsm.dev/problems/invalid-input");
    assertThat(response.text("title")).isEqualTo("Invalid input");
    assertThat(response.text("instance")).isEqualTo("/api/incidents");
  }

  @Test
  void shouldAnswerAnEmptyBodyWith400() {
    assertProblem(api.post("/api/incidents", "carol", null), 400, "itsm.invalid-input", "body");
  }

  @Test
  void shouldAnswerMissingCredentialsWith401AndAChallenge() {
    Response response = api.get("/api/incidents", null);

    assertProblem(response, 401, "itsm.unauthenticated", null);
    assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=\"itsm\"");
  }

  @Test
  void shouldAnswerWrongCredentialsWith401() {
    for (String authorization : new String[] {ApiClient.basic("alice", "wrong"), ApiClient.basic("nobody", "demo"),
        "Bearer abc", "Basic not-base64!", ApiClient.basic("alice", "") }) {
      Response response = api.getWithAuthorization("/api/incidents", authorization);
      assertProblem(response, 401, "itsm.unauthenticated", null);
      assertThat(response.header("WWW-Authenticate")).as(authorization).startsWith("Basic realm=\"itsm\"");
    }
  }

  @Test
  void shouldLetHealthBeReadWithoutCredentials() {
    Response response = api.get("/health", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text("status")).isEqualTo("UP");
  }

  @Test
  void shouldAnswerACallerAssigningWith403() {
    String path = open("carol", "network");

    Response response = api.post(path + "/assign", "carol", "{\"agentId\": \"alice\"}");

    assertProblem(response, 403, "itsm.access-denied", null);
    assertThat(response.text("detail")).contains("carol", "INCIDENT_ASSIGN");
  }

  @Test
  void shouldAnswerAnUnknownIncidentWith404() {
    assertProblem(api.get("/api/incidents/" + UUID.randomUUID(), "mia"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/incidents/INC-999999", "mia"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/incidents/no-such-thing!", "mia"), 404, "itsm.not-found", null);
    assertProblem(api.post("/api/incidents/" + UUID.randomUUID() + "/acknowledge", "mia", null), 404, "itsm.not-found", null);
  }

  @Test
  void shouldHideIncidentsOfOthersFromCallersAs404() {
    String path = open("carol", "network");

    assertProblem(api.get(path, "dave"), 404, "itsm.not-found", null);
  }

  @Test
  void shouldAnswerAnUnknownRouteWith404() {
    assertProblem(api.get("/api/tickets", "mia"), 404, "itsm.not-found", null);
    assertProblem(api.post("/api/incidents/" + UUID.randomUUID() + "/explode", "mia", null), 404, "itsm.not-found", null);
  }

  @Test
  void shouldAnswerAnIllegalTransitionWith409() {
    String path = open("carol", "network");

    Response response = api.post(path + "/resolve", "alice", "{\"code\": \"FIXED\"}");

    assertProblem(response, 409, "itsm.illegal-transition", null);
    assertThat(response.text("detail")).contains("resolve", "NEW");
  }

  @Test
  void shouldAnswerAStaleIfMatchWith409() {
    // given an incident at version 2
    String path = open("carol", "network");
    assertThat(api.post(path + "/assign", "alice", "{\"agentId\": \"alice\"}").status()).isEqualTo(200);

    // when alice acknowledges it as she saw it at version 1
    Response response = api.post(path + "/acknowledge", "alice", null, Map.of("If-Match", "\"1\""));

    // then she is told to reload, and nothing changed
    assertProblem(response, 409, "itsm.conflict", null);
    assertThat(response.text("detail")).contains("version 1");
    assertThat(api.get(path, "alice").text("state")).isEqualTo("ASSIGNED");
  }

  @Test
  void shouldAnswerAMalformedIfMatchWith400() {
    String path = open("carol", "network");

    assertProblem(api.post(path + "/assign", "alice", "{\"agentId\": \"alice\"}", Map.of("If-Match", "W/\"1\"")), 400,
        "itsm.invalid-input", "If-Match");
  }

  @Test
  void shouldAnswerAnUnknownCategoryWith422() {
    Response response = api.post("/api/incidents", "carol", "{\"title\": \"x\", \"category\": \"plumbing\"}");

    assertProblem(response, 422, "itsm.invalid-value", "category");
    assertThat(response.text("detail")).contains("plumbing");
  }

  @Test
  void shouldAnswerAnUnknownImpactWith422() {
    Response response = api.post("/api/incidents", "carol", "{\"title\": \"x\", \"category\": \"network\", \"impact\": \"huge\"}");

    assertProblem(response, 422, "itsm.invalid-value", "impact");
    assertThat(response.text("detail")).contains("HIGH, MEDIUM, LOW", "huge");
  }

  @Test
  void shouldAnswerAnUnknownHoldReasonWith422() {
    String path = open("carol", "network");

    assertProblem(api.post(path + "/hold", "mia", "{\"reason\": \"lunch\"}"), 422, "itsm.invalid-value", "reason");
  }

  @Test
  void shouldAnswerAnUnexpectedFailureWith500WithoutItsCause() {
    // given a server whose engine fails in an unforeseen way
    ItsmEngine broken = (ItsmEngine) Proxy.newProxyInstance(ItsmEngine.class.getClassLoader(), new Class<?>[] {ItsmEngine.class},
        (proxy, method, args) -> {
          throw new IllegalStateException("secret connection string jdbc:postgresql://db/itsm");
        });
    Logger logger = (Logger) LoggerFactory.getLogger(Problems.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    logger.setAdditive(false);
    try (ExampleServer brokenServer = ExampleServer.builder(broken).users(USERS)
        .dataSource(itsm.engine().processEngine().getProcessEngineConfiguration().getDataSource())
        .clock(itsm.clock()).start()) {
      // when someone lists incidents
      Response response = new ApiClient(brokenServer).get("/api/incidents", "mia");

      // then the answer is generic, and the cause is logged
      assertProblem(response, 500, "itsm.internal-error", null);
      assertThat(response.body().toString()).doesNotContain("secret", "IllegalStateException", "at dev.itsm");
      assertThat(logged.list).anySatisfy(event -> {
        assertThat(event.getThrowableProxy().getMessage()).contains("secret connection string");
        assertThat(event.getFormattedMessage()).contains("GET /api/incidents");
      });
    } finally {
      logger.detachAppender(logged);
      logger.setAdditive(true);
    }
  }

  private static String open(String caller, String category) {
    Response opened = api.post("/api/incidents", caller, "{\"title\": \"Something is broken\", \"category\": \"" + category + "\"}");
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    return opened.header("Location");
  }

  private static void assertProblem(Response response, int status, String code, String field) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.body().get("status").asInt()).isEqualTo(status);
    assertThat(response.text("code")).as(response.toString()).isEqualTo(code);
    assertThat(response.text("type")).isEqualTo("https://itsm.dev/problems/" + code.substring("itsm.".length()));
    assertThat(response.text("title")).isNotBlank();
    assertThat(response.text("detail")).isNotBlank();
    assertThat(response.text("field")).as(response.toString()).isEqualTo(field);
  }
}
