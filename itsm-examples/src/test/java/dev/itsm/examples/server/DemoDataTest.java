package dev.itsm.examples.server;

import static dev.itsm.api.incident.IncidentState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.itsm.api.Actor;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo organisation and incidents, loaded into an engine from the test kit (a fresh one per test). */
class DemoDataTest {
  private static final DemoUsers USERS = DemoUsers.standard();

  @RegisterExtension
  final ItsmExtension itsm = ItsmExtension.create(builder -> builder.plugin(c -> c.directory(USERS.directory())));

  @Test
  void shouldCreateIncidentsInEveryPromisedState() {
    List<IncidentTicket> loaded = new DemoData(itsm.engine(), USERS).loadIfEmpty();

    assertThat(loaded).extracting(IncidentTicket::state)
        .contains(NEW, ASSIGNED, IN_PROGRESS, ON_HOLD, RESOLVED, CLOSED, CANCELLED);
    assertThat(stored()).extracting(IncidentTicket::number, IncidentTicket::state)
        .containsExactlyInAnyOrderElementsOf(loaded.stream().map(t -> tuple(t.number(), t.state())).toList());
  }

  @Test
  void shouldLoadNothingIntoADatabaseWithIncidents() {
    // given the demo data, loaded once
    int loaded = new DemoData(itsm.engine(), USERS).loadIfEmpty().size();

    // when the server starts again on the same database
    itsm.restart();
    List<IncidentTicket> again = new DemoData(itsm.engine(), USERS).loadIfEmpty();

    // then nothing is added
    assertThat(again).isEmpty();
    assertThat(stored()).hasSize(loaded);
  }

  @Test
  void shouldLoadNothingWhenAnyIncidentExists() {
    itsm.engine().incidents().open(Actor.caller("carol"), NewIncident.builder("Mouse broken").category("hardware").build());

    assertThat(new DemoData(itsm.engine(), USERS).loadIfEmpty()).isEmpty();
    assertThat(stored()).hasSize(1);
  }

  @Test
  void shouldRouteEveryCategoryToAGroupWithMembersAndTwoManagers() {
    for (String category : IncidentSettings.DEFAULT_CATEGORIES) {
      IncidentTicket incident = itsm.engine().incidents().open(USERS.user("carol").actor(),
          NewIncident.builder("Something about " + category).category(category).build());

      String group = incident.groupId();
      assertThat(USERS.directory().groupExists(group)).as(category + " -> " + group).isTrue();
      assertThat(USERS.directory().members(group)).as(group).isNotEmpty();
      assertThat(USERS.directory().managers(group)).as(group).hasSize(2);
    }
  }

  @Test
  void shouldServeTheDemoDataToEachUserAsTheLibraryAllows() {
    new DemoData(itsm.engine(), USERS).loadIfEmpty();

    try (ExampleServer server = ExampleServer.start(itsm.engine(), USERS, itsm.notifications(), 0)) {
      ApiClient api = new ApiClient(server);
      Response all = api.get("/api/incidents", "mia");
      Response own = api.get("/api/incidents", "carol");

      assertThat(all.body().get("total").asLong()).isEqualTo(stored().size());
      assertThat(own.itemTexts("callerId")).isNotEmpty().containsOnly("carol");
    }
  }

  private List<IncidentTicket> stored() {
    return itsm.engine().incidents().query(Actor.system(), IncidentQuery.builder().page(0, 1000).build()).items();
  }
}
