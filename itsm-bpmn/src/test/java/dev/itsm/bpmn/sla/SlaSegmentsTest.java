package dev.itsm.bpmn.sla;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.NotFoundException;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.sla.SegmentStatus;
import dev.itsm.api.sla.SegmentTemplate;
import dev.itsm.api.sla.SlaService;
import dev.itsm.spi.CustomField;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The field-dispatch template from a dispatcher's side: which segment and which owner made a call late. */
class SlaSegmentsTest {

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY)
      .plugin(context -> context.customField(CustomField.bool(SegmentTemplate.FIELD_CREW_AT_CENTRE_SITE))));

  private SlaService sla() {
    return itsm.engine().sla();
  }

  private IncidentTicket open(boolean crewAtCentreSite) {
    return itsm.engine().incidents().open(CALLER, NewIncident.builder("Power line down on Mill Road").category("network")
        .impact(Impact.HIGH).urgency(Urgency.HIGH).field(SegmentTemplate.FIELD_CREW_AT_CENTRE_SITE, crewAtCentreSite)
        .build());
  }

  /** Stamps A..H of the field-dispatch template, the given minutes after the call. */
  private List<SegmentStatus> dispatch(IncidentTicket inc, int... minutes) {
    Instant call = itsm.clock().instant();
    List<SegmentStatus> last = List.of();
    String codes = "ABCDEFGH";
    for (int i = 0; i < minutes.length; i++) {
      last = sla().stamp(AGENT, inc.id(), SegmentTemplate.FIELD_DISPATCH, String.valueOf(codes.charAt(i)),
          call.plus(Duration.ofMinutes(minutes[i])));
    }
    return last;
  }

  @Test
  void theTemplateShipsWithItsSegmentsAndAbout45MinutesToSite() {
    SegmentTemplate t = sla().segmentTemplates().stream().filter(x -> x.name().equals(SegmentTemplate.FIELD_DISPATCH))
        .findFirst().orElseThrow();
    assertThat(t.timestamps().keySet()).containsExactly("A", "B", "C", "D", "E", "F", "G", "H");
    assertThat(t.segments()).extracting(s -> s.from() + s.to() + " " + s.target().toMinutes() + " " + s.owner())
        .containsExactly("AB 2 service centre", "BC 4 network", "CD 2 repair centre", "DE 4 network", "EF 2 crew",
            "FG 3 crew", "GH 28 crew driving");
    assertThat(t.segments().get(3).targetFor(true)).isEqualTo(Duration.ofMinutes(2));
    assertThat(t.segments().stream().map(SegmentTemplate.Segment::target).reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(Duration.ofMinutes(45));
  }

  @Test
  void theReportShowsWhichSegmentAndWhichOwnerMadeTheCallLate() {
    IncidentTicket shared = open(true);
    itsm.clock().advance(Duration.ofHours(1));
    // A=0 B=2 C=6 D=8 E=11 (3 min: late only because crew and centre share a site) F=13 G=16 H=49 (33 min driving)
    List<SegmentStatus> segments = dispatch(shared, -60, -58, -54, -52, -49, -47, -44, -11);
    assertThat(segments).filteredOn(SegmentStatus::late)
        .extracting(s -> s.from() + s.to() + " " + s.owner() + " +" + s.overrun().toMinutes() + " min")
        .containsExactly("DE network +1 min", "GH crew driving +5 min");
    assertThat(sla().segments(MANAGER, shared.id())).isEqualTo(segments);

    IncidentTicket apart = open(false);
    List<SegmentStatus> other = dispatch(apart, -10, -8, -4, -2, -1);
    assertThat(other.get(3)).satisfies(de -> {
      assertThat(de.target()).isEqualTo(Duration.ofMinutes(4));
      assertThat(de.late()).isFalse();
    });
    // E-F is running: its time so far counts, not yet late
    assertThat(sla().segments(MANAGER, apart.id()).get(4)).satisfies(ef -> {
      assertThat(ef.endedAt()).isNull();
      assertThat(ef.actual()).isEqualTo(Duration.ofMinutes(1));
    });
  }

  @Test
  void badStampsAreRefusedNamingWhatIsWrongAndNothingIsWritten() throws Exception {
    IncidentTicket inc = open(false);
    Instant now = itsm.clock().instant();
    sla().stamp(AGENT, inc.id(), SegmentTemplate.FIELD_DISPATCH, "A", now.minusSeconds(600));
    sla().stamp(AGENT, inc.id(), SegmentTemplate.FIELD_DISPATCH, "C", now.minusSeconds(300));
    assertInvalidValue(() -> sla().stamp(AGENT, inc.id(), SegmentTemplate.FIELD_DISPATCH, "Z", null), "timestamp", "'Z'");
    assertInvalidValue(() -> sla().stamp(AGENT, inc.id(), SegmentTemplate.FIELD_DISPATCH, "A", null), "timestamp",
        "recorded once");
    assertInvalidValue(() -> sla().stamp(AGENT, inc.id(), SegmentTemplate.FIELD_DISPATCH, "B", now.minusSeconds(900)),
        "at", "at or after A");
    assertInvalidValue(() -> sla().stamp(AGENT, inc.id(), SegmentTemplate.FIELD_DISPATCH, "B", now.minusSeconds(100)),
        "at", "at or before C");
    assertInvalidValue(() -> sla().stamp(AGENT, inc.id(), SegmentTemplate.FIELD_DISPATCH, "D", now.plusSeconds(60)),
        "at", "future");
    assertThatThrownBy(() -> sla().stamp(AGENT, inc.id(), "rail-dispatch", "A", null)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("'rail-dispatch'").hasMessageContaining("field-dispatch");
    try (Connection c = itsm.database().connect()) {
      assertThat(count(c, "SELECT COUNT(*) FROM itsm_sla_stamp WHERE ticket_id = ?", inc.id())).isEqualTo(2);
    }
    assertInvalidValue(() -> SegmentTemplate.builder("x").timestamp("A", "a").timestamp("B", "b")
        .segment("A", "C", "desk", Duration.ofMinutes(1)).build(), "segments[0]", "'C' is not one");
    assertInvalidValue(() -> SegmentTemplate.builder("x").timestamp("A", "a").timestamp("B", "b")
        .segment("A", "B", "desk", Duration.ZERO).build(), "segments[0].target", "PT0S");
  }
}
