package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web console's login: a session cookie, its CSRF token, logout and expiry. */
class SessionApiTest {
  private static final DemoUsers USERS = DemoUsers.standard();
  private static final String NEW_INCIDENT = "{\"title\": \"Printer jammed\", \"category\": \"hardware\"}";

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
  void shouldLogInWithASessionCookieAndAnswerTheUserAndCsrfToken() {
    Response login = login("alice", "demo");

    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    assertThat(login.text("userId")).isEqualTo("alice");
    assertThat(login.body().get("roles").toString()).isEqualTo("[\"agent\"]");
    assertThat(login.body().get("groups").toString()).isEqualTo("[\"network-ops\"]");
    assertThat(login.text("csrfToken")).hasSizeGreaterThanOrEqualTo(40);
    String cookie = login.header("Set-Cookie");
    assertThat(cookie).matches("ITSM_SESSION=[A-Za-z0-9_-]{40,}; Path=/; HttpOnly; SameSite=Strict; Secure");

    Response current = get("/api/session", sessionOf(login));
    assertThat(current.status()).as(current.toString()).isEqualTo(200);
    assertThat(current.text("userId")).isEqualTo("alice");
    assertThat(current.text("csrfToken")).isEqualTo(login.text("csrfToken"));
    assertThat(get("/api/incidents", sessionOf(login)).status()).isEqualTo(200);
  }

  @Test
  void shouldRefuseWrongCredentialsWith401() {
    Response wrong = login("bob", "not-the-password");
    Response unknown = login("nobody", "demo");

    for (Response response : new Response[] {wrong, unknown}) {
      assertThat(response.status()).as(response.toString()).isEqualTo(401);
      assertThat(response.text("code")).isEqualTo("itsm.invalid-credentials");
      assertThat(response.header("Set-Cookie")).isNull();
    }
    Response blank = api.post("/api/session", null, "{\"username\": \" \", \"password\": \"demo\"}");
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.text("field")).isEqualTo("username");
    Response missing = api.post("/api/session", null, "{\"username\": \"bob\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.text("field")).isEqualTo("password");
  }

  @Test
  void shouldRequireTheCsrfTokenForChangesBySession() {
    Response login = login("carol", "demo");
    String session = sessionOf(login);
    int before = get("/api/incidents", session).body().get("items").size();

    Response missing = send("POST", "/api/incidents", NEW_INCIDENT, session, null);
    Response wrong = send("POST", "/api/incidents", NEW_INCIDENT, session, "x" + login.text("csrfToken"));

    for (Response refused : new Response[] {missing, wrong}) {
      assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
      assertThat(refused.text("code")).isEqualTo("itsm.csrf-token-invalid");
      assertThat(refused.text("field")).isEqualTo("X-CSRF-Token");
    }
    assertThat(missing.text("detail")).contains("there is none");
    assertThat(wrong.text("detail")).contains("does not match");
    assertThat(get("/api/incidents", session).body().get("items").size()).isEqualTo(before);

    Response ok = send("POST", "/api/incidents", NEW_INCIDENT, session, login.text("csrfToken"));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(get("/api/incidents", session).body().get("items").size()).isEqualTo(before + 1);
  }

  @Test
  void shouldNotAskApiClientsForACsrfToken() {
    assertThat(api.post("/api/incidents", "carol", NEW_INCIDENT).status()).isEqualTo(201);
  }

  @Test
  void shouldLogOut() {
    Response login = login("bob", "demo");
    String session = sessionOf(login);

    Response withoutToken = send("DELETE", "/api/session", null, session, null);
    assertThat(withoutToken.status()).isEqualTo(403);
    assertThat(get("/api/session", session).status()).isEqualTo(200);

    Response logout = send("DELETE", "/api/session", null, session, login.text("csrfToken"));

    assertThat(logout.status()).isEqualTo(204);
    assertThat(logout.header("Set-Cookie")).startsWith("ITSM_SESSION=; Path=/; Max-Age=0; HttpOnly");
    assertThat(get("/api/session", session).status()).isEqualTo(401);
    assertThat(get("/api/incidents", session).status()).isEqualTo(401);
  }

  @Test
  void shouldEndASessionAfterThirtyIdleMinutes() {
    String session = sessionOf(login("sam", "demo"));

    itsm.clock().advance(Duration.ofMinutes(29));
    assertThat(get("/api/session", session).status()).isEqualTo(200);
    itsm.clock().advance(Duration.ofMinutes(29));
    assertThat(get("/api/incidents", session).status()).isEqualTo(200);
    itsm.clock().advance(Duration.ofMinutes(30));

    Response expired = get("/api/incidents", session);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.text("code")).isEqualTo("itsm.unauthenticated");
    assertThat(get("/api/session", session).status()).isEqualTo(401);
  }

  @Test
  void shouldEndASessionTwelveHoursAfterTheLoginEvenWhenUsed() {
    String session = sessionOf(login("ida", "demo"));

    for (int i = 0; i < 28; i++) {
      itsm.clock().advance(Duration.ofMinutes(25));
      assertThat(get("/api/session", session).status()).as("after %d minutes", (i + 1) * 25).isEqualTo(200);
    }
    itsm.clock().advance(Duration.ofMinutes(25));

    assertThat(get("/api/session", session).status()).isEqualTo(401);
  }

  @Test
  void shouldDeleteEndedSessionsAtTheNextLogin() throws SQLException {
    sessionOf(login("dave", "demo"));
    assertThat(sessionsOf("dave")).isEqualTo(1);
    itsm.clock().advance(Duration.ofMinutes(31));

    sessionOf(login("cora", "demo"));

    assertThat(sessionsOf("dave")).isZero();
  }

  private static int sessionsOf(String user) throws SQLException {
    try (Connection connection = itsm.database().connect();
         PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM itsm_example_session WHERE user_id = ?")) {
      statement.setString(1, user);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  @Test
  void shouldStoreOnlyTheHashOfTheSessionId() throws SQLException {
    Response login = login("eric", "demo");
    String id = sessionOf(login).substring("ITSM_SESSION=".length());

    try (Connection connection = itsm.database().connect();
         PreparedStatement statement = connection.prepareStatement("SELECT id_hash FROM itsm_example_session WHERE user_id = ?")) {
      statement.setString(1, "eric");
      try (ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo(Secrets.sha256(id)).isNotEqualTo(id);
      }
    }
  }

  @Test
  void shouldAnswer401WithoutABasicChallengeToTheConsole() {
    Response plain = get("/api/session", null);
    Response console = api.send("GET", "/api/session", null, null, Map.of("X-Requested-With", "console"));
    Response consoleList = api.send("GET", "/api/incidents", null, null, Map.of("X-Requested-With", "console"));

    assertThat(plain.status()).isEqualTo(401);
    assertThat(plain.header("WWW-Authenticate")).startsWith("Basic realm=\"itsm\"");
    for (Response response : new Response[] {console, consoleList}) {
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate")).isNull();
    }
  }

  @Test
  void shouldLeaveOutSecureWhenTurnedOff() {
    try (ExampleServer plain = ExampleServer.builder(itsm.engine()).users(USERS)
        .security(SecuritySettings.defaults().withSecureCookies(false)).start()) {
      Response login = new ApiClient(plain).post("/api/session", null, "{\"username\": \"dora\", \"password\": \"demo\"}");

      assertThat(login.header("Set-Cookie")).matches("ITSM_SESSION=[A-Za-z0-9_-]+; Path=/; HttpOnly; SameSite=Strict");
    }
  }

  private static Response login(String user, String password) {
    return api.post("/api/session", null, "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}");
  }

  /** The Cookie header value of the session a login started. */
  static String sessionOf(Response login) {
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    String setCookie = login.header("Set-Cookie");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static Response get(String path, String session) {
    return api.send("GET", path, null, null, session == null ? Map.of() : Map.of("Cookie", session));
  }

  private static Response send(String method, String path, String body, String session, String csrfToken) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Cookie", session);
    if (csrfToken != null) {
      headers.put("X-CSRF-Token", csrfToken);
    }
    return api.send(method, path, null, body, headers);
  }
}
