package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static dev.itsm.testkit.ItsmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SLA clock state lives in its own rows: a timer firing through job execution never changes the
 * ticket row, so the version an agent read before it fired is still good.
 */
class TimerKeepsVersionTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  @Test
  void anAgentsRefReadBeforeTheResponseWarningStillWorksAfterIt() {
    // given
    IncidentTicket inc = openP1(incidents());
    TicketRef readBefore = inc.ref();

    // when
    itsm.clock().set(inc.openedAt().plus(Duration.ofSeconds(675)));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);
    assertThat(itsm.engine().sla().status(AGENT, inc.id(), SlaKind.RESPONSE)).isWarned();

    // then
    IncidentTicket assigned = incidents().assign(MANAGER, readBefore, Assignment.toAgent("alice"));
    assertThat(assigned).hasState(IncidentState.ASSIGNED).hasVersion(inc.version() + 1);
  }

  @Test
  void anAgentsRefReadBeforeTheResolutionWarningStillWorksAfterIt() {
    // given
    IncidentTicket inc = acknowledgedP1();
    TicketRef readBefore = inc.ref();

    // when
    itsm.clock().set(inc.openedAt().plus(Duration.ofHours(3)));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);
    assertThat(itsm.events(inc.id())).anyMatch(e -> e.type().equals(EventTypes.SLA_WARNING));
    assertThat(incidents().get(AGENT, inc.id())).hasVersion(inc.version());

    // then
    IncidentTicket working = incidents().startWork(AGENT, readBefore);
    assertThat(working).hasState(IncidentState.IN_PROGRESS).hasVersion(inc.version() + 1);
  }

  @Test
  void anAgentsRefReadBeforeTheAcceptanceTimerStillWorksAfterIt() {
    // given
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    TicketRef readBefore = inc.ref();

    // when
    itsm.clock().advance(Duration.ofMinutes(4));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);
    assertThat(itsm.events(inc.id())).anyMatch(e -> e.type().equals(EventTypes.INCIDENT_ACCEPTANCE_OVERDUE));

    // then
    IncidentTicket acknowledged = incidents().acknowledge(AGENT, readBefore);
    assertThat(acknowledged).hasState(IncidentState.ACKNOWLEDGED).hasVersion(inc.version() + 1);
  }

  @Test
  void anAgentsRefReadBeforeWarningAndBreachStillWorksAfterBoth() {
    // given
    IncidentTicket inc = acknowledgedP1();
    TicketRef readBefore = inc.ref();

    // when
    itsm.clock().set(inc.openedAt().plus(Duration.ofHours(4)));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);   // the resolution clock's job records warning and breach in order
    assertThat(itsm.engine().sla().status(AGENT, inc.id(), SlaKind.RESOLUTION)).isWarned().isBreached();

    // then
    IncidentTicket working = incidents().startWork(AGENT, readBefore);
    assertThat(working).hasState(IncidentState.IN_PROGRESS).hasVersion(inc.version() + 1);
  }

  @Test
  void aRealChangeStillInvalidatesTheRef() {
    // given: the check above would pass vacuously if versions were not checked at all
    IncidentTicket inc = openP1(incidents());
    TicketRef readBefore = inc.ref();
    incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));

    // when / then
    assertThatThrownBy(() -> incidents().assign(MANAGER, readBefore, Assignment.toAgent("carl")))
        .isInstanceOf(ConcurrentUpdateException.class);
  }

  private IncidentTicket acknowledgedP1() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    return incidents().acknowledge(AGENT, inc.ref());
  }
}
