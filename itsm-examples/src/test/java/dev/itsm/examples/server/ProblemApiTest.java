package dev.itsm.examples.server;

import static dev.itsm.examples.server.ApiAssertions.assertOk;
import static dev.itsm.examples.server.ApiAssertions.assertProblem;
import static dev.itsm.examples.server.ApiAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask.Outcome;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.knowledge.ArticleState;
import dev.itsm.api.problem.MajorReview;
import dev.itsm.api.problem.ProblemProposal;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemResolution;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Problem management over real HTTP: from incidents through the known error and its fix to closure, and proposals. */
class ProblemApiTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .caller("dave", PASSWORD)
      .agent("alice", PASSWORD, "network-ops")
      .agent("nick", PASSWORD, "network-ops")
      .agent("dora", PASSWORD, "dba", "messaging", "service-desk")
      .manager("mia", PASSWORD, "network-ops", "dba", "messaging", "service-desk")
      .user("pam", PASSWORD, Set.of(Roles.PROBLEM_MANAGER), "problem-managers")
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
  void shouldWorkAProblemFromTwoIncidentsThroughKnownErrorAndFixToClosure() {
    // given a P1 VPN incident of carol's that alice works, and a second one of dave's
    String first = openIncident("carol", "VPN drops every hour", "network", "high", "high");
    assertThat(api.post(first + "/assign", "alice", "{\"agentId\": \"alice\"}").status()).isEqualTo(200);
    assertThat(api.post(first + "/acknowledge", "alice", null).status()).isEqualTo(200);
    String second = openIncident("dave", "VPN disconnects", "network", "low", "medium");
    UUID firstId = idOf(first);
    UUID secondId = idOf(second);

    // when alice records a problem from both
    Response created = api.post("/api/problems", "alice", """
        {"title": "VPN tunnel drops", "category": "network", "impact": "medium", "urgency": "high",
         "incidentIds": ["%s", "%s"]}""".formatted(firstId, secondId));

    // then it is NEW, linked to both, named by Location and ETag, and the P1 opened the major review
    assertOk(created, 201, "version");
    String path = "/api/problems/" + created.text("id");
    assertThat(created.header("Location")).isEqualTo(path);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(created.text("number")).matches("PRB-\\d{6}");
    assertThat(created.text("state")).isEqualTo("NEW");
    assertThat(created.text("reportedBy")).isEqualTo("alice");
    assertThat(texts(created.body().get("incidentIds"))).containsExactly(firstId.toString(), secondId.toString());
    assertThat(created.text("majorReview")).isEqualTo("OPEN");
    Response ofIncident = assertOk(api.get(first + "/problems", "alice"), 200, null);
    assertThat(ofIncident.itemTexts("id")).containsExactly(created.text("id"));
    assertThat(assertOk(api.get("/api/problems/" + created.text("number"), "nick"), 200, "version").text("id"))
        .isEqualTo(created.text("id"));

    // pam assesses it as she read it; the priority follows
    Response assessed = transition(path, "assess", "pam", """
        {"impact": "HIGH", "urgency": "high", "groupId": "network-ops", "ownerId": "alice"}""",
        Map.of("If-Match", created.header("ETag")));
    assertThat(assessed.text("state")).isEqualTo("ASSESSED");
    assertThat(assessed.text("priority")).isEqualTo("P1");
    assertThat(assessed.text("ownerId")).isEqualTo("alice");

    // analysis in two parallel tasks; the known error waits for both
    assertThat(transition(path, "start-analysis", "alice", null).text("state")).isEqualTo("ROOT_CAUSE_ANALYSIS");
    transition(path, "tasks", "alice", "{\"title\": \"Read the concentrator logs\", \"assigneeId\": \"nick\"}");
    Response tasks = transition(path, "tasks", "alice", "{\"title\": \"Reproduce with a test client\", \"assigneeId\": \"alice\"}");
    assertThat(texts(tasks.body().get("tasks"), "assigneeId")).containsExactly("nick", "alice");
    transition(path, "tasks/1/complete", "alice", "{\"findings\": \"Drops after 60 minutes idle\"}");
    String knownError = """
        {"symptom": "The VPN connection drops after an hour", "rootCause": "Idle timeout of the concentrator",
         "workaround": "Reconnect, or keep a ping running"}""";
    Response early = assertProblem(api.post(path + "/known-error", "pam", knownError), 409, "itsm.illegal-transition", null);
    assertThat(early.text("detail")).contains("[0]");
    Response done = transition(path, "tasks/0/complete", "nick", "{\"findings\": \"Idle timeout of 3600 s\"}");
    assertThat(texts(done.body().get("tasks"), "done")).containsExactly("true", "true");
    assertThat(texts(done.body().get("tasks"), "findings")).containsExactly("Idle timeout of 3600 s", "Drops after 60 minutes idle");
    Response known = transition(path, "known-error", "pam", knownError);
    assertThat(known.text("state")).isEqualTo("KNOWN_ERROR");
    assertThat(known.body().get("knownError").get("recordedBy").asText()).isEqualTo("pam");
    assertThat(known.body().get("knownError").get("articleId").isNull()).isTrue();

    // publishing the workaround puts it on the open incidents and into the knowledge base
    Response published = transition(path, "publish-workaround", "pam", null);
    JsonNode publishedError = published.body().get("knownError");
    assertThat(publishedError.get("workaroundPublishedAt").asText()).isEqualTo(itsm.clock().instant().toString());
    String articleId = publishedError.get("articleId").asText();
    assertThat(api.get(second + "/notes", "alice").itemTexts("text")).anySatisfy(t -> assertThat(t).contains("keep a ping running"));
    assertThat(api.get(first + "/notes", "alice").itemTexts("text")).anySatisfy(t -> assertThat(t).contains("keep a ping running"));
    Response article = assertOk(api.get("/api/articles/" + articleId, "carol"), 200, "revision");
    assertThat(article.text("state")).isEqualTo("PUBLISHED");
    assertThat(article.text("problemId")).isEqualTo(created.text("id"));
    assertThat(itsm.engine().knowledge().get(USERS.user("carol").actor(), UUID.fromString(articleId)).state())
        .isEqualTo(ArticleState.PUBLISHED);
    assertProblem(api.post(path + "/publish-workaround", "pam", null), 409, "itsm.illegal-transition", null);

    // a new incident that matches gets the workaround offered
    String third = openIncident("carol", "VPN connection drops", "network", "low", "low");
    Response offers = assertOk(api.get(third + "/workarounds", "alice"), 200, null);
    assertThat(offers.itemTexts("problemId")).containsExactly(created.text("id"));
    assertThat(offers.itemTexts("workaround")).containsExactly("Reconnect, or keep a ping running");
    assertThat(offers.itemTexts("articleId")).containsExactly(articleId);

    // pam requests the fix as a change, linked both ways
    Instant start = itsm.clock().instant().plus(Duration.ofDays(1));
    Response fix = api.post(path + "/fix", "pam", """
        {"title": "Raise the VPN idle timeout", "groupId": "network-ops", "implementerId": "nick",
         "plannedStart": "%s", "plannedEnd": "%s", "backoutPlan": "Set it back", "tasks": [{"title": "Change the timeout"}]}"""
        .formatted(start, start.plus(Duration.ofHours(1))));
    assertThat(fix.status()).as(fix.toString()).isEqualTo(201);
    JsonNode change = fix.body().get("change");
    JsonNode fixing = fix.body().get("problem");
    assertThat(fixing.get("state").asText()).isEqualTo("FIX_IN_PROGRESS");
    assertThat(fix.header("ETag")).isEqualTo("\"" + fixing.get("version").asLong() + "\"");
    assertThat(texts(fixing.get("fixChangeIds"))).containsExactly(change.get("id").asText());
    assertThat(change.get("number").asText()).matches("CHG-\\d{6}");
    assertThat(change.get("requesterId").asText()).isEqualTo("pam");
    assertThat(change.get("type").asText()).isEqualTo("NORMAL");
    UUID changeId = UUID.fromString(change.get("id").asText());
    ChangeService changes = itsm.engine().changes();
    assertThat(changes.fixedProblems(actor("mia"), changeId)).containsExactly(UUID.fromString(created.text("id")));

    // FIXED needs the change closed successfully
    assertProblem(api.post(path + "/resolve", "pam", "{\"resolution\": \"fixed\"}"), 422, "itsm.invalid-value", "resolution");
    TicketRef changeRef = TicketRef.of(changeId);
    changes.approve(actor("alice"), changeRef, null);
    assertThat(changes.get(actor("mia"), changeId).state()).isEqualTo(ChangeState.SCHEDULED);
    itsm.clock().set(start);
    changes.startImplementation(actor("nick"), changeRef);
    changes.recordTask(actor("nick"), changeRef, 0, Outcome.SUCCEEDED, null);
    changes.close(actor("mia"), changeRef, CloseCode.SUCCESSFUL, null);

    // resolving resolves the incident being worked; the new one stays for its agent
    Response resolved = transition(path, "resolve", "pam", "{\"resolution\": \"fixed\", \"text\": \"Idle timeout raised to 8 hours\"}");
    assertThat(resolved.text("state")).isEqualTo("RESOLVED");
    assertThat(resolved.text("resolution")).isEqualTo("FIXED");
    assertThat(resolved.text("resolutionText")).isEqualTo("Idle timeout raised to 8 hours");
    assertThat(api.get(first, "carol").text("state")).isEqualTo("RESOLVED");
    assertThat(api.get(second, "dave").text("state")).isEqualTo("NEW");
    assertThat(itsm.engine().incidents().get(actor("mia"), firstId).state()).isEqualTo(IncidentState.RESOLVED);

    // closing waits for the major review
    Response refused = assertProblem(api.post(path + "/close", "pam", null), 409, "itsm.illegal-transition", null);
    assertThat(refused.text("detail")).contains("major problem review");
    Response reviewed = transition(path, "major-review", "pam", "{\"findings\": \"Monitoring of idle drops added\"}");
    assertThat(reviewed.text("majorReview")).isEqualTo("DONE");
    assertThat(reviewed.text("majorReviewFindings")).isEqualTo("Monitoring of idle drops added");
    assertThat(transition(path, "close", "pam", null).text("state")).isEqualTo("CLOSED");
    ProblemRecord stored = itsm.engine().problems().get(actor("pam"), UUID.fromString(created.text("id")));
    assertThat(stored.state()).isEqualTo(ProblemState.CLOSED);
    assertThat(stored.majorReview()).isEqualTo(MajorReview.DONE);
    assertThat(stored.resolution()).isEqualTo(ProblemResolution.FIXED);
    assertThat(stored.fixChangeIds()).containsExactly(changeId);
  }

  @Test
  void shouldAcceptAProposalOfRepeatedIncidentsAsAProblem() {
    // given three incidents in one category within the detection period, a minute apart
    String[] incidents = new String[3];
    incidents[0] = openIncident("carol", "CRM reports time out", "database", "medium", "high");
    itsm.clock().advance(Duration.ofMinutes(1));
    incidents[1] = openIncident("dave", "CRM report never finishes", "database", "low", "low");
    itsm.clock().advance(Duration.ofMinutes(1));
    incidents[2] = openIncident("carol", "Order report times out", "database", "low", "medium");

    // then the problem manager sees a proposal listing them oldest first
    JsonNode proposal = openProposal("database");
    assertThat(proposal.get("basis").asText()).isEqualTo("CATEGORY");
    assertThat(texts(proposal.get("incidentIds"))).containsExactly(idOf(incidents[0]).toString(),
        idOf(incidents[1]).toString(), idOf(incidents[2]).toString());
    String proposalId = proposal.get("id").asText();

    // when she accepts it
    Response accepted = api.post("/api/problem-proposals/" + proposalId + "/accept", "pam", null);

    // then a problem is recorded from the incidents, with the impact and urgency of the most urgent one
    assertOk(accepted, 201, "version");
    assertThat(accepted.header("Location")).isEqualTo("/api/problems/" + accepted.text("id"));
    assertThat(accepted.text("state")).isEqualTo("NEW");
    assertThat(accepted.text("reportedBy")).isEqualTo("pam");
    assertThat(accepted.text("category")).isEqualTo("database");
    assertThat(accepted.text("impact")).isEqualTo("MEDIUM");
    assertThat(accepted.text("urgency")).isEqualTo("HIGH");
    assertThat(texts(accepted.body().get("incidentIds"))).containsExactlyInAnyOrder(idOf(incidents[0]).toString(),
        idOf(incidents[1]).toString(), idOf(incidents[2]).toString());
    assertThat(api.get("/api/problem-proposals?open=true", "pam").itemTexts("id")).doesNotContain(proposalId);
    JsonNode decided = find(api.get("/api/problem-proposals", "pam"), proposalId);
    assertThat(decided.get("status").asText()).isEqualTo("ACCEPTED");
    assertThat(decided.get("decidedBy").asText()).isEqualTo("pam");
    assertThat(decided.get("problemId").asText()).isEqualTo(accepted.text("id"));
    assertThat(itsm.engine().problems().proposals(actor("pam"), false)).filteredOn(p -> p.id().toString().equals(proposalId))
        .extracting(ProblemProposal::status).containsExactly(ProblemProposal.Status.ACCEPTED);
    assertThat(api.get(incidents[1] + "/problems", "dora").itemTexts("id")).containsExactly(accepted.text("id"));

    // and it is listed among the NEW problems of the category
    Response listed = assertOk(api.get("/api/problems?state=new&category=database&limit=10", "mia"), 200, null);
    assertThat(listed.itemTexts("id")).containsExactly(accepted.text("id"));
    assertThat(listed.body().get("total").asLong()).isEqualTo(1);
    assertThat(listed.body().get("limit").asInt()).isEqualTo(10);
    assertProblem(api.post("/api/problem-proposals/" + proposalId + "/accept", "pam", null), 409, "itsm.illegal-transition", null);
  }

  @Test
  void shouldDismissAProposalWithAReason() {
    openIncident("carol", "Mailbox full", "email", "low", "low");
    openIncident("dave", "Mails bounce", "email", "low", "low");
    openIncident("carol", "Mail stuck in outbox", "email", "low", "low");
    String proposalId = openProposal("email").get("id").asText();

    assertProblem(api.post("/api/problem-proposals/" + proposalId + "/dismiss", "pam", null), 400, "itsm.invalid-input", "body");
    assertProblem(api.post("/api/problem-proposals/" + proposalId + "/dismiss", "alice", "{\"reason\": \"Coincidence\"}"), 403,
        "itsm.access-denied", null);
    Response dismissed = assertOk(api.post("/api/problem-proposals/" + proposalId + "/dismiss", "pam",
        "{\"reason\": \"Three different causes\"}"), 200, null);

    assertThat(dismissed.text("status")).isEqualTo("DISMISSED");
    assertThat(dismissed.text("reason")).isEqualTo("Three different causes");
    assertThat(api.get("/api/problem-proposals?open=true", "pam").itemTexts("id")).doesNotContain(proposalId);
  }

  @Test
  void shouldListAndClearFlaggedCallers() {
    // given dave contacted the desk three times about the VPN service
    for (int i = 0; i < 3; i++) {
      itsm.engine().incidents().open(actor("dave"), NewIncident.builder("VPN slow again " + i).category("other")
          .service("vpn").impact(Impact.LOW)
          .urgency(Urgency.LOW).build());
    }

    // then agents see the flag, callers may not, and pam clears it
    Response flags = assertOk(api.get("/api/caller-flags", "alice"), 200, null);
    assertThat(flags.itemTexts("callerId")).containsExactly("dave");
    assertThat(flags.itemTexts("service")).containsExactly("vpn");
    Response flag = assertOk(api.get("/api/caller-flags/dave", "alice"), 200, null);
    assertThat(flag.body().get("contacts").asInt()).isEqualTo(3);
    assertProblem(api.get("/api/caller-flags", "carol"), 403, "itsm.access-denied", null);
    assertProblem(api.get("/api/caller-flags/carol", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.post("/api/caller-flags/dave/clear", "pam", null), 400, "itsm.invalid-input", "body");
    Response cleared = api.post("/api/caller-flags/dave/clear", "pam", "{\"reason\": \"Spoke with dave\"}");
    assertThat(cleared.status()).as(cleared.toString()).isEqualTo(204);
    assertThat(itsm.engine().problems().callerFlag(actor("alice"), "dave")).isEmpty();
    assertProblem(api.get("/api/caller-flags/dave", "alice"), 404, "itsm.not-found", null);
  }

  @Test
  void shouldAnswerAnUnknownCodeWith422NamingTheField() {
    assertProblem(api.post("/api/problems", "alice", "{\"title\": \"x\", \"impact\": \"huge\"}"), 422, "itsm.invalid-value", "impact");
    assertProblem(api.get("/api/problems?state=pending", "alice"), 422, "itsm.invalid-value", "state");
    String path = createProblem("Printer queue stalls");
    assertProblem(api.post(path + "/assess", "pam", "{\"impact\": \"low\", \"urgency\": \"now\"}"), 422, "itsm.invalid-value",
        "urgency");
    assertProblem(api.post(path + "/resolve", "pam", "{\"resolution\": \"magic\"}"), 422, "itsm.invalid-value", "resolution");
    assertProblem(api.post(path + "/fix", "pam", "{\"type\": \"urgent\", \"title\": \"x\"}"), 422, "itsm.invalid-value", "type");
    assertThat(api.get(path, "alice").text("state")).isEqualTo("NEW");
  }

  @Test
  void shouldAnswerBadIdsInstantsAndJsonWith400Or422NamingTheField() {
    String path = createProblem("Badge reader rejects cards");
    assertProblem(api.post("/api/problems", "alice", "{\"title\": \"x\", \"incidentIds\": [\"INC-1\"]}"), 422,
        "itsm.invalid-value", "incidentIds[0]");
    assertProblem(api.post("/api/problems", "alice", "{\"title\": \"x\", \"affectedCis\": [42]}"), 400, "itsm.invalid-input",
        "affectedCis[0]");
    assertProblem(api.post("/api/problems", "alice", "{\"title\": \"x\","), 400, "itsm.invalid-input", "body");
    assertProblem(api.get("/api/problems?affectedCi=router-1", "alice"), 422, "itsm.invalid-value", "affectedCi");
    assertProblem(api.get("/api/problems?limit=ten", "alice"), 400, "itsm.invalid-input", "limit");
    assertProblem(api.post(path + "/incidents", "alice", "{}"), 400, "itsm.invalid-input", "incidentId");
    assertProblem(api.post(path + "/incidents", "alice", "{\"incidentId\": \"" + UUID.randomUUID() + "\"}"), 422,
        "itsm.invalid-value", "incidentId");
    assertProblem(api.post(path + "/tasks/first/complete", "alice", "{\"findings\": \"x\"}"), 400, "itsm.invalid-input", "index");
    assertProblem(api.post(path + "/fix", "pam", "{\"title\": \"x\", \"plannedStart\": \"tomorrow\"}"), 422,
        "itsm.invalid-value", "plannedStart");
    assertProblem(api.post(path + "/fix", "pam", "{\"title\": \"x\", \"outage\": \"yes\"}"), 400, "itsm.invalid-input", "outage");
    assertProblem(api.post(path + "/fix", "pam", "{\"title\": \"x\", \"tasks\": [{\"title\": \"a\", \"step\": 99999999999}]}"), 422,
        "itsm.invalid-value", "tasks[0].step");
    assertProblem(api.post(path + "/assess", "pam", "{\"impact\": \"low\"}"), 400, "itsm.invalid-input", "urgency");
  }

  @Test
  void shouldAnswerAnIllegalTransitionWith409AndAStaleVersionWith409() {
    String path = createProblem("Scanner loses settings");
    Response problem = api.get(path, "alice");

    Response illegal = assertProblem(api.post(path + "/start-analysis", "alice", null), 409, "itsm.illegal-transition", null);
    assertThat(illegal.text("detail")).contains("NEW");
    transition(path, "assess", "pam", "{\"impact\": \"low\", \"urgency\": \"low\"}");
    Response stale = assertProblem(api.post(path + "/start-analysis", "alice", null, Map.of("If-Match", problem.header("ETag"))),
        409, "itsm.conflict", null);
    assertThat(stale.text("detail")).contains("version 1");
    assertThat(api.get(path, "alice").text("state")).isEqualTo("ASSESSED");
    assertProblem(api.post(path + "/start-analysis", "alice", null, Map.of("If-Match", "W/\"2\"")), 400, "itsm.invalid-input",
        "If-Match");
  }

  @Test
  void shouldAnswerACallerWith403() {
    assertProblem(api.post("/api/problems", "carol", "{\"title\": \"Everything is slow\"}"), 403, "itsm.access-denied", null);
    assertProblem(api.get("/api/problems", "carol"), 403, "itsm.access-denied", null);
    String path = createProblem("Wi-Fi drops in building B");
    assertProblem(api.get(path, "carol"), 403, "itsm.access-denied", null);
    assertProblem(api.post(path + "/assess", "alice", "{\"impact\": \"low\", \"urgency\": \"low\"}"), 403, "itsm.access-denied",
        null);
    assertProblem(api.get("/api/problem-proposals", "carol"), 403, "itsm.access-denied", null);
    assertThat(api.get(path, "alice").text("state")).isEqualTo("NEW");
  }

  @Test
  void shouldAnswerAnUnknownIdWith404() {
    assertProblem(api.get("/api/problems/" + UUID.randomUUID(), "mia"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/problems/PRB-999999", "mia"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/problems/not-a-problem!", "mia"), 404, "itsm.not-found", null);
    assertProblem(api.post("/api/problems/" + UUID.randomUUID() + "/close", "pam", null), 404, "itsm.not-found", null);
    assertProblem(api.post("/api/problem-proposals/" + UUID.randomUUID() + "/accept", "pam", null), 404, "itsm.not-found", null);
    assertProblem(api.post("/api/problem-proposals/nope/accept", "pam", null), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/incidents/" + UUID.randomUUID() + "/problems", "mia"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/incidents/INC-999999/workarounds", "mia"), 404, "itsm.not-found", null);
  }

  private static String createProblem(String title) {
    Response created = api.post("/api/problems", "alice", "{\"title\": \"" + title + "\", \"category\": \"hardware\"}");
    assertOk(created, 201, "version");
    return created.header("Location");
  }

  private static String openIncident(String caller, String title, String category, String impact, String urgency) {
    Response opened = api.post("/api/incidents", caller, """
        {"title": "%s", "category": "%s", "impact": "%s", "urgency": "%s"}""".formatted(title, category, impact, urgency));
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    return opened.header("Location");
  }

  private static Response transition(String path, String name, String user, String body) {
    return transition(path, name, user, body, Map.of());
  }

  private static Response transition(String path, String name, String user, String body, Map<String, String> headers) {
    return assertOk(api.post(path + "/" + name, user, body, headers), 200, "version");
  }

  private static JsonNode openProposal(String category) {
    Response open = assertOk(api.get("/api/problem-proposals?open=true", "pam"), 200, null);
    JsonNode found = null;
    for (JsonNode proposal : open.body().get("items")) {
      if (proposal.get("key").asText().equals(category)) {
        assertThat(found).as("one open proposal for " + category).isNull();
        found = proposal;
      }
    }
    assertThat(found).as("an open proposal for " + category + " in " + open.body()).isNotNull();
    assertThat(found.get("status").asText()).isEqualTo("OPEN");
    return found;
  }

  private static JsonNode find(Response list, String id) {
    for (JsonNode item : list.body().get("items")) {
      if (item.get("id").asText().equals(id)) {
        return item;
      }
    }
    throw new AssertionError("Expected " + id + " in " + list.body());
  }

  private static UUID idOf(String path) {
    return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
  }

  private static Actor actor(String user) {
    return USERS.user(user).actor();
  }
}
