package dev.itsm.bpmn.incident;

import static dev.itsm.api.process.IncidentProcess.*;
import static dev.itsm.bpmn.support.Fixtures.*;
import static dev.itsm.testkit.ItsmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.itsm.api.Priority;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.spi.Notification;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SLA clocks drive engine timer jobs, one per running clock at its next threshold: due dates after
 * every change, firing through job execution; and the model's own timers (acceptance, auto-close).
 */
class SlaTimerTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private Map<String, Instant> timers(IncidentTicket inc) {
    return itsm.timers(inc.processInstanceId());
  }

  private SlaStatus sla(IncidentTicket inc, SlaKind kind) {
    return itsm.engine().sla().status(AGENT, inc.id(), kind);
  }

  @Test
  void openingArmsResponseAndResolutionTimersAtTheirWarningPointsFromTheP1Targets() {
    IncidentTicket inc = openP1(incidents());
    Instant t0 = inc.openedAt();
    assertThat(timers(inc)).containsOnly(
        entry(RESPONSE, t0.plus(Duration.ofSeconds(675))),
        entry(RESOLUTION, t0.plus(Duration.ofHours(3))));
    assertThat(inc.nextSlaDue()).isEqualTo(t0.plus(Duration.ofMinutes(15)));
    assertThat(sla(inc, SlaKind.RESPONSE)).hasState(SlaState.RUNNING).hasTarget(Duration.ofMinutes(15))
        .hasDeadline(t0.plus(Duration.ofMinutes(15))).hasElapsed(Duration.ZERO);
  }

  @Test
  void assigningArmsTheAcceptanceTimeoutAndReassigningRestartsIt() {
    IncidentTicket inc = openP1(incidents());
    itsm.clock().advance(Duration.ofMinutes(1));
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    Instant assigned = itsm.clock().instant();
    assertThat(timers(inc)).containsEntry(TIMER_ACCEPTANCE, assigned.plus(Duration.ofMinutes(4)));

    itsm.clock().advance(Duration.ofMinutes(2));
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("carl"));
    assertThat(timers(inc)).containsEntry(TIMER_ACCEPTANCE, itsm.clock().instant().plus(Duration.ofMinutes(4)));

    inc = incidents().acknowledge(OTHER_AGENT, inc.ref());
    assertThat(timers(inc)).doesNotContainKeys(TIMER_ACCEPTANCE, RESPONSE);
    assertThat(sla(inc, SlaKind.RESPONSE)).hasState(SlaState.MET).hasElapsed(Duration.ofMinutes(3));
  }

  @Test
  void holdPausesTheResolutionClockAndResumeMovesItsDeadlineByExactlyThePausedTime() {
    IncidentTicket inc = acknowledgedP1();
    Instant t0 = inc.openedAt();
    inc = incidents().startWork(AGENT, inc.ref());
    itsm.clock().advance(Duration.ofMinutes(30));
    inc = incidents().hold(AGENT, inc.ref(), HoldReason.AWAITING_VENDOR, "RMA opened");
    assertThat(timers(inc)).isEmpty();
    assertThat(inc.nextSlaDue()).isNull();
    assertThat(sla(inc, SlaKind.RESOLUTION)).hasState(SlaState.PAUSED).hasDeadline(null).hasElapsed(Duration.ofMinutes(30));

    itsm.clock().advance(Duration.ofMinutes(45));
    assertThat(sla(inc, SlaKind.RESOLUTION)).hasElapsed(Duration.ofMinutes(30)).hasPausedTotal(Duration.ofMinutes(45));
    inc = incidents().resume(AGENT, inc.ref());
    assertThat(timers(inc)).containsOnly(entry(RESOLUTION, t0.plus(Duration.ofMinutes(3 * 60 + 45))));
    assertThat(inc.nextSlaDue()).isEqualTo(t0.plus(Duration.ofMinutes(4 * 60 + 45)));
    assertThat(sla(inc, SlaKind.RESOLUTION)).hasState(SlaState.RUNNING).hasPausedTotal(Duration.ofMinutes(45))
        .hasElapsed(Duration.ofMinutes(30)).hasRemaining(Duration.ofMinutes(210));
  }

  @Test
  void aPriorityChangeMovesEveryArmedTimerToTheNewTargets() {
    IncidentTicket inc = open(incidents(), Impact.MEDIUM, Urgency.MEDIUM);
    Instant t0 = inc.openedAt();
    assertThat(inc).hasPriority(Priority.P3);
    assertThat(timers(inc)).containsEntry(RESPONSE, t0.plus(Duration.ofMinutes(90)))
        .containsEntry(RESOLUTION, t0.plus(Duration.ofHours(18)));
    itsm.clock().advance(Duration.ofMinutes(2));
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    Instant assigned = itsm.clock().instant();
    assertThat(timers(inc)).containsEntry(TIMER_ACCEPTANCE, assigned.plus(Duration.ofMinutes(30)));

    inc = incidents().reclassify(MANAGER, inc.ref(), Impact.HIGH, Urgency.HIGH);
    assertThat(inc).hasPriority(Priority.P1);
    assertThat(timers(inc)).containsOnly(
        entry(TIMER_ACCEPTANCE, assigned.plus(Duration.ofMinutes(4))),
        entry(RESPONSE, t0.plus(Duration.ofSeconds(675))),
        entry(RESOLUTION, t0.plus(Duration.ofHours(3))));
    assertThat(sla(inc, SlaKind.RESOLUTION)).hasTarget(Duration.ofHours(4));
  }

  @Test
  void warningAndBreachFireThroughJobExecutionAndNotify() {
    IncidentTicket inc = acknowledgedP1();
    Instant t0 = inc.openedAt();
    itsm.clock().set(t0.plus(Duration.ofHours(3)));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);
    assertThat(sla(inc, SlaKind.RESOLUTION)).isWarned().isNotBreached().hasState(SlaState.RUNNING);
    assertThat(itsm.events(inc.id())).extracting(DomainEvent::type).contains(EventTypes.SLA_WARNING)
        .doesNotContain(EventTypes.SLA_BREACHED);
    assertThat(itsm.notifications().forTicket(inc.id())).filteredOn(n -> n.type().equals(EventTypes.SLA_WARNING))
        .singleElement().extracting(Notification::recipients).isEqualTo(List.of("alice"));
    assertThat(timers(inc)).containsOnly(entry(RESOLUTION, t0.plus(Duration.ofHours(4))));

    itsm.clock().set(t0.plus(Duration.ofHours(4)));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);
    SlaStatus resolution = sla(inc, SlaKind.RESOLUTION);
    assertThat(resolution).isBreached().hasState(SlaState.BREACHED).hasRemaining(Duration.ZERO);
    assertThat(resolution.breachedAt()).isEqualTo(t0.plus(Duration.ofHours(4)));
    assertThat(itsm.notifications().forTicket(inc.id())).filteredOn(n -> n.type().equals(EventTypes.SLA_BREACHED))
        .extracting(Notification::recipients).containsExactly(List.of("alice"), List.of("mona", "mike"));
    assertThat(incidents().query(MANAGER, IncidentQuery.builder().slaBreached().build()).items())
        .extracting(IncidentTicket::id).contains(inc.id());
    // the work was not interrupted
    assertThat(itsm.engine().processEngine().getTaskService().createTaskQuery()
        .processInstanceId(inc.processInstanceId()).taskDefinitionKey(TASK_WORK).count()).isEqualTo(1);
    assertThat(timers(inc)).isEmpty();
  }

  @Test
  void resolveStopsTheClockAndReopenRunsItOnWithoutTheResolvedTime() {
    IncidentTicket inc = acknowledgedP1();
    Instant t0 = inc.openedAt();
    itsm.clock().advance(Duration.ofHours(1));
    inc = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "done"));
    assertThat(sla(inc, SlaKind.RESOLUTION)).hasState(SlaState.MET).hasElapsed(Duration.ofHours(1)).hasDeadline(null);
    assertThat(timers(inc)).containsOnlyKeys(TIMER_AUTO_CLOSE);
    assertThat(inc.nextSlaDue()).isNull();

    itsm.clock().advance(Duration.ofHours(2));
    inc = incidents().reopen(CALLER, inc.ref(), "It broke again");
    assertThat(sla(inc, SlaKind.RESOLUTION)).hasState(SlaState.RUNNING).hasElapsed(Duration.ofHours(1))
        .hasPausedTotal(Duration.ofHours(2)).hasDeadline(t0.plus(Duration.ofHours(6)));
    assertThat(timers(inc)).containsOnly(entry(RESOLUTION, t0.plus(Duration.ofHours(5))));
  }

  @Test
  void aLateAcknowledgementRecordsTheMissedResponseTargetWithoutWaitingForTheTimer() {
    IncidentTicket inc = openP1(incidents());
    Instant t0 = inc.openedAt();
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    itsm.clock().set(t0.plus(Duration.ofMinutes(20)));
    inc = incidents().acknowledge(AGENT, inc.ref());
    SlaStatus response = sla(inc, SlaKind.RESPONSE);
    assertThat(response).hasState(SlaState.BREACHED).isWarned().isBreached();
    assertThat(response.breachedAt()).isEqualTo(t0.plus(Duration.ofMinutes(15)));
    assertThat(response.warnedAt()).isEqualTo(t0.plus(Duration.ofSeconds(675)));
    assertThat(itsm.events(inc.id())).filteredOn(e -> e.type().equals(EventTypes.SLA_BREACHED))
        .singleElement().satisfies(e -> assertThat(e.data()).containsEntry("late", true).containsEntry("kind", "RESPONSE"));
  }

  @Test
  void atRiskQueryFindsClocksPastTheirWarningPoint() {
    IncidentTicket inc = acknowledgedP1();
    IncidentTicket calm = open(incidents(), Impact.LOW, Urgency.LOW);
    itsm.clock().set(inc.openedAt().plus(Duration.ofHours(3).plusMinutes(1)));
    List<IncidentTicket> atRisk = incidents().query(MANAGER, IncidentQuery.builder().slaAtRisk().page(0, 1000).build()).items();
    assertThat(atRisk).extracting(IncidentTicket::id).contains(inc.id()).doesNotContain(calm.id());
  }

  @Test
  void acceptanceTimeoutEscalatesToTheGroupsTwoManagers() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    itsm.clock().advance(Duration.ofMinutes(4));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);
    assertThat(itsm.notifications().forTicket(inc.id()))
        .filteredOn(n -> n.type().equals(EventTypes.INCIDENT_ACCEPTANCE_OVERDUE))
        .singleElement().extracting(Notification::recipients).isEqualTo(List.of("mona", "mike"));
    assertThat(incidents().get(AGENT, inc.id())).hasState(IncidentState.ASSIGNED);
    // acknowledging still works after the escalation
    inc = incidents().acknowledge(AGENT, incidents().get(AGENT, inc.id()).ref());
    assertThat(inc).hasState(IncidentState.ACKNOWLEDGED);
  }

  @Test
  void anIncidentAcknowledgedInTimeIsNotEscalated() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    itsm.clock().advance(Duration.ofMinutes(3));
    inc = incidents().acknowledge(AGENT, inc.ref());
    itsm.clock().advance(Duration.ofMinutes(5));
    itsm.fireDueTimers(inc.processInstanceId());
    assertThat(itsm.events(inc.id())).extracting(DomainEvent::type).doesNotContain(EventTypes.INCIDENT_ACCEPTANCE_OVERDUE);
  }

  @Test
  void resolvedIncidentsCloseThemselvesAfterTheAutoClosePeriod() {
    IncidentTicket inc = acknowledgedP1();
    inc = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "done"));
    itsm.clock().advance(Duration.ofDays(5));
    itsm.fireDueTimers(inc.processInstanceId());
    IncidentTicket closed = incidents().get(AGENT, inc.id());
    assertThat(closed).hasState(IncidentState.CLOSED);
    assertThat(itsm.engine().audit().trail(MANAGER, inc.id())).filteredOn(e -> "CLOSED".equals(e.newValue()))
        .singleElement().extracting(e -> e.actorId()).isEqualTo("system");
    assertThat(itsm.events(inc.id())).filteredOn(e -> e.type().equals(EventTypes.INCIDENT_CLOSED))
        .singleElement().satisfies(e -> assertThat(e.data()).containsEntry("automatic", true));
  }

  private static final String RESPONSE = "sla:RESPONSE";
  private static final String RESOLUTION = "sla:RESOLUTION";

  private IncidentTicket acknowledgedP1() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    return incidents().acknowledge(AGENT, inc.ref());
  }
}
