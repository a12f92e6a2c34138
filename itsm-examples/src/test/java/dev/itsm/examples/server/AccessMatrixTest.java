package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeTemplate;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The access matrix ({@code access-matrix.csv}): for every route of the example server and every demo
 * user, the status the request gets, over real HTTP with HTTP Basic. Each request targets a real
 * resource (an incident carol reported in network-ops, a change, a release, a problem, an article, a
 * configuration item) with a valid body; requests that change something get a fresh resource, so one
 * check does not spoil another. The matrix must list exactly the routes the server registers.
 *
 * <p>With {@code -Ditsm.matrix.actual=<file>} the statuses the server gave are also written to that
 * file in the matrix's format (to review a change of rules).
 */
class AccessMatrixTest {
  private static final DemoUsers USERS = DemoUsers.standard();
  private static final String MATRIX = "/access-matrix.csv";
  private static final String ANONYMOUS = "anonymous";
  private static final ChangeTemplate DEPLOY_APP = new ChangeTemplate("deploy-app", "Deploy an application",
      "Automated deployment through the pipeline", List.of("Deploy"), Duration.ofHours(8));

  /** The server runs with webhooks, as its main does, so that it registers every route it has. */
  private static final Webhooks webhooks = new Webhooks();

  @RegisterExtension
  static final ItsmExtension itsm = ItsmExtension.create(builder -> builder
      .plugin(c -> c.directory(USERS.directory()))
      .plugin(webhooks)
      .changes(ChangeSettings.builder().templates(List.of(DEPLOY_APP)).build()));

  private static ExampleServer server;
  private static ApiClient api;
  private static Map<String, Function<String, Call>> calls;
  private static final Map<String, Map<String, Integer>> ACTUAL = new ConcurrentHashMap<>();
  /** Set while the request of an anonymous cell is made: it is refused before any resource, so no fresh one is made. */
  private static boolean dry;
  /** The request of each route made last, while it changed nothing. */
  private static final Map<String, Call> UNCHANGED = new ConcurrentHashMap<>();

  // shared fixtures, only read
  private static String incident;      // carol's, network-ops, assigned to alice, in progress
  private static String change;        // a normal change of network-ops
  private static String release;       // a planned release
  private static String problem;       // a problem of carol's incident
  private static String article;       // a published article
  private static String ci;            // a server
  private static String app;           // an application (for releases)
  private static String webhook;       // a webhook of incident.opened events to a closed port
  private static String delivery;      // a pending delivery of it

  /** One request: method, path (with ids), JSON body or {@code null}. */
  record Call(String method, String path, String body) {}

  /** A row of the matrix. */
  record Row(String method, String path, String note, Map<String, Integer> expected) {
    String route() {
      return method + " " + path;
    }
  }

  @BeforeAll
  static void startServer() {
    server = ExampleServer.builder(itsm.engine()).users(USERS).notifications(itsm.notifications()).webhooks(webhooks).start();
    api = new ApiClient(server);
    app = itsm.engine().cmdb().create(dev.itsm.api.Actor.system(), NewCi.of("Application", "shop",
        Map.of("softwareVersion", "1.0.0"))).id().toString();
    ci = ok(api.post("/api/cmdb/cis", "cora", "{\"type\": \"Server\", \"name\": \"edge-1\"}"), 201).text("id");
    incident = inProgressIncident();
    change = normalChange();
    release = plannedRelease();
    problem = "/api/problems/" + ok(api.post("/api/problems", "alice", "{\"title\": \"VPN drops\", \"category\": \"network\", "
        + "\"incidentIds\": [\"" + id(incident) + "\"]}"), 201).text("id");
    article = publishedArticle();
    webhook = newWebhook();
    itsm.awaitDeliveries();
    delivery = webhook + "/deliveries/" + ok(api.get(webhook + "/deliveries", "admin"), 200).body().path("items").path(0)
        .path("id").asText();
    calls = calls();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
    String actual = System.getProperty("itsm.matrix.actual");
    if (actual != null && !actual.isBlank()) {
      List<String> lines = new ArrayList<>();
      for (Row row : matrix()) {
        StringBuilder line = new StringBuilder(row.method() + "," + row.path() + "," + row.note());
        for (String role : roles()) {
          Integer status = ACTUAL.getOrDefault(row.route(), Map.of()).get(role);
          line.append(',').append(status == null ? "?" : status);
        }
        lines.add(line.toString());
      }
      Files.write(Path.of(actual), lines, StandardCharsets.UTF_8);
    }
  }

  @TestFactory
  Stream<DynamicNode> everyRoleGetsTheStatusTheMatrixSaysOnEveryRoute() {
    return matrix().stream().map(row -> DynamicContainer.dynamicContainer(row.route(), row.expected().entrySet().stream()
        .map(cell -> DynamicTest.dynamicTest(cell.getKey() + " -> " + cell.getValue(), () -> check(row, cell.getKey(),
            cell.getValue())))));
  }

  @Test
  void theMatrixListsExactlyTheRoutesTheServerServes() {
    Set<String> listed = new TreeSet<>();
    for (Row row : matrix()) {
      assertThat(listed.add(row.route())).as("route listed twice in the matrix: " + row.route()).isTrue();
    }
    Set<String> served = new TreeSet<>(server.routes());
    assertThat(served).as("routes the server serves").isNotEmpty();
    Set<String> unlisted = new TreeSet<>(served);
    unlisted.removeAll(listed);
    Set<String> gone = new TreeSet<>(listed);
    gone.removeAll(served);
    assertThat(unlisted).as("routes the server serves that " + MATRIX + " does not list").isEmpty();
    assertThat(gone).as("routes " + MATRIX + " lists that the server does not serve").isEmpty();
    assertThat(calls.keySet()).as("routes this test knows how to call").containsExactlyInAnyOrderElementsOf(listed);
  }

  @Test
  void theMatrixHasAColumnForEveryDemoUserAndAnonymous() {
    List<String> expected = new ArrayList<>();
    expected.add(ANONYMOUS);
    for (String user : roles().subList(1, roles().size())) {
      USERS.user(user);   // throws for a user the demo does not have
      expected.add(user);
    }
    assertThat(roles()).containsExactlyElementsOf(expected);
    for (Row row : matrix()) {
      assertThat(row.expected().keySet()).as(row.route()).containsExactlyElementsOf(roles());
    }
  }

  private static void check(Row row, String role, int expected) {
    Function<String, Call> call = calls.get(row.route());
    assertThat(call).as("this test has no request for " + row.route()).isNotNull();
    String user = ANONYMOUS.equals(role) ? null : role;
    // a refused request changes nothing, so the next role gets the same resource; one that succeeded
    // may have changed it, so the next role gets a fresh one
    Call request = user == null ? null : UNCHANGED.remove(row.route());
    if (request == null) {
      dry = user == null;
      try {
        request = call.apply(role);
      } finally {
        dry = false;
      }
    }
    Response response = api.send(request.method(), request.path(), user, request.body(), Map.of());
    if (user != null && (request.method().equals("GET") || response.status() >= 300)) {
      UNCHANGED.put(row.route(), request);
    }
    ACTUAL.computeIfAbsent(row.route(), k -> new ConcurrentHashMap<>()).put(role, response.status());
    assertThat(response.status()).as(role + " " + request.method() + " " + request.path() + " -> " + response)
        .isEqualTo(expected);
    if (expected == 401 || expected == 403) {
      assertThat(response.text("code")).as(response.toString())
          .isIn(expected == 401 ? List.of(Problems.UNAUTHENTICATED, "itsm.invalid-credentials") : List.of("itsm.access-denied"));
    }
  }

  // ---------------------------------------------------------------- the requests of each route

  private static Map<String, Function<String, Call>> calls() {
    Map<String, Function<String, Call>> c = new LinkedHashMap<>();
    String from = now().minus(Duration.ofDays(30)).toString();
    String to = now().plus(Duration.ofDays(30)).toString();
    String period = "?from=" + from + "&to=" + to;
    c.put("GET /health", r -> get("/health"));

    // incidents
    c.put("POST /api/incidents", r -> post("/api/incidents", "{\"title\": \"Printer jammed\", \"category\": \"hardware\"}"));
    c.put("GET /api/incidents", r -> get("/api/incidents"));
    c.put("GET /api/incidents/{id}", r -> get(incident));
    c.put("POST /api/incidents/{id}/assign", r -> post(newIncident() + "/assign", "{\"agentId\": \"alice\"}"));
    c.put("POST /api/incidents/{id}/acknowledge", r -> post(assignedIncident() + "/acknowledge", null));
    c.put("POST /api/incidents/{id}/start-work", r -> post(acknowledgedIncident() + "/start-work", null));
    c.put("POST /api/incidents/{id}/hold", r -> post(inProgressIncident() + "/hold",
        "{\"reason\": \"awaiting_caller\", \"comment\": \"Asked for the error message\"}"));
    c.put("POST /api/incidents/{id}/resume", r -> post(onHoldIncident() + "/resume", null));
    c.put("POST /api/incidents/{id}/reclassify", r -> post(newIncident() + "/reclassify",
        "{\"impact\": \"high\", \"urgency\": \"high\"}"));
    c.put("POST /api/incidents/{id}/resolve", r -> post(inProgressIncident() + "/resolve",
        "{\"code\": \"FIXED\", \"text\": \"Restarted the gateway\"}"));
    c.put("POST /api/incidents/{id}/reopen", r -> post(resolvedIncident() + "/reopen", "{\"reason\": \"Down again\"}"));
    c.put("POST /api/incidents/{id}/close", r -> post(resolvedIncident() + "/close", null));
    c.put("POST /api/incidents/{id}/cancel", r -> post(newIncident() + "/cancel", "{\"reason\": \"Reported twice\"}"));
    c.put("GET /api/incidents/{id}/notes", r -> get(incident + "/notes"));
    c.put("POST /api/incidents/{id}/notes", r -> post(incident + "/notes", "{\"text\": \"Any news?\", \"visibility\": \"reply\"}"));
    c.put("GET /api/incidents/{id}/sla", r -> get(incident + "/sla"));
    c.put("GET /api/incidents/{id}/audit", r -> get(incident + "/audit"));
    c.put("GET /api/incidents/{id}/sla/<clock>/explain", r -> get(incident + "/sla/RESOLUTION/explain"));
    c.put("POST /api/incidents/{id}/sla/<clock>/pause", r -> post(inProgressIncident() + "/sla/RESOLUTION/pause",
        "{\"reason\": \"Waiting for the vendor\"}"));
    c.put("POST /api/incidents/{id}/sla/<clock>/resume", r -> post(pausedClockIncident() + "/sla/RESOLUTION/resume", null));
    c.put("GET /api/incidents/{id}/workarounds", r -> get(incident + "/workarounds"));
    c.put("GET /api/incidents/{id}/problems", r -> get(incident + "/problems"));
    c.put("GET /api/incidents/{id}/suggestions", r -> get(incident + "/suggestions"));

    // changes
    c.put("POST /api/changes", r -> post("/api/changes", changeBody("Upgrade the edge firmware", 2)));
    c.put("GET /api/changes", r -> get("/api/changes"));
    c.put("GET /api/changes/{id}", r -> get(change));
    c.put("GET /api/changes/{id}/approvals", r -> get(change + "/approvals"));
    c.put("GET /api/changes/{id}/conflicts", r -> get(change + "/conflicts"));
    c.put("GET /api/changes/{id}/caused-incidents", r -> get(change + "/caused-incidents"));
    c.put("POST /api/changes/{id}/caused-incidents", r -> post(implementingChange() + "/caused-incidents",
        "{\"incidentId\": \"" + id(incident) + "\"}"));
    c.put("POST /api/changes/{id}/vote", r -> post(normalChange() + "/vote", "{\"vote\": \"approve\", \"comment\": \"Fine\"}"));
    c.put("POST /api/changes/{id}/resubmit", r -> post(infoRequestedChange() + "/resubmit", "{\"answer\": \"Tested in the lab\"}"));
    c.put("POST /api/changes/{id}/start-implementation", r -> post(scheduledChange() + "/start-implementation", null));
    c.put("POST /api/changes/{id}/tasks/{index}", r -> post(implementingChange() + "/tasks/0", "{\"outcome\": \"succeeded\"}"));
    c.put("POST /api/changes/{id}/complete-backout", r -> post(backingOutChange() + "/complete-backout",
        "{\"note\": \"Old image booted\"}"));
    c.put("POST /api/changes/{id}/retrospective", r -> post(reviewChange() + "/retrospective",
        "{\"findings\": \"Went well\"}"));
    c.put("POST /api/changes/{id}/close", r -> post(reviewChange() + "/close", "{\"code\": \"successful\"}"));
    c.put("POST /api/changes/{id}/reschedule", r -> post(scheduledChange() + "/reschedule", "{\"start\": \""
        + now().plus(Duration.ofDays(3)) + "\", \"end\": \"" + now().plus(Duration.ofDays(3)).plus(Duration.ofHours(1)) + "\"}"));
    c.put("POST /api/changes/{id}/cancel", r -> post(normalChange() + "/cancel", "{\"reason\": \"Not needed\"}"));
    c.put("POST /api/change-windows", r -> post("/api/change-windows", windowBody()));
    c.put("DELETE /api/change-windows/{id}", r -> new Call("DELETE", "/api/change-windows/"
        + ok(api.post("/api/change-windows", "admin", windowBody()), 201).text("id"), null));
    c.put("GET /api/change-calendar", r -> get("/api/change-calendar" + period));
    c.put("GET /api/change-templates", r -> get("/api/change-templates"));
    c.put("GET /api/reports/changes", r -> get("/api/reports/changes" + period));

    // releases
    c.put("POST /api/releases", r -> post("/api/releases", releaseBody("Shop 2.5", approvedChange())));
    c.put("GET /api/releases", r -> get("/api/releases"));
    c.put("GET /api/releases/{id}", r -> get(release));
    c.put("POST /api/releases/{id}/start-build", r -> post(plannedRelease() + "/start-build", null));
    c.put("POST /api/releases/{id}/results", r -> post(buildingRelease() + "/results",
        "{\"stage\": \"build\", \"outcome\": \"succeeded\", \"externalRef\": \"build #1\"}"));
    c.put("GET /api/releases/{id}/results", r -> get(release + "/results"));
    c.put("POST /api/releases/{id}/decision", r -> post(testedRelease() + "/decision", "{\"decision\": \"go\"}"));
    c.put("GET /api/releases/{id}/notes", r -> get(release + "/notes"));
    c.put("POST /api/releases/{id}/notes", r -> post(testedRelease() + "/notes", null));
    c.put("POST /api/releases/{id}/close", r -> post(testedRelease() + "/close", null));
    c.put("POST /api/releases/{id}/cancel", r -> post(plannedRelease() + "/cancel", "{\"reason\": \"Postponed\"}"));
    c.put("GET /api/releases/{id}/conflicts", r -> get(release + "/conflicts"));
    c.put("GET /api/releases/{id}/support-incidents", r -> get(release + "/support-incidents"));
    c.put("GET /api/release-calendar", r -> get("/api/release-calendar" + period));

    // problems
    c.put("POST /api/problems", r -> post("/api/problems", "{\"title\": \"Gateway drops\", \"category\": \"network\", "
        + "\"incidentIds\": [\"" + id(incident) + "\"]}"));
    c.put("GET /api/problems", r -> get("/api/problems"));
    c.put("GET /api/problems/{id}", r -> get(problem));
    c.put("POST /api/problems/{id}/incidents", r -> post(newProblem() + "/incidents", "{\"incidentId\": \"" + id(incident) + "\"}"));
    c.put("POST /api/problems/{id}/assess", r -> post(newProblem() + "/assess", "{\"impact\": \"medium\", \"urgency\": \"high\"}"));
    c.put("POST /api/problems/{id}/start-analysis", r -> post(assessedProblem() + "/start-analysis", null));
    c.put("POST /api/problems/{id}/tasks", r -> post(analysedProblem() + "/tasks", "{\"title\": \"Read the logs\", \"assigneeId\": \"alice\"}"));
    c.put("POST /api/problems/{id}/tasks/{index}/complete", r -> post(analysedProblemWithTask() + "/tasks/0/complete",
        "{\"findings\": \"Idle timeout\"}"));
    c.put("POST /api/problems/{id}/known-error", r -> post(analysedProblem() + "/known-error", KNOWN_ERROR));
    c.put("POST /api/problems/{id}/publish-workaround", r -> post(knownErrorProblem() + "/publish-workaround", null));
    c.put("POST /api/problems/{id}/fix", r -> post(knownErrorProblem() + "/fix", changeBody("Raise the idle timeout", 4)));
    c.put("POST /api/problems/{id}/resolve", r -> post(knownErrorProblem() + "/resolve",
        "{\"resolution\": \"workaround_accepted\", \"text\": \"Users reconnect\"}"));
    c.put("POST /api/problems/{id}/close", r -> post(resolvedProblem() + "/close", null));
    c.put("POST /api/problems/{id}/cancel", r -> post(newProblem() + "/cancel", "{\"reason\": \"Duplicate\"}"));
    c.put("POST /api/problems/{id}/major-review", r -> post(majorReviewProblem() + "/major-review",
        "{\"findings\": \"Monitoring added\"}"));
    c.put("GET /api/problem-proposals", r -> get("/api/problem-proposals"));
    c.put("POST /api/problem-proposals/{id}/accept", r -> post("/api/problem-proposals/" + proposal(ACCEPTED.poll())
        + "/accept", null));
    c.put("POST /api/problem-proposals/{id}/dismiss", r -> post("/api/problem-proposals/" + proposal("other") + "/dismiss",
        "{\"reason\": \"Coincidence\"}"));
    c.put("GET /api/caller-flags", r -> get("/api/caller-flags"));
    c.put("GET /api/caller-flags/{callerId}", r -> get("/api/caller-flags/" + flaggedCaller()));
    c.put("POST /api/caller-flags/{callerId}/clear", r -> post("/api/caller-flags/" + flaggedCaller() + "/clear",
        "{\"reason\": \"Talked to him\"}"));

    // knowledge
    c.put("POST /api/articles", r -> post("/api/articles", ARTICLE));
    c.put("GET /api/articles/search", r -> get("/api/articles/search?q=vpn"));
    c.put("GET /api/articles/frequently-asked", r -> get("/api/articles/frequently-asked"));
    c.put("GET /api/articles/{id}", r -> get(article));
    c.put("PUT /api/articles/{id}", r -> new Call("PUT", draftArticle(), ARTICLE));
    c.put("POST /api/articles/{id}/submit", r -> post(draftArticle() + "/submit", null));
    c.put("POST /api/articles/{id}/review", r -> post(submittedArticle() + "/review", "{\"decision\": \"approve\"}"));
    c.put("POST /api/articles/{id}/retire", r -> post(publishedArticle() + "/retire", "{\"reason\": \"Outdated\"}"));
    c.put("POST /api/articles/{id}/resolutions", r -> post(article + "/resolutions", "{\"incidentId\": \"" + id(newIncident()) + "\"}"));
    c.put("GET /api/articles/{id}/versions", r -> get(article + "/versions"));

    // CMDB
    c.put("GET /api/cmdb/types", r -> get("/api/cmdb/types"));
    c.put("GET /api/cmdb/types/{name}", r -> get("/api/cmdb/types/Server"));
    c.put("GET /api/cmdb/relation-types", r -> get("/api/cmdb/relation-types"));
    c.put("POST /api/cmdb/cis", r -> post("/api/cmdb/cis", "{\"type\": \"Server\", \"name\": \"edge-" + UNIQUE.incrementAndGet() + "\"}"));
    c.put("GET /api/cmdb/cis", r -> get("/api/cmdb/cis"));
    c.put("GET /api/cmdb/cis/{id}", r -> get("/api/cmdb/cis/" + ci));
    c.put("PATCH /api/cmdb/cis/{id}", r -> new Call("PATCH", "/api/cmdb/cis/" + newCi(), "{\"name\": \"edge-renamed-"
        + UNIQUE.incrementAndGet() + "\"}"));
    c.put("POST /api/cmdb/cis/{id}/state", r -> post("/api/cmdb/cis/" + newCi() + "/state", "{\"state\": \"in_maintenance\"}"));
    c.put("GET /api/cmdb/cis/{id}/history", r -> get("/api/cmdb/cis/" + ci + "/history"));
    c.put("GET /api/cmdb/cis/{id}/relations", r -> get("/api/cmdb/cis/" + ci + "/relations"));
    c.put("GET /api/cmdb/cis/{id}/impact", r -> get("/api/cmdb/cis/" + ci + "/impact"));
    c.put("GET /api/cmdb/cis/{id}/services", r -> get("/api/cmdb/cis/" + ci + "/services"));
    c.put("POST /api/cmdb/relations", r -> post("/api/cmdb/relations", "{\"type\": \"depends-on\", \"source\": \"" + newCi()
        + "\", \"target\": \"" + ci + "\"}"));
    c.put("DELETE /api/cmdb/relations/{id}", r -> dry ? new Call("DELETE", "/api/cmdb/relations/" + UNKNOWN, null)
        : new Call("DELETE", "/api/cmdb/relations/" + ok(api.post("/api/cmdb/relations",
        "cora", "{\"type\": \"depends-on\", \"source\": \"" + newCi() + "\", \"target\": \"" + ci + "\"}"), 201).text("id"), null));

    // SLA, reports, notifications
    c.put("GET /api/sla/definitions", r -> get("/api/sla/definitions"));
    c.put("GET /api/reports/sla", r -> get("/api/reports/sla" + period + "&by=group"));
    c.put("GET /api/reports/technicians", r -> get("/api/reports/technicians" + period));
    c.put("GET /api/reports/incidents", r -> get("/api/reports/incidents" + period + "&by=service"));
    c.put("GET /api/reports/workload", r -> get("/api/reports/workload" + period));
    c.put("GET /api/notifications", r -> get("/api/notifications"));

    // the console and the OpenAPI document
    c.put("GET /", r -> get("/"));
    c.put("GET /openapi.yaml", r -> get("/openapi.yaml"));
    c.put("GET /openapi.json", r -> get("/openapi.json"));
    c.put("GET /api/clock", r -> get("/api/clock"));
    c.put("GET /api/incidents/{id}/process", r -> get(incident + "/process"));

    // sessions and API tokens (each user logs in with its own name in the body)
    c.put("POST /api/session", r -> post("/api/session", "{\"username\": \"" + r + "\", \"password\": \""
        + DemoUsers.DEMO_PASSWORD + "\"}"));
    c.put("GET /api/session", r -> get("/api/session"));
    c.put("DELETE /api/session", r -> new Call("DELETE", "/api/session", null));
    c.put("POST /api/tokens", r -> post("/api/tokens", TOKEN));
    c.put("GET /api/tokens", r -> get("/api/tokens"));
    c.put("DELETE /api/tokens/{id}", r -> new Call("DELETE", "/api/tokens/"
        + (dry ? UNKNOWN : ok(api.post("/api/tokens", r, TOKEN), 201).text("id")), null));

    // webhooks
    c.put("POST /api/webhooks", r -> post("/api/webhooks", WEBHOOK));
    c.put("GET /api/webhooks", r -> get("/api/webhooks"));
    c.put("GET /api/webhooks/event-types", r -> get("/api/webhooks/event-types"));
    c.put("GET /api/webhooks/{id}", r -> get(webhook));
    c.put("PATCH /api/webhooks/{id}", r -> new Call("PATCH", webhook, "{\"description\": \"Checked by " + r + "\"}"));
    c.put("DELETE /api/webhooks/{id}", r -> new Call("DELETE", dry ? "/api/webhooks/" + UNKNOWN : newWebhook(), null));
    c.put("GET /api/webhooks/{id}/deliveries", r -> get(webhook + "/deliveries"));
    c.put("GET /api/webhooks/{id}/deliveries/{deliveryId}", r -> get(delivery));
    c.put("POST /api/webhooks/{id}/deliveries/{deliveryId}/retry", r -> post(delivery + "/retry", null));
    return c;
  }

  private static final String TOKEN = "{\"name\": \"matrix\", \"expiresInDays\": 1}";
  /** Port 9 (discard) on loopback: nothing listens, so deliveries stay pending. */
  private static final String WEBHOOK = "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"incident.opened\"]}";

  private static String newWebhook() {
    String path = ok(api.post("/api/webhooks", "admin", WEBHOOK), 201).header("Location");
    newIncident();
    return path;
  }

  private static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";
  /** Categories of the proposals to accept, one each (network and hardware have problems or incidents of other checks). */
  private static final java.util.Queue<String> ACCEPTED = new java.util.concurrent.ConcurrentLinkedQueue<>(
      List.of("software", "access", "email", "database"));
  private static final java.util.concurrent.atomic.AtomicInteger UNIQUE = new java.util.concurrent.atomic.AtomicInteger();
  private static final String KNOWN_ERROR = "{\"symptom\": \"Drops after an hour\", \"rootCause\": \"Idle timeout\", "
      + "\"workaround\": \"Reconnect\"}";
  private static final String ARTICLE = "{\"title\": \"VPN drops after an hour\", \"body\": \"Reconnect, or keep a ping running.\", "
      + "\"tags\": [\"vpn\"]}";

  // ---------------------------------------------------------------- fixtures (made as the users who may)

  private static String newIncident() {
    if (dry) {
      return incident;
    }
    Response opened = ok(api.post("/api/incidents", "carol", "{\"title\": \"VPN down\", \"category\": \"network\", "
        + "\"impact\": \"medium\", \"urgency\": \"medium\"}"), 201);
    return opened.header("Location");
  }

  private static String assignedIncident() {
    if (dry) {
      return incident;
    }
    String path = newIncident();
    ok(api.post(path + "/assign", "mia", "{\"agentId\": \"alice\"}"), 200);
    return path;
  }

  private static String acknowledgedIncident() {
    if (dry) {
      return incident;
    }
    String path = assignedIncident();
    ok(api.post(path + "/acknowledge", "alice", null), 200);
    return path;
  }

  private static String inProgressIncident() {
    if (dry) {
      return incident;
    }
    String path = acknowledgedIncident();
    ok(api.post(path + "/start-work", "alice", null), 200);
    return path;
  }

  private static String onHoldIncident() {
    if (dry) {
      return incident;
    }
    String path = inProgressIncident();
    ok(api.post(path + "/hold", "alice", "{\"reason\": \"awaiting_caller\"}"), 200);
    return path;
  }

  private static String resolvedIncident() {
    if (dry) {
      return incident;
    }
    String path = inProgressIncident();
    ok(api.post(path + "/resolve", "alice", "{\"code\": \"FIXED\", \"text\": \"Restarted\"}"), 200);
    return path;
  }

  private static String pausedClockIncident() {
    if (dry) {
      return incident;
    }
    String path = inProgressIncident();
    ok(api.post(path + "/sla/RESOLUTION/pause", "alice", "{\"reason\": \"Waiting for the vendor\"}"), 200);
    return path;
  }

  private static String changeBody(String title, int daysAhead) {
    Instant start = now().plus(Duration.ofDays(daysAhead));
    return ("{\"type\": \"normal\", \"title\": \"%s\", \"groupId\": \"network-ops\", \"implementerId\": \"alice\", "
        + "\"plannedStart\": \"%s\", \"plannedEnd\": \"%s\", \"backoutPlan\": \"Boot the previous image\", "
        + "\"tasks\": [{\"title\": \"Upgrade\", \"step\": 1}]}").formatted(title, start, start.plus(Duration.ofHours(2)));
  }

  private static String normalChange() {
    if (dry) {
      return change;
    }
    return ok(api.post("/api/changes", "alice", changeBody("Upgrade the edge firmware", 2)), 201).header("Location");
  }

  /** A standard change of the template, scheduled at once, its window open now. */
  private static String scheduledChange() {
    if (dry) {
      return change;
    }
    Instant start = now().plus(Duration.ofMinutes(1));
    String path = ok(api.post("/api/changes", "alice", ("{\"type\": \"standard\", \"templateCode\": \"deploy-app\", "
        + "\"groupId\": \"network-ops\", \"implementerId\": \"alice\", \"plannedStart\": \"%s\", \"plannedEnd\": \"%s\"}")
        .formatted(start, start.plus(Duration.ofHours(4)))), 201).header("Location");
    itsm.clock().advance(Duration.ofMinutes(2));
    return path;
  }

  private static String implementingChange() {
    if (dry) {
      return change;
    }
    String path = scheduledChange();
    ok(api.post(path + "/start-implementation", "alice", null), 200);
    return path;
  }

  /** An approver asked a question: the requester may answer and resubmit. */
  private static String infoRequestedChange() {
    if (dry) {
      return change;
    }
    String path = normalChange();
    ok(api.post(path + "/vote", "mia", "{\"vote\": \"request_info\", \"comment\": \"Tested where?\"}"), 200);
    return path;
  }

  /** Its task failed: the backout is under way. */
  private static String backingOutChange() {
    if (dry) {
      return change;
    }
    String path = implementingChange();
    ok(api.post(path + "/tasks/0", "alice", "{\"outcome\": \"failed\", \"note\": \"Image rejected\"}"), 200);
    return path;
  }

  /** Implemented: in review. */
  private static String reviewChange() {
    if (dry) {
      return change;
    }
    String path = implementingChange();
    ok(api.post(path + "/tasks/0", "alice", "{\"outcome\": \"succeeded\"}"), 200);
    return path;
  }

  private static String approvedChange() {
    if (dry) {
      return id(change);
    }
    Instant start = now().plus(Duration.ofHours(1));
    return ok(api.post("/api/changes", "alice", ("{\"type\": \"standard\", \"templateCode\": \"deploy-app\", "
        + "\"groupId\": \"network-ops\", \"implementerId\": \"alice\", \"plannedStart\": \"%s\", \"plannedEnd\": \"%s\", "
        + "\"affectedCis\": [\"%s\"]}").formatted(start, start.plus(Duration.ofHours(1)), app)), 201).text("id");
  }

  private static String windowBody() {
    Instant start = now().plus(Duration.ofDays(20 + UNIQUE.incrementAndGet()));
    return "{\"kind\": \"maintenance\", \"name\": \"Sunday night\", \"ciId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\"}"
        .formatted(ci, start, start.plus(Duration.ofHours(4)));
  }

  private static String releaseBody(String title, String changeId) {
    Instant start = now().plus(Duration.ofDays(1));
    return ("{\"title\": \"%s\", \"type\": \"minor\", \"releaseVersion\": \"2.%d.0\", \"changeIds\": [\"%s\"], "
        + "\"environments\": [{\"name\": \"production\", \"windowStart\": \"%s\", \"windowEnd\": \"%s\", \"cis\": [\"%s\"]}]}")
        .formatted(title, UNIQUE.incrementAndGet(), changeId, start, start.plus(Duration.ofHours(4)), app);
  }

  private static String plannedRelease() {
    if (dry) {
      return release;
    }
    return ok(api.post("/api/releases", "rita", releaseBody("Shop 2.4", approvedChange())), 201).header("Location");
  }

  private static String buildingRelease() {
    if (dry) {
      return release;
    }
    String path = plannedRelease();
    ok(api.post(path + "/start-build", "rita", null), 200);
    return path;
  }

  /** Built and tested: it waits for the go/no-go. */
  private static String testedRelease() {
    if (dry) {
      return release;
    }
    String path = buildingRelease();
    ok(api.post(path + "/results", "ci-bot", "{\"stage\": \"build\", \"outcome\": \"succeeded\"}"), 200);
    ok(api.post(path + "/results", "ci-bot", "{\"stage\": \"test\", \"outcome\": \"succeeded\"}"), 200);
    return path;
  }

  private static String newProblem() {
    if (dry) {
      return problem;
    }
    return ok(api.post("/api/problems", "alice", "{\"title\": \"Gateway drops\", \"category\": \"network\"}"), 201)
        .header("Location");
  }

  private static String assessedProblem() {
    if (dry) {
      return problem;
    }
    String path = newProblem();
    ok(api.post(path + "/assess", "pam", "{\"impact\": \"medium\", \"urgency\": \"medium\"}"), 200);
    return path;
  }

  private static String analysedProblem() {
    if (dry) {
      return problem;
    }
    String path = assessedProblem();
    ok(api.post(path + "/start-analysis", "alice", null), 200);
    return path;
  }

  private static String analysedProblemWithTask() {
    if (dry) {
      return problem;
    }
    String path = analysedProblem();
    ok(api.post(path + "/tasks", "alice", "{\"title\": \"Read the logs\", \"assigneeId\": \"alice\"}"), 200);
    return path;
  }

  private static String knownErrorProblem() {
    if (dry) {
      return problem;
    }
    String path = analysedProblem();
    ok(api.post(path + "/known-error", "pam", KNOWN_ERROR), 200);
    return path;
  }

  private static String resolvedProblem() {
    if (dry) {
      return problem;
    }
    String path = knownErrorProblem();
    ok(api.post(path + "/resolve", "pam", "{\"resolution\": \"workaround_accepted\", \"text\": \"Users reconnect\"}"), 200);
    return path;
  }

  /** A problem linked to a P1 incident: its major review is open. */
  private static String majorReviewProblem() {
    if (dry) {
      return problem;
    }
    String p1 = ok(api.post("/api/incidents", "carol", "{\"title\": \"Everything down\", \"category\": \"network\", "
        + "\"impact\": \"high\", \"urgency\": \"high\"}"), 201).text("id");
    return ok(api.post("/api/problems", "alice", "{\"title\": \"Core outage\", \"category\": \"network\", "
        + "\"incidentIds\": [\"" + p1 + "\"]}"), 201).header("Location");
  }

  /**
   * An open proposal of repeated incidents in the category: three incidents opened in it now (after the
   * last decision on it). An accepted proposal's problem blocks new proposals in its category, so each
   * accepted one takes another category ({@link #ACCEPTED}); a dismissed one does not.
   */
  private static String proposal(String category) {
    if (dry) {
      return UNKNOWN;
    }
    assertThat(category).as("a category left for a proposal to accept").isNotNull();
    itsm.clock().advance(Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      ok(api.post("/api/incidents", "dave", "{\"title\": \"Repeated " + category + " trouble " + i + "\", \"category\": \""
          + category + "\"}"), 201);
    }
    for (JsonNode proposal : ok(api.get("/api/problem-proposals?open=true", "pam"), 200).body().get("items")) {
      if (proposal.get("key").asText().equals(category)) {
        return proposal.get("id").asText();
      }
    }
    throw new AssertionError("Expected an open proposal in category " + category);
  }

  /** Dave, flagged: three contacts about the VPN service since his flag was last cleared. */
  private static String flaggedCaller() {
    if (dry) {
      return "dave";
    }
    itsm.clock().advance(Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      itsm.engine().incidents().open(USERS.user("dave").actor(), NewIncident.builder("VPN slow again " + i).category("hardware")
          .service("vpn").build());
    }
    return "dave";
  }

  private static String draftArticle() {
    if (dry) {
      return article;
    }
    return ok(api.post("/api/articles", "alice", ARTICLE), 201).header("Location");
  }

  private static String submittedArticle() {
    if (dry) {
      return article;
    }
    String path = draftArticle();
    ok(api.post(path + "/submit", "alice", null), 200);
    return path;
  }

  private static String publishedArticle() {
    if (dry) {
      return article;
    }
    String path = ok(api.post("/api/articles", "alice", ARTICLE), 201).header("Location");
    ok(api.post(path + "/submit", "alice", null), 200);
    ok(api.post(path + "/review", "kai", "{\"decision\": \"approve\"}"), 200);
    return path;
  }

  private static String newCi() {
    if (dry) {
      return ci;
    }
    return ok(api.post("/api/cmdb/cis", "cora", "{\"type\": \"Server\", \"name\": \"edge-" + UNIQUE.incrementAndGet() + "\"}"), 201)
        .text("id");
  }

  // ---------------------------------------------------------------- helpers

  private static Call get(String path) {
    return new Call("GET", path, null);
  }

  private static Call post(String path, String body) {
    return new Call("POST", path, body);
  }

  private static String id(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static Instant now() {
    return itsm.clock().instant();
  }

  private static Response ok(Response response, int status) {
    assertThat(response.status()).as("fixture: " + response).isEqualTo(status);
    return response;
  }

  private static List<String> roles() {
    return header();
  }

  private static List<String> header() {
    return read().get(0);
  }

  private static List<Row> matrix() {
    List<List<String>> lines = read();
    List<String> header = lines.get(0);
    List<Row> rows = new ArrayList<>();
    for (List<String> cells : lines.subList(1, lines.size())) {
      assertThat(cells).as("cells of " + cells).hasSize(header.size() + 3);
      Map<String, Integer> expected = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        expected.put(header.get(i), Integer.parseInt(cells.get(i + 3).trim()));
      }
      rows.add(new Row(cells.get(0).trim(), cells.get(1).trim(), cells.get(2).trim(), expected));
    }
    return rows;
  }

  /** The lines of the matrix, comments and blank lines left out; the first is the roles (after method, path, note). */
  private static List<List<String>> read() {
    try (InputStream in = AccessMatrixTest.class.getResourceAsStream(MATRIX)) {
      assertThat(in).as(MATRIX + " on the test class path").isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<List<String>> lines = new ArrayList<>();
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
        if (lines.isEmpty()) {
          assertThat(cells.subList(0, 3)).as("header of " + MATRIX).containsExactly("method", "path", "note");
          lines.add(cells.subList(3, cells.size()).stream().map(String::trim).toList());
        } else {
          lines.add(cells);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
