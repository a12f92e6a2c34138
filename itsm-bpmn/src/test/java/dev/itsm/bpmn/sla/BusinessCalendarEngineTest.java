package dev.itsm.bpmn.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.testkit.ItsmExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.operaton.bpm.engine.runtime.ProcessInstance;
import org.operaton.bpm.model.bpmn.Bpmn;
import org.operaton.bpm.model.bpmn.BpmnModelInstance;

/**
 * A host registers business calendars (in code and from a file it ships), reads them from the SLA
 * service, and a process model of its own waits on a timer due in business time.
 */
class BusinessCalendarEngineTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static byte[] resource(String path) {
    try (InputStream in = BusinessCalendarEngineTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final BusinessCalendar NIGHT_SHIFT = BusinessCalendar.builder("night-shift", "UTC")
      .weekdays("00:00-06:00", "22:00-24:00").build();

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(context -> {
    context.calendars("calendars/office.yaml", resource("/calendars/office.yaml"));
    context.calendar(NIGHT_SHIFT);
  }));

  private static Instant berlin(String local) {
    return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
  }

  @Test
  void theEngineKnowsTheCalendarsOfTheFileAndOfTheCodeAnd24x7() {
    var sla = itsm.engine().sla();

    assertThat(sla.calendars()).extracting(BusinessCalendar::name)
        .containsExactly("24x7", "emea-office", "night-shift", "weekend-desk");
    BusinessCalendar office = sla.calendar("emea-office");
    assertThat(office.zone()).isEqualTo(BERLIN);
    assertThat(office.hoursOn(java.time.LocalDate.of(2026, 12, 24))).containsExactly("08:00-12:00");
    assertThat(sla.calendar("weekend-desk").hours(DayOfWeek.SATURDAY)).containsExactly("10:00-14:00");
    assertThat(sla.calendar("night-shift")).isSameAs(NIGHT_SHIFT);
    assertThatThrownBy(() -> sla.calendar("mars-office")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("'mars-office'").hasMessageContaining("emea-office");
  }

  @Test
  void aTimerOfAHostModelIsDueInBusinessTimeOnANamedCalendar() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("host_callback")
        .startEvent()
        .intermediateCatchEvent("wait_two_office_hours").timerWithDate("${itsmCalendars.due('emea-office', 'PT2H')}")
        .endEvent()
        .done();
    var engine = itsm.engine().processEngine();
    engine.getRepositoryService().createDeployment().addModelInstance("host-callback.bpmn", model).deploy();
    itsm.clock().set(berlin("2026-11-27T16:00"));   // a Friday, one office hour left

    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("host_callback");

    assertThat(itsm.timers(instance.getId())).containsEntry("wait_two_office_hours", berlin("2026-11-30T09:00"));
    itsm.clock().set(berlin("2026-11-30T08:59"));
    assertThat(itsm.fireDueTimers(instance.getId())).isZero();
    itsm.clock().set(berlin("2026-11-30T09:00"));
    assertThat(itsm.fireDueTimers(instance.getId())).isEqualTo(1);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
  }

  @Test
  void aBadCalendarFileStopsTheEngineNamingTheFileAndTheEntry() {
    byte[] overlapping = """
        calendars:
          - name: broken
            zone: Europe/Berlin
            weekdays: ["08:00-12:00"]
            holidays:
              - {date: 2026-05-01, name: Labour Day}
              - {date: 2026-12-24, name: Christmas Eve, closed: ["12:00-14:00", "13:00-24:00"]}
        """.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> build(overlapping)).isInstanceOf(ItsmConfigurationException.class)
        .hasMessageContaining("host-calendars.yaml").hasMessageContaining("calendars[0].holidays[1].closed[1]")
        .hasMessageContaining("overlaps");
    assertThatThrownBy(() -> build("calendars:\n  - {name: x, zone: Mars/Base, weekdays: ['08:00-17:00']}\n"
        .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ItsmConfigurationException.class)
        .hasMessageContaining("calendars[0].zone").hasMessageContaining("Mars/Base");
    assertThatThrownBy(() -> build("calendars:\n  - {name: x, zone: UTC, weekdays: ['08:00-17:00'], colour: red}\n"
        .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ItsmConfigurationException.class)
        .hasMessageContaining("colour");
  }

  @Test
  void aCalendarNameIsRegisteredOnce() {
    assertThatThrownBy(() -> ItsmEngine.builder().jobExecutor(false)
        .plugin(context -> {
          context.calendar(NIGHT_SHIFT);
          context.calendar(NIGHT_SHIFT);
        }).build())
        .isInstanceOf(ItsmConfigurationException.class).hasMessageContaining("'night-shift'");
    assertThatThrownBy(() -> ItsmEngine.builder().jobExecutor(false)
        .plugin(context -> context.calendar(BusinessCalendar.builder("24x7", "UTC").weekdays("08:00-17:00").build())).build())
        .isInstanceOf(ItsmConfigurationException.class).hasMessageContaining("'24x7'");
  }

  private static void build(byte[] file) {
    try (ItsmEngine ignored = ItsmEngine.builder().jobExecutor(false)
        .plugin(context -> context.calendars("host-calendars.yaml", file)).build()) {
      throw new AssertionError("expected the engine to refuse the file");
    }
  }
}
