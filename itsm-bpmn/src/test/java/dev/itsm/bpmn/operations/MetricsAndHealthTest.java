package dev.itsm.bpmn.operations;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.Health;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Resolution;
import dev.itsm.testkit.ItsmExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an operator's dashboard and health endpoint see: the engine's meters and its health. */
class MetricsAndHealthTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).meterRegistry(meters));

  private double counter(String name, String... tags) {
    var counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  @Test
  void ticketsSlaThresholdsOutboxAndImpactAnalysesAreCounted() {
    IncidentTicket breached = openP1(itsm.engine().incidents());
    IncidentTicket resolved = openP1(itsm.engine().incidents());
    resolved = itsm.engine().incidents().assign(MANAGER, resolved.ref(), Assignment.toAgent("alice"));
    resolved = itsm.engine().incidents().acknowledge(AGENT, resolved.ref());
    itsm.engine().incidents().resolve(AGENT, resolved.ref(), Resolution.of("FIXED", "done"));
    itsm.clock().advance(Duration.ofMinutes(16));
    // the first ticket's response clock (the second has none left) and the outbox job, due every 10 s
    assertThat(gauge("itsm.jobs.due")).isEqualTo(2);
    itsm.fireDueTimers(breached.processInstanceId());
    itsm.awaitDeliveries();

    assertThat(counter("itsm.tickets.opened", "type", "incident")).isEqualTo(2);
    assertThat(counter("itsm.tickets.resolved", "type", "incident")).isEqualTo(1);
    assertThat(counter("itsm.sla.warnings", "agreement", "SLA", "clock", "RESPONSE")).isEqualTo(1);
    assertThat(counter("itsm.sla.breaches", "agreement", "SLA", "clock", "RESPONSE")).isEqualTo(1);
    assertThat(gauge("itsm.outbox.dead")).isZero();

    Actor cm = Actor.configurationManager("cora");
    Ci db = itsm.engine().cmdb().create(cm, NewCi.of("Database", "orders-db", Map.of()));
    itsm.engine().cmdb().impact(cm, ImpactQuery.downstream(db.id()));
    itsm.engine().cmdb().impact(cm, ImpactQuery.downstream(db.id()));
    double cache = meters.get("itsm.cmdb.impact.analyses").tag("source", "cache").functionCounter().count();
    double database = meters.get("itsm.cmdb.impact.analyses").tag("source", "database").functionCounter().count();
    assertThat(cache + database).isEqualTo(2);
    assertThat(cache).isGreaterThanOrEqualTo(1);   // the second analysis walks the graph the first one loaded
  }

  @Test
  void healthIsUpWithTheDatabaseAndDegradedWhileDueJobsWaitForAnExecutorThatIsOff() {
    Health health = itsm.engine().health();
    assertThat(health.status()).isEqualTo(Health.Status.UP);
    assertThat(health.checks()).containsKeys("database", "jobExecutor", "outbox");
    assertThat(health.checks().get("database")).containsEntry("status", "UP");
    assertThat(health.checks().get("jobExecutor")).containsEntry("active", false).containsEntry("dueJobs", 0L);

    openP1(itsm.engine().incidents());
    itsm.clock().advance(Duration.ofHours(1));   // thresholds due; the test kit runs no job executor
    Health late = itsm.engine().health();
    assertThat(late.status()).isEqualTo(Health.Status.DEGRADED);
    assertThat((Long) late.checks().get("jobExecutor").get("dueJobs")).isPositive();
  }

  @Test
  void healthIsDegradedWhileAJobHasNoRetriesLeft() {
    // given an incident whose SLA threshold timer failed its retries (as after three failures)
    IncidentTicket inc = openP1(itsm.engine().incidents());
    var management = itsm.engine().processEngine().getManagementService();
    var job = management.createJobQuery().processInstanceId(inc.processInstanceId()).timers().list().get(0);
    management.setJobRetries(job.getId(), 0);

    // then health says so
    Health failed = itsm.engine().health();
    assertThat(failed.status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(failed.checks().get("jobExecutor")).containsEntry("failedJobs", 1L);

    // and once an operator gave the job its retries back, it is no longer counted
    management.setJobRetries(job.getId(), 3);
    assertThat(itsm.engine().health().checks().get("jobExecutor")).containsEntry("failedJobs", 0L);
  }
}
