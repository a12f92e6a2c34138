package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API tokens: created by a user, used as {@code Authorization: Bearer}, listed without values, expiring and revocable. */
class ApiTokenApiTest {
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
  void shouldCreateATokenShownOnceThatActsAsItsUser() {
    Instant now = itsm.clock().instant();
    Response created = api.post("/api/tokens", "alice", "{\"name\": \"monitoring\", \"expiresInDays\": 7}");

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String token = created.text("token");
    assertThat(token).startsWith("itsm_").hasSizeGreaterThan(40);
    assertThat(created.text("name")).isEqualTo("monitoring");
    assertThat(Instant.parse(created.text("expiresAt"))).isEqualTo(now.plus(Duration.ofDays(7)));
    assertThat(created.header("Location")).isEqualTo("/api/tokens/" + created.text("id"));

    Response used = bearer("GET", "/api/notifications", token, null);
    assertThat(used.status()).as(used.toString()).isEqualTo(200);
    Response opened = bearer("POST", "/api/incidents", token, "{\"title\": \"Switch down\", \"category\": \"network\"}");
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    assertThat(opened.text("callerId")).isEqualTo("alice");

    Response listed = api.get("/api/tokens", "alice");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.itemTexts("id")).contains(created.text("id"));
    assertThat(listed.itemTexts("name")).contains("monitoring");
    assertThat(listed.raw()).doesNotContain(token);
    assertThat(api.get("/api/tokens", "bob").raw()).doesNotContain(created.text("id"));
  }

  @Test
  void shouldStoreOnlyTheSha256OfAToken() throws SQLException {
    Response created = api.post("/api/tokens", "bob", "{\"name\": \"ci\"}");
    String token = created.text("token");

    try (Connection connection = itsm.database().connect();
         PreparedStatement statement = connection.prepareStatement("SELECT token_hash FROM itsm_example_api_token WHERE id = ?")) {
      statement.setString(1, created.text("id"));
      try (ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo(Secrets.sha256(token)).doesNotContain(token.substring(5));
      }
    }
  }

  @Test
  void shouldRefuseATokenOnceExpired() {
    Response created = api.post("/api/tokens", "sam", "{\"name\": \"short\", \"expiresInDays\": 1}");
    String token = created.text("token");
    assertThat(bearer("GET", "/api/notifications", token, null).status()).isEqualTo(200);

    itsm.clock().advance(Duration.ofDays(1));

    Response refused = bearer("GET", "/api/notifications", token, null);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.text("code")).isEqualTo("itsm.unauthenticated");
    Response listed = api.get("/api/tokens", "sam");
    assertThat(listed.body().get("items").get(0).get("expired").asBoolean()).isTrue();
  }

  @Test
  void shouldRevokeAToken() {
    Response created = api.post("/api/tokens", "ida", "{\"name\": \"laptop\"}");
    String id = created.text("id");
    String token = created.text("token");

    assertThat(api.delete("/api/tokens/" + id, "eric").status()).isEqualTo(404);
    assertThat(bearer("GET", "/api/notifications", token, null).status()).isEqualTo(200);
    assertThat(api.delete("/api/tokens/" + id, "ida").status()).isEqualTo(204);

    assertThat(bearer("GET", "/api/notifications", token, null).status()).isEqualTo(401);
    assertThat(api.get("/api/tokens", "ida").itemTexts("id")).doesNotContain(id);
    Response again = api.delete("/api/tokens/" + id, "ida");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.text("code")).isEqualTo("itsm.not-found");
  }

  @Test
  void shouldRefuseUnknownTokensAndBadInput() {
    assertThat(bearer("GET", "/api/notifications", "itsm_not-a-token", null).status()).isEqualTo(401);
    assertThat(bearer("GET", "/api/notifications", "", null).status()).isEqualTo(401);
    assertThat(api.post("/api/tokens", null, "{\"name\": \"x\"}").status()).isEqualTo(401);

    assertProblem(api.post("/api/tokens", "dora", "{\"name\": \"  \"}"), 400, "itsm.invalid-input", "name");
    assertProblem(api.post("/api/tokens", "dora", "{\"expiresInDays\": 5}"), 400, "itsm.invalid-input", "name");
    assertProblem(api.post("/api/tokens", "dora", "{\"name\": \"x\", \"expiresInDays\": 0}"), 422, "itsm.invalid-value",
        "expiresInDays");
    assertProblem(api.post("/api/tokens", "dora", "{\"name\": \"x\", \"expiresInDays\": 366}"), 422, "itsm.invalid-value",
        "expiresInDays");
    assertProblem(api.post("/api/tokens", "dora", "{\"name\": \"" + "n".repeat(101) + "\"}"), 422, "itsm.invalid-value", "name");
    assertProblem(api.post("/api/tokens", "dora", "{\"name\": \"x\", \"scope\": \"all\"}"), 400, "itsm.invalid-input", "scope");
    assertThat(api.get("/api/tokens", "dora").body().get("items")).isEmpty();
  }

  private static void assertProblem(Response response, int status, String code, String field) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.text("code")).isEqualTo(code);
    assertThat(response.text("field")).isEqualTo(field);
  }

  private static Response bearer(String method, String path, String token, String body) {
    return api.send(method, path, null, body, Map.of("Authorization", "Bearer " + token));
  }
}
