package dev.itsm.examples.server;

import static dev.itsm.examples.server.ApiAssertions.assertOk;
import static dev.itsm.examples.server.ApiAssertions.assertProblem;
import static dev.itsm.examples.server.ApiAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CMDB over real HTTP: items, relations, impact analysis with its paths, history and versions. */
class CmdbApiTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .agent("alice", PASSWORD, "network-ops")
      .manager("mia", PASSWORD, "network-ops")
      .user("conny", PASSWORD, Set.of(Roles.AGENT, Roles.CONFIGURATION_MANAGER), "network-ops")
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
  void shouldReadTheTypesWithTheirSchemas() {
    Response types = assertOk(api.get("/api/cmdb/types", "alice"), 200, null);
    assertThat(types.itemTexts("name")).contains("BusinessService", "Database", "Hardware", "Server").isSorted();

    Response server = assertOk(api.get("/api/cmdb/types/Server", "alice"), 200, null);
    assertThat(server.text("parent")).isEqualTo("Hardware");
    JsonNode attributes = server.body().get("attributes");
    assertThat(texts(attributes, "name")).startsWith("serialNumber").contains("hostname", "cpuCores");
    JsonNode hostname = attribute(attributes, "hostname");
    assertThat(hostname.get("type").asText()).isEqualTo("STRING");
    assertThat(hostname.get("unique").asBoolean()).isTrue();
    assertThat(attribute(attributes, "cpuCores").get("type").asText()).isEqualTo("INTEGER");

    Response relationTypes = assertOk(api.get("/api/cmdb/relation-types", "alice"), 200, null);
    assertThat(relationTypes.itemTexts("name")).contains("depends-on", "runs-on", "member-of");
    JsonNode runsOn = relationTypes.body().get("items").get(relationTypes.itemTexts("name").indexOf("runs-on"));
    assertThat(runsOn.get("inverseName").asText()).isEqualTo("hosts");
    assertThat(runsOn.get("affects").asText()).isEqualTo("SOURCE");
    assertThat(runsOn.get("impact").get("propagation").asText()).isEqualTo("PROPAGATES");
  }

  @Test
  void shouldRelateItemsAndAnalyseTheImpactDownstreamWithPaths() {
    // given a host, a database on it, an application using the database and a service using the application
    String host = create("Server", "host-7", "{\"hostname\": \"host-7.example.net\", \"cpuCores\": 8, \"serialNumber\": \"SN-7\"}");
    String db = create("Database", "orders-db", "{\"engine\": \"PostgreSQL\", \"sizeGb\": 120.5}");
    String app = create("BusinessApplication", "order-entry", "{}");
    String service = create("BusinessService", "Equities trading", "{\"criticality\": \"high\"}");
    JsonNode runsOn = relate("runs-on", db, host);
    relate("depends-on", app, db);
    relate("depends-on", service, app);
    assertThat(runsOn.get("type").asText()).isEqualTo("runs-on");
    assertThat(runsOn.get("sourceId").asText()).isEqualTo(db);
    assertThat(runsOn.get("createdBy").asText()).isEqualTo("conny");

    // when alice asks what fails when the host fails
    Response impact = assertOk(api.get("/api/cmdb/cis/" + host + "/impact?direction=downstream", "alice"), 200, null);

    // then every item on the way is listed with its depth and the path that explains it
    assertThat(impact.text("ciId")).isEqualTo(host);
    assertThat(impact.text("direction")).isEqualTo("DOWNSTREAM");
    assertThat(impact.itemTexts("id")).containsExactly(db, app, service);
    assertThat(impact.itemTexts("name")).containsExactly("orders-db", "order-entry", "Equities trading");
    assertThat(impact.itemTexts("depth")).containsExactly("1", "2", "3");
    assertThat(impact.itemTexts("type")).containsExactly("Database", "BusinessApplication", "BusinessService");
    assertThat(steps(impact.body().get("items").get(2).get("path"))).containsExactly(
        host + " hosts " + db, db + " used-by " + app, app + " used-by " + service);
    assertThat(steps(impact.body().get("items").get(0).get("path"))).containsExactly(host + " hosts " + db);
    assertThat(texts(impact.body().get("items"), "alone")).containsOnly("true");
    List<ImpactedCi> library = itsm.engine().cmdb().impact(actor("alice"), ImpactQuery.downstream(UUID.fromString(host)));
    assertThat(library).extracting(i -> i.id().toString()).containsExactly(db, app, service);

    // limited in depth and to the services; the services the host takes down; upstream from the service
    assertThat(api.get("/api/cmdb/cis/" + host + "/impact?depth=1", "alice").itemTexts("id")).containsExactly(db);
    Response services = assertOk(api.get("/api/cmdb/cis/" + host + "/impact?types=BusinessService", "alice"), 200, null);
    assertThat(services.itemTexts("id")).containsExactly(service);
    assertThat(texts(services.body().get("types"))).containsExactly("BusinessService");
    Response affected = assertOk(api.get("/api/cmdb/cis/" + host + "/services", "alice"), 200, null);
    assertThat(affected.itemTexts("id")).containsExactly(service);
    assertThat(affected.body().get("items").get(0).get("path").size()).isEqualTo(3);
    Response upstream = assertOk(api.get("/api/cmdb/cis/" + service + "/impact?direction=UPSTREAM", "alice"), 200, null);
    assertThat(upstream.itemTexts("id")).containsExactly(app, db, host);
    assertThat(steps(upstream.body().get("items").get(2).get("path"))).containsExactly(
        service + " depends-on " + app, app + " depends-on " + db, db + " runs-on " + host);

    // the database's relations, one of them removed
    Response relations = assertOk(api.get("/api/cmdb/cis/" + db + "/relations", "alice"), 200, null);
    assertThat(relations.itemTexts("type")).containsExactlyInAnyOrder("runs-on", "depends-on");
    Response removed = api.send("DELETE", "/api/cmdb/relations/" + runsOn.get("id").asText(), "conny", null, Map.of());
    assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
    assertThat(api.get("/api/cmdb/cis/" + db + "/relations", "alice").itemTexts("type")).containsExactly("depends-on");
    assertThat(api.get("/api/cmdb/cis/" + host + "/impact", "alice").itemTexts("id")).isEmpty();
    assertThat(itsm.engine().cmdb().relations(actor("alice"), UUID.fromString(host))).isEmpty();

    // the query finds the host as hardware, by attribute value and by text
    assertThat(api.get("/api/cmdb/cis?type=Hardware&name=host-7", "alice").itemTexts("id")).containsExactly(host);
    Response byValue = assertOk(api.get("/api/cmdb/cis?type=Server&where.cpuCores=8&where.os=", "alice"), 200, null);
    assertThat(byValue.itemTexts("id")).containsExactly(host);
    assertThat(byValue.body().get("total").asLong()).isEqualTo(1);
    assertThat(api.get("/api/cmdb/cis?type=Server&where.cpuCores=4", "alice").itemTexts("id")).isEmpty();
    assertThat(api.get("/api/cmdb/cis?text=host-7.example&limit=5", "alice").itemTexts("id")).containsExactly(host);
    Response db120 = assertOk(api.get("/api/cmdb/cis/" + db, "alice"), 200, "version");
    assertThat(db120.body().get("attributes").get("sizeGb").decimalValue()).isEqualByComparingTo("120.5");
    assertThat(itsm.engine().cmdb().get(actor("alice"), UUID.fromString(db)).attributes().get("sizeGb"))
        .isEqualTo(new BigDecimal("120.5"));
  }

  @Test
  void shouldKeepTheHistoryOfAnUpdateAndRefuseAStaleVersion() {
    // given a server read at version 1
    Response created = createResponse("Server", "web-01", "{\"hostname\": \"web-01.example.net\", \"cpuCores\": 8, \"os\": \"Linux 6.1\"}");
    String path = created.header("Location");
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    itsm.clock().advance(Duration.ofMinutes(5));

    // when conny renames it and changes two attributes as she read it
    Response updated = assertOk(api.send("PATCH", path, "conny", """
        {"name": "web-01a", "attributes": {"os": "Linux 6.6", "cpuCores": 16}}""", Map.of("If-Match", created.header("ETag"))),
        200, "version");

    // then it is at version 2 and the history has a row per change
    assertThat(updated.header("ETag")).isEqualTo("\"2\"");
    assertThat(updated.text("name")).isEqualTo("web-01a");
    assertThat(updated.body().get("attributes").get("cpuCores").asLong()).isEqualTo(16);
    assertThat(updated.text("updatedAt")).isEqualTo(itsm.clock().instant().toString());
    Response history = assertOk(api.get(path + "/history", "alice"), 200, null);
    assertThat(history.itemTexts("action")).containsExactly("created", "updated", "updated", "updated");
    List<String> changes = new ArrayList<>();
    for (JsonNode entry : history.body().get("items")) {
      if (entry.get("action").asText().equals("updated")) {
        changes.add(entry.get("field").asText() + ": " + entry.get("oldValue").asText() + " -> " + entry.get("newValue").asText());
        assertThat(entry.get("actorId").asText()).isEqualTo("conny");
      }
    }
    assertThat(changes).containsExactlyInAnyOrder("name: \"web-01\" -> \"web-01a\"", "os: \"Linux 6.1\" -> \"Linux 6.6\"",
        "cpuCores: 8 -> 16");

    // a change sent with the old version is refused, and nothing changes
    Response stale = assertProblem(api.send("PATCH", path, "conny", "{\"attributes\": {\"os\": \"Windows\"}}",
        Map.of("If-Match", created.header("ETag"))), 409, "itsm.conflict", null);
    assertThat(stale.text("detail")).contains("1");
    assertProblem(api.post(path + "/state", "conny", "{\"state\": \"retired\"}", Map.of("If-Match", "\"1\"")), 409,
        "itsm.conflict", null);
    Ci stored = itsm.engine().cmdb().get(actor("alice"), idOf(path));
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.attributes()).containsEntry("os", "Linux 6.6");

    // null removes a value; the lifecycle moves along its transitions only
    Response removed = assertOk(api.send("PATCH", path, "conny", "{\"attributes\": {\"os\": null}}", Map.of()), 200, "version");
    assertThat(removed.body().get("attributes").has("os")).isFalse();
    Response maintenance = assertOk(api.post(path + "/state", "conny", "{\"state\": \"in-maintenance\"}",
        Map.of("If-Match", removed.header("ETag"))), 200, "version");
    assertThat(maintenance.text("state")).isEqualTo("IN_MAINTENANCE");
    assertProblem(api.post(path + "/state", "conny", "{\"state\": \"planned\"}"), 409, "itsm.illegal-transition", null);
    assertProblem(api.post(path + "/state", "conny", "{\"state\": \"broken\"}"), 422, "itsm.invalid-value", "state");
    assertThat(itsm.engine().cmdb().history(actor("alice"), idOf(path))).extracting(CiChange::action)
        .containsExactly("created", "updated", "updated", "updated", "updated", "state");
    assertThat(itsm.engine().cmdb().get(actor("alice"), idOf(path)).state()).isEqualTo(CiState.IN_MAINTENANCE);
  }

  @Test
  void shouldAnswerAnAttributeThatBreaksTheSchemaWith422NamingIt() {
    // a missing or blank type is missing input (400), an unknown one an invalid value (422)
    assertProblem(api.post("/api/cmdb/cis", "conny", "{\"name\": \"db-09\"}"), 400, "itsm.invalid-input", "type");
    assertProblem(api.post("/api/cmdb/cis", "conny", "{\"type\": \" \", \"name\": \"db-09\"}"), 400, "itsm.invalid-input",
        "type");
    assertProblem(api.post("/api/cmdb/cis", "conny", "{\"type\": \"Mainframe\", \"name\": \"db-09\"}"), 422,
        "itsm.invalid-value", "type");
    assertProblem(api.post("/api/cmdb/cis", "conny", """
        {"type": "Server", "name": "db-09", "attributes": {"cpuCores": "eight"}}"""), 422, "itsm.invalid-value",
        "attributes.cpuCores");
    assertProblem(api.post("/api/cmdb/cis", "conny", """
        {"type": "Server", "name": "db-09", "attributes": {"colour": "red"}}"""), 422, "itsm.invalid-value", "attributes.colour");
    assertProblem(api.post("/api/cmdb/cis", "conny", """
        {"type": "Server", "name": "db-09", "attributes": {"warrantyEnd": "next year"}}"""), 422, "itsm.invalid-value",
        "attributes.warrantyEnd");
    assertProblem(api.post("/api/cmdb/cis", "conny", """
        {"type": "BusinessService", "name": "Payments", "attributes": {"criticality": "extreme"}}"""), 422, "itsm.invalid-value",
        "attributes.criticality");
    String id = create("Server", "db-09", "{\"hostname\": \"db-09.example.net\"}");
    String path = "/api/cmdb/cis/" + id;
    create("Server", "db-10", "{\"hostname\": \"db-10.example.net\"}");
    assertProblem(api.send("PATCH", path, "conny", "{\"attributes\": {\"hostname\": \"db-10.example.net\"}}", Map.of()), 422,
        "itsm.invalid-value", "attributes.hostname");
    assertProblem(api.send("PATCH", path, "conny", "{\"attributes\": {\"cpuCores\": 2.5}}", Map.of()), 422, "itsm.invalid-value",
        "attributes.cpuCores");
    assertThat(itsm.engine().cmdb().get(actor("alice"), UUID.fromString(id)).version()).isEqualTo(1);
    assertThat(itsm.engine().cmdb().history(actor("alice"), UUID.fromString(id))).hasSize(1);
  }

  @Test
  void shouldAnswerBadTypesCodesIdsAndJsonWith400Or422NamingTheField() {
    String server = create("Server", "app-21", "{\"hostname\": \"app-21.example.net\"}");
    assertProblem(api.post("/api/cmdb/cis", "conny", "{\"type\": \"Toaster\", \"name\": \"t-1\"}"), 422, "itsm.invalid-value", "type");
    assertProblem(api.post("/api/cmdb/cis", "conny", "{\"type\": \"Server\", \"name\": \"s\", \"state\": \"on\"}"), 422,
        "itsm.invalid-value", "state");
    assertProblem(api.post("/api/cmdb/cis", "conny", "{\"type\": \"Server\", \"name\": \"s\", \"attributes\": {\"os\": [\"a\"]}}"),
        400, "itsm.invalid-input", "attributes.os");
    assertProblem(api.post("/api/cmdb/cis", "conny", "{\"type\": \"Server\", \"name\": \"s\", \"attributes\": []}"), 400,
        "itsm.invalid-input", "attributes");
    assertProblem(api.post("/api/cmdb/cis", "conny", "{\"type\": \"Server\""), 400, "itsm.invalid-input", "body");
    assertProblem(api.post("/api/cmdb/cis", "conny", "{\"type\": \"Storage\", \"name\": \"st\", \"attributes\": {\"capacityTb\": 1e400}}"),
        422, "itsm.invalid-value", "attributes.capacityTb");
    assertProblem(api.post("/api/cmdb/relations", "conny", """
        {"type": "hosts-on", "source": "%s", "target": "%s"}""".formatted(server, server)), 422, "itsm.invalid-value", "type");
    assertProblem(api.post("/api/cmdb/relations", "conny", """
        {"type": "depends-on", "source": "%s", "target": "app-21"}""".formatted(server)), 422, "itsm.invalid-value", "target");
    assertProblem(api.post("/api/cmdb/relations", "conny", "{\"type\": \"depends-on\", \"target\": \"%s\"}".formatted(server)), 400,
        "itsm.invalid-input", "source");
    assertProblem(api.get("/api/cmdb/cis/" + server + "/impact?direction=sideways", "alice"), 422, "itsm.invalid-value",
        "direction");
    assertProblem(api.get("/api/cmdb/cis/" + server + "/impact?depth=0", "alice"), 422, "itsm.invalid-value", "maxDepth");
    assertProblem(api.get("/api/cmdb/cis/" + server + "/impact?depth=deep", "alice"), 400, "itsm.invalid-input", "depth");
    assertProblem(api.get("/api/cmdb/cis?state=lost", "alice"), 422, "itsm.invalid-value", "state");
    assertProblem(api.get("/api/cmdb/cis?sort=colour", "alice"), 422, "itsm.invalid-value", "sort");
    assertProblem(api.get("/api/cmdb/cis?relatedTo=host-7", "alice"), 422, "itsm.invalid-value", "relatedTo");
    assertProblem(api.get("/api/cmdb/cis?type=Server&where.cpuCores=eight", "alice"), 422, "itsm.invalid-value", "where.cpuCores");
    assertProblem(api.get("/api/cmdb/cis?where.os=Linux", "alice"), 422, "itsm.invalid-value", "where.os");
    assertProblem(api.get("/api/cmdb/cis?limit=0", "alice"), 422, "itsm.invalid-value", "limit");
    assertProblem(api.send("PATCH", "/api/cmdb/cis/" + server, "conny", "{}", Map.of("If-Match", "soon")), 400,
        "itsm.invalid-input", "If-Match");
  }

  @Test
  void shouldAnswerACallerOrAnAgentWritingWith403() {
    String path = "/api/cmdb/cis/" + create("Server", "edge-3", "{\"hostname\": \"edge-3.example.net\"}");
    String other = create("Database", "edge-db", "{}");

    assertProblem(api.get("/api/cmdb/types", "carol"), 403, "itsm.access-denied", null);
    assertProblem(api.get(path, "carol"), 403, "itsm.access-denied", null);
    assertProblem(api.post("/api/cmdb/cis", "alice", "{\"type\": \"Server\", \"name\": \"x-1\"}"), 403, "itsm.access-denied", null);
    assertProblem(api.send("PATCH", path, "alice", "{\"attributes\": {\"os\": \"Linux\"}}", Map.of()), 403, "itsm.access-denied",
        null);
    assertProblem(api.post(path + "/state", "mia", "{\"state\": \"retired\"}"), 403, "itsm.access-denied", null);
    assertProblem(api.post("/api/cmdb/relations", "mia", """
        {"type": "depends-on", "source": "%s", "target": "%s"}""".formatted(other, idOf(path))), 403, "itsm.access-denied", null);
    Ci unchanged = itsm.engine().cmdb().get(actor("alice"), idOf(path));
    assertThat(unchanged.version()).isEqualTo(1);
    assertThat(unchanged.state()).isEqualTo(CiState.IN_USE);
    assertThat(itsm.engine().cmdb().relations(actor("alice"), idOf(path))).isEmpty();
  }

  @Test
  void shouldAnswerAnUnknownItemTypeOrRelationWith404() {
    assertProblem(api.get("/api/cmdb/cis/" + UUID.randomUUID(), "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/cmdb/cis/host-7", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/cmdb/types/Toaster", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/cmdb/cis/" + UUID.randomUUID() + "/history", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/cmdb/cis/" + UUID.randomUUID() + "/impact", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.send("PATCH", "/api/cmdb/cis/" + UUID.randomUUID(), "conny", "{\"name\": \"x\"}", Map.of()), 404,
        "itsm.not-found", null);
    assertProblem(api.send("DELETE", "/api/cmdb/relations/" + UUID.randomUUID(), "conny", null, Map.of()), 404, "itsm.not-found",
        null);
  }

  private static String create(String type, String name, String attributes) {
    return createResponse(type, name, attributes).text("id");
  }

  private static Response createResponse(String type, String name, String attributes) {
    Response created = api.post("/api/cmdb/cis", "conny", """
        {"type": "%s", "name": "%s", "attributes": %s}""".formatted(type, name, attributes));
    assertOk(created, 201, "version");
    assertThat(created.header("Location")).isEqualTo("/api/cmdb/cis/" + created.text("id"));
    assertThat(created.text("type")).isEqualTo(type);
    assertThat(created.text("state")).isEqualTo("IN_USE");
    assertThat(created.body().get("version").asLong()).isEqualTo(1);
    return created;
  }

  private static JsonNode relate(String type, String source, String target) {
    Response related = api.post("/api/cmdb/relations", "conny", """
        {"type": "%s", "source": "%s", "target": "%s"}""".formatted(type, source, target));
    assertThat(related.status()).as(related.toString()).isEqualTo(201);
    return related.body();
  }

  private static List<String> steps(JsonNode path) {
    List<String> steps = new ArrayList<>();
    path.forEach(step -> steps.add(step.get("from").asText() + " " + step.get("relation").asText() + " " + step.get("to").asText()));
    return steps;
  }

  private static JsonNode attribute(JsonNode attributes, String name) {
    for (JsonNode attribute : attributes) {
      if (attribute.get("name").asText().equals(name)) {
        return attribute;
      }
    }
    throw new AssertionError("Expected attribute " + name + " in " + attributes);
  }

  private static UUID idOf(String path) {
    return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
  }

  private static Actor actor(String user) {
    return USERS.user(user).actor();
  }
}
