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
 * After downtime every SLA timer of an incident is overdue at once. Each clock's job records its
 * thresholds in order, the warning before the breach, each exactly once; nothing is lost, and a job
 * that runs again repeats nothing.
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

    // one job per clock (and the acceptance timeout): each records its thresholds in order
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(3);

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
  void aRetriedThresholdJobFindsItsThresholdsRecordedAndNotifiesNobodyTwice() {
    IncidentTicket inc = openP1(itsm.engine().incidents());
    Instant t0 = inc.openedAt();
    itsm.clock().set(t0.plus(Duration.ofMinutes(30)));
    ManagementService management = itsm.engine().processEngine().getManagementService();
    Job response = slaJob(inc, "RESPONSE");
    management.executeJob(response.getId());
    SlaStatus after = itsm.engine().sla().status(MANAGER, inc.id(), SlaKind.RESPONSE);
    assertThat(after.warnedAt()).isEqualTo(t0.plus(Duration.ofSeconds(675)));
    assertThat(after.breachedAt()).isEqualTo(t0.plus(Duration.ofMinutes(15)));
    assertWarningBeforeBreach(inc, SlaKind.RESPONSE);
    itsm.awaitDeliveries();
    long sent = itsm.notifications().forTicket(inc.id()).size();

    // the same job again, as when it outlived its lock and a second node ran it too: nothing new
    String config = ((org.operaton.bpm.engine.impl.persistence.entity.JobEntity) response).getJobHandlerConfigurationRaw();
    var cfg = (org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
        itsm.engine().processEngine().getProcessEngineConfiguration();
    String again = cfg.getCommandExecutorTxRequired().execute(context -> {
      var timer = new org.operaton.bpm.engine.impl.persistence.entity.TimerEntity();
      timer.setJobHandlerType(dev.itsm.internal.sla.SlaTimers.JOB_TYPE);
      timer.setJobHandlerConfigurationRaw(config);
      timer.setDuedate(java.util.Date.from(t0));
      timer.setProcessInstanceId(inc.processInstanceId());
      context.getJobManager().insertJob(timer);
      return timer.getId();
    });
    management.executeJob(again);
    assertThat(itsm.engine().sla().status(MANAGER, inc.id(), SlaKind.RESPONSE)).isEqualTo(after);
    assertWarningBeforeBreach(inc, SlaKind.RESPONSE);
    itsm.awaitDeliveries();
    assertThat(itsm.notifications().forTicket(inc.id())).hasSize((int) sent);
    assertThat(slaJobs(inc)).hasSize(1);   // the resolution clock's; the response clock has nothing pending
  }

  private java.util.List<Job> slaJobs(IncidentTicket inc) {
    return itsm.engine().processEngine().getManagementService().createJobQuery().processInstanceId(inc.processInstanceId())
        .timers().list().stream().filter(j -> j.getJobDefinitionId() == null).toList();
  }

  private Job slaJob(IncidentTicket inc, String clock) {
    String key = "sla:" + clock;
    Instant due = itsm.timers(inc.processInstanceId()).get(key);
    return slaJobs(inc).stream().filter(j -> j.getDuedate().toInstant().equals(due)).findFirst().orElseThrow();
  }

  private void assertWarningBeforeBreach(IncidentTicket inc, SlaKind kind) {
    List<String> fields = itsm.engine().audit().trail(MANAGER, inc.id()).stream()
        .filter(e -> e.action().equals("sla-warning") || e.action().equals("sla-breach")).map(AuditEntry::field)
        .filter(f -> f.startsWith("sla." + kind + ".")).toList();
    assertThat(fields).containsExactly("sla." + kind + ".75%", "sla." + kind + ".breachedAt");
  }
}
