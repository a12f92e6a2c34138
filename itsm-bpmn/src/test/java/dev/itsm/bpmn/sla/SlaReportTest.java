package dev.itsm.bpmn.sla;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.SegmentTemplate;
import dev.itsm.api.sla.SlaReport;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SLA reports as a service-desk manager reads them: compliance, MTTA and MTTR, late segment owners. */
class SlaReportTest {

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  /** Opens an incident, acknowledges it after {@code ack}, resolves it {@code resolve} after opening (holding {@code hold}). */
  private IncidentTicket work(NewIncident incident, Duration ack, Duration hold, Duration resolve) {
    Instant t0 = itsm.clock().instant();
    IncidentTicket inc = incidents().open(CALLER, incident);
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    itsm.clock().set(t0.plus(ack));
    inc = incidents().acknowledge(AGENT, inc.ref());
    if (!hold.isZero()) {
      inc = incidents().hold(AGENT, inc.ref(), HoldReason.AWAITING_CALLER, "logs please");
      itsm.clock().advance(hold);
      inc = incidents().resume(AGENT, inc.ref());
    }
    itsm.clock().set(t0.plus(resolve));
    inc = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "done"));
    itsm.clock().set(t0);
    return inc;
  }

  private static NewIncident p1(String title) {
    return NewIncident.builder(title).category("network").impact(Impact.HIGH).urgency(Urgency.HIGH).build();
  }

  @Test
  void complianceMttaAndMttrPerPriorityServiceAndDayWithTheLateSegmentOwners() {
    Instant from = itsm.clock().instant();
    work(p1("Core switch down"), Duration.ofMinutes(10), Duration.ZERO, Duration.ofHours(3));
    work(p1("Router down"), Duration.ofMinutes(20), Duration.ZERO, Duration.ofHours(5));
    work(NewIncident.builder("Mail slow").category("network").service("mail").impact(Impact.MEDIUM)
        .urgency(Urgency.MEDIUM).build(), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2));
    IncidentTicket cancelled = incidents().open(CALLER, p1("Duplicate"));
    incidents().cancel(CALLER, cancelled.ref(), "duplicate");
    IncidentTicket dispatched = incidents().open(CALLER, p1("Line down"));
    var sla = itsm.engine().sla();
    Instant call = itsm.clock().instant();
    int[] at = {0, 2, 6, 8, 12, 14, 17, 50};   // G-H took 33 minutes: crew driving, 5 over
    for (int i = 0; i < at.length; i++) {
      itsm.clock().set(call.plus(Duration.ofMinutes(at[i])));
      sla.stamp(AGENT, dispatched.id(), SegmentTemplate.FIELD_DISPATCH, String.valueOf("ABCDEFGH".charAt(i)), null);
    }
    itsm.clock().set(from.plus(Duration.ofDays(1)));
    Instant to = itsm.clock().instant();

    SlaReport byPriority = sla.report(MANAGER, from, to, SlaReport.Grouping.PRIORITY, Agreement.SLA);
    assertThat(byPriority.rows()).extracting(SlaReport.Row::key).containsExactly("P1", "P3");
    SlaReport.Row p1 = byPriority.rows().get(0);
    assertThat(p1.measured()).isEqualTo(4);      // two response and two resolution clocks; the cancelled ticket left out
    assertThat(p1.breached()).isEqualTo(2);      // the router: acknowledged after 20 of 15 minutes, resolved after 5 of 4 hours
    assertThat(p1.compliance()).isEqualTo(0.5);
    assertThat(p1.mttaBusiness()).isEqualTo(Duration.ofMinutes(15));
    assertThat(p1.mttrBusiness()).isEqualTo(Duration.ofHours(4));
    SlaReport.Row p3 = byPriority.rows().get(1);
    assertThat(p3.compliance()).isEqualTo(1.0);
    assertThat(p3.mttrBusiness()).isEqualTo(Duration.ofHours(1));   // the hour on hold does not count...
    assertThat(p3.mttrWall()).isEqualTo(Duration.ofHours(2));       // ...but the caller waited two
    assertThat(byPriority.owners()).singleElement().satisfies(o -> {
      assertThat(o.owner()).isEqualTo("crew driving");
      assertThat(o.late()).isEqualTo(1);
      assertThat(o.overrun()).isEqualTo(Duration.ofMinutes(5));
    });

    assertThat(sla.report(MANAGER, from, to, SlaReport.Grouping.SERVICE, Agreement.SLA).rows())
        .extracting(SlaReport.Row::key, SlaReport.Row::measured)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("(none)", 4L), org.assertj.core.groups.Tuple.tuple("mail", 2L));
    assertThat(sla.report(MANAGER, from, to, SlaReport.Grouping.DAY, Agreement.SLA).rows()).singleElement()
        .satisfies(r -> assertThat(r.key()).isEqualTo(from.toString().substring(0, 10)));
    assertThat(sla.report(MANAGER, from, to, SlaReport.Grouping.GROUP, Agreement.OLA).rows()).isEmpty();
  }

  @Test
  void aBadPeriodOrAnActorWithoutReportsIsRefused() {
    Instant now = itsm.clock().instant();
    var sla = itsm.engine().sla();
    assertInvalidValue(() -> sla.report(MANAGER, now, now, SlaReport.Grouping.DAY, Agreement.SLA), "to",
        "Expected the period to end after " + now);
    // at most 366 days, like the other reports
    assertInvalidValue(() -> sla.report(MANAGER, now, now.plus(Duration.ofDays(400)), SlaReport.Grouping.DAY,
        Agreement.SLA), "to", "at most 366 days, but it is 400 days");
    assertThat(sla.report(MANAGER, now, now.plus(Duration.ofDays(366)), SlaReport.Grouping.DAY, Agreement.SLA).rows()).isEmpty();
    // a missing bound is missing input naming it, not an invalid value
    assertThatThrownBy(() -> sla.report(MANAGER, null, now, SlaReport.Grouping.DAY, Agreement.SLA))
        .isExactlyInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("from"));
    assertThatThrownBy(() -> sla.report(MANAGER, now, null, SlaReport.Grouping.DAY, Agreement.SLA))
        .isExactlyInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("to"));
    assertThatThrownBy(() -> sla.report(AGENT, now.minusSeconds(60), now, SlaReport.Grouping.DAY, Agreement.SLA))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("REPORT_READ");
  }
}
