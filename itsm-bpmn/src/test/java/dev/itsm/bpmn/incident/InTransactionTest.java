package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.process.IncidentProcess;
import dev.itsm.spi.CustomField;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several operations as one unit: they commit together or not at all. */
class InTransactionTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).plugin(context -> {
    context.customField(CustomField.bool("vip"));
    context.customField(CustomField.integer("usersAffected"));
  }));

  @Test
  void operationsOnATicketCreatedInTheSameUnitSeeItAndCommitOnce() {
    IncidentTicket inc = itsm.engine().inTransaction(() -> {
      IncidentTicket opened = openP1(itsm.engine().incidents());
      IncidentTicket assigned = itsm.engine().incidents().assign(MANAGER, opened.ref(), Assignment.toAgent("alice"));
      IncidentTicket acknowledged = itsm.engine().incidents().acknowledge(AGENT, assigned.ref());
      IncidentTicket reclassified = itsm.engine().incidents().reclassify(MANAGER, acknowledged.ref(), Impact.LOW, Urgency.LOW);
      assertThat(itsm.engine().incidents().query(MANAGER, IncidentQuery.builder().state(IncidentState.ACKNOWLEDGED)
          .page(0, 1000).build()).items()).extracting(IncidentTicket::id).contains(opened.id());
      return reclassified;
    });
    IncidentTicket stored = itsm.engine().incidents().get(MANAGER, inc.id());
    assertThat(stored).isEqualTo(inc);
    assertThat(stored.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThat(stored.version()).isEqualTo(1);
    // acknowledged: the response clock stopped and has no timer; the resolution clock's is at its warning point
    assertThat(itsm.timers(inc.processInstanceId())).containsOnlyKeys("sla:RESOLUTION");
    assertThat(itsm.timers(inc.processInstanceId()).get("sla:RESOLUTION"))
        .isEqualTo(inc.openedAt().plus(java.time.Duration.ofHours(90)));
  }

  @Test
  void anExistingIncidentCanBeChangedSeveralTimesInOneUnitWithTheVersionEachStepReturns() {
    // given an incident committed earlier
    IncidentTicket opened = openP1(itsm.engine().incidents());

    // when one unit assigns, acknowledges and starts work, each step passing what the previous returned
    IncidentTicket worked = itsm.engine().inTransaction(() -> {
      IncidentTicket assigned = itsm.engine().incidents().assign(MANAGER, opened.ref(), Assignment.toAgent("alice"));
      assertThat(assigned.version()).isEqualTo(opened.version() + 1);
      IncidentTicket acknowledged = itsm.engine().incidents().acknowledge(AGENT, assigned.ref());
      // a ref read before the unit changed the incident is stale inside the unit too
      assertThatThrownBy(() -> itsm.engine().incidents().startWork(AGENT, opened.ref()))
          .isInstanceOf(dev.itsm.api.ConcurrentUpdateException.class)
          .hasMessageContaining("at version " + opened.version());
      return itsm.engine().incidents().startWork(AGENT, acknowledged.ref());
    });

    // then the row was written once: one version step, and what the unit returned is what is stored
    assertThat(worked.state()).isEqualTo(IncidentState.IN_PROGRESS);
    assertThat(worked.version()).isEqualTo(opened.version() + 1);
    assertThat(itsm.engine().incidents().get(MANAGER, opened.id())).isEqualTo(worked);
  }

  @Test
  void cancelWorksOnAnIncidentOpenedInTheSameUnit() {
    IncidentTicket inc = itsm.engine().inTransaction(() -> {
      IncidentTicket opened = openP1(itsm.engine().incidents());
      return itsm.engine().incidents().cancel(CALLER, opened.ref(), "opened by mistake");
    });
    assertThat(itsm.engine().incidents().get(MANAGER, inc.id()).state()).isEqualTo(IncidentState.CANCELLED);
  }

  @Test
  void aFailureInALaterOperationRollsBackTheEarlierOnes() throws Exception {
    AtomicReference<UUID> opened = new AtomicReference<>();
    assertThatThrownBy(() -> itsm.engine().inTransaction(() -> {
      IncidentTicket inc = openP1(itsm.engine().incidents());
      opened.set(inc.id());
      return itsm.engine().incidents().assign(MANAGER, inc.ref(), Assignment.toGroup("no-such-group"));
    })).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> itsm.engine().incidents().get(MANAGER, opened.get())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aFailureBeforeAnyChangeCaughtByTheHostDoesNotSpoilTheUnit() {
    IncidentTicket inc = itsm.engine().inTransaction(() -> {
      IncidentTicket opened = openP1(itsm.engine().incidents());
      try {
        itsm.engine().incidents().get(MANAGER, UUID.randomUUID());
      } catch (NotFoundException expected) {
        // the host handles it and goes on
      }
      return opened;
    });
    assertThat(itsm.engine().incidents().get(MANAGER, inc.id())).isEqualTo(inc);
  }

  @Test
  void aFailureAfterAChangeCaughtByTheHostStillRollsTheUnitBack() throws Exception {
    IncidentTicket existing = openP1(itsm.engine().incidents());
    AtomicReference<UUID> opened = new AtomicReference<>();
    assertThatThrownBy(() -> itsm.engine().inTransaction(() -> {
      opened.set(openP1(itsm.engine().incidents()).id());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("vip", true);                  // applied ...
      fields.put("usersAffected", "a dozen");   // ... then this one fails
      try {
        itsm.engine().incidents().updateFields(AGENT, existing.ref(), fields);
      } catch (InvalidValueException swallowed) {
        // the host ignores the error, but half of that operation happened
      }
      return null;
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("an operation in it failed")
        .hasRootCauseInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> itsm.engine().incidents().get(MANAGER, opened.get())).isInstanceOf(NotFoundException.class);
    assertThat(itsm.engine().incidents().get(MANAGER, existing.id())).isEqualTo(existing);
    try (Connection c = itsm.database().connect()) {
      assertThat(count(c, "SELECT COUNT(*) FROM itsm_ticket_field WHERE ticket_id = ?", existing.id())).isZero();
    }
  }

  @Test
  void notesAddedInTheUnitAreReadInIt() {
    itsm.engine().inTransaction(() -> {
      IncidentTicket inc = itsm.engine().incidents().open(CALLER, NewIncident.builder("Unit").category("network").build());
      itsm.engine().incidents().addNote(AGENT, inc.id(), dev.itsm.api.incident.NewNote.workNote("first"));
      assertThat(itsm.engine().incidents().notes(AGENT, inc.id())).hasSize(1);
    });
  }
}
