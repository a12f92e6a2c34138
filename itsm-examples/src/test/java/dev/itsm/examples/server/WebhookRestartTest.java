package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.api.Actor;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks across a restart of the server on the same database: a pending retry is sent by the new
 * server, and an event that arrived before the webhooks were started is recorded when the engine
 * delivers it again.
 */
class WebhookRestartTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .admin("ada", PASSWORD)
      .build();
  private static final Webhooks before = new Webhooks();

  @RegisterExtension
  final ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(c -> c.directory(USERS.directory())).plugin(before));

  @Test
  void shouldSendPendingRetriesAndLateEventsAfterARestart() {
    try (WebhookReceiver receiver = WebhookReceiver.start().answer(500)) {
      // given a webhook whose first delivery failed and waits for its retry
      String hook;
      String first;
      try (ExampleServer server = ExampleServer.builder(itsm.engine()).users(USERS).notifications(itsm.notifications()).webhooks(before).start()) {
        ApiClient api = new ApiClient(server);
        Response created = api.post(WebhookRoutes.BASE, "ada", "{\"url\": \"" + receiver.url("/restart") + "\","
            + " \"events\": [\"incident.opened\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        hook = created.text("id");
        first = open("Before the restart");
        itsm.awaitDeliveries();
        before.deliverDue();
        assertThat(states(api, hook)).containsEntry(first, "PENDING 1");
      }

      // when the server restarts, and an event arrives before its webhooks are started
      Webhooks after = new Webhooks();
      itsm.restart(b -> b.plugin(c -> c.directory(USERS.directory())).plugin(after));
      String second = open("While starting");
      itsm.awaitDeliveries();
      try (ExampleServer server = ExampleServer.builder(itsm.engine()).users(USERS).notifications(itsm.notifications()).webhooks(after).start()) {
        ApiClient api = new ApiClient(server);
        assertThat(states(api, hook)).doesNotContainKey(second);

        // then the engine's next delivery of that event records it, and the due retry is sent too
        itsm.clock().advance(Duration.ofSeconds(30));
        assertThat(itsm.redeliverDue()).isPositive();
        itsm.awaitDeliveries();
        after.deliverDue();
        receiver.await(2, r -> r.body().contains(first));
        receiver.await(1, r -> r.body().contains(second));
        assertThat(states(api, hook)).containsEntry(first, "DELIVERED 2").containsEntry(second, "DELIVERED 1");
      }
    }
  }

  private String open(String title) {
    UUID id = itsm.engine().incidents().open(Actor.caller("carol"), NewIncident.builder(title).category("network").build()).id();
    return id.toString();
  }

  /** State and attempts of each delivery of the webhook, by ticket id. */
  private static Map<String, String> states(ApiClient api, String hook) {
    Response list = api.get(WebhookRoutes.BASE + "/" + hook + "/deliveries", "ada");
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    Map<String, String> states = new HashMap<>();
    for (JsonNode item : list.body().get("items")) {
      states.put(item.get("ticketId").asText(), item.get("state").asText() + " " + item.get("attempts").asInt());
    }
    return states;
  }
}
