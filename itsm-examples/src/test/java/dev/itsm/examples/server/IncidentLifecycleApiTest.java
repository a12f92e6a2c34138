package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.event.EventTypes;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The incident lifecycle over real HTTP, with SLA clocks moved by the test clock. */
class IncidentLifecycleApiTest {
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
  void shouldWorkAnIncidentFromOpenToCloseWhileTheSlaClocksCount() {
    // given carol reports a P1 network incident
    Response opened = api.post("/api/incidents", "carol", """
        {"title": "VPN gateway down", "description": "Nobody can connect", "impact": "high", "urgency": "high",
         "category": "network", "channel": "phone"}""");
    assertThat(opened.status()).isEqualTo(201);
    String id = opened.text("id");
    String path = "/api/incidents/" + id;
    assertThat(opened.header("Location")).isEqualTo(path);
    assertThat(opened.header("ETag")).isEqualTo("\"1\"");
    assertThat(opened.text("number")).matches("INC-\\d{6}");
    assertThat(opened.text("state")).isEqualTo("NEW");
    assertThat(opened.text("priority")).isEqualTo("P1");
    assertThat(opened.text("groupId")).isEqualTo("network-ops");
    assertThat(opened.text("callerId")).isEqualTo("carol");
    assertThat(opened.text("channel")).isEqualTo("PHONE");

    // when five minutes pass, the clocks show it
    itsm.clock().advance(Duration.ofMinutes(5));
    assertClock(path, "RESPONSE", "RUNNING", "PT5M", "PT10M");
    assertClock(path, "RESOLUTION", "RUNNING", "PT5M", "PT3H55M");

    // then alice takes it, accepts it (the response target is met) and starts work
    assertState(transition(path, "assign", "alice", "{\"agentId\": \"alice\"}"), "ASSIGNED").satisfies(
        r -> assertThat(r.text("assigneeId")).isEqualTo("alice"));
    assertState(transition(path, "acknowledge", "alice", null), "ACKNOWLEDGED");
    assertClock(path, "RESPONSE", "MET", "PT5M", "PT10M");
    assertState(transition(path, "start-work", "alice", null), "IN_PROGRESS");

    // on hold for half an hour, the resolution clock does not count
    Response held = transition(path, "hold", "alice", "{\"reason\": \"awaiting-caller\", \"comment\": \"Asked for the client log\"}");
    assertState(held, "ON_HOLD");
    assertThat(held.text("holdReason")).isEqualTo("AWAITING_CALLER");
    itsm.clock().advance(Duration.ofMinutes(30));
    JsonNode paused = clock(path, "RESOLUTION");
    assertThat(paused.get("state").asText()).isEqualTo("PAUSED");
    assertThat(paused.get("elapsed").asText()).isEqualTo("PT5M");
    assertThat(paused.get("pausedTotal").asText()).isEqualTo("PT30M");

    // resumed, it counts again
    assertState(transition(path, "resume", "alice", null), "IN_PROGRESS");
    itsm.clock().advance(Duration.ofMinutes(10));
    assertClock(path, "RESOLUTION", "RUNNING", "PT15M", "PT3H45M");

    // resolved by alice and closed by carol
    Response resolved = transition(path, "resolve", "alice", "{\"code\": \"FIXED\", \"text\": \"Restarted the gateway\"}");
    assertState(resolved, "RESOLVED");
    assertThat(resolved.text("resolutionCode")).isEqualTo("FIXED");
    assertClock(path, "RESOLUTION", "MET", "PT15M", "PT3H45M");
    Response closed = transition(path, "close", "carol", null);
    assertState(closed, "CLOSED");

    // and reading it by number shows the final state with its version as ETag
    Response byNumber = api.get("/api/incidents/" + opened.text("number"), "carol");
    assertThat(byNumber.status()).isEqualTo(200);
    assertThat(byNumber.text("state")).isEqualTo("CLOSED");
    assertThat(byNumber.header("ETag")).isEqualTo("\"" + closed.body().get("version").asLong() + "\"");
    Response audit = api.get(path + "/audit", "alice");
    assertThat(audit.status()).isEqualTo(200);
    // (in any order: the library orders audit entries of one instant from different transactions arbitrarily)
    assertThat(fieldValues(audit, "state")).containsExactlyInAnyOrder("NEW", "ASSIGNED", "ACKNOWLEDGED", "IN_PROGRESS",
        "ON_HOLD", "IN_PROGRESS", "RESOLVED", "CLOSED");
  }

  @Test
  void shouldListTheNotificationsAddressedToTheSignedInUser() {
    // given a P1 for network-ops assigned to alice, who does not accept it within the acceptance time
    Response opened = api.post("/api/incidents", "carol", """
        {"title": "Core switch down", "impact": "high", "urgency": "high", "category": "network"}""");
    String path = "/api/incidents/" + opened.text("id");
    assertState(transition(path, "assign", "mia", "{\"agentId\": \"alice\"}"), "ASSIGNED");
    itsm.clock().advance(Duration.ofMinutes(5));
    assertThat(itsm.fireDueTimers(opened.text("processInstanceId"))).isPositive();
    itsm.awaitDeliveries();

    // when the group's manager, the caller and the administrator list their notifications
    List<JsonNode> forMia = notificationsOf("mia", opened.text("number"));
    List<JsonNode> forCarol = notificationsOf("carol", opened.text("number"));
    List<JsonNode> forAdmin = notificationsOf("admin", opened.text("number"));

    // then the manager sees the escalation addressed to her, the caller none of it, the administrator all
    assertThat(forMia).extracting(n -> n.get("type").asText()).contains(EventTypes.INCIDENT_ACCEPTANCE_OVERDUE);
    assertThat(forMia).allSatisfy(n -> assertThat(n.get("recipients").toString()).contains("\"mia\""));
    assertThat(forCarol).noneSatisfy(n ->
        assertThat(n.get("type").asText()).isEqualTo(EventTypes.INCIDENT_ACCEPTANCE_OVERDUE));
    assertThat(forAdmin).hasSizeGreaterThanOrEqualTo(forMia.size())
        .extracting(n -> n.get("idempotencyKey").asText())
        .containsAll(forMia.stream().map(n -> n.get("idempotencyKey").asText()).toList());
  }

  private List<JsonNode> notificationsOf(String user, String ticketNumber) {
    Response response = api.get("/api/notifications", user);
    assertThat(response.status()).isEqualTo(200);
    List<JsonNode> items = new ArrayList<>();
    response.body().get("items").forEach(n -> {
      if (ticketNumber.equals(n.get("ticketNumber").asText())) {
        items.add(n);
      }
    });
    return items;
  }

  @Test
  void shouldHonourIfMatchWithTheCurrentVersion() {
    // given an incident read with its ETag
    String path = open("carol", "software");
    Response read = api.get(path, "sam");
    String etag = read.header("ETag");

    // when sam assigns it with If-Match of that version
    Response assigned = api.post(path + "/assign", "sam", "{\"agentId\": \"sam\"}", Map.of("If-Match", etag));

    // then it is assigned and the ETag moves on
    assertState(assigned, "ASSIGNED");
    assertThat(assigned.header("ETag")).isNotEqualTo(etag)
        .isEqualTo("\"" + assigned.body().get("version").asLong() + "\"");
  }

  @Test
  void shouldReclassifyReopenAndCancel() {
    // given an incident in progress
    String path = open("dave", "database");
    transition(path, "assign", "dora", "{\"groupId\": \"dba\", \"agentId\": \"dora\"}");
    transition(path, "acknowledge", "dora", null);
    transition(path, "start-work", "dora", null);

    // when it is reclassified, the priority follows the priority table
    Response reclassified = transition(path, "reclassify", "dora", "{\"impact\": \"HIGH\", \"urgency\": \"MEDIUM\"}");
    assertThat(reclassified.text("priority")).isEqualTo("P2");

    // a resolved incident can be reopened with a reason
    transition(path, "resolve", "dora", "{\"code\": \"WORKAROUND\"}");
    assertState(transition(path, "reopen", "dave", "{\"reason\": \"It is slow again\"}"), "IN_PROGRESS");

    // and cancelled without a body
    assertState(transition(path, "cancel", "dora", null), "CANCELLED");
  }

  @Test
  void shouldAddNotesThatCallersSeeOnlyAsReplies() {
    // given an incident with a work note and a reply
    String path = open("carol", "email");
    Response workNote = api.post(path + "/notes", "eric", """
        {"text": "Mailbox over quota", "visibility": "work-note", "timeSpentMinutes": 15}""");
    assertThat(workNote.status()).as(workNote.toString()).isEqualTo(201);
    assertThat(workNote.text("authorId")).isEqualTo("eric");
    assertThat(workNote.body().get("timeSpentMinutes").asLong()).isEqualTo(15);
    itsm.clock().advance(Duration.ofMinutes(1));
    assertThat(api.post(path + "/notes", "eric", "{\"text\": \"We raised your quota\", \"visibility\": \"REPLY\"}").status())
        .isEqualTo(201);

    // then the agent sees both, the caller only the reply
    assertThat(api.get(path + "/notes", "eric").itemTexts("text")).containsExactly("Mailbox over quota", "We raised your quota");
    assertThat(api.get(path + "/notes", "carol").itemTexts("text")).containsExactly("We raised your quota");
  }

  private static String open(String caller, String category) {
    Response opened = api.post("/api/incidents", caller, "{\"title\": \"Something is broken\", \"category\": \"" + category + "\"}");
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    return opened.header("Location");
  }

  private static Response transition(String path, String name, String user, String body) {
    Response response = api.post(path + "/" + name, user, body);
    assertThat(response.status()).as(name + " -> " + response).isEqualTo(200);
    assertThat(response.header("ETag")).isEqualTo("\"" + response.body().get("version").asLong() + "\"");
    return response;
  }

  private static org.assertj.core.api.ObjectAssert<Response> assertState(Response response, String state) {
    assertThat(response.text("state")).as(response.toString()).isEqualTo(state);
    return assertThat(response);
  }

  private static void assertClock(String path, String kind, String state, String elapsed, String remaining) {
    JsonNode clock = clock(path, kind);
    assertThat(clock.get("state").asText()).as(kind + " " + clock).isEqualTo(state);
    assertThat(clock.get("elapsed").asText()).as(kind + " " + clock).isEqualTo(elapsed);
    assertThat(clock.get("remaining").asText()).as(kind + " " + clock).isEqualTo(remaining);
  }

  private static JsonNode clock(String path, String kind) {
    Response sla = api.get(path + "/sla", "alice");
    assertThat(sla.status()).as(sla.toString()).isEqualTo(200);
    for (JsonNode clock : sla.body().get("items")) {
      if (clock.get("clock").asText().equals(kind)) {
        return clock;
      }
    }
    throw new AssertionError("Expected a " + kind + " clock, but the SLA endpoint returned " + sla.body());
  }

  private static List<String> fieldValues(Response audit, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode entry : audit.body().get("items")) {
      if (field.equals(entry.get("field").asText())) {
        values.add(entry.get("newValue").asText());
      }
    }
    return values;
  }
}
