package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Roles;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server outside demo mode: no users and no default password until {@code create-admin} adds an
 * administrator, who can then log in.
 */
class AdminCommandTest {
  private static TestDatabase database;
  private static ExampleServer.Running running;
  private static ApiClient api;

  @BeforeAll
  static void startWithoutDemo() {
    database = TestDatabase.create();
    running = ExampleServer.run(ServerSettings.parse(databaseOptions("--port", "0", "--demo", "false"), Map.of()));
    api = new ApiClient(running.server());
  }

  @AfterAll
  static void stop() {
    running.close();
    database.close();
  }

  @Test
  void shouldHaveNoUsersWithoutDemoMode() {
    assertThat(new UserStore(running.server().dataSource(), java.time.Clock.systemUTC()).userIds())
        .doesNotContain("alice", "admin", "mia");
    assertThat(api.get("/api/incidents", "admin").status()).isEqualTo(401);
    assertThat(api.post("/api/session", null, "{\"username\": \"alice\", \"password\": \"demo\"}").status()).isEqualTo(401);
    assertThat(running.banner()).contains("create-admin").doesNotContain("Demo logins", "alice");
  }

  @Test
  void shouldCreateAnAdministratorWithThePasswordFromTheEnvironment() {
    Result result = createAdmin(List.of("ops-admin"), Map.of("ITSM_ADMIN_PASSWORD", "long enough secret 1"), "");

    assertThat(result.exit()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Created administrator 'ops-admin'");
    Response login = api.post("/api/session", null, "{\"username\": \"ops-admin\", \"password\": \"long enough secret 1\"}");
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    assertThat(login.body().get("roles").toString()).isEqualTo("[\"" + Roles.ADMIN + "\"]");
    assertThat(api.getWithAuthorization("/api/incidents", ApiClient.basic("ops-admin", "long enough secret 1")).status())
        .isEqualTo(200);
  }

  @Test
  void shouldReadThePasswordFromStandardInput() {
    Result result = createAdmin(List.of("night-admin"), Map.of(), "another long secret\nignored\n");

    assertThat(result.exit()).as(result.toString()).isZero();
    assertThat(api.getWithAuthorization("/api/incidents", ApiClient.basic("night-admin", "another long secret")).status())
        .isEqualTo(200);
  }

  @Test
  void shouldRefuseAnExistingIdAndWeakPasswords() {
    assertThat(createAdmin(List.of("taken-admin"), Map.of("ITSM_ADMIN_PASSWORD", "first long secret"), "").exit()).isZero();

    Result taken = createAdmin(List.of("taken-admin"), Map.of("ITSM_ADMIN_PASSWORD", "second long secret"), "");
    assertThat(taken.exit()).isEqualTo(1);
    assertThat(taken.err()).contains("'taken-admin' exists already");
    assertThat(api.getWithAuthorization("/api/incidents", ApiClient.basic("taken-admin", "second long secret")).status())
        .isEqualTo(401);

    Result empty = createAdmin(List.of("weak-admin"), Map.of(), "");
    Result blank = createAdmin(List.of("weak-admin"), Map.of("ITSM_ADMIN_PASSWORD", "   "), "");
    Result shortOne = createAdmin(List.of("weak-admin"), Map.of("ITSM_ADMIN_PASSWORD", "demo"), "");
    Result repetitive = createAdmin(List.of("weak-admin"), Map.of("ITSM_ADMIN_PASSWORD", "aaaaaaaaaaaaaaaa"), "");
    Result ownId = createAdmin(List.of("weak-admin-12"), Map.of("ITSM_ADMIN_PASSWORD", "weak-admin-12"), "");
    assertThat(empty.err()).contains("password is empty");
    assertThat(blank.err()).contains("password is empty");
    assertThat(shortOne.err()).contains("at least 12");
    assertThat(repetitive.err()).contains("fewer than 5 different characters");
    assertThat(ownId.err()).contains("is the user id");
    for (Result refused : List.of(empty, blank, shortOne, repetitive, ownId)) {
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).startsWith("Refused: ");
    }
    assertThat(new UserStore(running.server().dataSource(), java.time.Clock.systemUTC()).userIds())
        .doesNotContain("weak-admin", "weak-admin-12");
  }

  @Test
  void shouldRefuseWrongArguments() {
    Result noId = createAdmin(List.of(), Map.of("ITSM_ADMIN_PASSWORD", "long enough secret 2"), "");
    Result badId = createAdmin(List.of("a:b"), Map.of("ITSM_ADMIN_PASSWORD", "long enough secret 2"), "");

    assertThat(noId.exit()).isEqualTo(2);
    assertThat(noId.err()).contains("Expected the new administrator's id");
    assertThat(badId.exit()).isEqualTo(1);
    assertThat(badId.err()).contains("without ':'");
  }

  private record Result(int exit, String out, String err) {}

  private static Result createAdmin(List<String> idAndOptions, Map<String, String> env, String stdin) {
    List<String> args = new ArrayList<>(idAndOptions);
    if (!args.isEmpty()) {
      args.addAll(List.of(databaseOptions()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    int exit = AdminCommand.run(args.toArray(String[]::new), env, in, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String[] databaseOptions(String... more) {
    List<String> options = new ArrayList<>(List.of("--jdbc-url", database.jdbcUrl(), "--jdbc-user", database.user()));
    options.addAll(List.of(more));
    return options.toArray(String[]::new);
  }
}
