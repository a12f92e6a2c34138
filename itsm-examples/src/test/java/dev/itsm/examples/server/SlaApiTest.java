package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.TicketType;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SLA definitions and one incident's clocks over real HTTP: explained, paused and resumed by hand. */
class SlaApiTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .agent("alice", PASSWORD, "network-ops")
      .manager("mia", PASSWORD, "network-ops")
      .build();

  /** network-ops promises the desk to resolve its incidents within two hours. */
  private static final SlaDefinition OLA = SlaDefinition.builder("ola-network-ops").name("Network operations OLA")
      .agreement(Agreement.OLA, "network-ops").ticketTypes(TicketType.INCIDENT).resolution(Duration.ofHours(2)).build();

  @RegisterExtension
  static final ItsmExtension itsm = ItsmExtension.create(builder -> builder.plugin(c -> {
    c.directory(USERS.directory());
    c.slaDefinition(OLA);
  }));

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
  void shouldListTheDefinitionsInForceWithTheirTargets() {
    Response definitions = ok(api.get("/api/sla/definitions", "alice"));

    JsonNode p1 = item(definitions, "incident-p1");
    assertThat(p1.get("agreement").asText()).isEqualTo("SLA");
    assertThat(p1.get("builtIn").asBoolean()).isTrue();
    assertThat(p1.get("current").asBoolean()).isTrue();
    assertThat(p1.get("priorities").toString()).isEqualTo("[\"P1\"]");
    assertThat(targets(p1)).containsExactly("RESPONSE PT15M 900", "RESOLUTION PT4H 14400");
    assertThat(p1.get("thresholds").get(0).get("percent").asInt()).isEqualTo(75);
    JsonNode ola = item(definitions, "ola-network-ops");
    assertThat(ola.get("name").asText()).isEqualTo("Network operations OLA");
    assertThat(ola.get("agreement").asText()).isEqualTo("OLA");
    assertThat(ola.get("party").asText()).isEqualTo("network-ops");
    assertThat(ola.get("builtIn").asBoolean()).isFalse();
    assertThat(ola.get("version").asInt()).isEqualTo(1);
    assertThat(targets(ola)).containsExactly("RESOLUTION PT2H 7200");
    assertThat(ola.get("targets").get(0).get("pauseIn").toString()).isEqualTo("[\"ON_HOLD\"]");
  }

  @Test
  void shouldPauseResumeAndExplainAClockByIdNumberAndAgreementPath() {
    // given a P1 incident that alice acknowledged
    Response opened = api.post("/api/incidents", "carol",
        "{\"title\": \"VPN down\", \"impact\": \"high\", \"urgency\": \"high\", \"category\": \"network\"}");
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    String path = opened.header("Location");
    String byNumber = "/api/incidents/" + opened.text("number");
    ok(api.post(path + "/assign", "mia", "{\"agentId\": \"alice\"}"));
    ok(api.post(path + "/acknowledge", "alice", null));

    // when, after ten minutes, alice pauses the resolution clock by hand for half an hour
    itsm.clock().advance(Duration.ofMinutes(10));
    Response paused = ok(api.post(byNumber + "/sla/RESOLUTION/pause", "alice", "{\"reason\": \"Vendor calls back at 11\"}"));
    assertThat(paused.text("clock")).isEqualTo("RESOLUTION");
    assertThat(paused.text("state")).isEqualTo("PAUSED");
    assertThat(paused.text("elapsed")).isEqualTo("PT10M");
    itsm.clock().advance(Duration.ofMinutes(30));
    Response resumed = ok(api.post(path + "/sla/RESOLUTION/resume", "alice", null));
    assertThat(resumed.text("state")).isEqualTo("RUNNING");
    assertThat(resumed.text("pausedTotal")).isEqualTo("PT30M");
    itsm.clock().advance(Duration.ofMinutes(5));

    // then the explanation shows the pause on the timeline and 15 counted minutes in two intervals
    Response explained = ok(api.get(byNumber + "/sla/RESOLUTION/explain", "alice"));
    JsonNode clock = explained.body().get("clock");
    assertThat(clock.get("state").asText()).isEqualTo("RUNNING");
    assertThat(clock.get("elapsed").asText()).isEqualTo("PT15M");
    assertThat(clock.get("remaining").asText()).isEqualTo("PT3H45M");
    assertThat(explained.text("asOf")).isEqualTo(itsm.clock().instant().toString());
    List<String> types = new ArrayList<>();
    explained.body().get("timeline").forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).containsExactly("START", "PAUSE", "RESUME");
    JsonNode pause = explained.body().get("timeline").get(1);
    assertThat(pause.get("reason").asText()).contains("Vendor calls back at 11");
    assertThat(pause.get("actorId").asText()).isEqualTo("alice");
    JsonNode counted = explained.body().get("counted");
    assertThat(counted).hasSize(2);
    assertThat(counted.get(0).get("business").asText()).isEqualTo("PT10M");
    assertThat(counted.get(0).get("businessSeconds").asLong()).isEqualTo(600);
    assertThat(counted.get(0).get("open").asBoolean()).isFalse();
    assertThat(counted.get(1).get("businessSeconds").asLong()).isEqualTo(300);
    assertThat(counted.get(1).get("open").asBoolean()).isTrue();
    assertThat(explained.body().get("arithmetic").toString()).contains("deadline");
    // the same by id, and the caller may read it too
    assertThat(ok(api.get(path + "/sla/RESOLUTION/explain", "carol")).body().get("clock").get("elapsed").asText())
        .isEqualTo("PT15M");

    // the OLA clock is named by its agreement path, slashes and all; it was not paused
    Response ola = ok(api.get(path + "/sla/OLA/network-ops/RESOLUTION/explain", "alice"));
    assertThat(ola.body().get("clock").get("agreement").asText()).isEqualTo("OLA");
    assertThat(ola.body().get("clock").get("party").asText()).isEqualTo("network-ops");
    assertThat(ola.body().get("clock").get("elapsed").asText()).isEqualTo("PT45M");
    assertThat(ola.body().get("clock").get("target").asText()).isEqualTo("PT2H");
  }

  @Test
  void shouldRefuseWhatTheClockOrTheUserDoesNotAllow() {
    Response opened = api.post("/api/incidents", "carol", "{\"title\": \"Switch port flapping\", \"category\": \"network\"}");
    String path = opened.header("Location");

    // the caller may not pause; resuming a running clock is not a transition it has
    assertProblem(api.post(path + "/sla/RESOLUTION/pause", "carol", "{\"reason\": \"x\"}"), 403, "itsm.access-denied", null);
    assertProblem(api.post(path + "/sla/RESOLUTION/resume", "alice", null), 409, "itsm.illegal-transition", null);
    // a pause needs a reason
    assertProblem(api.post(path + "/sla/RESOLUTION/pause", "alice", "{}"), 400, "itsm.invalid-input", "reason");
    assertProblem(api.post(path + "/sla/RESOLUTION/pause", "alice", null), 400, "itsm.invalid-input", "body");
    // clocks and incidents that do not exist
    assertProblem(api.get(path + "/sla/CALLBACK/explain", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get(path + "/sla/OLA/dba/RESOLUTION/explain", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/incidents/INC-999999/sla/RESOLUTION/explain", "alice"), 404, "itsm.not-found", null);
    assertProblem(api.get("/api/incidents/" + java.util.UUID.randomUUID() + "/sla/RESOLUTION/explain", "alice"), 404,
        "itsm.not-found", null);
    // nothing of it paused the clock
    assertThat(ok(api.get(path + "/sla/RESOLUTION/explain", "alice")).body().get("clock").get("state").asText())
        .isEqualTo("RUNNING");
  }

  private static Response ok(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response;
  }

  private static void assertProblem(Response response, int status, String code, String field) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.text("code")).isEqualTo(code);
    assertThat(response.text("field")).as(response.toString()).isEqualTo(field);
  }

  private static JsonNode item(Response response, String code) {
    for (JsonNode item : response.body().get("items")) {
      if (code.equals(item.get("code").asText())) {
        return item;
      }
    }
    throw new AssertionError("Expected a definition " + code + ", but the answer is " + response.body());
  }

  private static List<String> targets(JsonNode definition) {
    List<String> targets = new ArrayList<>();
    definition.get("targets").forEach(t -> targets.add(t.get("name").asText() + " " + t.get("duration").asText() + " "
        + t.get("durationSeconds").asLong()));
    return targets;
  }
}
