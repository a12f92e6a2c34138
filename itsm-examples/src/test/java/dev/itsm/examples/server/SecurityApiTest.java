package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Security headers on every response, the body limit and the throttling of failed logins. */
class SecurityApiTest {
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
  void shouldSendTheSecurityHeadersOnEveryResponse() {
    Response health = api.get("/health", null);
    Response list = api.get("/api/incidents", "alice");
    Response unauthenticated = api.get("/api/incidents", null);
    Response notFound = api.get("/api/no-such-thing", "alice");
    Response problem = api.post("/api/incidents", "carol", "{");

    for (Response response : new Response[] {health, list, unauthenticated, notFound, problem}) {
      assertThat(response.header("Content-Security-Policy")).as(response.toString()).isEqualTo(
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
              + "font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
      assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
    }
    for (Response response : new Response[] {list, unauthenticated, notFound, problem}) {
      assertThat(response.header("Cache-Control")).as(response.toString()).isEqualTo("no-store");
    }
    assertThat(health.header("Cache-Control")).isNull();
    assertThat(notFound.status()).isEqualTo(404);
  }

  @Test
  void shouldRefuseABodyOverOneMebibyteWith413() {
    String padding = "x".repeat((int) SecuritySettings.ONE_MIB);
    int before = api.get("/api/incidents", "carol").body().get("items").size();

    Response tooLarge = api.post("/api/incidents", "carol", "{\"title\": \"" + padding + "\", \"category\": \"network\"}");

    assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
    assertThat(tooLarge.header("Content-Type")).startsWith("application/problem+json");
    assertThat(tooLarge.text("code")).isEqualTo("itsm.body-too-large");
    assertThat(tooLarge.raw()).doesNotContain("Exception", "at io.javalin");
    assertThat(api.get("/api/incidents", "carol").body().get("items").size()).isEqualTo(before);

    Response justFits = api.post("/api/incidents", "carol", padding.substring(0, (int) SecuritySettings.ONE_MIB - 2) + "{}");
    assertThat(justFits.status()).as("a body of exactly 1 MiB is read").isEqualTo(400);
  }

  @Test
  void shouldRefuseFurtherLoginsOfAUserAfterTooManyFailures() {
    try (ExampleServer throttled = ExampleServer.builder(itsm.engine()).users(USERS)
        .security(SecuritySettings.defaults().withFailureLimits(3, 100, Duration.ofMinutes(15))).start()) {
      ApiClient client = new ApiClient(throttled);
      for (int i = 0; i < 3; i++) {
        assertThat(login(client, "mark", "guess" + i).status()).isEqualTo(401);
      }

      Response refused = login(client, "mark", "demo");
      Response refusedBasic = client.get("/api/incidents", "mark");

      assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
      assertThat(refused.text("code")).isEqualTo("itsm.too-many-attempts");
      assertThat(refused.header("Retry-After")).isEqualTo("900");
      assertThat(refusedBasic.status()).isEqualTo(429);
      assertThat(login(client, "marta", "demo").status()).as("other users are not affected").isEqualTo(200);

      itsm.clock().advance(Duration.ofMinutes(15));

      assertThat(login(client, "mark", "demo").status()).isEqualTo(200);
    }
  }

  @Test
  void shouldRefuseFurtherLoginsFromAnAddressAfterTooManyFailures() {
    try (ExampleServer throttled = ExampleServer.builder(itsm.engine()).users(USERS)
        .security(SecuritySettings.defaults().withFailureLimits(100, 4, Duration.ofMinutes(15))).start()) {
      ApiClient client = new ApiClient(throttled);
      for (int i = 0; i < 4; i++) {
        assertThat(client.getWithAuthorization("/api/incidents", ApiClient.basic("user" + i, "demo")).status()).isEqualTo(401);
      }

      Response refused = login(client, "milo", "demo");

      assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
      assertThat(refused.text("code")).isEqualTo("itsm.too-many-attempts");
      itsm.clock().advance(Duration.ofMinutes(16));
      assertThat(login(client, "milo", "demo").status()).isEqualTo(200);
    }
  }

  @Test
  void shouldNotCountRequestsWithoutCredentials() {
    try (ExampleServer throttled = ExampleServer.builder(itsm.engine()).users(USERS)
        .security(SecuritySettings.defaults().withFailureLimits(1, 1, Duration.ofMinutes(15))).start()) {
      ApiClient client = new ApiClient(throttled);
      for (int i = 0; i < 3; i++) {
        assertThat(client.get("/api/incidents", null).status()).isEqualTo(401);
      }

      assertThat(client.get("/api/incidents", "sue").status()).isEqualTo(200);
    }
  }

  private static Response login(ApiClient client, String user, String password) {
    return client.send("POST", "/api/session", null, "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}",
        Map.of());
  }
}
