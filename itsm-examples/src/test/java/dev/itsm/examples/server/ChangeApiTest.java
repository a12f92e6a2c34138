package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.api.change.CabRule;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeTemplate;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.cmdb.NewCi;
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

/** The change resources over real HTTP: lifecycle, standard changes, planning (windows, conflicts, calendar) and errors. */
class ChangeApiTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  /** alice requests, paul is her peer (technical approval), carl implements, cora manages changes, erin is the ECAB. */
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .agent("alice", PASSWORD, "network-ops")
      .agent("paul", PASSWORD, "network-ops")
      .agent("carl", PASSWORD, "network-ops")
      .agent("erin", PASSWORD, "ecab")
      .user("cora", PASSWORD, List.of(Roles.CHANGE_MANAGER))
      .user("conny", PASSWORD, List.of(Roles.CONFIGURATION_MANAGER))
      .build();
  private static final ChangeTemplate RESTART_WEB = new ChangeTemplate("restart-web", "Restart a web server",
      "Rolling restart behind the load balancer", List.of("Drain", "Restart", "Verify"), Duration.ofHours(2));

  @RegisterExtension
  static final ItsmExtension itsm = ItsmExtension.create(builder -> builder
      .plugin(c -> c.directory(USERS.directory()))
      .changes(ChangeSettings.builder().ecab("ecab", CabRule.quorum(1), Duration.ofHours(4))
          .templates(List.of(RESTART_WEB)).build()));

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
  void shouldTakeANormalChangeThroughPeerApprovalAndImplementationToClosure() {
    // given an application in the CMDB and alice's change that upgrades it (after what other tests closed)
    Instant t0 = itsm.clock().advance(Duration.ofMinutes(1));
    Ci portal = itsm.engine().cmdb().create(Actor.system(), NewCi.of("Application", "edge-portal",
        Map.of("softwareVersion", "1.0")));
    Instant start = t0.plus(Duration.ofHours(2));
    Instant end = t0.plus(Duration.ofHours(4));
    Response submitted = api.post("/api/changes", "alice", """
        {"type": "normal", "title": "Upgrade the edge portal", "description": "To version 2.0", "groupId": "network-ops",
         "implementerId": "carl", "plannedStart": "%s", "plannedEnd": "%s", "outage": false,
         "backoutPlan": "Redeploy 1.0",
         "tasks": [{"title": "Upgrade", "step": 1}, {"title": "Smoke test", "step": 2}],
         "plannedCiChanges": [{"op": "update", "ciId": "%s", "attributes": {"softwareVersion": "2.0", "owner": "net"}},
           {"op": "create", "key": "host", "ci": {"type": "Server", "name": "edge-host", "attributes": {"cpuCores": 8}}},
           {"op": "relate", "type": "runs-on", "source": {"ciId": "%s"}, "target": {"newKey": "host"}}]}
        """.formatted(start, end, portal.id(), portal.id()));

    // then it waits for a peer's technical approval
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    String id = submitted.text("id");
    String path = "/api/changes/" + id;
    assertThat(submitted.header("Location")).isEqualTo(path);
    assertEtag(submitted);
    assertThat(submitted.text("number")).matches("CHG-\\d{6}");
    assertThat(submitted.text("type")).isEqualTo("NORMAL");
    assertThat(submitted.text("state")).isEqualTo("AUTHORIZATION");
    assertThat(submitted.text("risk")).isEqualTo("LOW");
    assertThat(submitted.text("requesterId")).isEqualTo("alice");
    assertThat(submitted.text("implementerId")).isEqualTo("carl");
    assertThat(submitted.text("plannedStart")).isEqualTo(start.toString());
    assertThat(texts(submitted.body().get("affectedCis"))).containsExactly(portal.id().toString());
    assertThat(submitted.body().get("tasks")).hasSize(2);
    assertThat(submitted.body().get("tasks").get(1).get("title").asText()).isEqualTo("Smoke test");
    assertThat(submitted.body().get("tasks").get(1).get("step").asInt()).isEqualTo(2);
    JsonNode planned = submitted.body().get("plannedCiChanges").get(0);
    assertThat(planned.get("op").asText()).isEqualTo("update");
    assertThat(planned.get("ciId").asText()).isEqualTo(portal.id().toString());
    assertThat(planned.get("attributes").get("softwareVersion").asText()).isEqualTo("2.0");
    assertThat(planned.has("key")).as("absent properties are left out").isFalse();
    JsonNode create = submitted.body().get("plannedCiChanges").get(1);
    assertThat(create.get("op").asText()).isEqualTo("create");
    assertThat(create.get("key").asText()).isEqualTo("host");
    assertThat(create.get("ci").get("type").asText()).isEqualTo("Server");
    assertThat(create.get("ci").get("state").asText()).isEqualTo("IN_USE");
    assertThat(create.get("ci").get("attributes").get("cpuCores").asInt()).isEqualTo(8);
    JsonNode relate = submitted.body().get("plannedCiChanges").get(2);
    assertThat(relate.get("op").asText()).isEqualTo("relate");
    assertThat(relate.get("type").asText()).isEqualTo("runs-on");
    assertThat(relate.get("source").get("ciId").asText()).isEqualTo(portal.id().toString());
    assertThat(relate.get("target").get("newKey").asText()).isEqualTo("host");
    assertThat(relate.get("target").has("ciId")).isFalse();
    assertThat(submitted.body().has("tenantId")).isFalse();
    Response byNumber = api.get("/api/changes/" + submitted.text("number"), "paul");
    assertThat(byNumber.status()).isEqualTo(200);
    assertThat(byNumber.text("id")).isEqualTo(id);
    assertThat(byNumber.header("ETag")).isEqualTo(submitted.header("ETag"));

    // the requester may not approve her own change; her peer paul does, with the ETag he read
    assertProblem(api.post(path + "/vote", "alice", "{\"vote\": \"approve\"}"), 403, "itsm.access-denied", null);
    Response approved = api.post(path + "/vote", "paul", "{\"vote\": \"approve\", \"comment\": \"Looks fine\"}",
        Map.of("If-Match", byNumber.header("ETag")));
    assertState(approved, "SCHEDULED");
    Response approvals = api.get(path + "/approvals", "alice");
    assertThat(approvals.status()).isEqualTo(200);
    assertThat(approvals.body().get("items")).singleElement().satisfies(a -> {
      assertThat(a.get("approverId").asText()).isEqualTo("paul");
      assertThat(a.get("vote").asText()).isEqualTo("APPROVE");
      assertThat(a.get("level").asText()).isEqualTo("TECHNICAL");
      assertThat(a.get("round").asInt()).isEqualTo(1);
      assertThat(a.get("comment").asText()).isEqualTo("Looks fine");
    });

    // carl cannot start before the planned start; at the start he implements it step by step
    assertProblem(api.post(path + "/start-implementation", "carl", null), 409, "itsm.illegal-transition", null);
    itsm.clock().set(start);
    assertState(transition(path, "start-implementation", "carl", null), "IMPLEMENTING");
    assertProblem(api.post(path + "/tasks/1", "carl", "{\"outcome\": \"succeeded\"}"), 409, "itsm.illegal-transition", null);
    Response first = transition(path, "tasks/0", "carl", "{\"outcome\": \"succeeded\"}");
    assertState(first, "IMPLEMENTING");
    assertThat(first.body().get("tasks").get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(first.body().get("tasks").get(0).get("doneBy").asText()).isEqualTo("carl");
    assertThat(attribute(portal.id(), "softwareVersion")).as("not applied before the last task").isEqualTo("1.0");
    Response implemented = transition(path, "tasks/1", "carl", "{\"outcome\": \"SUCCEEDED\", \"note\": \"All green\"}");

    // the last task applies the planned CI change in the same step and the change moves to review
    assertState(implemented, "REVIEW");
    assertThat(implemented.text("ciChangesAppliedAt")).isEqualTo(start.toString());
    assertThat(implemented.body().get("tasks").get(1).get("note").asText()).isEqualTo("All green");
    assertThat(attribute(portal.id(), "softwareVersion")).isEqualTo("2.0");
    assertThat(attribute(portal.id(), "owner")).isEqualTo("net");
    assertThat(itsm.engine().cmdb().relations(Actor.system(), portal.id())).singleElement().satisfies(r -> {
      assertThat(r.type()).isEqualTo("runs-on");
      assertThat(r.sourceId()).isEqualTo(portal.id());
      Ci host = itsm.engine().cmdb().get(Actor.system(), r.targetId());
      assertThat(host.name()).isEqualTo("edge-host");
      assertThat(host.attributes()).containsEntry("cpuCores", 8L);
    });
    List<CiChange> history = itsm.engine().cmdb().history(Actor.system(), portal.id()).stream()
        .filter(h -> "softwareVersion".equals(h.field())).toList();
    assertThat(history).singleElement().satisfies(h -> {
      assertThat(h.causedByType()).isEqualTo("change");
      assertThat(h.causedById()).isEqualTo(submitted.text("number"));
    });

    // an incident it caused is linked, once
    Response incident = api.post("/api/incidents", "carol", "{\"title\": \"Portal shows errors\", \"category\": \"network\"}");
    assertThat(incident.status()).as(incident.toString()).isEqualTo(201);
    String incidentId = incident.text("id");
    Response linked = api.post(path + "/caused-incidents", "alice", "{\"incidentId\": \"" + incidentId + "\"}");
    assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
    assertThat(texts(linked.body().get("items"))).containsExactly(incidentId);
    assertThat(texts(api.get(path + "/caused-incidents", "cora").body().get("items"))).containsExactly(incidentId);
    // a configuration manager reads the change but no incident: the list holds none for it
    assertThat(api.get(path, "conny").status()).isEqualTo(200);
    Response forConny = api.get(path + "/caused-incidents", "conny");
    assertThat(forConny.status()).as(forConny.toString()).isEqualTo(200);
    assertThat(texts(forConny.body().get("items"))).isEmpty();
    assertProblem(api.post(path + "/caused-incidents", "alice", "{\"incidentId\": \"" + incidentId + "\"}"), 422,
        "itsm.invalid-value", "incidentId");
    assertThat(itsm.engine().changes().causedIncidents(Actor.system(), UUID.fromString(id)))
        .containsExactly(UUID.fromString(incidentId));

    // the change manager closes the review
    Response closed = transition(path, "close", "cora", "{\"code\": \"successful-with-issues\", \"notes\": \"One incident\"}");
    assertState(closed, "CLOSED");
    assertThat(closed.text("closeCode")).isEqualTo("SUCCESSFUL_WITH_ISSUES");
    assertThat(closed.text("closedAt")).isEqualTo(start.toString());
    ChangeRequest stored = itsm.engine().changes().get(Actor.system(), UUID.fromString(id));
    assertThat(stored.state()).isEqualTo(ChangeState.CLOSED);
    assertThat(stored.closeCode()).isEqualTo(CloseCode.SUCCESSFUL_WITH_ISSUES);

    // the report of the period counts it, and the list finds it by state, requester and CI
    Response report = api.get("/api/reports/changes?from=" + t0 + "&to=" + now().plusSeconds(1), "cora");
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    assertThat(report.body().get("implemented").asLong()).isEqualTo(1);
    assertThat(report.body().get("successfulWithIssues").asLong()).isEqualTo(1);
    assertThat(report.body().get("successful").asLong()).isZero();
    assertThat(report.body().get("causingIncidents").asLong()).isEqualTo(1);
    assertThat(report.body().get("causedIncidents").asLong()).isEqualTo(1);
    assertThat(report.body().get("successRate").asDouble()).isEqualTo(1.0);
    assertThat(report.body().get("incidentRate").asDouble()).isEqualTo(1.0);
    Response list = api.get("/api/changes?state=closed&requesterId=alice&affectedCi=" + portal.id(), "paul");
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertThat(list.body().get("total").asLong()).isEqualTo(1);
    assertThat(list.itemTexts("number")).containsExactly(submitted.text("number"));
    assertThat(list.body().get("limit").asInt()).isEqualTo(50);
  }

  @Test
  void shouldScheduleAStandardChangeFromTheCatalogueWithoutApproval() {
    // given the catalogue
    Response templates = api.get("/api/change-templates", "alice");
    assertThat(templates.status()).isEqualTo(200);
    assertThat(templates.body().get("items")).singleElement().satisfies(t -> {
      assertThat(t.get("code").asText()).isEqualTo("restart-web");
      assertThat(texts(t.get("tasks"))).containsExactly("Drain", "Restart", "Verify");
      assertThat(t.get("maxDuration").asText()).isEqualTo("PT2H");
    });

    // when alice requests a restart in a window as long as the template allows
    Instant start = now().plus(Duration.ofHours(1));
    Response submitted = api.post("/api/changes", "alice", """
        {"type": "STANDARD", "templateCode": "restart-web", "groupId": "network-ops", "implementerId": "carl",
         "plannedStart": "%s", "plannedEnd": "%s"}""".formatted(start, start.plus(Duration.ofHours(2))));

    // then it is scheduled at once with the template's title and tasks, one step each
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    assertState(submitted, "SCHEDULED");
    assertThat(submitted.text("type")).isEqualTo("STANDARD");
    assertThat(submitted.text("templateCode")).isEqualTo("restart-web");
    assertThat(submitted.text("title")).isEqualTo("Restart a web server");
    assertThat(submitted.text("risk")).isNull();
    List<String> steps = new ArrayList<>();
    submitted.body().get("tasks").forEach(t -> steps.add(t.get("title").asText() + "@" + t.get("step").asInt()));
    assertThat(steps).containsExactly("Drain@1", "Restart@2", "Verify@3");
    assertThat(api.get(submitted.header("Location") + "/approvals", "alice").body().get("items")).isEmpty();
    assertThat(itsm.engine().changes().get(Actor.system(), UUID.fromString(submitted.text("id"))).state())
        .isEqualTo(ChangeState.SCHEDULED);
    assertThat(api.get("/api/changes?type=standard&state=scheduled", "paul").itemTexts("number"))
        .contains(submitted.text("number"));

    // a longer window, or a template not in the catalogue, is refused naming the field
    assertProblem(api.post("/api/changes", "alice", """
        {"type": "standard", "templateCode": "restart-web", "implementerId": "carl", "plannedStart": "%s",
         "plannedEnd": "%s"}""".formatted(start, start.plus(Duration.ofHours(3)))), 422, "itsm.invalid-value", "plannedEnd");
    assertProblem(api.post("/api/changes", "alice", """
        {"type": "standard", "templateCode": "reboot-everything", "implementerId": "carl", "plannedStart": "%s",
         "plannedEnd": "%s"}""".formatted(start, start.plus(Duration.ofHours(1)))), 422, "itsm.invalid-value", "templateCode");
  }

  @Test
  void shouldShowConflictsWindowsAndTheCalendar() {
    // given a router with a maintenance window ten days ahead
    Instant day10 = now().plus(Duration.ofDays(10));
    Ci router = itsm.engine().cmdb().create(Actor.system(), NewCi.of("Application", "core-router-os", Map.of()));
    Response window = api.post("/api/change-windows", "cora", """
        {"kind": "maintenance", "name": "Router maintenance", "ciId": "%s", "start": "%s", "end": "%s"}"""
        .formatted(router.id(), day10, day10.plus(Duration.ofHours(4))));
    assertThat(window.status()).as(window.toString()).isEqualTo(201);
    assertThat(window.header("Location")).isEqualTo("/api/change-windows/" + window.text("id"));
    assertThat(window.text("kind")).isEqualTo("MAINTENANCE");
    assertThat(window.text("createdBy")).isEqualTo("cora");

    // when two changes touch the router in overlapping windows, the second one reaching past the maintenance window
    String a = submitNormal("Patch the router", "carl", day10.plus(Duration.ofHours(1)), day10.plus(Duration.ofHours(3)),
        router.id());
    String b = submitNormal("Tune the router", "paul", day10.plus(Duration.ofHours(2)), day10.plus(Duration.ofHours(5)),
        router.id());
    String numberA = api.get(a, "alice").text("number");
    String numberB = api.get(b, "alice").text("number");

    // then each sees the other, and the second also that it misses the maintenance window
    Response conflictsOfB = api.get(b + "/conflicts", "alice");
    assertThat(conflictsOfB.status()).isEqualTo(200);
    assertThat(conflictsOfB.itemTexts("kind")).containsExactlyInAnyOrder("SAME_CI", "OUTSIDE_MAINTENANCE_WINDOW");
    assertThat(conflictsOfB.itemTexts("policy")).containsOnly("WARN");
    assertThat(conflictsOfB.body().get("items")).anySatisfy(c -> {
      assertThat(c.get("kind").asText()).isEqualTo("SAME_CI");
      assertThat(c.get("otherChangeNumber").asText()).isEqualTo(numberA);
      assertThat(c.get("ciId").asText()).isEqualTo(router.id().toString());
    });
    assertThat(api.get(a + "/conflicts", "alice").itemTexts("kind")).containsExactly("SAME_CI");

    // and the calendar of those days shows both changes and the window
    Response calendar = api.get("/api/change-calendar?from=" + day10 + "&to=" + day10.plus(Duration.ofDays(1)), "paul");
    assertThat(calendar.status()).as(calendar.toString()).isEqualTo(200);
    List<String> planned = new ArrayList<>();
    calendar.body().get("changes").forEach(c -> planned.add(c.get("number").asText()));
    assertThat(planned).containsExactly(numberA, numberB);
    assertThat(calendar.body().get("windows")).singleElement()
        .satisfies(w -> assertThat(w.get("id").asText()).isEqualTo(window.text("id")));

    // a global freeze blocks moving the second change into it, and submitting one there
    Instant day20 = day10.plus(Duration.ofDays(10));
    Response freeze = api.post("/api/change-windows", "cora", """
        {"kind": "FREEZE", "name": "Year-end freeze", "start": "%s", "end": "%s"}"""
        .formatted(day20, day20.plus(Duration.ofDays(1))));
    assertThat(freeze.status()).as(freeze.toString()).isEqualTo(201);
    Response blocked = api.post(b + "/reschedule", "alice", "{\"start\": \"%s\", \"end\": \"%s\"}"
        .formatted(day20.plus(Duration.ofHours(1)), day20.plus(Duration.ofHours(2))));
    assertProblem(blocked, 409, "itsm.change-conflict", null);
    assertThat(blocked.text("detail")).contains("Year-end freeze");
    assertThat(itsm.engine().changes().get(Actor.system(), UUID.fromString(b.substring(b.lastIndexOf('/') + 1)))
        .plannedStart()).isEqualTo(day10.plus(Duration.ofHours(2)));
    assertProblem(api.post("/api/changes", "alice", """
        {"type": "normal", "title": "Freeze breaker", "implementerId": "carl", "backoutPlan": "Undo",
         "plannedStart": "%s", "plannedEnd": "%s"}""".formatted(day20.plus(Duration.ofHours(3)),
        day20.plus(Duration.ofHours(4)))), 409, "itsm.change-conflict", null);

    // moved apart, the second change no longer clashes with the first
    Response moved = transition(b, "reschedule", "alice", "{\"start\": \"%s\", \"end\": \"%s\"}"
        .formatted(day10.plus(Duration.ofDays(2)), day10.plus(Duration.ofDays(2)).plus(Duration.ofHours(2))));
    assertThat(moved.text("plannedStart")).isEqualTo(day10.plus(Duration.ofDays(2)).toString());
    assertThat(api.get(b + "/conflicts", "alice").itemTexts("kind")).containsExactly("OUTSIDE_MAINTENANCE_WINDOW");
    assertThat(api.get(a + "/conflicts", "alice").body().get("items")).isEmpty();

    // the freeze is removed, once
    String freezePath = freeze.header("Location");
    Response removed = api.delete(freezePath, "cora");
    assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
    assertProblem(api.delete(freezePath, "cora"), 404, "itsm.not-found", null);
    assertThat(api.get("/api/change-calendar?from=" + day20 + "&to=" + day20.plus(Duration.ofDays(1)), "paul")
        .body().get("windows")).isEmpty();
  }

  @Test
  void shouldAnswerAnApproversQuestionAndCancel() {
    // given a change an approver asks about
    String path = submitNormal("Replace the core switch", "carl", now().plus(Duration.ofDays(1)),
        now().plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
    Response asked = transition(path, "vote", "paul", "{\"vote\": \"request-info\", \"comment\": \"Which model?\"}");
    assertState(asked, "INFO_REQUESTED");
    assertThat(asked.text("infoRequest")).isEqualTo("Which model?");

    // only the requester answers; it goes back to approval
    assertProblem(api.post(path + "/resubmit", "paul", "{\"answer\": \"X-500\"}"), 403, "itsm.access-denied", null);
    Response resubmitted = transition(path, "resubmit", "alice", "{\"answer\": \"The X-500\"}");
    assertState(resubmitted, "AUTHORIZATION");
    assertThat(resubmitted.text("infoRequest")).isNull();
    assertThat(api.get(path + "/approvals", "alice").itemTexts("vote")).containsExactly("REQUEST_INFO");

    // a peer may not cancel it, the requester may, once
    assertProblem(api.post(path + "/cancel", "paul", "{\"reason\": \"Not mine\"}"), 403, "itsm.access-denied", null);
    Response cancelled = transition(path, "cancel", "alice", "{\"reason\": \"Postponed to next year\"}");
    assertState(cancelled, "CANCELLED");
    assertThat(cancelled.text("closeCode")).isEqualTo("CANCELLED");
    assertProblem(api.post(path + "/cancel", "alice", "{\"reason\": \"Again\"}"), 409, "itsm.illegal-transition", null);
    UUID id = UUID.fromString(cancelled.text("id"));
    assertThat(itsm.engine().changes().get(Actor.system(), id).state()).isEqualTo(ChangeState.CANCELLED);
    assertThat(api.get("/api/changes?state=cancelled&requesterId=alice", "alice").itemTexts("id")).contains(id.toString());
  }

  @Test
  void shouldBackOutAFailedEmergencyChangeAndReviewIt() {
    // given an emergency change approved by the ECAB
    Instant start = now().plus(Duration.ofMinutes(30));
    Response submitted = api.post("/api/changes", "alice", """
        {"type": "emergency", "title": "Block the attacking network", "groupId": "network-ops", "implementerId": "carl",
         "plannedStart": "%s", "plannedEnd": "%s"}""".formatted(start, start.plus(Duration.ofHours(1))));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    assertState(submitted, "AUTHORIZATION");
    String path = submitted.header("Location");
    assertState(transition(path, "vote", "erin", "{\"vote\": \"APPROVE\"}"), "SCHEDULED");

    // when its only task fails, it is backed out
    itsm.clock().set(start);
    transition(path, "start-implementation", "carl", null);
    assertProblem(api.post(path + "/tasks/0", "carl", "{\"outcome\": \"failed\"}"), 400, "itsm.invalid-input", "note");
    Response failed = transition(path, "tasks/0", "carl", "{\"outcome\": \"failed\", \"note\": \"Rule rejected\"}");
    assertState(failed, "BACKING_OUT");
    assertThat(failed.body().get("tasks").get(0).get("outcome").asText()).isEqualTo("FAILED");
    assertState(transition(path, "complete-backout", "carl", "{\"note\": \"Rule removed\"}"), "REVIEW");

    // then the retrospective comes before the review, and the close code must fit the failure
    assertProblem(api.post(path + "/close", "cora", "{\"code\": \"backed_out\", \"notes\": \"Restored\"}"), 409,
        "itsm.illegal-transition", null);
    Response reviewed = transition(path, "retrospective", "cora", "{\"findings\": \"Test the rule on staging first\"}");
    assertState(reviewed, "REVIEW");
    assertThat(reviewed.text("retrospective")).isEqualTo("Test the rule on staging first");
    assertProblem(api.post(path + "/close", "cora", "{\"code\": \"successful\"}"), 422, "itsm.invalid-value", "code");
    Response closed = transition(path, "close", "cora", "{\"code\": \"BACKED-OUT\", \"notes\": \"Restored\"}");
    assertState(closed, "CLOSED");
    assertThat(closed.text("closeCode")).isEqualTo("BACKED_OUT");
    assertThat(itsm.engine().changes().get(Actor.system(), UUID.fromString(closed.text("id"))).closeCode())
        .isEqualTo(CloseCode.BACKED_OUT);
  }

  @Test
  void shouldAnswerBadRequestsWithProblemDetailsNamingTheField() {
    Instant start = now().plus(Duration.ofDays(3));
    String window = "\"plannedStart\": \"" + start + "\", \"plannedEnd\": \"" + start.plus(Duration.ofHours(1)) + "\"";
    // unknown codes, instants, ids and operations: 422 naming the field
    assertProblem(api.post("/api/changes", "alice", "{\"type\": \"urgent\", \"title\": \"x\", \"implementerId\": \"carl\", "
        + window + "}"), 422, "itsm.invalid-value", "type");
    assertProblem(api.post("/api/changes", "alice", "{\"type\": \"normal\", \"title\": \"x\", \"implementerId\": \"carl\", "
        + "\"plannedStart\": \"tomorrow\", \"plannedEnd\": \"" + start + "\"}"), 422, "itsm.invalid-value", "plannedStart");
    assertProblem(api.post("/api/changes", "alice", "{\"type\": \"normal\", \"title\": \"x\", \"implementerId\": \"carl\", "
        + window + ", \"affectedCis\": [\"router-1\"]}"), 422, "itsm.invalid-value", "affectedCis[0]");
    assertProblem(api.post("/api/changes", "alice", "{\"type\": \"normal\", \"title\": \"x\", \"implementerId\": \"carl\", "
        + window + ", \"plannedCiChanges\": [{\"op\": \"rename\"}]}"), 422, "itsm.invalid-value", "plannedCiChanges[0].op");
    assertProblem(api.post("/api/changes", "alice", "{\"type\": \"normal\", \"title\": \"x\", \"implementerId\": \"carl\", "
        + window + ", \"plannedCiChanges\": [{\"op\": \"update\", \"ciId\": \"" + UUID.randomUUID() + "\", \"key\": \"k\"}]}"),
        400, "itsm.invalid-input", "plannedCiChanges[0]");
    assertProblem(api.post("/api/change-windows", "cora", "{\"kind\": \"holiday\", \"name\": \"x\", \"start\": \""
        + start + "\", \"end\": \"" + start.plus(Duration.ofHours(1)) + "\"}"), 422, "itsm.invalid-value", "kind");
    // missing values the library requires, bad JSON and wrong JSON types: 400
    assertProblem(api.post("/api/changes", "alice", "{\"type\": \"normal\", \"title\": \"x\", \"implementerId\": \"carl\"}"),
        400, "itsm.invalid-input", "plannedStart");
    assertProblem(api.post("/api/changes", "alice", "{\"type\": \"normal\","), 400, "itsm.invalid-input", "body");
    assertProblem(api.post("/api/changes", "alice", "{\"type\": \"normal\", \"outage\": \"yes\"}"), 400,
        "itsm.invalid-input", "outage");
    assertProblem(api.post("/api/changes", "alice", "{\"type\": \"normal\", \"risk\": \"LOW\"}"), 400, "itsm.invalid-input",
        "risk");
    // bad query parameters
    assertProblem(api.get("/api/changes?state=open", "alice"), 422, "itsm.invalid-value", "state");
    assertProblem(api.get("/api/changes?from=yesterday", "alice"), 422, "itsm.invalid-value", "from");
    assertProblem(api.get("/api/changes?affectedCi=router-1", "alice"), 422, "itsm.invalid-value", "affectedCi");
    assertProblem(api.get("/api/changes?limit=many", "alice"), 400, "itsm.invalid-input", "limit");
    assertProblem(api.get("/api/changes?limit=0", "alice"), 422, "itsm.invalid-value", "limit");
    assertProblem(api.get("/api/change-calendar?from=" + start, "alice"), 400, "itsm.invalid-input", "to");
    assertProblem(api.get("/api/reports/changes?from=" + start + "&to=soon", "cora"), 422, "itsm.invalid-value", "to");

    // a change in approval
    String path = submitNormal("Rotate the VPN keys", "carl", start, start.plus(Duration.ofHours(1)));
    assertProblem(api.post(path + "/vote", "paul", "{\"vote\": \"maybe\"}"), 422, "itsm.invalid-value", "vote");
    assertProblem(api.post(path + "/tasks/first", "carl", "{\"outcome\": \"succeeded\"}"), 400, "itsm.invalid-input", "index");
    assertProblem(api.post(path + "/reschedule", "alice", "{\"start\": \"soon\", \"end\": \"later\"}"), 422,
        "itsm.invalid-value", "start");
    // illegal transition, stale version
    assertProblem(api.post(path + "/start-implementation", "carl", null), 409, "itsm.illegal-transition", null);
    Response stale = api.post(path + "/cancel", "alice", "{\"reason\": \"x\"}", Map.of("If-Match", "\"999\""));
    assertProblem(stale, 409, "itsm.conflict", null);
    assertState(api.get(path, "alice"), "AUTHORIZATION");
    // callers have no business with changes
    assertProblem(api.get("/api/changes", "carol"), 403, "itsm.access-denied", null);
    assertProblem(api.get(path, "carol"), 403, "itsm.access-denied", null);
    assertProblem(api.post("/api/changes", "carol", "{\"type\": \"normal\", \"title\": \"x\", \"implementerId\": \"carl\", "
        + window + "}"), 403, "itsm.access-denied", null);
    assertProblem(api.post(path + "/vote", "carol", "{\"vote\": \"approve\"}"), 403, "itsm.access-denied", null);
    assertProblem(api.post("/api/change-windows", "alice", "{\"kind\": \"freeze\", \"name\": \"x\", \"start\": \""
        + start + "\", \"end\": \"" + start.plus(Duration.ofHours(1)) + "\"}"), 403, "itsm.access-denied", null);
    // unknown changes and windows
    assertProblem(api.get("/api/changes/" + UUID.randomUUID(), "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/changes/CHG-999999", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/changes/no-such-thing!", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.post("/api/changes/" + UUID.randomUUID() + "/vote", "paul", "{\"vote\": \"approve\"}"), 404,
        "itsm.not-found", null);
    assertProblem(api.get("/api/changes/CHG-999999/conflicts", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.delete("/api/change-windows/" + UUID.randomUUID(), "cora"), 404, "itsm.not-found", null);
  }

  // ------------------------------------------------------------------ helpers

  /** A normal change of alice's in network-ops (low risk: a peer approves it); returns its path. */
  private static String submitNormal(String title, String implementer, Instant start, Instant end, UUID... cis) {
    List<String> ids = new ArrayList<>();
    for (UUID ci : cis) {
      ids.add("\"" + ci + "\"");
    }
    Response submitted = api.post("/api/changes", "alice", """
        {"type": "normal", "title": "%s", "groupId": "network-ops", "implementerId": "%s", "backoutPlan": "Undo it",
         "plannedStart": "%s", "plannedEnd": "%s", "affectedCis": [%s]}"""
        .formatted(title, implementer, start, end, String.join(", ", ids)));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    assertState(submitted, "AUTHORIZATION");
    return submitted.header("Location");
  }

  private static Response transition(String path, String name, String user, String body) {
    Response response = api.post(path + "/" + name, user, body);
    assertThat(response.status()).as(name + " -> " + response).isEqualTo(200);
    assertEtag(response);
    return response;
  }

  private static void assertEtag(Response response) {
    assertThat(response.header("ETag")).isEqualTo("\"" + response.body().get("version").asLong() + "\"");
  }

  private static void assertState(Response response, String state) {
    assertThat(response.text("state")).as(response.toString()).isEqualTo(state);
  }

  private static Object attribute(UUID ci, String name) {
    return itsm.engine().cmdb().get(Actor.system(), ci).attributes().get(name);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static Instant now() {
    return itsm.clock().instant();
  }

  static void assertProblem(Response response, int status, String code, String field) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.body().get("status").asInt()).isEqualTo(status);
    assertThat(response.text("code")).as(response.toString()).isEqualTo(code);
    assertThat(response.text("detail")).isNotBlank();
    assertThat(response.text("field")).as(response.toString()).isEqualTo(field);
  }
}
