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
