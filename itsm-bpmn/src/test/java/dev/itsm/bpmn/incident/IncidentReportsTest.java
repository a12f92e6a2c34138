package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.TechnicianReport;
import dev.itsm.api.incident.VolumeReport;
import dev.itsm.api.incident.VolumeReport.Grouping;
import dev.itsm.api.incident.Workload;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.SlaReport;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reports a service-desk console draws: per technician, and incidents per service and per CI. */
class IncidentReportsTest {
  private static final Actor CM = Actor.configurationManager("cora");
  private static final String ACME = "acme";

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private IncidentTicket open(Actor caller, String title, String service, UUID... cis) {
    NewIncident.Builder incident = NewIncident.builder(title).category("network").service(service);
    for (UUID ci : cis) {
      incident.affectedCi(ci);
    }
    return incidents().open(caller, incident.build());
  }

  /** Opens a network incident, has {@code agent} take it and resolve it now. */
  private IncidentTicket resolvedBy(Actor agent, String title) {
    IncidentTicket inc = open(CALLER.inTenant(agent.tenantId()), title, null);
    inc = incidents().assign(MANAGER.inTenant(agent.tenantId()), inc.ref(), Assignment.toAgent(agent.id()));
    inc = incidents().acknowledge(agent, inc.ref());
    return incidents().resolve(agent, inc.ref(), Resolution.of("FIXED", "done"));
  }

  private IncidentTicket reopenAndResolve(Actor agent, IncidentTicket resolved) {
    IncidentTicket reopened = incidents().reopen(CALLER.inTenant(agent.tenantId()), resolved.ref(), "still broken");
    return incidents().resolve(agent, reopened.ref(), Resolution.of("FIXED", "done, really"));
  }

  @Test
  void perTechnicianTheIncidentsResolvedInThePeriodTheReopenedAmongThemAndTheTimeSpent() {
    // resolved before the period: not counted, even when reopened and resolved again after it
    IncidentTicket before = resolvedBy(AGENT, "Resolved before the period");
    itsm.clock().advance(Duration.ofHours(1));
    Instant from = itsm.clock().instant();

    // in the period: alice resolves two (one of them after a reopen), one more is reopened and still open
    IncidentTicket first = resolvedBy(AGENT, "First");
    IncidentTicket second = reopenAndResolve(AGENT, resolvedBy(AGENT, "Second"));
    IncidentTicket third = resolvedBy(AGENT, "Third");
    incidents().reopen(CALLER, third.ref(), "not fixed");
    // carl resolves one; mona resolves none but records time
    resolvedBy(OTHER_AGENT, "Carl's");
    incidents().addNote(AGENT, first.id(), NewNote.workNote("Traced the loop", Duration.ofMinutes(30)));
    incidents().addNote(AGENT, third.id(), NewNote.workNote("Looked again", Duration.ofMinutes(15)));
    incidents().addNote(AGENT, third.id(), NewNote.workNote("No time recorded"));
    incidents().addNote(OTHER_AGENT, second.id(), NewNote.workNote("Reviewed", Duration.ofMinutes(10)));
    incidents().addNote(MANAGER, second.id(), NewNote.workNote("Talked to the vendor", Duration.ofMinutes(5)));
    // another tenant's alice in the same period
    resolvedBy(AGENT.inTenant(ACME), "Acme's");
    incidents().addNote(AGENT.inTenant(ACME), resolvedBy(AGENT.inTenant(ACME), "Acme's second").id(),
        NewNote.workNote("Acme work", Duration.ofHours(2)));
    itsm.clock().advance(Duration.ofHours(1));
    Instant to = itsm.clock().instant();
    // after the period
    reopenAndResolve(AGENT, before);
    resolvedBy(OTHER_AGENT, "After the period");
    incidents().addNote(OTHER_AGENT, first.id(), NewNote.workNote("Later", Duration.ofMinutes(7)));

    TechnicianReport report = incidents().technicianReport(MANAGER, from, to);

    assertThat(report.from()).isEqualTo(from);
    assertThat(report.to()).isEqualTo(to);
    assertThat(report.rows()).containsExactly(
        new TechnicianReport.Row("alice", 2, 1, Duration.ofMinutes(45), 2),
        new TechnicianReport.Row("carl", 1, 0, Duration.ofMinutes(10), 1),
        new TechnicianReport.Row("mona", 0, 0, Duration.ofMinutes(5), 1));
    assertThat(report.rows()).extracting(TechnicianReport.Row::reopenRate).containsExactly(0.5, 0.0, 0.0);
    // the time spent is the workload's
    assertThat(incidents().workload(MANAGER, from, to)).extracting(Workload::agentId, Workload::timeSpent, Workload::notes)
        .containsExactlyElementsOf(report.rows().stream().map(r -> tuple(r.agentId(), r.timeSpent(), r.notes())).toList());
    // the other tenant sees only its own
    assertThat(incidents().technicianReport(MANAGER.inTenant(ACME), from, to).rows())
        .containsExactly(new TechnicianReport.Row("alice", 2, 0, Duration.ofHours(2), 1));
    // the one resolved again after the period counts in the next one, as reopened
    assertThat(incidents().technicianReport(MANAGER, to, itsm.clock().instant().plusSeconds(1)).rows())
        .containsExactly(new TechnicianReport.Row("alice", 1, 1, Duration.ZERO, 0),
            new TechnicianReport.Row("carl", 1, 0, Duration.ofMinutes(7), 1));
    // nothing in an empty period
    assertThat(incidents().technicianReport(MANAGER, from.minus(Duration.ofDays(30)), from.minus(Duration.ofDays(29))).rows())
        .isEmpty();
  }

  @Test
  void incidentsOpenedInThePeriodPerServiceAndPerCiMostFirst() {
    Ci orders = itsm.engine().cmdb().create(CM, NewCi.of("Database", "orders-db", Map.of()));
    Ci billing = itsm.engine().cmdb().create(CM, NewCi.of("Database", "billing-db", Map.of()));
    Ci archive = itsm.engine().cmdb().create(CM, NewCi.of("Database", "archive-db", Map.of()));
    Ci acmeDb = itsm.engine().cmdb().create(CM.inTenant(ACME), NewCi.of("Database", "acme-db", Map.of()));
    open(CALLER, "Before the period", "mail", orders.id());
    itsm.clock().advance(Duration.ofMinutes(1));
    Instant from = itsm.clock().instant();

    open(CALLER, "Mail slow", "mail", orders.id(), billing.id());
    open(CALLER, "Mail down", "mail", orders.id());
    IncidentTicket cancelled = open(CALLER, "Mail bounced", "mail");
    incidents().cancel(CALLER, cancelled.ref(), "duplicate");
    open(CALLER, "VPN drops", "vpn", billing.id());
    open(CALLER, "VPN slow", "vpn", archive.id());
    open(CALLER, "ERP login", "erp");
    open(CALLER, "ERP report", "erp", orders.id());
    open(CALLER, "Something", null);
    open(CALLER.inTenant(ACME), "Acme mail", "mail", acmeDb.id());
    itsm.clock().advance(Duration.ofMinutes(1));
    Instant to = itsm.clock().instant();
    open(CALLER, "After the period", "vpn", billing.id());

    VolumeReport perService = incidents().volumeReport(MANAGER, from, to, Grouping.SERVICE);
    assertThat(perService.by()).isEqualTo(Grouping.SERVICE);
    assertThat(perService.opened()).isEqualTo(8);
    assertThat(perService.rows()).containsExactly(new VolumeReport.Row("mail", null, null, 3),
        new VolumeReport.Row("erp", null, null, 2), new VolumeReport.Row("vpn", null, null, 2));
    assertThat(perService.none()).isEqualTo(1);
    assertThat(perService.others()).isZero();
    assertThat(perService.otherKeys()).isZero();

    VolumeReport perCi = incidents().volumeReport(MANAGER, from, to, Grouping.CI);
    assertThat(perCi.opened()).isEqualTo(8);
    assertThat(perCi.rows()).containsExactly(new VolumeReport.Row(null, orders.id(), "orders-db", 3),
        new VolumeReport.Row(null, billing.id(), "billing-db", 2), new VolumeReport.Row(null, archive.id(), "archive-db", 1));
    assertThat(perCi.none()).isEqualTo(3);   // mail bounced, ERP login, something
    assertThat(perCi.others()).isZero();

    VolumeReport acme = incidents().volumeReport(MANAGER.inTenant(ACME), from, to, Grouping.CI);
    assertThat(acme.opened()).isEqualTo(1);
    assertThat(acme.rows()).containsExactly(new VolumeReport.Row(null, acmeDb.id(), "acme-db", 1));

    VolumeReport empty = incidents().volumeReport(MANAGER, from.minus(Duration.ofDays(2)), from.minus(Duration.ofDays(1)),
        Grouping.SERVICE);
    assertThat(empty).isEqualTo(new VolumeReport(empty.from(), empty.to(), Grouping.SERVICE, 0, List.of(), 0, 0, 0));
  }

  @Test
  void beyondAHundredServicesTheRestIsATotal() {
    Instant from = itsm.clock().instant();
    itsm.engine().inTransaction(() -> {   // one commit for them all, which is quicker
      for (int i = 0; i < 3; i++) {
        open(CALLER, "Busy " + i, "busy");
      }
      open(CALLER, "Other busy 1", "other-busy");
      open(CALLER, "Other busy 2", "other-busy");
      for (int i = 0; i < 102; i++) {
        open(CALLER, "Quiet " + i, "quiet-%03d".formatted(i));
      }
      open(CALLER, "Without service", null);
    });
    itsm.clock().advance(Duration.ofSeconds(1));

    VolumeReport report = incidents().volumeReport(MANAGER, from, itsm.clock().instant(), Grouping.SERVICE);

    assertThat(report.opened()).isEqualTo(108);
    assertThat(report.rows()).hasSize(VolumeReport.MAX_ROWS);
    assertThat(report.rows().subList(0, 3)).extracting(VolumeReport.Row::service, VolumeReport.Row::incidents)
        .containsExactly(tuple("busy", 3L), tuple("other-busy", 2L), tuple("quiet-000", 1L));
    assertThat(report.rows().get(99).service()).isEqualTo("quiet-097");
    assertThat(report.others()).isEqualTo(4);      // quiet-098 .. quiet-101
    assertThat(report.otherKeys()).isEqualTo(4);
    assertThat(report.none()).isEqualTo(1);
    assertThat(report.rows().stream().mapToLong(VolumeReport.Row::incidents).sum() + report.others() + report.none())
        .isEqualTo(report.opened());
  }

  @Test
  void badPeriodsAndActorsWithoutReportReadGetTypedErrorsAndNothingIsWritten() throws Exception {
    resolvedBy(AGENT, "Something to report on");
    Instant now = itsm.clock().instant();
    Instant from = now.minus(Duration.ofDays(10));
    List<Long> before = rowCounts();

    for (Report report : List.<Report>of((a, f, t) -> incidents().technicianReport(a, f, t),
        (a, f, t) -> incidents().volumeReport(a, f, t, Grouping.SERVICE),
        (a, f, t) -> incidents().volumeReport(a, f, t, Grouping.CI),
        (a, f, t) -> incidents().workload(a, f, t),
        (a, f, t) -> itsm.engine().sla().report(a, f, t, SlaReport.Grouping.SERVICE, Agreement.SLA))) {
      assertInvalidValue(() -> report.run(MANAGER, now.minus(Duration.ofDays(366)).minusSeconds(1), now), "to",
          "at most 366 days");
      assertInvalidValue(() -> report.run(MANAGER, now.minus(Duration.ofDays(400)), now), "to",
          "at most 366 days, but it is 400 days");
      assertInvalidValue(() -> report.run(MANAGER, now, from), "to", "Expected the period to end after " + now);
      assertInvalidValue(() -> report.run(MANAGER, now, now), "to", "Expected the period to end after");
      assertMissing(() -> report.run(MANAGER, null, now), "from");
      assertMissing(() -> report.run(MANAGER, from, null), "to");
      assertThatThrownBy(() -> report.run(AGENT, from, now)).isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> report.run(CALLER, from, now)).isInstanceOf(AccessDeniedException.class);
      // no permission is checked before the input: an agent learns nothing from a bad period either
      assertThatThrownBy(() -> report.run(AGENT, now, from)).isInstanceOf(AccessDeniedException.class);
      // 366 days exactly is allowed
      assertThat(report.run(MANAGER, now.minus(Duration.ofDays(366)), now)).isNotNull();
    }
    assertMissing(() -> incidents().volumeReport(MANAGER, from, now, null), "by");

    assertThat(rowCounts()).isEqualTo(before);
  }

  @FunctionalInterface
  private interface Report {
    Object run(Actor actor, Instant from, Instant to);
  }

  private static void assertMissing(ThrowingCallable call, String field) {
    assertThatThrownBy(call).isExactlyInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
  }

  /** Rows of the tables an operation writes. */
  private List<Long> rowCounts() throws Exception {
    List<Long> counts = new ArrayList<>();
    try (Connection connection = itsm.database().connect()) {
      for (String table : List.of("itsm_ticket", "itsm_ticket_note", "itsm_sla_clock", "itsm_audit", "itsm_outbox",
          "ACT_RU_JOB", "ACT_HI_OP_LOG")) {
        counts.add(count(connection, "SELECT COUNT(*) FROM " + table));
      }
    }
    return counts;
  }
}
