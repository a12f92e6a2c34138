package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI document against the server: the routes it registers are the operations documented,
 * the document is served open to all as YAML and as the same JSON, and the contract the API tests'
 * responses are checked with fails on what it should.
 */
class OpenApiContractTest {
  private static final DemoUsers USERS = DemoUsers.standard();
  private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
  /** The server runs with webhooks, as its main does, so that it registers every route it has. */
  private static final Webhooks webhooks = new Webhooks();

  @RegisterExtension
  static final ItsmExtension itsm = ItsmExtension.create(builder -> builder.plugin(c -> c.directory(USERS.directory()))
      .plugin(webhooks));

  private static ExampleServer server;
  private static ApiClient api;

  @BeforeAll
  static void startServer() {
    server = ExampleServer.builder(itsm.engine()).users(USERS).notifications(itsm.notifications()).webhooks(webhooks).start();
    api = new ApiClient(server);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void shouldDocumentEveryRouteTheServerRegistersAndNoOther() {
    TreeSet<String> routes = server.routes().stream().map(route -> route.replace('<', '{').replace('>', '}'))
        .collect(Collectors.toCollection(TreeSet::new));
    TreeSet<String> documented = new TreeSet<>(OpenApiContract.SERVED.operations());

    assertThat(routes).as("routes of the server").hasSizeGreaterThan(100).contains("GET /api/incidents/{id}", "GET /health");
    assertThat(difference(routes, documented)).as("routes the OpenAPI document lacks").isEmpty();
    assertThat(difference(documented, routes)).as("documented operations the server does not have").isEmpty();
    assertThat(OpenApiContract.SERVED.operations()).as("one operation per method and path").doesNotHaveDuplicates();
  }

  @Test
  void shouldGiveEveryOperationAUniqueIdAndASuccessResponse() {
    JsonNode paths = OpenApiContract.SERVED.document().get("paths");
    List<String> ids = paths.valueStream().flatMap(JsonNode::valueStream).map(o -> o.path("operationId").asString("")).toList();
    assertThat(ids).doesNotContain("").doesNotHaveDuplicates();
    paths.properties().forEach(path -> path.getValue().properties().forEach(method ->
        assertThat(method.getValue().get("responses").propertyNames()).as(method.getKey() + " " + path.getKey())
            .anyMatch(status -> status.startsWith("2"))));
  }

  @Test
  void shouldServeTheDocumentWithoutCredentialsAsYamlAndAsTheSameJson() {
    Response yaml = api.get("/openapi.yaml", null);
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
    assertThat(yaml.raw()).isEqualTo(OpenApiRoutes.read());

    Response json = api.get("/openapi.json", null);
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.header("Content-Type")).startsWith("application/json");
    JsonNode served = JsonMapper.builder().build().readTree(json.raw());
    assertThat(served).isEqualTo(new YAMLMapper().readTree(OpenApiRoutes.read()));
    assertThat(served.get("openapi").asString()).isEqualTo("3.1.0");
    assertThat(served.at("/components/securitySchemes/basic/scheme").asString()).isEqualTo("basic");
  }

  @Test
  void shouldFailAResponseWithAPropertyOfTheWrongType() {
    String health = "{\"status\": 1}";
    assertThatThrownBy(() -> OpenApiContract.SERVED.check("GET", "/health", 200, JSON, health))
        .isInstanceOf(AssertionError.class).hasMessageContaining("health (GET /health)").hasMessageContaining("200")
        .hasMessageContaining("status");
  }

  @Test
  void shouldFailAResponseMissingARequiredProperty() {
    Response incident = api.post("/api/incidents", "carol", "{\"title\": \"Printer jam\", \"category\": \"hardware\"}");
    String withoutNumber = incident.raw().replaceFirst("\"number\":\"[^\"]*\",", "");
    assertThat(withoutNumber).doesNotContain("\"number\"");
    assertThatThrownBy(() -> OpenApiContract.SERVED.check("GET", "/api/incidents/" + incident.text("id"), 200,
        Map.of("Content-Type", List.of("application/json"), "ETag", List.of("\"1\"")), withoutNumber))
        .isInstanceOf(AssertionError.class).hasMessageContaining("getIncident").hasMessageContaining("number");
  }

  @Test
  void shouldFailAnUndocumentedStatusMediaTypeHeaderOrPath() {
    String problem = "{\"type\": \"https://itsm.dev/problems/conflict\", \"title\": \"Conflict\", \"status\": 409,"
        + " \"detail\": \"x\", \"instance\": \"/health\", \"code\": \"itsm.conflict\"}";
    assertThatThrownBy(() -> OpenApiContract.SERVED.check("GET", "/health", 409, JSON, problem))
        .hasMessageContaining("Expected status 409 to be documented for health");
    assertThatThrownBy(() -> OpenApiContract.SERVED.check("GET", "/health", 200, Map.of("Content-Type", List.of("text/html")), "<p>UP</p>"))
        .hasMessageContaining("media type");
    assertThatThrownBy(() -> OpenApiContract.SERVED.check("GET", "/api/incidents/INC-000001", 200, JSON, "{}"))
        .hasMessageContaining("ETag");
    assertThatThrownBy(() -> OpenApiContract.SERVED.check("GET", "/api/tickets", 200, JSON, "{}"))
        .hasMessageContaining("GET /api/tickets");
  }

  @Test
  void shouldFailProblemDetailsWhoseCodeIsNotTheOneOfTheirStatus() {
    String conflictAs404 = "{\"type\": \"https://itsm.dev/problems/conflict\", \"title\": \"Conflict\", \"status\": 404,"
        + " \"detail\": \"x\", \"instance\": \"/api/incidents/INC-000001\", \"code\": \"itsm.conflict\"}";
    assertThatThrownBy(() -> OpenApiContract.SERVED.check("GET", "/api/incidents/INC-000001", 404,
        Map.of("Content-Type", List.of("application/problem+json")), conflictAs404))
        .hasMessageContaining("404 of getIncident").hasMessageContaining("code");
    assertThat(api.get("/api/incidents/INC-999999", "mia").status()).isEqualTo(404);
  }

  @Test
  void shouldFailAWebhookRequestWithoutItsSignatureOrWithAnUndocumentedProperty() {
    String event = "{\"eventId\": \"0b7c7a3e-4f0e-4c53-9a53-2f1d2bd1d6a1\", \"type\": \"incident.opened\","
        + " \"occurredAt\": \"2026-03-02T08:00:00Z\", \"tenantId\": \"default\", \"ticketId\": null, \"ticketNumber\": null,"
        + " \"ticketType\": null, \"actorId\": null, \"data\": {}}";
    Map<String, List<String>> headers = new java.util.HashMap<>(Map.of("Content-Type", List.of("application/json"),
        "X-Itsm-Event", List.of("incident.opened"), "X-Itsm-Delivery", List.of("0b7c7a3e-4f0e-4c53-9a53-2f1d2bd1d6a2"),
        "X-Itsm-Timestamp", List.of("1772438400"), "X-Itsm-Signature", List.of("sha256=" + "0".repeat(64))));
    OpenApiContract.SERVED.checkWebhook("itsmEvent", "POST", headers, event);

    assertThatThrownBy(() -> OpenApiContract.SERVED.checkWebhook("itsmEvent", "POST", headers,
        event.replace("\"data\": {}", "\"data\": {}, \"secret\": \"x\"")))
        .hasMessageContaining("webhook itsmEvent").hasMessageContaining("secret");
    headers.put("X-Itsm-Signature", List.of("md5=abc"));
    assertThatThrownBy(() -> OpenApiContract.SERVED.checkWebhook("itsmEvent", "POST", headers, event))
        .hasMessageContaining("X-Itsm-Signature");
    headers.remove("X-Itsm-Signature");
    assertThatThrownBy(() -> OpenApiContract.SERVED.checkWebhook("itsmEvent", "POST", headers, event))
        .hasMessageContaining("Expected the header X-Itsm-Signature");
  }

  @Test
  void shouldTakeTheSlashesOfAnSlaClockIntoItsParameter() {
    assertThat(OpenApiContract.SERVED.find("GET", "/api/incidents/INC-000001/sla/OLA/network-ops/RESOLUTION/explain"))
        .hasValueSatisfying(operation -> assertThat(operation.operationId()).isEqualTo("explainSlaClock"));
    assertThat(OpenApiContract.SERVED.find("GET", "/api/articles/search"))
        .hasValueSatisfying(operation -> assertThat(operation.operationId()).isEqualTo("searchArticles"));
  }

  private static TreeSet<String> difference(TreeSet<String> a, TreeSet<String> b) {
    TreeSet<String> rest = new TreeSet<>(a);
    rest.removeAll(b);
    return rest;
  }
}
