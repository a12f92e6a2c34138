package dev.itsm.examples.server;

import static dev.itsm.examples.server.ApiAssertions.assertOk;
import static dev.itsm.examples.server.ApiAssertions.assertProblem;
import static dev.itsm.examples.server.ApiAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Roles;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the web console reads besides the resources, over real HTTP: its page and front-end bundles,
 * the engine's clock, the process behind an incident (BPMN XML and the current step) and the incidents
 * on one configuration item.
 */
class ConsoleApiTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .caller("dave", PASSWORD)
      .agent("alice", PASSWORD, "network-ops")
      .user("conny", PASSWORD, Set.of(Roles.AGENT, Roles.CONFIGURATION_MANAGER), "network-ops")
      .build();
  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern INLINE_HANDLER = Pattern.compile("<[^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

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
  void shouldServeTheConsolePageAndItsBundlesWithoutInlineScripts() {
    // when a browser asks for the console, before anyone signs in
    Response page = api.get("/", null);

    // then it gets the page, whose scripts are all files of the server's own (the CSP allows no others)
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(page.raw()).contains("<script src=\"/console/js/app.js\" type=\"module\"></script>")
        .contains("/console/vendor/bpmn-viewer.production.min.js", "/console/vendor/chart.umd.min.js",
            "/console/vendor/cytoscape.min.js")
        .doesNotContain("http://", "https://");
    assertThat(INLINE_SCRIPT.matcher(page.raw()).find()).as("an inline script").isFalse();
    assertThat(INLINE_HANDLER.matcher(page.raw()).find()).as("an inline event handler").isFalse();
    // and the bundles the build installed with npm, the pages' modules and styles are there
    for (String asset : new String[] {"/console/vendor/bpmn-viewer.production.min.js", "/console/vendor/chart.umd.min.js",
        "/console/vendor/cytoscape.min.js", "/console/js/app.js", "/console/js/incident.js"}) {
      Response script = api.get(asset, null);
      assertThat(script.status()).as(asset).isEqualTo(200);
      assertThat(script.header("Content-Type")).as(asset).contains("javascript");
      assertThat(script.raw().length()).as(asset).isGreaterThan(1000);
    }
    assertThat(api.get("/console/vendor/bpmn-viewer.production.min.js", null).raw()).contains("bpmn-js");
    assertThat(api.get("/console/vendor/assets/bpmn-js.css", null).header("Content-Type")).startsWith("text/css");
    assertThat(api.get("/console/console.css", null).status()).isEqualTo(200);
    assertThat(api.get("/console/js/missing.js", null).status()).isEqualTo(404);
  }

  @Test
  void shouldTellTheEnginesTime() {
    // given the engine's clock
    Instant now = itsm.clock().instant();

    // then the console reads it, and sees it move with the engine
    Response clock = assertOk(api.get("/api/clock", "carol"), 200, null);
    assertThat(Instant.parse(clock.text("now"))).isEqualTo(now);
    itsm.clock().advance(Duration.ofMinutes(7));
    assertThat(Instant.parse(api.get("/api/clock", "alice").text("now"))).isEqualTo(now.plus(Duration.ofMinutes(7)));
    // and only for a signed-in user
    assertProblem(api.get("/api/clock", null), 401, "itsm.unauthenticated", null);
  }

  @Test
  void shouldDescribeTheProcessOfAnIncidentWithItsCurrentStep() {
    // given a new incident
    Response opened = api.post("/api/incidents", "carol", "{\"title\": \"Wi-Fi down on floor 2\", \"category\": \"network\"}");
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    String path = opened.header("Location");
    String byNumber = "/api/incidents/" + opened.text("number");

    // when the console asks for its process
    Response process = assertOk(api.get(path + "/process", "alice"), 200, null);

    // then it gets the incident model's XML with its diagram, waiting for an assignment
    assertThat(process.text("processInstanceId")).isEqualTo(opened.text("processInstanceId"));
    assertThat(process.text("processDefinitionKey")).isEqualTo("itsm-incident");
    assertThat(process.text("processDefinitionName")).isEqualTo("Incident");
    assertThat(process.body().get("processDefinitionVersion").asInt()).isPositive();
    assertThat(process.body().get("ended").asBoolean()).isFalse();
    assertThat(texts(process.body().get("activeActivityIds"))).containsExactly("task_assign");
    assertThat(texts(process.body().get("completedActivityIds"))).contains("start_incident").doesNotContain("task_assign");
    assertThat(process.text("bpmnXml")).contains("<bpmn:process id=\"itsm-incident\"").contains("bpmndi:BPMNShape")
        .contains("bpmnElement=\"task_assign\"");

    // when alice assigns it to herself, the process moves on to the acknowledgement (by number too)
    Response assigned = api.post(path + "/assign", "alice", "{\"groupId\": \"network-ops\", \"agentId\": \"alice\"}",
        Map.of("If-Match", opened.header("ETag")));
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    Response moved = assertOk(api.get(byNumber + "/process", "alice"), 200, null);
    assertThat(texts(moved.body().get("activeActivityIds"))).containsExactly("task_acknowledge");
    assertThat(texts(moved.body().get("completedActivityIds"))).contains("start_incident", "task_assign");

    // when it is cancelled, the process has ended and waits nowhere
    Response cancelled = api.post(path + "/cancel", "alice", "{\"reason\": \"Duplicate\"}");
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    Response ended = assertOk(api.get(path + "/process", "alice"), 200, null);
    assertThat(ended.body().get("ended").asBoolean()).isTrue();
    assertThat(ended.body().get("activeActivityIds")).isEmpty();
    assertThat(texts(ended.body().get("completedActivityIds"))).contains("end_cancelled");
  }

  @Test
  void shouldRefuseTheProcessOfAnIncidentTheCallerMayNotSeeOrThatDoesNotExist() {
    // given dave's incident
    Response opened = api.post("/api/incidents", "dave", "{\"title\": \"Monitor flickers\", \"category\": \"hardware\"}");
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    String path = opened.header("Location");

    // then carol, another caller, is refused its process as she is refused the incident itself
    Response incident = api.get(path, "carol");
    Response process = api.get(path + "/process", "carol");
    assertThat(incident.status()).isBetween(403, 404);
    assertProblem(process, incident.status(), incident.text("code"), null);
    assertThat(process.raw()).doesNotContain("bpmn");
    // and unknown incidents, ids that are neither UUID nor number, and anonymous callers get problems too
    assertProblem(api.get("/api/incidents/INC-999999/process", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/incidents/00000000-0000-0000-0000-000000000000/process", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/incidents/not-an-incident/process", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get(path + "/process", null), 401, "itsm.unauthenticated", null);
  }

  @Test
  void shouldListTheIncidentsOnAConfigurationItem() {
    // given a database, an incident of alice's group on it and one on nothing
    Response db = api.post("/api/cmdb/cis", "conny", "{\"type\": \"Database\", \"name\": \"billing-db\", \"attributes\": {}}");
    assertThat(db.status()).as(db.toString()).isEqualTo(201);
    String ciId = db.text("id");
    Response onDb = api.post("/api/incidents", "carol", """
        {"title": "Billing database is slow", "category": "database", "groupId": "network-ops", "affectedCis": ["%s"]}""".formatted(ciId));
    assertThat(onDb.status()).as(onDb.toString()).isEqualTo(201);
    Response elsewhere = api.post("/api/incidents", "carol",
        "{\"title\": \"Mouse broken\", \"category\": \"hardware\", \"groupId\": \"network-ops\"}");
    assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(201);

    // when the CI page asks for the incidents on the database
    Response list = assertOk(api.get("/api/incidents?affectedCi=" + ciId, "alice"), 200, null);

    // then only the one on it is listed
    assertThat(list.itemTexts("number")).containsExactly(onDb.text("number"));
    assertThat(list.body().get("total").asLong()).isEqualTo(1);
    // and an id that is not a UUID is refused, naming the parameter
    assertProblem(api.get("/api/incidents?affectedCi=billing-db", "alice"), 422, "itsm.invalid-value", "affectedCi");
    assertProblem(api.get("/api/incidents?affectedCi=" + ciId + "&affectedCi=" + ciId, "alice"), 400, "itsm.invalid-input",
        "affectedCi");
  }
}
