package dev.itsm.bpmn.sla;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.TicketType;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.api.sla.SlaEvent;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.internal.engine.DefaultItsmEngine;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A host ships a changed calendar (a new holiday): the next start moves the deadlines of the clocks on it. */
class SlaCalendarChangeTest {
  private static final SlaDefinition OFFICE_SLA = SlaDefinition.builder("office-hours").ticketTypes(TicketType.INCIDENT)
      .calendar("office").response(Duration.ofHours(1)).resolution(Duration.ofHours(4)).build();

  private static ItsmPlugin setup(BusinessCalendar calendar) {
    return context -> {
      context.directory(directory());
      context.calendar(calendar);
      context.slaDefinition(OFFICE_SLA);
    };
  }

  private static BusinessCalendar office(LocalDate... holidays) {
    BusinessCalendar.Builder b = BusinessCalendar.builder("office", "UTC").weekdays("08:00-17:00");
    for (LocalDate h : holidays) {
      b.holiday(h, "holiday");
    }
    return b.build();
  }

  private static Consumer<dev.itsm.api.ItsmEngineBuilder> with(BusinessCalendar calendar) {
    return b -> b.plugin(setup(calendar));
  }

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(with(office()));

  @Test
  void aNewHolidayMovesTheDeadlineTheTimerAndTheNextDueOfRunningClocksOnce() {
    itsm.clock().set(Instant.parse("2026-11-27T16:00:00Z"));   // Friday, one office hour left
    IncidentTicket inc = itsm.engine().incidents().open(CALLER, NewIncident.builder("Printer queue stuck")
        .category("network").impact(Impact.LOW).urgency(Urgency.LOW).build());
    IncidentTicket other = itsm.engine().incidents().open(CALLER, NewIncident.builder("Scanner offline")
        .category("network").impact(Impact.LOW).urgency(Urgency.LOW).build());
    var sla = itsm.engine().sla();
    assertThat(sla.status(AGENT, inc.id(), SlaKind.RESOLUTION).deadline()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
    inc = itsm.engine().incidents().assign(MANAGER, inc.ref(), dev.itsm.api.incident.Assignment.toAgent("alice"));
    inc = itsm.engine().incidents().acknowledge(AGENT, inc.ref());   // the response clock stops
    assertThat(inc.nextSlaDue()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));

    // Monday becomes a holiday
    ItsmEngine engine = itsm.restart(with(office(LocalDate.of(2026, 11, 30))));
    var result = ((DefaultItsmEngine) engine).runtime().calendarChanges();
    assertThat(result.calendars()).containsExactly("office");
    assertThat(result.clocks()).isEqualTo(3);   // the resolution clock of the first, both clocks of the second
    assertThat(result.jobsMoved()).isEqualTo(3);
    Instant tuesday = Instant.parse("2026-12-01T11:00:00Z");
    assertThat(engine.sla().status(AGENT, inc.id(), SlaKind.RESOLUTION).deadline()).isEqualTo(tuesday);
    assertThat(itsm.timers(inc.processInstanceId())).containsOnly(
        java.util.Map.entry("sla:RESOLUTION", Instant.parse("2026-12-01T10:00:00Z")));
    assertThat(itsm.timers(other.processInstanceId()))   // its response clock's point lies within Friday: unchanged
        .containsEntry("sla:RESPONSE", Instant.parse("2026-11-27T16:45:00Z"));
    IncidentTicket stored = engine.incidents().get(AGENT, inc.id());
    assertThat(stored.nextSlaDue()).isEqualTo(tuesday);
    assertThat(stored.version()).isEqualTo(inc.version());   // derived figures only: an agent's ref stays good
    assertThat(engine.sla().explain(AGENT, inc.id(), "RESOLUTION").timeline()).last().satisfies(e -> {
      assertThat(e.type()).isEqualTo(SlaEvent.Type.RETARGET);
      assertThat(e.reason()).isEqualTo("calendar office changed");
    });

    // the same calendar again changes nothing
    engine = itsm.restart(with(office(LocalDate.of(2026, 11, 30))));
    assertThat(((DefaultItsmEngine) engine).runtime().calendarChanges().clocks()).isZero();
    assertThat(engine.sla().explain(AGENT, inc.id(), "RESOLUTION").timeline()).hasSize(2);
  }
}
