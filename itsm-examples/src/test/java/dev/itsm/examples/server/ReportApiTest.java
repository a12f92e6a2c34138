package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.Actor;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's reports over real HTTP: the figures are what the test did, moving the test clock. */
class ReportApiTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .agent("alice", PASSWORD, "network-ops")
      .agent("carl", PASSWORD, "network-ops")
      .manager("mia", PASSWORD, "network-ops")
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

  /** Each test reports on a day of its own. */
  private static Instant newDay() {
    itsm.clock().advance(Duration.ofDays(1));
    return itsm.clock().instant();
  }

  @Test
  void shouldReportTechniciansIncidentsPerServiceAndCiAndWorkload() {
    // given two CIs, and in one hour: alice resolves two incidents (one of them again after a reopen)
    // and records 20 minutes, carl resolves one, and two stay open
    Actor cora = Actor.configurationManager("cora");
    Ci orders = itsm.engine().cmdb().create(cora, NewCi.of("Database", "orders-db", Map.of()));
    Ci billing = itsm.engine().cmdb().create(cora, NewCi.of("Database", "billing-db", Map.of()));
    Instant from = newDay();

    String a = open("{\"title\": \"Orders slow\", \"category\": \"network\", \"affectedCis\": [\"" + orders.id() + "\"]}");
    work(a, "alice");
    assertThat(api.post(a + "/notes", "alice", "{\"text\": \"Rebuilt the index\", \"visibility\": \"WORK_NOTE\","
        + " \"timeSpentMinutes\": 20}").status()).isEqualTo(201);
    resolve(a, "alice");
    // the REST API has no service field: this one is opened through the library
    String b = IncidentRoutes.BASE + "/" + openInLibrary("Mail bounces", "mail").id();
    work(b, "alice");
    resolve(b, "alice");
    itsm.clock().advance(Duration.ofMinutes(10));
    ok(api.post(b + "/reopen", "carol", "{\"reason\": \"Bounces again\"}"));
    resolve(b, "alice");
    String c = open("{\"title\": \"Switch port down\", \"category\": \"network\"}");
    work(c, "carl");
    resolve(c, "carl");
    openInLibrary("Mail slow", "mail", orders.id(), billing.id());
    open("{\"title\": \"Printer jam\", \"category\": \"network\"}");
    itsm.clock().advance(Duration.ofHours(1));
    Instant to = itsm.clock().instant();
    // and after the period, more work
    resolve(open("{\"title\": \"Later\", \"category\": \"network\"}"), "carl", true);

    // then per technician
    Response technicians = ok(api.get("/api/reports/technicians?from=" + from + "&to=" + to, "mia"));
    assertThat(technicians.text("from")).isEqualTo(from.toString());
    assertThat(technicians.text("to")).isEqualTo(to.toString());
    assertThat(rows(technicians)).extracting(r -> r.get("agentId").asText(), r -> r.get("handled").asLong(),
            r -> r.get("reopened").asLong(), r -> r.get("reopenRate").asDouble(), r -> r.get("timeSpent").asText(),
            r -> r.get("timeSpentSeconds").asLong(), r -> r.get("notes").asLong())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", 2L, 1L, 0.5, "PT20M", 1200L, 1L),
            org.assertj.core.groups.Tuple.tuple("carl", 1L, 0L, 0.0, "PT0S", 0L, 0L));

    // per service: the two mail incidents, three without a service
    Response perService = ok(api.get("/api/reports/incidents?from=" + from + "&to=" + to + "&by=SERVICE", "mia"));
    assertThat(perService.text("by")).isEqualTo("SERVICE");
    assertThat(perService.body().get("opened").asLong()).isEqualTo(5);
    assertThat(rows(perService)).extracting(r -> r.get("key").asText(), r -> r.get("label").asText(),
        r -> r.get("incidents").asLong()).containsExactly(org.assertj.core.groups.Tuple.tuple("mail", "mail", 2L));
    assertThat(perService.body().get("none").asLong()).isEqualTo(3);
    assertThat(perService.body().get("others").asLong()).isZero();
    assertThat(perService.body().get("otherKeys").asLong()).isZero();

    // per CI (the code is case-insensitive): orders-db on two incidents, billing-db on one
    Response perCi = ok(api.get("/api/reports/incidents?from=" + from + "&to=" + to + "&by=ci", "mia"));
    assertThat(perCi.text("by")).isEqualTo("CI");
    assertThat(rows(perCi)).extracting(r -> r.get("key").asText(), r -> r.get("label").asText(),
        r -> r.get("incidents").asLong()).containsExactly(
            org.assertj.core.groups.Tuple.tuple(orders.id().toString(), "orders-db", 2L),
            org.assertj.core.groups.Tuple.tuple(billing.id().toString(), "billing-db", 1L));
    assertThat(perCi.body().get("none").asLong()).isEqualTo(3);

    // the time recorded on notes; an instant with an offset is read as the same moment
    String fromWithOffset = from.atOffset(java.time.ZoneOffset.ofHours(2)).toString().replace("+", "%2B");
    Response workload = ok(api.get("/api/reports/workload?from=" + fromWithOffset + "&to=" + to, "mia"));
    assertThat(workload.text("from")).isEqualTo(from.toString());
    assertThat(rows(workload)).extracting(r -> r.get("agentId").asText(), r -> r.get("timeSpent").asText(),
            r -> r.get("timeSpentSeconds").asLong(), r -> r.get("notes").asLong())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "PT20M", 1200L, 1L));
  }

  @Test
  void shouldReportSlaComplianceMttaAndMttrAsTheClocksCounted() {
    // given two P1 incidents of network-ops: the first acknowledged after 5 minutes, held 10 of its
    // 45 minutes; the second acknowledged after 20 minutes (15 allowed) and resolved after 65
    Instant from = newDay();
    String first = open("{\"title\": \"VPN down\", \"impact\": \"high\", \"urgency\": \"high\", \"category\": \"network\"}");
    ok(api.post(first + "/assign", "mia", "{\"agentId\": \"alice\"}"));
    itsm.clock().advance(Duration.ofMinutes(5));
    ok(api.post(first + "/acknowledge", "alice", null));
    ok(api.post(first + "/start-work", "alice", null));
    ok(api.post(first + "/hold", "alice", "{\"reason\": \"awaiting-caller\"}"));
    itsm.clock().advance(Duration.ofMinutes(10));
    ok(api.post(first + "/resume", "alice", null));
    itsm.clock().advance(Duration.ofMinutes(30));
    ok(api.post(first + "/resolve", "alice", "{\"code\": \"FIXED\"}"));
    String second = open("{\"title\": \"Core switch down\", \"impact\": \"high\", \"urgency\": \"high\", \"category\": \"network\"}");
    ok(api.post(second + "/assign", "mia", "{\"agentId\": \"carl\"}"));
    itsm.clock().advance(Duration.ofMinutes(20));
    ok(api.post(second + "/acknowledge", "carl", null));
    itsm.clock().advance(Duration.ofMinutes(45));
    ok(api.post(second + "/resolve", "carl", "{\"code\": \"FIXED\"}"));
    itsm.clock().advance(Duration.ofMinutes(1));
    Instant to = itsm.clock().instant();

    // then per priority: four clocks, the late response breached
    Response report = ok(api.get("/api/reports/sla?from=" + from + "&to=" + to + "&by=priority", "mia"));
    assertThat(report.text("by")).isEqualTo("PRIORITY");
    assertThat(report.text("agreement")).isEqualTo("SLA");
    assertThat(rows(report)).singleElement().satisfies(p1 -> {
      assertThat(p1.get("key").asText()).isEqualTo("P1");
      assertThat(p1.get("measured").asLong()).isEqualTo(4);
      assertThat(p1.get("met").asLong()).isEqualTo(3);
      assertThat(p1.get("breached").asLong()).isEqualTo(1);
      assertThat(p1.get("compliance").asDouble()).isEqualTo(0.75);
      assertThat(p1.get("mttaBusiness").asText()).isEqualTo("PT12M30S");
      assertThat(p1.get("mttaBusinessSeconds").asLong()).isEqualTo(750);
      assertThat(p1.get("mttaWallSeconds").asLong()).isEqualTo(750);
      assertThat(p1.get("mttrBusiness").asText()).isEqualTo("PT50M");       // 35 and 65 minutes: the hold does not count
      assertThat(p1.get("mttrBusinessSeconds").asLong()).isEqualTo(3000);
      assertThat(p1.get("mttrWall").asText()).isEqualTo("PT55M");           // 45 and 65 minutes of wall time
      assertThat(p1.get("mttrWallSeconds").asLong()).isEqualTo(3300);
    });
    assertThat(report.body().get("owners")).isEmpty();
    // per day, the one day; no OLA clocks
    assertThat(rows(ok(api.get("/api/reports/sla?from=" + from + "&to=" + to + "&by=DAY", "mia"))))
        .extracting(r -> r.get("key").asText()).containsExactly(from.toString().substring(0, 10));
    assertThat(rows(ok(api.get("/api/reports/sla?from=" + from + "&to=" + to + "&by=GROUP&agreement=ola", "mia"))))
        .isEmpty();
  }

  @Test
  void shouldRefuseUsersWithoutReportReadAndNameTheBadParameter() {
    Instant to = newDay();
    Instant from = to.minus(Duration.ofDays(7));
    String period = "from=" + from + "&to=" + to;
    List<String> reports = List.of("/api/reports/sla?" + period + "&by=SERVICE", "/api/reports/technicians?" + period,
        "/api/reports/incidents?" + period + "&by=SERVICE", "/api/reports/workload?" + period);

    for (String report : reports) {
      ok(api.get(report, "mia"));
      // an agent and a caller lack REPORT_READ
      assertProblem(api.get(report, "alice"), 403, "itsm.access-denied", null);
      assertProblem(api.get(report, "carol"), 403, "itsm.access-denied", null);
      assertThat(api.get(report, null).status()).isEqualTo(401);
      // from and to are required instants
      assertProblem(api.get(report.replace("from=" + from, "from=yesterday"), "mia"), 400, "itsm.invalid-input", "from");
      assertProblem(api.get(report.replace("&to=" + to, ""), "mia"), 400, "itsm.invalid-input", "to");
      // a period that ends before it starts
      assertProblem(api.get(report.replace("to=" + to, "to=" + from.minusSeconds(1)), "mia"), 422, "itsm.invalid-value", "to");
    }
    // periods longer than the reports allow: 366 days
    String longYear = "from=" + to.minus(Duration.ofDays(367)) + "&to=" + to;
    assertProblem(api.get("/api/reports/technicians?" + longYear, "mia"), 422, "itsm.invalid-value", "to");
    assertProblem(api.get("/api/reports/incidents?" + longYear + "&by=CI", "mia"), 422, "itsm.invalid-value", "to");
    assertThat(api.get("/api/reports/technicians?from=" + to.minus(Duration.ofDays(366)) + "&to=" + to, "mia").status())
        .isEqualTo(200);
    assertProblem(api.get("/api/reports/sla?" + longYear + "&by=DAY", "mia"), 422, "itsm.invalid-value", "to");
    assertProblem(api.get("/api/reports/workload?" + longYear, "mia"), 422, "itsm.invalid-value", "to");
    // groupings each report does not have
    assertProblem(api.get("/api/reports/incidents?" + period + "&by=GROUP", "mia"), 422, "itsm.invalid-value", "by");
    assertProblem(api.get("/api/reports/sla?" + period + "&by=CI", "mia"), 422, "itsm.invalid-value", "by");
    assertProblem(api.get("/api/reports/sla?" + period + "&by=DAY&agreement=XLA", "mia"), 422, "itsm.invalid-value",
        "agreement");
    assertProblem(api.get("/api/reports/incidents?" + period, "mia"), 400, "itsm.invalid-input", "by");
    assertProblem(api.get("/api/reports/incidents?" + period + "&by=CI&by=SERVICE", "mia"), 400, "itsm.invalid-input", "by");
  }

  private static Response ok(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response;
  }

  private static void assertProblem(Response response, int status, String code, String field) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith(Problem.MEDIA_TYPE);
    assertThat(response.text("code")).isEqualTo(code);
    assertThat(response.text("field")).as(response.toString()).isEqualTo(field);
  }

  private static List<JsonNode> rows(Response response) {
    List<JsonNode> rows = new ArrayList<>();
    response.body().get("rows").forEach(rows::add);
    return rows;
  }

  private static IncidentTicket openInLibrary(String title, String service, UUID... cis) {
    NewIncident.Builder incident = NewIncident.builder(title).category("network").service(service);
    for (UUID ci : cis) {
      incident.affectedCi(ci);
    }
    return itsm.engine().incidents().open(Actor.caller("carol"), incident.build());
  }

  /** Opens an incident as carol; its path. */
  private static String open(String body) {
    Response opened = api.post("/api/incidents", "carol", body);
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    return opened.header("Location");
  }

  /** The manager assigns it to the agent, who acknowledges it. */
  private static void work(String path, String agent) {
    ok(api.post(path + "/assign", "mia", "{\"agentId\": \"" + agent + "\"}"));
    ok(api.post(path + "/acknowledge", agent, null));
  }

  private static void resolve(String path, String agent) {
    ok(api.post(path + "/resolve", agent, "{\"code\": \"FIXED\"}"));
  }

  private static void resolve(String path, String agent, boolean assignFirst) {
    if (assignFirst) {
      work(path, agent);
    }
    resolve(path, agent);
  }
}
