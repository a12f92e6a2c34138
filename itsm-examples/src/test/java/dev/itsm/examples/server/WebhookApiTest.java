package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.examples.server.WebhookReceiver.Received;
import dev.itsm.testkit.ItsmExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks over real HTTP, as an administrator registers them and a host's receiver (a real HTTP
 * server on 127.0.0.1) gets them: signed deliveries, event filters, retries with back-off on the
 * test clock, the FAILED state, a retry by hand, no second send of a redelivered event, and who may
 * manage webhooks.
 */
class WebhookApiTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .agent("alice", PASSWORD, "network-ops")
      .manager("mia", PASSWORD, "network-ops")
      .admin("ada", PASSWORD)
      .build();
  private static final String ADMIN = "ada";
  private static final String SECRET = "s3cret-for-the-receiver-0123456789";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Tickets whose first event a host listener after the webhooks refuses once, so the engine delivers it again. */
  private static final Set<UUID> FAIL_ONCE = ConcurrentHashMap.newKeySet();

  private static final Webhooks webhooks = new Webhooks();

  @RegisterExtension
  static final ItsmExtension itsm = ItsmExtension.create(builder -> builder
      .plugin(c -> c.directory(USERS.directory()))
      .plugin(webhooks)
      .plugin(c -> c.eventListener(event -> {
        if (event.ticketId() != null && FAIL_ONCE.remove(event.ticketId())) {
          throw new IllegalStateException("a host listener failed once for " + event.ticketNumber());
        }
      })));

  private static ExampleServer server;
  private static ApiClient api;
  private final List<WebhookReceiver> receivers = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = ExampleServer.builder(itsm.engine()).users(USERS).notifications(itsm.notifications()).webhooks(webhooks).start();
    api = new ApiClient(server);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** Each test starts without webhooks, so the events of one test reach only its own receivers. */
  @AfterEach
  void deleteWebhooksAndReceivers() {
    for (JsonNode hook : ok(api.get(WebhookRoutes.BASE, ADMIN)).body().get("items")) {
      assertThat(api.delete(WebhookRoutes.BASE + "/" + hook.get("id").asText(), ADMIN).status()).isEqualTo(204);
    }
    receivers.forEach(WebhookReceiver::close);
  }

  // ------------------------------------------------------------------ registration

  @Test
  void shouldRegisterWebhookShowingGeneratedSecretOnlyOnce() {
    // when an administrator registers a webhook without a secret
    WebhookReceiver receiver = receiver();
    Response created = api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + receiver.url("/hooks/itsm") + "\","
        + " \"events\": [\"incident.opened\", \"SLA.*\"], \"description\": \"Chat channel\"}");

    // then it is created, with a generated secret shown in this answer
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.text("id");
    assertThat(created.header("Location")).isEqualTo(WebhookRoutes.BASE + "/" + id);
    assertThat(created.text("url")).isEqualTo(receiver.url("/hooks/itsm"));
    assertThat(created.body().get("events")).extracting(JsonNode::asText).containsExactly("incident.opened", "sla.*");
    assertThat(created.text("description")).isEqualTo("Chat channel");
    assertThat(created.body().get("enabled").asBoolean()).isTrue();
    assertThat(created.text("createdBy")).isEqualTo(ADMIN);
    assertThat(created.text("createdAt")).isEqualTo(itsm.clock().instant().toString());
    String secret = created.text("secret");
    assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);

    // and neither the list nor the webhook shows the secret again
    Response list = ok(api.get(WebhookRoutes.BASE, ADMIN));
    assertThat(list.itemTexts("id")).containsExactly(id);
    Response read = ok(api.get(WebhookRoutes.BASE + "/" + id, ADMIN));
    assertThat(read.text("url")).isEqualTo(receiver.url("/hooks/itsm"));
    for (Response answer : List.of(list, read)) {
      assertThat(answer.raw()).doesNotContain(secret).doesNotContain("\"secret\"");
    }

    // and another registration gets another secret; a given secret is kept (and not listed either)
    Response second = api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + receiver.url("/other") + "\","
        + " \"events\": [\"*\"]}");
    assertThat(second.text("secret")).isNotEqualTo(secret);
    Response given = api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + receiver.url("/given") + "\","
        + " \"events\": [\"change.*\"], \"secret\": \"" + SECRET + "\"}");
    assertThat(given.status()).isEqualTo(201);
    assertThat(given.text("secret")).isEqualTo(SECRET);
    assertThat(ok(api.get(WebhookRoutes.BASE, ADMIN)).raw()).doesNotContain(SECRET).doesNotContain(second.text("secret"));
  }

  @Test
  void shouldRejectInvalidRegistrationsNamingTheField() {
    String url = "http://127.0.0.1:9/hook";
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"events\": [\"incident.opened\"]}"), 400, "itsm.invalid-input", "url");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"ftp://example.com/x\", \"events\": [\"*\"]}"),
        422, "itsm.invalid-value", "url");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"/relative/path\", \"events\": [\"*\"]}"),
        422, "itsm.invalid-value", "url");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"http://exa mple.com/\", \"events\": [\"*\"]}"),
        422, "itsm.invalid-value", "url");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"https://user:pw@example.com/\", \"events\": [\"*\"]}"),
        422, "itsm.invalid-value", "url");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + url + "\"}"), 400, "itsm.invalid-input", "events");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + url + "\", \"events\": []}"),
        400, "itsm.invalid-input", "events");
    Response unknown = api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + url + "\","
        + " \"events\": [\"incident.opened\", \"incident.exploded\"]}");
    assertProblem(unknown, 422, "itsm.invalid-value", "events[1]");
    assertThat(unknown.text("detail")).contains("incident.exploded").contains("incident.*");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + url + "\", \"events\": [\"nothing.*\"]}"),
        422, "itsm.invalid-value", "events[0]");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + url + "\", \"events\": [42]}"),
        400, "itsm.invalid-input", "events[0]");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + url + "\", \"events\": [\"*\"], \"secret\": \"short\"}"),
        422, "itsm.invalid-value", "secret");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + url + "\", \"events\": [\"*\"], \"colour\": \"red\"}"),
        400, "itsm.invalid-input", "colour");
    assertProblem(api.post(WebhookRoutes.BASE, ADMIN, "not json"), 400, "itsm.invalid-input", "body");

    // nothing was registered
    assertThat(ok(api.get(WebhookRoutes.BASE, ADMIN)).body().get("items")).isEmpty();

    // a change is validated the same way and leaves the webhook as it was
    String id = register(url, SECRET, "incident.opened");
    assertProblem(api.send("PATCH", WebhookRoutes.BASE + "/" + id, ADMIN, "{\"url\": \"mailto:ops@example.com\"}", Map.of()),
        422, "itsm.invalid-value", "url");
    assertProblem(api.send("PATCH", WebhookRoutes.BASE + "/" + id, ADMIN, "{\"events\": [\"incident.gone\"]}", Map.of()),
        422, "itsm.invalid-value", "events[0]");
    Response unchanged = ok(api.get(WebhookRoutes.BASE + "/" + id, ADMIN));
    assertThat(unchanged.text("url")).isEqualTo(url);
    assertThat(unchanged.body().get("events")).extracting(JsonNode::asText).containsExactly("incident.opened");

    // unknown webhooks and deliveries are 404
    assertProblem(api.get(WebhookRoutes.BASE + "/" + UUID.randomUUID(), ADMIN), 404, "itsm.not-found", null);
    assertProblem(api.get(WebhookRoutes.BASE + "/not-a-uuid/deliveries", ADMIN), 404, "itsm.not-found", null);
    assertProblem(api.post(WebhookRoutes.BASE + "/" + id + "/deliveries/" + UUID.randomUUID() + "/retry", ADMIN, null),
        404, "itsm.not-found", null);
  }

  @Test
  void shouldRefuseWebhooksToAnyoneButAdministrators() {
    String id = register("http://127.0.0.1:9/hook", SECRET, "*");
    String body = "{\"url\": \"http://127.0.0.1:9/other\", \"events\": [\"*\"]}";
    for (String user : List.of("mia", "alice", "carol")) {
      assertProblem(api.post(WebhookRoutes.BASE, user, body), 403, "itsm.access-denied", null);
      assertProblem(api.get(WebhookRoutes.BASE, user), 403, "itsm.access-denied", null);
      assertProblem(api.get(WebhookRoutes.BASE + "/" + id, user), 403, "itsm.access-denied", null);
      assertProblem(api.get(WebhookRoutes.BASE + "/" + id + "/deliveries", user), 403, "itsm.access-denied", null);
      assertProblem(api.send("PATCH", WebhookRoutes.BASE + "/" + id, user, "{\"enabled\": false}", Map.of()),
          403, "itsm.access-denied", null);
      assertProblem(api.delete(WebhookRoutes.BASE + "/" + id, user), 403, "itsm.access-denied", null);
    }
    assertProblem(api.get(WebhookRoutes.BASE, null), 401, "itsm.unauthenticated", null);

    // the webhook is as it was
    Response read = ok(api.get(WebhookRoutes.BASE + "/" + id, ADMIN));
    assertThat(read.body().get("enabled").asBoolean()).isTrue();
    assertThat(ok(api.get(WebhookRoutes.BASE, ADMIN)).itemTexts("id")).containsExactly(id);
  }

  // ------------------------------------------------------------------ delivery

  @Test
  void shouldDeliverSignedEventThatReceiverCanVerify() throws Exception {
    // given a webhook for opened incidents
    WebhookReceiver receiver = receiver();
    String hook = register(receiver.url("/itsm"), SECRET, EventTypes.INCIDENT_OPENED);

    // when a caller opens an incident
    String incident = openIncident("VPN down");
    Instant openedAt = itsm.clock().instant();
    settle();

    // then the receiver got one POST with the event as JSON
    Received request = receiver.await(1, r -> true).get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/itsm");
    assertThat(request.header("Content-Type")).startsWith("application/json");
    assertThat(request.header("X-Itsm-Event")).isEqualTo("incident.opened");
    JsonNode body = MAPPER.readTree(request.body());
    assertThat(body.get("type").asText()).isEqualTo("incident.opened");
    assertThat(body.get("ticketId").asText()).isEqualTo(incident);
    assertThat(body.get("ticketNumber").asText()).startsWith("INC-");
    assertThat(body.get("ticketType").asText()).isEqualTo("INCIDENT");
    assertThat(body.get("actorId").asText()).isEqualTo("carol");
    assertThat(body.get("tenantId").asText()).isEqualTo("default");
    assertThat(Instant.parse(body.get("occurredAt").asText())).isEqualTo(openedAt);
    assertThat(body.get("data").get("groupId").asText()).isEqualTo("network-ops");
    DomainEvent event = itsm.events(UUID.fromString(incident)).stream()
        .filter(e -> e.type().equals(EventTypes.INCIDENT_OPENED)).findFirst().orElseThrow();
    assertThat(body.get("eventId").asText()).isEqualTo(event.id().toString());

    // and the receiver verifies the signature with the shared secret, as documented
    assertThat(request.header("X-Itsm-Timestamp")).isEqualTo(Long.toString(openedAt.getEpochSecond()));
    assertThat(request.header("X-Itsm-Signature")).matches("sha256=[0-9a-f]{64}");
    assertThat(verifies(SECRET, request, itsm.clock().instant())).isTrue();
    // and a changed body, another secret or an old timestamp does not verify
    Received tampered = new Received(request.method(), request.path(), request.headers(),
        request.body().replace("VPN", "XPN").replace("carol", "mallory"));
    assertThat(verifies(SECRET, tampered, itsm.clock().instant())).isFalse();
    assertThat(verifies(SECRET + "x", request, itsm.clock().instant())).isFalse();
    assertThat(verifies(SECRET, request, itsm.clock().instant().plus(Duration.ofMinutes(6)))).isFalse();

    // and the delivery is listed as DELIVERED after one attempt, with its id in the request
    Response deliveries = ok(api.get(deliveries(hook, null), ADMIN));
    assertThat(deliveries.body().get("total").asLong()).isEqualTo(1);
    JsonNode delivery = deliveries.body().get("items").get(0);
    assertThat(delivery.get("id").asText()).isEqualTo(request.header("X-Itsm-Delivery"));
    assertThat(delivery.get("eventId").asText()).isEqualTo(event.id().toString());
    assertThat(delivery.get("eventType").asText()).isEqualTo("incident.opened");
    assertThat(delivery.get("ticketId").asText()).isEqualTo(incident);
    assertThat(delivery.get("state").asText()).isEqualTo("DELIVERED");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
    assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
    assertThat(delivery.get("lastError").isNull()).isTrue();
    assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();
    assertThat(delivery.get("deliveredAt").asText()).isEqualTo(openedAt.toString());

    // and one delivery shows the body it sent
    Response one = ok(api.get(deliveries(hook, null) + "/" + delivery.get("id").asText(), ADMIN));
    assertThat(one.body().get("payload")).isEqualTo(body);
  }

  @Test
  void shouldDeliverOnlyTheChosenEventTypes() {
    // given one webhook for opened incidents, one for every incident event, one for changes only
    WebhookReceiver opened = receiver();
    WebhookReceiver incidents = receiver();
    WebhookReceiver changes = receiver();
    register(opened.url("/opened"), SECRET, "incident.opened");
    register(incidents.url("/incidents"), SECRET, "incident.*");
    String changeHook = register(changes.url("/changes"), SECRET, "change.*");

    // when an incident is opened and assigned
    String incident = openIncident("Printer jam");
    ok(api.post(IncidentRoutes.BASE + "/" + incident + "/assign", "mia", "{\"agentId\": \"alice\"}"));
    settle();

    // then the first got only the opening, the second both events, the third nothing
    assertThat(types(opened.await(1, about(incident)))).containsExactly("incident.opened");
    assertThat(types(incidents.await(2, about(incident)))).containsExactly("incident.opened", "incident.assigned");
    assertThat(changes.received()).isEmpty();
    assertThat(ok(api.get(deliveries(changeHook, null), ADMIN)).body().get("total").asLong()).isZero();
    assertThat(opened.received(about(incident))).hasSize(1);
  }

  @Test
  void shouldRetryWithBackoffAfterServerError() throws Exception {
    // given a receiver that fails once with 500
    WebhookReceiver receiver = receiver().answer(500);
    String hook = register(receiver.url("/flaky"), SECRET, "incident.opened");

    // when an incident is opened
    String incident = openIncident("Mail bounces");
    settle();
    Instant first = itsm.clock().instant();

    // then the first attempt failed and a retry is due in 30 s
    receiver.await(1, about(incident));
    JsonNode delivery = onlyDelivery(hook);
    assertThat(delivery.get("state").asText()).isEqualTo("PENDING");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
    assertThat(delivery.get("lastStatus").asInt()).isEqualTo(500);
    assertThat(delivery.get("lastError").asText()).startsWith("HTTP 500");
    assertThat(delivery.get("lastAttemptAt").asText()).isEqualTo(first.toString());
    assertThat(delivery.get("nextAttemptAt").asText()).isEqualTo(first.plusSeconds(30).toString());

    // and nothing is sent before then
    itsm.clock().advance(Duration.ofSeconds(29));
    webhooks.deliverDue();
    assertThat(receiver.received(about(incident))).hasSize(1);

    // when the retry is due it is sent again, with the same delivery id and body, and delivered
    itsm.clock().advance(Duration.ofSeconds(1));
    webhooks.deliverDue();
    List<Received> requests = receiver.await(2, about(incident));
    assertThat(requests.get(1).header("X-Itsm-Delivery")).isEqualTo(requests.get(0).header("X-Itsm-Delivery"));
    assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
    assertThat(requests.get(1).header("X-Itsm-Timestamp")).isEqualTo(Long.toString(first.plusSeconds(30).getEpochSecond()));
    assertThat(verifies(SECRET, requests.get(1), itsm.clock().instant())).isTrue();
    delivery = onlyDelivery(hook);
    assertThat(delivery.get("state").asText()).isEqualTo("DELIVERED");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
    assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
    assertThat(delivery.get("lastError").isNull()).isTrue();
  }

  @Test
  void shouldRetryAfterConnectionRefused() {
    // given a webhook whose receiver is not running yet
    int port = WebhookReceiver.closedPort();
    String hook = register("http://127.0.0.1:" + port + "/later", SECRET, "incident.opened");

    // when an incident is opened, the attempt cannot connect
    String incident = openIncident("Switch port down");
    settle();
    JsonNode delivery = onlyDelivery(hook);
    assertThat(delivery.get("state").asText()).isEqualTo("PENDING");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
    assertThat(delivery.get("lastStatus").isNull()).isTrue();
    assertThat(delivery.get("lastError").asText()).contains("Connect");

    // and once the receiver runs, the retry after 30 s reaches it
    WebhookReceiver receiver = WebhookReceiver.startOn(port);
    receivers.add(receiver);
    itsm.clock().advance(Duration.ofSeconds(30));
    webhooks.deliverDue();
    receiver.await(1, about(incident));
    delivery = onlyDelivery(hook);
    assertThat(delivery.get("state").asText()).isEqualTo("DELIVERED");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void shouldFailAfterTheLastAttemptAndRetryByHand() {
    // given a receiver that answers 503 to every attempt of the schedule
    int maxAttempts = Webhooks.Settings.defaults().maxAttempts();
    WebhookReceiver receiver = receiver().answer(repeat(503, maxAttempts));
    String hook = register(receiver.url("/down"), SECRET, "incident.opened");
    String incident = openIncident("Disk full");
    settle();

    // when every retry comes due: 30 s, 1, 2, 4, 8, 16, 32 min after the attempt before
    List<Duration> waits = new ArrayList<>();
    for (int attempt = 1; attempt < maxAttempts; attempt++) {
      JsonNode pending = onlyDelivery(hook);
      assertThat(pending.get("state").asText()).isEqualTo("PENDING");
      assertThat(pending.get("attempts").asInt()).isEqualTo(attempt);
      Duration wait = Duration.between(Instant.parse(pending.get("lastAttemptAt").asText()),
          Instant.parse(pending.get("nextAttemptAt").asText()));
      waits.add(wait);
      itsm.clock().advance(wait);
      webhooks.deliverDue();
    }
    assertThat(waits).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32));

    // then after the last attempt it is FAILED, and no later time sends it again
    assertThat(receiver.received(about(incident))).hasSize(maxAttempts);
    JsonNode failed = onlyDelivery(hook);
    assertThat(failed.get("state").asText()).isEqualTo("FAILED");
    assertThat(failed.get("attempts").asInt()).isEqualTo(8);
    assertThat(failed.get("maxAttempts").asInt()).isEqualTo(8);
    assertThat(failed.get("lastStatus").asInt()).isEqualTo(503);
    assertThat(failed.get("nextAttemptAt").isNull()).isTrue();
    itsm.clock().advance(Duration.ofDays(1));
    webhooks.deliverDue();
    assertThat(receiver.received(about(incident))).hasSize(8);
    assertThat(ok(api.get(deliveries(hook, "FAILED"), ADMIN)).body().get("total").asLong()).isEqualTo(1);
    assertThat(ok(api.get(deliveries(hook, "PENDING"), ADMIN)).body().get("total").asLong()).isZero();

    // when an administrator retries it by hand (the receiver is back), it is sent once more and delivered
    String id = failed.get("id").asText();
    Response retried = api.post(WebhookRoutes.BASE + "/" + hook + "/deliveries/" + id + "/retry", ADMIN, null);
    assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
    assertThat(retried.text("state")).isIn("PENDING", "DELIVERED");
    webhooks.deliverDue();
    receiver.await(9, about(incident));
    JsonNode delivered = onlyDelivery(hook);
    assertThat(delivered.get("state").asText()).isEqualTo("DELIVERED");
    assertThat(delivered.get("attempts").asInt()).isEqualTo(9);
    assertThat(delivered.get("lastStatus").asInt()).isEqualTo(200);

    // and a delivered one cannot be retried, nor can others
    assertProblem(api.post(WebhookRoutes.BASE + "/" + hook + "/deliveries/" + id + "/retry", ADMIN, null),
        409, "itsm.conflict", null);
    assertProblem(api.post(WebhookRoutes.BASE + "/" + hook + "/deliveries/" + id + "/retry", "mia", null),
        403, "itsm.access-denied", null);
    assertThat(receiver.received(about(incident))).hasSize(9);
  }

  @Test
  void shouldNotSendAnEventTwiceWhenTheEngineDeliversItAgain() {
    // given a webhook, and a host listener that fails the first time it gets the next incident's events
    WebhookReceiver receiver = receiver();
    String hook = register(receiver.url("/once"), SECRET, "incident.opened");
    UUID incident = UUID.fromString(openIncidentFailingOnce("Laptop stolen"));
    settle();

    // when the engine delivers the event again (after its retry interval)
    itsm.clock().advance(Duration.ofSeconds(10));
    assertThat(itsm.redeliverDue()).isPositive();
    settle();
    List<DomainEvent> opened = itsm.events(incident).stream().filter(e -> e.type().equals(EventTypes.INCIDENT_OPENED)).toList();
    assertThat(opened).hasSize(2);
    assertThat(opened.get(1).id()).isEqualTo(opened.get(0).id());

    // then the receiver got it once, and there is one delivery
    assertThat(receiver.await(1, about(incident.toString()))).hasSize(1);
    itsm.clock().advance(Duration.ofHours(2));
    webhooks.deliverDue();
    assertThat(receiver.received(about(incident.toString()))).hasSize(1);
    assertThat(ok(api.get(deliveries(hook, null), ADMIN)).body().get("total").asLong()).isEqualTo(1);
  }

  @Test
  void shouldListDeliveriesByState() {
    // given a receiver that accepts the first event and refuses the second
    WebhookReceiver receiver = receiver().answer(200, 500);
    String hook = register(receiver.url("/mixed"), SECRET, "incident.opened");
    String first = openIncident("First");
    settle();
    receiver.await(1, about(first));
    itsm.clock().advance(Duration.ofSeconds(1));
    String second = openIncident("Second");
    settle();
    receiver.await(1, about(second));

    // then each state lists its own; several states and lower case are fine; newest first
    assertThat(ok(api.get(deliveries(hook, "DELIVERED"), ADMIN)).itemTexts("ticketId")).containsExactly(first);
    assertThat(ok(api.get(deliveries(hook, "pending"), ADMIN)).itemTexts("ticketId")).containsExactly(second);
    assertThat(ok(api.get(deliveries(hook, "FAILED"), ADMIN)).body().get("items")).isEmpty();
    Response both = ok(api.get(deliveries(hook, "PENDING,DELIVERED"), ADMIN));
    assertThat(both.itemTexts("ticketId")).containsExactly(second, first);
    assertThat(both.body().get("total").asLong()).isEqualTo(2);
    Response all = ok(api.get(deliveries(hook, null), ADMIN));
    assertThat(all.itemTexts("state")).containsExactly("PENDING", "DELIVERED");
    Response page = ok(api.get(deliveries(hook, null) + "?limit=1&offset=1", ADMIN));
    assertThat(page.itemTexts("ticketId")).containsExactly(first);
    assertThat(page.body().get("total").asLong()).isEqualTo(2);

    // and an unknown state or a bad limit is refused, naming the parameter
    assertProblem(api.get(deliveries(hook, "LOST"), ADMIN), 422, "itsm.invalid-value", "state");
    assertProblem(api.get(deliveries(hook, null) + "?limit=0", ADMIN), 422, "itsm.invalid-value", "limit");
    assertProblem(api.get(deliveries(hook, null) + "?offset=x", ADMIN), 400, "itsm.invalid-input", "offset");
  }

  @Test
  void shouldSendNothingToDisabledWebhookAndForgetDeletedOne() {
    // given a disabled webhook
    WebhookReceiver receiver = receiver();
    String hook = register(receiver.url("/paused"), SECRET, "incident.*");
    Response disabled = api.send("PATCH", WebhookRoutes.BASE + "/" + hook, ADMIN, "{\"enabled\": false}", Map.of());
    assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
    assertThat(disabled.body().get("enabled").asBoolean()).isFalse();
    assertThat(disabled.raw()).doesNotContain(SECRET);

    // when an incident is opened, nothing is recorded or sent
    String before = openIncident("While disabled");
    settle();
    assertThat(ok(api.get(deliveries(hook, null), ADMIN)).body().get("total").asLong()).isZero();

    // and once enabled again, later events are sent
    ok(api.send("PATCH", WebhookRoutes.BASE + "/" + hook, ADMIN, "{\"enabled\": true, \"events\": [\"incident.opened\"]}",
        Map.of()));
    String after = openIncident("While enabled");
    settle();
    receiver.await(1, about(after));
    assertThat(receiver.received(about(before))).isEmpty();

    // when deleted, it and its deliveries are gone
    assertThat(api.delete(WebhookRoutes.BASE + "/" + hook, ADMIN).status()).isEqualTo(204);
    assertProblem(api.get(WebhookRoutes.BASE + "/" + hook, ADMIN), 404, "itsm.not-found", null);
    assertProblem(api.get(deliveries(hook, null), ADMIN), 404, "itsm.not-found", null);
    assertProblem(api.delete(WebhookRoutes.BASE + "/" + hook, ADMIN), 404, "itsm.not-found", null);
  }

  @Test
  void shouldListTheEventTypesAWebhookMayChoose() {
    Response types = ok(api.get(WebhookRoutes.BASE + "/event-types", ADMIN));
    List<String> names = new ArrayList<>();
    types.body().get("types").forEach(t -> names.add(t.asText()));
    assertThat(names).contains(EventTypes.INCIDENT_OPENED, EventTypes.SLA_BREACHED, EventTypes.CHANGE_SUBMITTED,
        EventTypes.RELEASE_CREATED);
    List<String> wildcards = new ArrayList<>();
    types.body().get("wildcards").forEach(t -> wildcards.add(t.asText()));
    assertThat(wildcards).contains("incident.*", "sla.*", "change.*", "*");
    assertProblem(api.get(WebhookRoutes.BASE + "/event-types", "mia"), 403, "itsm.access-denied", null);
  }

  // ------------------------------------------------------------------ a receiver's check

  /**
   * What a receiver does with a request: the timestamp is within 5 minutes of its own clock, and
   * {@code sha256=} plus the hex HMAC-SHA256 of {@code <timestamp>.<body>} under the shared secret
   * equals the signature header (compared in constant time).
   */
  private static boolean verifies(String secret, Received request, Instant receiverNow) throws Exception {
    String timestamp = request.header("X-Itsm-Timestamp");
    String signature = request.header("X-Itsm-Signature");
    if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
      return false;
    }
    if (Math.abs(receiverNow.getEpochSecond() - Long.parseLong(timestamp)) > 300) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8));
    byte[] given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
    return MessageDigest.isEqual(expected, given);
  }

  // ------------------------------------------------------------------ helpers

  private WebhookReceiver receiver() {
    WebhookReceiver receiver = WebhookReceiver.start();
    receivers.add(receiver);
    return receiver;
  }

  private static String register(String url, String secret, String... events) {
    StringBuilder list = new StringBuilder();
    for (String event : events) {
      list.append(list.isEmpty() ? "" : ", ").append('"').append(event).append('"');
    }
    Response created = api.post(WebhookRoutes.BASE, ADMIN, "{\"url\": \"" + url + "\", \"events\": [" + list
        + "], \"secret\": \"" + secret + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.text("id");
  }

  private static String openIncident(String title) {
    Response opened = api.post(IncidentRoutes.BASE, "carol", "{\"title\": \"" + title + "\", \"category\": \"network\"}");
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    return opened.text("id");
  }

  /** Opens an incident whose events a host listener refuses the first time, through the library (to know the id first). */
  private static String openIncidentFailingOnce(String title) {
    UUID[] id = new UUID[1];
    itsm.engine().inTransaction(() -> {
      var ticket = itsm.engine().incidents().open(dev.itsm.api.Actor.caller("carol"),
          dev.itsm.api.incident.NewIncident.builder(title).category("network").build());
      id[0] = ticket.id();
      FAIL_ONCE.add(ticket.id());
    });
    return id[0].toString();
  }

  /** Waits until the engine handed its events to the webhooks, then sends what is due. */
  private static void settle() {
    itsm.awaitDeliveries();
    webhooks.deliverDue();
  }

  private static java.util.function.Predicate<Received> about(String ticketId) {
    return r -> r.body().contains("\"ticketId\":\"" + ticketId + "\"");
  }

  private static List<String> types(List<Received> requests) {
    return requests.stream().map(r -> r.header("X-Itsm-Event")).toList();
  }

  private static String deliveries(String hook, String state) {
    return WebhookRoutes.BASE + "/" + hook + "/deliveries" + (state == null ? "" : "?state=" + state);
  }

  private static JsonNode onlyDelivery(String hook) {
    Response list = ok(api.get(deliveries(hook, null), ADMIN));
    assertThat(list.body().get("total").asLong()).as(list.toString()).isEqualTo(1);
    return list.body().get("items").get(0);
  }

  private static Integer[] repeat(int status, int times) {
    Integer[] statuses = new Integer[times];
    java.util.Arrays.fill(statuses, status);
    return statuses;
  }

  private static Response ok(Response response) {
    assertThat(response.status()).as(response.toString()).isBetween(200, 299);
    return response;
  }

  private static void assertProblem(Response response, int status, String code, String field) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.text("code")).as(response.toString()).isEqualTo(code);
    assertThat(response.text("field")).as(response.toString()).isEqualTo(field);
    assertThat(response.raw()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
