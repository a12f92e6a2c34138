package dev.itsm.bpmn.change;

import static dev.itsm.bpmn.change.ChangeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeReport;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask.Outcome;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Incidents caused by changes are linked, and the success and change-caused incident rates are reported. */
class ChangeReportTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).changes(SETTINGS));

  private static ChangeService changes() {
    return itsm.engine().changes();
  }

  /** A change by alice implemented by carl, approved by paul, run now; its one task ends as given. */
  private static ChangeRequest implemented(String title, Outcome outcome) {
    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), title).build());
    TicketRef ref = TicketRef.of(change.id());
    changes().approve(PAUL, ref, null);
    itsm.clock().set(change.plannedStart());
    changes().startImplementation(CARL, ref);
    changes().recordTask(CARL, ref, 0, outcome, outcome == Outcome.FAILED ? "broke" : null);
    if (outcome == Outcome.FAILED) {
      changes().completeBackout(CARL, ref, "restored");
    }
    return change;
  }

  private static IncidentTicket incident(String title) {
    return itsm.engine().incidents().open(Actor.caller("bob"), NewIncident.builder(title).category("network")
        .impact(Impact.MEDIUM).urgency(Urgency.MEDIUM).build());
  }

  @Test
  void successAndChangeCausedIncidentRatesCountTheChangesClosedInThePeriod() {
    Instant from = itsm.clock().instant();
    ChangeRequest ok = implemented("Good change", Outcome.SUCCEEDED);
    changes().close(CORA, TicketRef.of(ok.id()), CloseCode.SUCCESSFUL, null);
    ChangeRequest bumpy = implemented("Bumpy change", Outcome.SUCCEEDED);
    IncidentTicket slow = incident("Slow after the change");
    IncidentTicket down = incident("Down after the change");
    changes().linkCausedIncident(ALICE, bumpy.id(), slow.id());
    changes().linkCausedIncident(ALICE, bumpy.id(), down.id());
    changes().close(CORA, TicketRef.of(bumpy.id()), CloseCode.SUCCESSFUL_WITH_ISSUES, "Two incidents");
    ChangeRequest bad = implemented("Bad change", Outcome.FAILED);
    changes().close(CORA, TicketRef.of(bad.id()), CloseCode.BACKED_OUT, "Rolled back");
    ChangeRequest rejected = changes().submit(ALICE, normal(itsm.clock().instant(), "Rejected change").build());
    changes().reject(PAUL, TicketRef.of(rejected.id()), "No");
    ChangeRequest open = implemented("Still in review", Outcome.SUCCEEDED);

    assertThat(changes().causedIncidents(CORA, bumpy.id())).containsExactly(slow.id(), down.id());
    // only the incidents the actor may read: none for a configuration manager (no INCIDENT_READ) or an
    // agent of a group that does not see them, though both read the change
    Actor conny = Actor.builder("conny").roles(Roles.CONFIGURATION_MANAGER).build();
    Actor ivy = Actor.agent("ivy", "identity");
    assertThat(changes().get(conny, bumpy.id()).id()).isEqualTo(bumpy.id());
    assertThat(changes().get(ivy, bumpy.id()).id()).isEqualTo(bumpy.id());
    assertThat(changes().causedIncidents(conny, bumpy.id())).isEmpty();
    assertThat(changes().causedIncidents(ivy, bumpy.id())).isEmpty();
    assertThat(itsm.engine().audit().trail(Actor.manager("mona"), slow.id())).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo("causedByChange");
      assertThat(e.newValue()).isEqualTo(bumpy.number());
    });

    ChangeReport report = changes().report(CORA, from, itsm.clock().instant().plusSeconds(1));
    assertThat(report.implemented()).isEqualTo(3);
    assertThat(report.successful()).isEqualTo(1);
    assertThat(report.successfulWithIssues()).isEqualTo(1);
    assertThat(report.backedOut()).isEqualTo(1);
    assertThat(report.failed()).isZero();
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.causingIncidents()).isEqualTo(1);
    assertThat(report.causedIncidents()).isEqualTo(2);
    assertThat(report.successRate()).isEqualTo(2.0 / 3);
    assertThat(report.incidentRate()).isEqualTo(1.0 / 3);
    assertThat(changes().report(CORA, from.minus(Duration.ofDays(30)), from).implemented()).isZero();
    assertThat(open.id()).isNotNull();
  }

  @Test
  void onlyImplementedChangesCauseIncidentsAndALinkIsMadeOnce() {
    ChangeRequest waiting = changes().submit(ALICE, normal(itsm.clock().instant(), "Not yet").build());
    IncidentTicket inc = incident("Unrelated outage");
    assertThatThrownBy(() -> changes().linkCausedIncident(ALICE, waiting.id(), inc.id()))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("never implemented");
    ChangeRequest done = implemented("Done", Outcome.SUCCEEDED);
    changes().linkCausedIncident(ALICE, done.id(), inc.id());
    assertThatThrownBy(() -> changes().linkCausedIncident(ALICE, done.id(), inc.id()))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("linked already");
    assertThatThrownBy(() -> changes().linkCausedIncident(ALICE, done.id(), done.id()))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("no incident");
    assertThatThrownBy(() -> changes().linkCausedIncident(Actor.caller("bob"), done.id(), inc.id()))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> changes().report(DORA, itsm.clock().instant(), itsm.clock().instant().plusSeconds(1)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(changes().causedIncidents(CORA, done.id())).containsExactly(inc.id());
  }
}
