package dev.itsm.bpmn.operations;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.NotFoundException;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Resolution;
import dev.itsm.spi.TicketArchiver;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Closed tickets leave the database after the retention, archived first; open ones stay. */
class RetentionTest {
  private final List<TicketArchiver.ArchivedTicket> archived = new CopyOnWriteArrayList<>();
  private final AtomicBoolean archiveFails = new AtomicBoolean();

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).retention(Duration.ofDays(30))
      .plugin(context -> context.ticketArchiver(ticket -> {
        if (archiveFails.get()) {
          throw new java.io.IOException("archive store full");
        }
        archived.add(ticket);
      })));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private IncidentTicket closed() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());
    inc = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "done"));
    return incidents().close(CALLER, inc.ref());
  }

  private long rows(String sql, Object id) throws Exception {
    try (Connection c = itsm.database().connect()) {
      return count(c, sql, id);
    }
  }

  @Test
  void closedAndCancelledTicketsPastTheRetentionAreArchivedThenDeletedWithEverythingOfTheirs() throws Exception {
    IncidentTicket closed = closed();
    IncidentTicket cancelled = incidents().cancel(CALLER, openP1(incidents()).ref(), "duplicate");
    IncidentTicket open = openP1(incidents());
    itsm.clock().advance(Duration.ofDays(29));
    assertThat(itsm.engine().cleanUp()).isZero();   // not old enough

    itsm.clock().advance(Duration.ofDays(2));
    archiveFails.set(true);
    assertThatThrownBy(() -> itsm.engine().cleanUp()).hasMessageContaining("archive store full");
    assertThat(incidents().get(MANAGER, closed.id()).number()).isEqualTo(closed.number());   // nothing lost

    archiveFails.set(false);
    assertThat(itsm.engine().cleanUp()).isEqualTo(2);
    assertThat(archived).extracting(TicketArchiver.ArchivedTicket::number)
        .containsExactlyInAnyOrder(closed.number(), cancelled.number());
    TicketArchiver.ArchivedTicket doc = archived.stream().filter(a -> a.id().equals(closed.id())).findFirst().orElseThrow();
    assertThat(doc.ticketType()).isEqualTo("INCIDENT");
    assertThat(doc.closedAt()).isNotNull();
    assertThat(doc.json()).contains("\"itsm_audit\"", "\"itsm_sla_event\"", "\"itsm_incident\"", closed.number());
    for (String table : List.of("itsm_ticket WHERE id", "itsm_audit WHERE ticket_id", "itsm_sla_clock WHERE ticket_id",
        "itsm_sla_event WHERE ticket_id", "itsm_outbox WHERE ticket_id", "itsm_incident WHERE ticket_id")) {
      assertThat(rows("SELECT COUNT(*) FROM " + table + " = ?", closed.id())).as(table).isZero();
    }
    assertThatThrownBy(() -> incidents().get(MANAGER, closed.id())).isInstanceOf(NotFoundException.class);
    assertThat(incidents().get(MANAGER, open.id()).state()).isEqualTo(open.state());
  }

  @Test
  void closedAndRejectedChangesAreDeletedWithTheirTasksVotesAndLinks() throws Exception {
    var changes = itsm.engine().changes();
    dev.itsm.api.Actor paul = dev.itsm.api.Actor.agent("paul", "network-ops");
    dev.itsm.api.Actor cora = dev.itsm.api.Actor.changeManager("cora");
    java.time.Instant start = itsm.clock().instant().plus(Duration.ofHours(1));
    var done = changes.submit(AGENT, dev.itsm.api.change.NewChange.normal("Swap a line card").group("network-ops")
        .implementer("carl").window(start, start.plus(Duration.ofHours(1))).backoutPlan("swap back").build());
    var ref = dev.itsm.api.TicketRef.of(done.id());
    changes.approve(paul, ref, null);
    itsm.clock().set(start);
    changes.startImplementation(OTHER_AGENT, ref);
    changes.recordTask(OTHER_AGENT, ref, 0, dev.itsm.api.change.ImplementationTask.Outcome.SUCCEEDED, null);
    IncidentTicket caused = openP1(incidents());
    changes.linkCausedIncident(AGENT, done.id(), caused.id());
    changes.close(cora, ref, dev.itsm.api.change.CloseCode.SUCCESSFUL_WITH_ISSUES, "one incident");
    var rejected = changes.submit(AGENT, dev.itsm.api.change.NewChange.normal("Risky").group("network-ops")
        .implementer("carl").window(start.plus(Duration.ofDays(1)), start.plus(Duration.ofDays(1)).plusSeconds(60))
        .backoutPlan("none really").build());
    changes.reject(paul, dev.itsm.api.TicketRef.of(rejected.id()), "no");

    itsm.clock().advance(Duration.ofDays(31));
    assertThat(itsm.engine().cleanUp()).isEqualTo(2);
    assertThat(archived).extracting(TicketArchiver.ArchivedTicket::number)
        .containsExactlyInAnyOrder(done.number(), rejected.number());
    assertThat(archived.stream().filter(a -> a.id().equals(done.id())).findFirst().orElseThrow().json())
        .contains("\"itsm_change\"", "\"itsm_change_task\"", "\"itsm_change_approval\"", "\"itsm_ticket_link\"");
    for (String table : List.of("itsm_ticket WHERE id", "itsm_change WHERE ticket_id", "itsm_change_task WHERE ticket_id",
        "itsm_change_approval WHERE ticket_id", "itsm_ticket_link WHERE to_id")) {
      assertThat(rows("SELECT COUNT(*) FROM " + table + " = ?", done.id())).as(table).isZero();
    }
    // the open incident it caused stays
    assertThat(incidents().get(MANAGER, caused.id()).state()).isEqualTo(caused.state());
  }

  @Test
  void rolledBackReleasesAreDeletedWithTheirEnvironmentsResultsAndLinksButTheirChangesStay() throws Exception {
    var engine = itsm.engine();
    var changes = engine.changes();
    var releases = engine.releases();
    dev.itsm.api.Actor rita = dev.itsm.api.Actor.builder("rita").roles(dev.itsm.api.Roles.RELEASE_MANAGER).build();
    dev.itsm.api.Actor cora = dev.itsm.api.Actor.changeManager("cora");
    Instant start = itsm.clock().instant().plus(Duration.ofHours(1));
    var change = changes.submit(AGENT, dev.itsm.api.change.NewChange.normal("Ship 2.0").group("network-ops")
        .implementer("carl").window(start, start.plus(Duration.ofHours(1))).backoutPlan("redeploy 1.0").build());
    changes.approve(dev.itsm.api.Actor.agent("paul", "network-ops"), dev.itsm.api.TicketRef.of(change.id()), null);
    var app = engine.cmdb().create(dev.itsm.api.Actor.system(), dev.itsm.api.cmdb.NewCi.of("Application", "billing",
        java.util.Map.of("softwareVersion", "1.0")));
    var release = releases.create(rita, dev.itsm.api.release.NewRelease.builder("Billing 2.0",
            dev.itsm.api.release.ReleaseType.MAJOR, "2.0").change(change.id())
        .environment(dev.itsm.api.release.NewEnvironment.of("production", start, start.plus(Duration.ofHours(2)), app.id()))
        .build());
    var ref = dev.itsm.api.TicketRef.of(release.id());
    releases.startBuild(rita, ref);
    releases.report(rita, release.id(), dev.itsm.api.release.PipelineResult.succeeded(
        dev.itsm.api.release.ReleaseStage.BUILD, null, "b1"));
    releases.report(rita, release.id(), dev.itsm.api.release.PipelineResult.succeeded(
        dev.itsm.api.release.ReleaseStage.TEST, null, "t1"));
    itsm.clock().set(start);
    releases.decide(cora, ref, dev.itsm.api.release.GoDecision.GO, null);
    var ended = releases.report(rita, release.id(), dev.itsm.api.release.PipelineResult.failed(
        dev.itsm.api.release.ReleaseStage.DEPLOY, "production", "disk full", "d1"));
    assertThat(ended.state()).isEqualTo(dev.itsm.api.release.ReleaseState.ROLLED_BACK);

    itsm.clock().advance(Duration.ofDays(31));
    assertThat(itsm.engine().cleanUp()).isEqualTo(1);
    assertThat(archived).extracting(TicketArchiver.ArchivedTicket::number).containsExactly(release.number());
    assertThat(archived.get(0).json()).contains("\"itsm_release\"", "\"itsm_release_env\"", "\"itsm_release_env_ci\"",
        "\"itsm_release_result\"", "\"itsm_ticket_link\"", "disk full");
    for (String table : List.of("itsm_ticket WHERE id", "itsm_release WHERE ticket_id", "itsm_release_env WHERE ticket_id",
        "itsm_release_env_ci WHERE ticket_id", "itsm_release_result WHERE ticket_id", "itsm_ticket_link WHERE to_id")) {
      assertThat(rows("SELECT COUNT(*) FROM " + table + " = ?", release.id())).as(table).isZero();
    }
    assertThat(changes.get(MANAGER, change.id()).state()).isEqualTo(dev.itsm.api.change.ChangeState.SCHEDULED);
  }

  @Test
  void theDailyJobRunsInTheCleanupWindowAndArmsItselfForTheNextDay() {
    IncidentTicket closed = closed();
    var management = itsm.engine().processEngine().getManagementService();
    var job = management.createJobQuery().list().stream()
        .filter(j -> j instanceof org.operaton.bpm.engine.impl.persistence.entity.JobEntity e
            && "itsm-retention".equals(e.getJobHandlerType())).findFirst().orElseThrow();
    Instant first = job.getDuedate().toInstant();
    assertThat(first.atZone(java.time.ZoneOffset.UTC).toLocalTime()).isEqualTo(java.time.LocalTime.of(1, 0));

    itsm.clock().set(closed.closedAt().plus(Duration.ofDays(31)));
    itsm.fireDueTimers();
    assertThat(archived).extracting(TicketArchiver.ArchivedTicket::id).contains(closed.id());
    var next = management.createJobQuery().list().stream()
        .filter(j -> j instanceof org.operaton.bpm.engine.impl.persistence.entity.JobEntity e
            && "itsm-retention".equals(e.getJobHandlerType())).findFirst().orElseThrow();
    assertThat(next.getDuedate().toInstant()).isAfter(itsm.clock().instant())
        .isBefore(itsm.clock().instant().plus(Duration.ofDays(1)).plusSeconds(1));
  }
}
