package dev.itsm.examples.server;

import static dev.itsm.examples.server.ChangeApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeTemplate;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseState;
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

/**
 * The release resources over real HTTP: planned with an approved change, built and tested by a pipeline, decided, deployed
 * environment by environment as the test clock opens their windows (the CIs getting the version), rolled back when a
 * deployment fails, its notes published, closed; freezes, the calendar and errors.
 */
class ReleaseApiTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  /** alice requests changes, carl implements them, rita manages releases, ci is the pipeline, cora decides go/no-go. */
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("bob", PASSWORD)
      .agent("alice", PASSWORD, "app-ops")
      .agent("carl", PASSWORD, "app-ops")
      .user("rita", PASSWORD, List.of(Roles.RELEASE_MANAGER), "release-managers")
      .user("ci", PASSWORD, List.of(Roles.RELEASE_PIPELINE))
      .user("cora", PASSWORD, List.of(Roles.CHANGE_MANAGER))
      .group("app-support")
      .build();
  private static final ChangeTemplate DEPLOY_APP = new ChangeTemplate("deploy-app", "Deploy an application",
      "Automated deployment through the pipeline", List.of("Deploy", "Smoke test"), Duration.ofHours(8));
  private static final String VERSION = "2.4.0";
  private static final String OLD_VERSION = "1.0.0";

  @RegisterExtension
  static final ItsmExtension itsm = ItsmExtension.create(builder -> builder
      .plugin(c -> c.directory(USERS.directory()))
      .changes(ChangeSettings.builder().templates(List.of(DEPLOY_APP)).build()));

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
  void shouldDeployAReleaseToTwoEnvironmentsInTheirWindowsPublishItsNotesAndCloseIt() {
    // given two applications and an approved change
    Instant t0 = now();
    Ci shopTest = app("shop-test");
    Ci shopProd = app("shop-prod");
    String change = approvedChange("Checkout rework", shopProd.id());
    Instant testStart = t0.plus(Duration.ofHours(24));
    Instant prodStart = t0.plus(Duration.ofHours(48));

    // when the release manager plans a release of it with two environments
    Response created = api.post("/api/releases", "rita", """
        {"title": "Shop 2.4", "description": "The new checkout", "type": "minor", "releaseVersion": "%s",
         "changeIds": ["%s"], "earlySupport": "P2D",
         "environments": [%s, %s]}""".formatted(VERSION, change, environment("test", testStart, shopTest.id()),
        environment("production", prodStart, shopProd.id())));

    // then it is planned
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.text("id");
    String path = "/api/releases/" + id;
    assertThat(created.header("Location")).isEqualTo(path);
    assertEtag(created);
    String number = created.text("number");
    assertThat(number).matches("REL-\\d{6}");
    assertState(created, "PLANNING");
    assertThat(created.text("type")).isEqualTo("MINOR");
    assertThat(created.text("releaseVersion")).isEqualTo(VERSION);
    assertThat(created.text("managerId")).isEqualTo("rita");
    assertThat(created.text("requesterId")).isEqualTo("rita");
    assertThat(texts(created.body().get("changeIds"))).containsExactly(change);
    JsonNode environments = created.body().get("environments");
    assertThat(environments).hasSize(2);
    assertThat(environments.get(0).get("name").asText()).isEqualTo("test");
    assertThat(environments.get(0).get("index").asInt()).isZero();
    assertThat(environments.get(0).get("status").asText()).isEqualTo("PLANNED");
    assertThat(environments.get(0).get("windowStart").asText()).isEqualTo(testStart.toString());
    assertThat(texts(environments.get(0).get("cis"))).containsExactly(shopTest.id().toString());
    assertThat(environments.get(1).get("name").asText()).isEqualTo("production");
    assertThat(texts(created.body().get("affectedCis"))).contains(shopTest.id().toString(), shopProd.id().toString());
    assertThat(created.body().has("tenantId")).isFalse();
    Response byNumber = api.get("/api/releases/" + number, "ci");
    assertThat(byNumber.status()).isEqualTo(200);
    assertThat(byNumber.text("id")).isEqualTo(id);
    Response bundling = api.get("/api/releases?changeId=" + change, "cora");
    assertThat(bundling.status()).as(bundling.toString()).isEqualTo(200);
    assertThat(bundling.body().get("total").asLong()).isEqualTo(1);
    assertThat(bundling.itemTexts("number")).containsExactly(number);
    assertThat(api.get("/api/releases?state=planning,building", "cora").itemTexts("number")).contains(number);

    // built and tested by the pipeline; a repeated delivery changes nothing
    assertState(api.post(path + "/start-build", "rita", null, Map.of("If-Match", created.header("ETag"))), "BUILDING");
    Response built = result(path, "{\"stage\": \"build\", \"outcome\": \"succeeded\", \"externalRef\": \"build-1\"}");
    assertState(built, "TESTING");
    Response repeated = result(path, "{\"stage\": \"BUILD\", \"outcome\": \"SUCCEEDED\", \"externalRef\": \"build-1\"}");
    assertState(repeated, "TESTING");
    assertThat(repeated.header("ETag")).isEqualTo(built.header("ETag"));
    assertState(result(path, "{\"stage\": \"test\", \"outcome\": \"succeeded\", \"externalRef\": \"test-1\"}"),
        "AWAITING_APPROVAL");
    Response results = api.get(path + "/results", "rita");
    assertThat(results.status()).isEqualTo(200);
    assertThat(results.itemTexts("stage")).containsExactly("BUILD", "TEST");
    assertThat(results.itemTexts("reportedBy")).containsOnly("ci");
    assertThat(results.itemTexts("externalRef")).containsExactly("build-1", "test-1");

    // its manager may not decide on it; the change manager says go, and the deployment waits for the first window
    assertProblem(api.post(path + "/decision", "rita", "{\"decision\": \"GO\"}"), 403, "itsm.access-denied", null);
    Response go = transition(path, "decision", "cora", "{\"decision\": \"go\", \"comment\": \"Go for the test window\"}");
    assertState(go, "DEPLOYING");
    assertThat(go.text("goDecision")).isEqualTo("GO");
    assertThat(go.text("decidedBy")).isEqualTo("cora");
    assertThat(statuses(go)).containsExactly("PLANNED", "PLANNED");
    String processInstanceId = go.text("processInstanceId");
    assertThat(itsm.fireDueTimers(processInstanceId)).isZero();

    // the test window opens: deployed there, the test CI carries the version; production waits for its window
    itsm.clock().set(testStart);
    assertThat(itsm.fireDueTimers(processInstanceId)).isPositive();
    Response deploying = api.get(path, "rita");
    assertThat(statuses(deploying)).containsExactly("DEPLOYING", "PLANNED");
    assertThat(deploying.body().get("environments").get(0).get("startedAt").asText()).isEqualTo(testStart.toString());
    assertProblem(api.post(path + "/results", "ci", "{\"stage\": \"deploy\", \"environment\": \"production\", "
        + "\"outcome\": \"succeeded\"}"), 409, "itsm.illegal-transition", null);
    Response deployedTest = result(path, "{\"stage\": \"deploy\", \"environment\": \"test\", \"outcome\": \"succeeded\"}");
    assertThat(statuses(deployedTest)).containsExactly("DEPLOYED", "PLANNED");
    assertThat(version(shopTest.id())).isEqualTo(VERSION);
    assertThat(version(shopProd.id())).isEqualTo(OLD_VERSION);
    List<CiChange> history = itsm.engine().cmdb().history(Actor.system(), shopTest.id()).stream()
        .filter(h -> "softwareVersion".equals(h.field())).toList();
    assertThat(history).singleElement().satisfies(h -> {
      assertThat(h.causedByType()).isEqualTo("release");
      assertThat(h.causedById()).isEqualTo(number);
    });
    assertThat(statuses(result(path, "{\"stage\": \"verify\", \"environment\": \"test\", \"outcome\": \"succeeded\"}")))
        .containsExactly("VERIFIED", "PLANNED");

    // then production in its window; after its verification the release is in early life support
    itsm.clock().set(prodStart);
    assertThat(itsm.fireDueTimers(processInstanceId)).isPositive();
    assertThat(statuses(api.get(path, "rita"))).containsExactly("VERIFIED", "DEPLOYING");
    result(path, "{\"stage\": \"deploy\", \"environment\": \"production\", \"outcome\": \"succeeded\"}");
    assertThat(version(shopProd.id())).isEqualTo(VERSION);
    Response supported = result(path, "{\"stage\": \"verify\", \"environment\": \"production\", \"outcome\": \"succeeded\"}");
    assertState(supported, "EARLY_LIFE_SUPPORT");
    assertThat(statuses(supported)).containsExactly("VERIFIED", "VERIFIED");
    assertThat(supported.text("supportEndsAt")).isEqualTo(prodStart.plus(Duration.ofDays(2)).toString());

    // an incident on its CI during early life support is the release's
    Response incident = api.post("/api/incidents", "bob", """
        {"title": "Checkout fails", "category": "software", "affectedCis": ["%s"]}""".formatted(shopProd.id()));
    assertThat(incident.status()).as(incident.toString()).isEqualTo(201);
    assertThat(texts(api.get(path + "/support-incidents", "rita").body().get("items")))
        .containsExactly(incident.text("id"));

    // the generated notes, published as they are and then as edited
    Response generated = api.get(path + "/notes", "cora");
    assertThat(generated.status()).as(generated.toString()).isEqualTo(200);
    assertThat(generated.header("Content-Type")).startsWith("text/markdown");
    assertThat(generated.raw()).contains(number, "Shop 2.4", VERSION, "Checkout rework");
    assertProblem(api.post(path + "/close", "rita", null), 409, "itsm.illegal-transition", null);
    Response published = transition(path, "notes", "rita", null);
    assertThat(published.text("notesPublishedAt")).isEqualTo(prodStart.toString());
    assertThat(api.get(path + "/notes", "ci").raw()).isEqualTo(generated.raw());
    // (a minute later: the library keys the notification by the publication time, so a second publication in the
    // same millisecond fails with a duplicate key, answered 500)
    itsm.clock().advance(Duration.ofMinutes(1));
    String edited = "# Shop 2.4\\n\\nA faster checkout.";
    transition(path, "notes", "rita", "{\"markdown\": \"" + edited + "\"}");
    assertThat(api.get(path + "/notes", "ci").raw()).isEqualTo("# Shop 2.4\n\nA faster checkout.");

    // early life support ends, and the release manager closes it
    itsm.clock().advance(Duration.ofDays(2));
    assertThat(itsm.fireDueTimers(processInstanceId)).isPositive();
    assertState(api.get(path, "rita"), "REVIEW");
    Response closed = transition(path, "close", "rita", "{\"notes\": \"Smooth\"}");
    assertState(closed, "CLOSED");
    assertThat(closed.text("closeNotes")).isEqualTo("Smooth");
    ReleaseRecord stored = itsm.engine().releases().get(Actor.system(), UUID.fromString(id));
    assertThat(stored.state()).isEqualTo(ReleaseState.CLOSED);
    assertThat(stored.closedAt()).isEqualTo(now());
  }

  @Test
  void shouldRollBackTheDeployedEnvironmentsWhenADeploymentFails() {
    // given a release at go whose test environment was deployed and verified
    Instant t0 = now();
    Ci billingTest = app("billing-test");
    Ci billingProd = app("billing-prod");
    String change = approvedChange("Invoice layout", billingProd.id());
    Instant testStart = t0.plus(Duration.ofHours(24));
    Instant prodStart = t0.plus(Duration.ofHours(48));
    String path = createRelease("Billing 2.4", change, environment("test", testStart, billingTest.id()),
        environment("production", prodStart, billingProd.id()));
    String processInstanceId = toGo(path).text("processInstanceId");
    itsm.clock().set(testStart);
    itsm.fireDueTimers(processInstanceId);
    result(path, "{\"stage\": \"deploy\", \"environment\": \"test\", \"outcome\": \"succeeded\"}");
    result(path, "{\"stage\": \"verify\", \"environment\": \"test\", \"outcome\": \"succeeded\"}");
    assertThat(version(billingTest.id())).isEqualTo(VERSION);

    // when the deployment to production fails
    itsm.clock().set(prodStart);
    itsm.fireDueTimers(processInstanceId);
    assertProblem(api.post(path + "/results", "ci", "{\"stage\": \"deploy\", \"environment\": \"production\", "
        + "\"outcome\": \"failed\"}"), 400, "itsm.invalid-input", "details");
    Response failed = result(path, "{\"stage\": \"deploy\", \"environment\": \"production\", \"outcome\": \"failed\", "
        + "\"details\": \"Disk full\", \"externalRef\": \"deploy-9\"}");

    // then the test environment is rolled back, production never got the version
    assertState(failed, "ROLLING_BACK");
    assertThat(statuses(failed)).containsExactly("VERIFIED", "FAILED");
    assertThat(failed.text("rollbackReason")).contains("production", "Disk full");
    assertThat(version(billingProd.id())).isEqualTo(OLD_VERSION);
    assertProblem(api.post(path + "/results", "ci", "{\"stage\": \"rollback\", \"environment\": \"production\", "
        + "\"outcome\": \"succeeded\"}"), 409, "itsm.illegal-transition", null);
    Response rolledBack = result(path, "{\"stage\": \"rollback\", \"environment\": \"test\", \"outcome\": \"succeeded\"}");
    assertState(rolledBack, "ROLLED_BACK");
    assertThat(statuses(rolledBack)).containsExactly("ROLLED_BACK", "FAILED");
    assertThat(version(billingTest.id())).isEqualTo(OLD_VERSION);
    assertThat(itsm.engine().releases().get(Actor.system(), UUID.fromString(rolledBack.text("id"))).state())
        .isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(api.get(path + "/results", "rita").itemTexts("stage"))
        .containsExactly("BUILD", "TEST", "DEPLOY", "VERIFY", "DEPLOY", "ROLLBACK");
  }

  @Test
  void shouldShowFreezeConflictsOnTheCalendarAndCancelABlockedRelease() {
    // given a release planned 200 days ahead, and then a global freeze over its window
    Instant day200 = now().plus(Duration.ofDays(200));
    Ci crm = app("crm-prod");
    String change = approvedChange("CRM fields", crm.id());
    String path = createRelease("CRM 2.4", change, environment("production", day200, crm.id()));
    String number = api.get(path, "rita").text("number");
    Response freeze = api.post("/api/change-windows", "cora", """
        {"kind": "freeze", "name": "Audit freeze", "start": "%s", "end": "%s"}"""
        .formatted(day200.minus(Duration.ofHours(1)), day200.plus(Duration.ofDays(1))));
    assertThat(freeze.status()).as(freeze.toString()).isEqualTo(201);

    // then its conflicts and the calendar show the freeze
    Response conflicts = api.get(path + "/conflicts", "ci");
    assertThat(conflicts.status()).isEqualTo(200);
    assertThat(conflicts.body().get("items")).singleElement().satisfies(c -> {
      assertThat(c.get("kind").asText()).isEqualTo("FREEZE");
      assertThat(c.get("policy").asText()).isEqualTo("BLOCK");
      assertThat(c.get("windowId").asText()).isEqualTo(freeze.text("id"));
    });
    String calendarPath = "/api/release-calendar?from=" + day200.minus(Duration.ofDays(1)) + "&to="
        + day200.plus(Duration.ofDays(2));
    Response calendar = api.get(calendarPath, "ci");
    assertThat(calendar.status()).as(calendar.toString()).isEqualTo(200);
    assertThat(calendar.body().get("deployments")).singleElement().satisfies(d -> {
      assertThat(d.get("releaseNumber").asText()).isEqualTo(number);
      assertThat(d.get("environment").asText()).isEqualTo("production");
      assertThat(d.get("status").asText()).isEqualTo("PLANNED");
      assertThat(d.get("windowStart").asText()).isEqualTo(day200.toString());
      assertThat(d.get("conflicts")).hasSize(1);
    });
    assertThat(calendar.body().get("freezes")).singleElement()
        .satisfies(w -> assertThat(w.get("id").asText()).isEqualTo(freeze.text("id")));

    // the freeze blocks the go, and the release manager cancels the release
    Response tested = toDecision(path);
    Response blocked = api.post(path + "/decision", "cora", "{\"decision\": \"go\"}");
    assertProblem(blocked, 409, "itsm.change-conflict", null);
    assertThat(blocked.text("detail")).contains("Audit freeze");
    assertState(api.get(path, "rita"), "AWAITING_APPROVAL");
    Response cancelled = api.post(path + "/cancel", "rita", "{\"reason\": \"Blocked by the audit freeze\"}",
        Map.of("If-Match", tested.header("ETag")));
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    assertState(cancelled, "CANCELLED");
    assertThat(itsm.engine().releases().getByNumber(Actor.system(), number).state()).isEqualTo(ReleaseState.CANCELLED);
    assertProblem(api.post(path + "/cancel", "rita", "{\"reason\": \"Again\"}"), 409, "itsm.illegal-transition", null);
    assertThat(api.get(calendarPath, "ci").body().get("deployments")).isEmpty();
    assertThat(api.get(path + "/conflicts", "ci").body().get("items")).isEmpty();
    assertThat(api.delete(freeze.header("Location"), "cora").status()).isEqualTo(204);
  }

  @Test
  void shouldAnswerBadRequestsWithProblemDetailsNamingTheField() {
    Instant start = now().plus(Duration.ofDays(5));
    Ci hr = app("hr-portal");
    String approved = approvedChange("HR portal fix", hr.id());
    Response unapproved = api.post("/api/changes", "alice", """
        {"type": "normal", "title": "HR portal redesign", "groupId": "app-ops", "implementerId": "carl",
         "backoutPlan": "Redeploy", "plannedStart": "%s", "plannedEnd": "%s"}"""
        .formatted(start, start.plus(Duration.ofHours(1))));
    assertState(unapproved, "AUTHORIZATION");
    String env = environment("test", start, hr.id());

    // creating: the library's checks and the server's parsing, each naming the field
    assertProblem(create("\"changeIds\": [\"" + unapproved.text("id") + "\"], \"environments\": [" + env + "]"), 422,
        "itsm.invalid-value", "changeIds[0]");
    assertProblem(create("\"changeIds\": [\"" + approved + "\"], \"environments\": [" + env + ", "
        + environment("test", start.plus(Duration.ofDays(1)), hr.id()) + "]"), 422, "itsm.invalid-value",
        "environments[1].name");
    assertProblem(create("\"changeIds\": [\"CHG-000001\"], \"environments\": [" + env + "]"), 422, "itsm.invalid-value",
        "changeIds[0]");
    assertProblem(create("\"changeIds\": [\"" + approved + "\"], \"environments\": [" + env + "], \"earlySupport\": \"two weeks\""),
        422, "itsm.invalid-value", "earlySupport");
    assertProblem(create("\"changeIds\": [\"" + approved + "\"], \"environments\": [{\"name\": \"test\", \"windowStart\": "
        + "\"monday\", \"windowEnd\": \"" + start + "\"}]"), 422, "itsm.invalid-value", "environments[0].windowStart");
    assertProblem(create("\"changeIds\": [\"" + approved + "\"], \"environments\": [{\"name\": \"test\", \"windowStart\": \""
        + start + "\", \"windowEnd\": \"" + start.plus(Duration.ofHours(1)) + "\", \"cis\": [\"hr\"]}]"), 422,
        "itsm.invalid-value", "environments[0].cis[0]");
    assertProblem(create("\"changeIds\": [], \"environments\": [" + env + "]"), 400, "itsm.invalid-input", "changeIds");
    assertProblem(create("\"changeIds\": [\"" + approved + "\"], \"environments\": \"test\""), 400, "itsm.invalid-input",
        "environments");
    assertProblem(api.post("/api/releases", "rita", "{\"title\": \"HR\", \"type\": \"patch\", \"releaseVersion\": \"1\", "
        + "\"changeIds\": [\"" + approved + "\"], \"environments\": [" + env + "]}"), 422, "itsm.invalid-value", "type");
    assertProblem(api.post("/api/releases", "rita", "{\"title\": \"HR\","), 400, "itsm.invalid-input", "body");

    // reporting: unknown stage, environment and outcome; a stage the release does not wait for; a stale version
    String path = createRelease("HR 1.1", approved, env);
    assertProblem(api.post(path + "/results", "ci", "{\"stage\": \"package\", \"outcome\": \"succeeded\"}"), 422,
        "itsm.invalid-value", "stage");
    assertProblem(api.post(path + "/results", "ci", "{\"stage\": \"deploy\", \"environment\": \"nowhere\", "
        + "\"outcome\": \"succeeded\"}"), 422, "itsm.invalid-value", "environment");
    assertProblem(api.post(path + "/results", "ci", "{\"stage\": \"build\", \"outcome\": \"maybe\"}"), 422,
        "itsm.invalid-value", "outcome");
    assertProblem(api.post(path + "/results", "ci", "{\"stage\": \"build\", \"outcome\": \"succeeded\"}"), 409,
        "itsm.illegal-transition", null);
    Response building = transition(path, "start-build", "rita", null);
    assertProblem(api.post(path + "/results", "ci", "{\"stage\": \"build\", \"outcome\": \"succeeded\"}",
        Map.of("If-Match", "\"1\"")), 409, "itsm.conflict", null);
    assertState(api.get(path, "ci"), "BUILDING");
    Response built = api.post(path + "/results", "ci", "{\"stage\": \"build\", \"outcome\": \"succeeded\"}",
        Map.of("If-Match", building.header("ETag")));
    assertThat(built.status()).as(built.toString()).isEqualTo(200);
    assertState(built, "TESTING");
    assertProblem(api.post(path + "/decision", "cora", "{\"decision\": \"maybe\"}"), 422, "itsm.invalid-value", "decision");
    assertProblem(api.post(path + "/decision", "cora", "{\"decision\": \"no-go\", \"comment\": \"Too early\"}"), 409,
        "itsm.illegal-transition", null);
    assertProblem(api.post(path + "/start-build", "rita", null), 409, "itsm.illegal-transition", null);
    assertProblem(api.post(path + "/start-build", "rita", null, Map.of("If-Match", "three")), 400, "itsm.invalid-input",
        "If-Match");

    // who may not
    assertProblem(api.get("/api/releases", "bob"), 403, "itsm.access-denied", null);
    assertProblem(api.post("/api/releases", "ci", "{\"title\": \"HR\", \"type\": \"minor\", \"releaseVersion\": \"1\", "
        + "\"changeIds\": [\"" + approved + "\"], \"environments\": [" + env + "]}"), 403, "itsm.access-denied", null);
    assertProblem(api.post(path + "/cancel", "ci", "{\"reason\": \"x\"}"), 403, "itsm.access-denied", null);
    assertProblem(api.post(path + "/results", "alice", "{\"stage\": \"test\", \"outcome\": \"succeeded\"}"), 403,
        "itsm.access-denied", null);

    // unknown releases and bad queries
    assertProblem(api.get("/api/releases/" + UUID.randomUUID(), "rita"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/releases/REL-999999", "rita"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/releases/no-such-thing!", "rita"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/releases/REL-999999/notes", "rita"), 404, "itsm.not-found", null);
    assertProblem(api.post("/api/releases/" + UUID.randomUUID() + "/results", "ci",
        "{\"stage\": \"build\", \"outcome\": \"succeeded\"}"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/releases?state=live", "rita"), 422, "itsm.invalid-value", "state");
    assertProblem(api.get("/api/releases?changeId=CHG-1", "rita"), 422, "itsm.invalid-value", "changeId");
    assertProblem(api.get("/api/release-calendar?from=today&to=" + start, "rita"), 422, "itsm.invalid-value", "from");
    assertProblem(api.get("/api/release-calendar?to=" + start, "rita"), 400, "itsm.invalid-input", "from");
  }

  // ------------------------------------------------------------------ helpers

  /** A live Application with software version 1.0.0. */
  private static Ci app(String name) {
    return itsm.engine().cmdb().create(Actor.system(), NewCi.of("Application", name, Map.of("softwareVersion", OLD_VERSION)));
  }

  private static Object version(UUID ci) {
    return itsm.engine().cmdb().get(Actor.system(), ci).attributes().get("softwareVersion");
  }

  /** A standard change of alice's on the CIs, scheduled at once; returns its id. */
  private static String approvedChange(String title, UUID... cis) {
    Instant start = now().plus(Duration.ofHours(1));
    List<String> ids = new ArrayList<>();
    for (UUID ci : cis) {
      ids.add("\"" + ci + "\"");
    }
    Response change = api.post("/api/changes", "alice", """
        {"type": "standard", "templateCode": "deploy-app", "title": "%s", "groupId": "app-ops", "implementerId": "carl",
         "plannedStart": "%s", "plannedEnd": "%s", "affectedCis": [%s]}"""
        .formatted(title, start, start.plus(Duration.ofHours(1)), String.join(", ", ids)));
    assertThat(change.status()).as(change.toString()).isEqualTo(201);
    assertState(change, "SCHEDULED");
    return change.text("id");
  }

  /** An environment's JSON with a four-hour window. */
  private static String environment(String name, Instant start, UUID... cis) {
    List<String> ids = new ArrayList<>();
    for (UUID ci : cis) {
      ids.add("\"" + ci + "\"");
    }
    return "{\"name\": \"%s\", \"windowStart\": \"%s\", \"windowEnd\": \"%s\", \"cis\": [%s]}"
        .formatted(name, start, start.plus(Duration.ofHours(4)), String.join(", ", ids));
  }

  /** {@code POST /api/releases} of a minor release 2.4.0 with the given further properties. */
  private static Response create(String properties) {
    return api.post("/api/releases", "rita", "{\"title\": \"HR 1.1\", \"type\": \"minor\", \"releaseVersion\": \"" + VERSION
        + "\", " + properties + "}");
  }

  /** A release of the change to the environments; returns its path. */
  private static String createRelease(String title, String change, String... environments) {
    Response created = api.post("/api/releases", "rita", """
        {"title": "%s", "type": "minor", "releaseVersion": "%s", "changeIds": ["%s"], "environments": [%s]}"""
        .formatted(title, VERSION, change, String.join(", ", environments)));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.header("Location");
  }

  /** Starts the build and reports a successful build and tests: the release awaits the go/no-go. */
  private static Response toDecision(String path) {
    transition(path, "start-build", "rita", null);
    result(path, "{\"stage\": \"build\", \"outcome\": \"succeeded\"}");
    Response tested = result(path, "{\"stage\": \"test\", \"outcome\": \"succeeded\"}");
    assertState(tested, "AWAITING_APPROVAL");
    return tested;
  }

  /** {@link #toDecision}, then the change manager says go. */
  private static Response toGo(String path) {
    toDecision(path);
    Response go = transition(path, "decision", "cora", "{\"decision\": \"GO\"}");
    assertState(go, "DEPLOYING");
    return go;
  }

  /** The pipeline reports a result. */
  private static Response result(String path, String body) {
    Response response = api.post(path + "/results", "ci", body);
    assertThat(response.status()).as("result " + body + " -> " + response).isEqualTo(200);
    assertEtag(response);
    return response;
  }

  private static Response transition(String path, String name, String user, String body) {
    Response response = api.post(path + "/" + name, user, body);
    assertThat(response.status()).as(name + " -> " + response).isEqualTo(200);
    assertEtag(response);
    return response;
  }

  private static List<String> statuses(Response release) {
    List<String> statuses = new ArrayList<>();
    release.body().get("environments").forEach(e -> statuses.add(e.get("status").asText()));
    return statuses;
  }

  private static void assertEtag(Response response) {
    assertThat(response.header("ETag")).isEqualTo("\"" + response.body().get("version").asLong() + "\"");
  }

  private static void assertState(Response response, String state) {
    assertThat(response.text("state")).as(response.toString()).isEqualTo(state);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static Instant now() {
    return itsm.clock().instant();
  }
}
