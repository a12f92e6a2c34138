package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Roles;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.spi.Directory;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's users live in its own tables of the engine's database, with Argon2id password hashes. */
class ServerUsersTest {
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
  void shouldStoreTheDemoUsersWithArgon2idHashesOnly() throws SQLException {
    List<String> hashes = column("SELECT password_hash FROM itsm_example_user ORDER BY sort_order");

    assertThat(column("SELECT id FROM itsm_example_user ORDER BY sort_order"))
        .containsExactlyElementsOf(USERS.users().stream().map(DemoUser::id).toList());
    assertThat(hashes).allSatisfy(hash -> assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
        .doesNotContain(DemoUsers.DEMO_PASSWORD));
    assertThat(PasswordHash.parse(hashes.get(0)).matches(DemoUsers.DEMO_PASSWORD.toCharArray())).isTrue();
    assertThat(column("SELECT \"version\" FROM \"itsm_example_schema_history\" WHERE \"success\" = TRUE")).contains("1");
  }

  @Test
  void shouldAuthenticateBasicCredentialsAgainstTheDatabaseUsers() {
    assertThat(api.get("/api/incidents", "alice").status()).isEqualTo(200);
    assertThat(api.getWithAuthorization("/api/incidents", ApiClient.basic("alice", "demo!")).status()).isEqualTo(401);
    assertThat(api.getWithAuthorization("/api/incidents", ApiClient.basic("nobody", "demo")).status()).isEqualTo(401);
  }

  @Test
  void shouldAddUsersOnlyToAnEmptyUserTable() {
    DemoUsers others = DemoUsers.builder().caller("zed", "demo".toCharArray()).build();
    try (ExampleServer second = ExampleServer.start(itsm.engine(), others, itsm.notifications(), 0)) {
      ApiClient secondApi = new ApiClient(second);

      assertThat(secondApi.get("/api/incidents", "zed").status()).isEqualTo(401);
      assertThat(secondApi.get("/api/incidents", "carol").status()).isEqualTo(200);
    }
  }

  @Test
  void shouldKeepTheRolesAndGroupsOfEachUser() {
    Response session = api.post("/api/session", null, "{\"username\": \"mia\", \"password\": \"demo\"}");

    assertThat(session.status()).as(session.toString()).isEqualTo(200);
    assertThat(session.body().get("roles")).extracting(Object::toString).asString().contains(Roles.AGENT, Roles.MANAGER);
    List<String> groups = new ArrayList<>();
    session.body().get("groups").forEach(g -> groups.add(g.asText()));
    assertThat(groups).containsExactly("dba", "messaging", "network-ops", "service-desk");
  }

  @Test
  void shouldDeriveTheDirectoryFromTheDatabaseUsersAsTheDemoUsersDo() {
    Directory directory = new UserStore(server.dataSource(), itsm.clock()).directory();

    for (String group : USERS.groups()) {
      assertThat(directory.groupExists(group)).as(group).isTrue();
      assertThat(directory.members(group)).as(group).isEqualTo(USERS.directory().members(group));
      assertThat(directory.managers(group)).as(group).containsExactlyElementsOf(USERS.directory().managers(group));
    }
    assertThat(directory.managers("network-ops")).containsExactly("mia", "mark");
    assertThat(directory.groupExists("no-such-group")).isFalse();
    assertThat(directory.members("no-such-group")).isEmpty();
  }

  private static List<String> column(String sql) throws SQLException {
    try (Connection connection = itsm.database().connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

}
