package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server as {@code main} starts it in demo mode: demo users in the database, the engine's directory from them. */
class DemoModeTest {

  @Test
  void shouldStartWithTheDemoUsersAndTheirGroups() {
    try (TestDatabase database = TestDatabase.create();
         ExampleServer.Running running = ExampleServer.run(ServerSettings.parse(new String[] {"--port", "0",
             "--jdbc-url", database.jdbcUrl(), "--jdbc-user", database.user()}, Map.of()))) {
      ApiClient api = new ApiClient(running.server());

      assertThat(running.banner()).contains(running.server().url(), "Demo logins", "alice (network-ops)", "password \"demo\"");
      Response incidents = api.get("/api/incidents?group=network-ops", "mia");
      assertThat(incidents.status()).as(incidents.toString()).isEqualTo(200);
      assertThat(incidents.body().get("items")).isNotEmpty();
      Response opened = api.post("/api/incidents", "carol", "{\"title\": \"Switch down\", \"category\": \"network\"}");
      assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
      String assign = opened.header("Location") + "/assign";
      Response notAMember = api.post(assign, "mia", "{\"groupId\": \"network-ops\", \"agentId\": \"bob\"}",
          Map.of("If-Match", opened.header("ETag")));
      assertThat(notAMember.status()).as("the engine's directory knows bob is not in network-ops: " + notAMember).isBetween(400, 499);
      Response member = api.post(assign, "mia", "{\"groupId\": \"network-ops\", \"agentId\": \"alice\"}",
          Map.of("If-Match", opened.header("ETag")));
      assertThat(member.status()).as(member.toString()).isEqualTo(200);
      Response login = api.post("/api/session", null, "{\"username\": \"admin\", \"password\": \"demo\"}");
      assertThat(login.status()).isEqualTo(200);
    }
  }
}
