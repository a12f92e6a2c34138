package dev.itsm.bpmn.incident;

import static dev.itsm.api.process.IncidentProcess.*;
import static dev.itsm.bpmn.support.Fixtures.*;
import static dev.itsm.testkit.ItsmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.AuditEntry;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.operaton.bpm.engine.ManagementService;
import org.operaton.bpm.engine.runtime.Job;

/**
 * After downtime every SLA timer of an incident is overdue at once. Whatever order the jobs run in,
 * each clock ends with its warning recorded before its breach, each exactly once, and nothing lost.
 */
class DowntimeCatchUpTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  @Test
  void overdueTimersCatchUpWithTheWarningRecordedBeforeTheBreach() {
    IncidentTicket inc = openP1(itsm.engine().incidents());
    Instant t0 = inc.openedAt();
    inc = itsm.engine().incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    itsm.clock().set(t0.plus(Duration.ofHours(5)));  // the engine was down for five hours

    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(5);

    for (SlaKind kind : SlaKind.values()) {
      SlaStatus status = itsm.engine().sla().status(MANAGER, inc.id(), kind);
      assertThat(status).hasState(SlaState.BREACHED).isWarned().isBreached();
    }
    assertThat(itsm.engine().sla().status(MANAGER, inc.id(), SlaKind.RESOLUTION).breachedAt())
        .isEqualTo(t0.plus(Duration.ofHours(4)));
    assertWarningBeforeBreach(inc, SlaKind.RESPONSE);
    assertWarningBeforeBreach(inc, SlaKind.RESOLUTION);
    assertThat(itsm.events(inc.id())).extracting(DomainEvent::type)
        .contains(EventTypes.INCIDENT_ACCEPTANCE_OVERDUE)
        .filteredOn(EventTypes.SLA_BREACHED::equals).hasSize(2);
  }

  @Test
  void aBreachThatRunsBeforeItsWarningRecordsTheLateWarningFirstAndTheWarningJobThenDoesNothing() {
    IncidentTicket inc = openP1(itsm.engine().incidents());
    Instant t0 = inc.openedAt();
    itsm.clock().set(t0.plus(Duration.ofMinutes(30)));
    ManagementService management = itsm.engine().processEngine().getManagementService();

    management.executeJob(timerJob(inc, TIMER_RESPONSE_BREACH).getId());
    SlaStatus afterBreach = itsm.engine().sla().status(MANAGER, inc.id(), SlaKind.RESPONSE);
    assertThat(afterBreach).isWarned().isBreached();
    assertThat(afterBreach.warnedAt()).isEqualTo(t0.plus(Duration.ofSeconds(675)));
    assertThat(afterBreach.breachedAt()).isEqualTo(t0.plus(Duration.ofMinutes(15)));

    management.executeJob(timerJob(inc, TIMER_RESPONSE_WARNING).getId());
    assertThat(itsm.engine().sla().status(MANAGER, inc.id(), SlaKind.RESPONSE)).isEqualTo(afterBreach);
    assertWarningBeforeBreach(inc, SlaKind.RESPONSE);
    List<DomainEvent> warnings = itsm.events(inc.id()).stream()
        .filter(e -> e.type().equals(EventTypes.SLA_WARNING) && "RESPONSE".equals(e.data().get("kind"))).toList();
    assertThat(warnings).singleElement().satisfies(e -> assertThat(e.data()).containsEntry("late", true));
    // a late warning is recorded, but only the breach is sent to people
    assertThat(itsm.notifications().forTicket(inc.id())).extracting(n -> n.type())
        .contains(EventTypes.SLA_BREACHED).doesNotContain(EventTypes.SLA_WARNING);
  }

  private Job timerJob(IncidentTicket inc, String timerId) {
    ManagementService management = itsm.engine().processEngine().getManagementService();
    String definition = management.createJobDefinitionQuery().activityIdIn(timerId)
        .processDefinitionKey(PROCESS_KEY).list().stream()
        .filter(d -> management.createJobQuery().jobDefinitionId(d.getId()).processInstanceId(inc.processInstanceId()).count() > 0)
        .findFirst().orElseThrow().getId();
    return management.createJobQuery().jobDefinitionId(definition).processInstanceId(inc.processInstanceId()).singleResult();
  }

  private void assertWarningBeforeBreach(IncidentTicket inc, SlaKind kind) {
    List<String> fields = itsm.engine().audit().trail(MANAGER, inc.id()).stream().map(AuditEntry::field)
        .filter(f -> f != null && f.startsWith("sla." + kind + ".")).toList();
    assertThat(fields).containsExactly("sla." + kind + ".warnedAt", "sla." + kind + ".breachedAt");
  }
}
