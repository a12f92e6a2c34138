package dev.itsm.bpmn.incident;

import static dev.itsm.api.process.IncidentProcess.*;
import static dev.itsm.bpmn.support.Fixtures.*;
import static dev.itsm.testkit.ItsmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.itsm.api.ErrorCode;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.Priority;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaSettings;
import dev.itsm.api.sla.SlaState;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Non-default SLA and incident settings reach the timers, the reopen check and auto-close; bad ones are refused. */
class ConfiguredSettingsTest {
  static final Duration P1_RESPONSE = Duration.ofMinutes(20);
  static final Duration P1_RESOLUTION = Duration.ofHours(2);
  static final Duration P1_ACCEPTANCE = Duration.ofMinutes(7);
  static final Duration P3_RESPONSE = Duration.ofMinutes(50);
  static final Duration P3_RESOLUTION = Duration.ofHours(10);
  static final Duration P3_ACCEPTANCE = Duration.ofMinutes(25);
  static final Duration REOPEN_WINDOW = Duration.ofHours(36);
  static final Duration AUTO_CLOSE = Duration.ofDays(3);

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY)
      .sla(SlaSettings.builder()
          .target(Priority.P1, P1_RESPONSE, P1_RESOLUTION)
          .target(Priority.P3, P3_RESPONSE, P3_RESOLUTION)
          .acceptanceTimeout(Priority.P1, P1_ACCEPTANCE)
          .acceptanceTimeout(Priority.P3, P3_ACCEPTANCE)
          .warningRatio(0.5)
          .build())
      .incidents(IncidentSettings.builder().reopenWindow(REOPEN_WINDOW).autoCloseAfter(AUTO_CLOSE).build()));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private Map<String, Instant> timers(IncidentTicket inc) {
    return itsm.timers(inc.processInstanceId());
  }

  @Test
  void openingArmsTheSlaTimersAtTheConfiguredTargetsAndWarningRatio() {
    // when
    IncidentTicket inc = openP1(incidents());

    // then
    Instant t0 = inc.openedAt();
    assertThat(timers(inc)).containsOnly(
        entry("sla:RESPONSE", t0.plus(Duration.ofMinutes(10))),
        entry("sla:RESOLUTION", t0.plus(Duration.ofHours(1))));
    assertThat(itsm.engine().sla().status(AGENT, inc.id(), SlaKind.RESPONSE)).hasTarget(P1_RESPONSE)
        .hasDeadline(t0.plus(P1_RESPONSE));
    assertThat(itsm.engine().sla().status(AGENT, inc.id(), SlaKind.RESOLUTION)).hasTarget(P1_RESOLUTION);
  }

  @Test
  void theConfiguredWarningRatioFiresTheWarningAndTheConfiguredTargetTheBreach() {
    // given
    IncidentTicket inc = openP1(incidents());
    Instant t0 = inc.openedAt();

    // when
    itsm.clock().set(t0.plus(Duration.ofMinutes(10)).minusMillis(1));
    int early = itsm.fireDueTimers(inc.processInstanceId());
    itsm.clock().set(t0.plus(Duration.ofMinutes(10)));
    int warning = itsm.fireDueTimers(inc.processInstanceId());

    // then
    assertThat(early).isZero();
    assertThat(warning).isEqualTo(1);
    assertThat(itsm.engine().sla().status(AGENT, inc.id(), SlaKind.RESPONSE)).isWarned().isNotBreached();
    assertThat(timers(inc)).containsEntry("sla:RESPONSE", t0.plus(P1_RESPONSE));

    itsm.clock().set(t0.plus(P1_RESPONSE));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);
    assertThat(itsm.engine().sla().status(AGENT, inc.id(), SlaKind.RESPONSE)).hasState(SlaState.BREACHED);
  }

  @Test
  void acceptanceTimeoutAndPriorityChangeFollowTheConfiguredTimeouts() {
    // given
    IncidentTicket inc = open(incidents(), Impact.MEDIUM, Urgency.MEDIUM);
    assertThat(inc).hasPriority(Priority.P3);
    Instant t0 = inc.openedAt();
    assertThat(timers(inc)).containsEntry("sla:RESPONSE", t0.plus(P3_RESPONSE.dividedBy(2)))
        .containsEntry("sla:RESOLUTION", t0.plus(P3_RESOLUTION.dividedBy(2)));

    // when
    itsm.clock().advance(Duration.ofMinutes(1));
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    Instant assigned = itsm.clock().instant();

    // then
    assertThat(timers(inc)).containsEntry(TIMER_ACCEPTANCE, assigned.plus(P3_ACCEPTANCE));
    inc = incidents().reclassify(MANAGER, inc.ref(), Impact.HIGH, Urgency.HIGH);
    assertThat(timers(inc)).containsEntry(TIMER_ACCEPTANCE, assigned.plus(P1_ACCEPTANCE))
        .containsEntry("sla:RESPONSE", t0.plus(P1_RESPONSE.dividedBy(2)));

    itsm.clock().set(assigned.plus(P1_ACCEPTANCE));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);
    assertThat(itsm.events(inc.id())).anyMatch(e -> e.type().equals(EventTypes.INCIDENT_ACCEPTANCE_OVERDUE));
  }

  @Test
  void reopenWithinTheConfiguredWindowWorks() {
    // given
    IncidentTicket inc = resolvedP1();

    // when
    itsm.clock().advance(REOPEN_WINDOW.minusMillis(1));
    inc = incidents().reopen(CALLER, inc.ref(), "broken again");

    // then
    assertThat(inc).hasState(IncidentState.IN_PROGRESS);
  }

  @Test
  void reopenAfterTheConfiguredWindowIsRefusedWithATypedError() {
    // given: the window (36 h) ends before the auto-close (3 days), so the incident is still resolved
    IncidentTicket resolved = resolvedP1();
    itsm.clock().advance(REOPEN_WINDOW);

    // when / then
    assertThatThrownBy(() -> incidents().reopen(CALLER, resolved.ref(), "broken again"))
        .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
          assertThat(e.ticketNumber()).isEqualTo(resolved.number());
          assertThat(e.state()).isEqualTo("RESOLVED");
        })
        .hasMessageContaining(REOPEN_WINDOW.toString());
    assertThat(incidents().get(AGENT, resolved.id())).hasState(IncidentState.RESOLVED).hasVersion(resolved.version());
  }

  @Test
  void autoCloseFiresAfterTheConfiguredPeriodAndNotBefore() {
    // given
    IncidentTicket inc = resolvedP1();
    Instant resolvedAt = inc.resolvedAt();
    assertThat(timers(inc)).containsOnly(entry(TIMER_AUTO_CLOSE, resolvedAt.plus(AUTO_CLOSE)));

    // when
    itsm.clock().set(resolvedAt.plus(AUTO_CLOSE).minusMillis(1));
    int early = itsm.fireDueTimers(inc.processInstanceId());
    itsm.clock().set(resolvedAt.plus(AUTO_CLOSE));
    int onTime = itsm.fireDueTimers(inc.processInstanceId());

    // then
    assertThat(early).isZero();
    assertThat(onTime).isEqualTo(1);
    IncidentTicket closed = incidents().get(AGENT, inc.id());
    assertThat(closed).hasState(IncidentState.CLOSED);
    assertThat(closed.closedAt()).isEqualTo(resolvedAt.plus(AUTO_CLOSE));
  }

  @Test
  void badIncidentSettingsNameTheSetting() {
    assertThatThrownBy(() -> IncidentSettings.builder().reopenWindow(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reopenWindow");
    assertThatThrownBy(() -> IncidentSettings.builder().reopenWindow(Duration.ofHours(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reopenWindow");
    assertThatThrownBy(() -> IncidentSettings.builder().autoCloseAfter(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoCloseAfter");
    assertThatThrownBy(() -> IncidentSettings.builder().autoCloseAfter(Duration.ofDays(-2)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoCloseAfter");
    assertThatThrownBy(() -> IncidentSettings.builder().autoCloseAfter(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoCloseAfter").hasMessageContaining("3650 days");
    assertThatThrownBy(() -> IncidentSettings.builder().autoCloseAfter(null).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("autoCloseAfter");
    assertThatThrownBy(() -> IncidentSettings.builder().categories().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("categories");
    assertThatThrownBy(() -> IncidentSettings.builder().resolutionCodes("FIXED", " ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolutionCodes");
  }

  @Test
  void badSlaSettingsNameTheSetting() {
    assertThatThrownBy(() -> SlaSettings.builder().target(Priority.P1, Duration.ZERO, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("response target");
    assertThatThrownBy(() -> SlaSettings.builder().target(Priority.P1, Duration.ofMinutes(1), Duration.ofHours(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolution target");
    assertThatThrownBy(() -> SlaSettings.builder().acceptanceTimeout(Priority.P2, Duration.ofMinutes(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acceptance timeout");
    assertThatThrownBy(() -> SlaSettings.builder().acceptanceTimeout(Priority.P2, Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acceptance timeout");
    assertThatThrownBy(() -> SlaSettings.builder().target(Priority.P1, Duration.ofMinutes(1), Duration.ofDays(3651)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolution target").hasMessageContaining("3650 days");
    assertThatThrownBy(() -> SlaSettings.builder().acceptanceTimeout(Priority.P2, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("acceptance timeout");
    assertThatThrownBy(() -> SlaSettings.builder().warningRatio(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warning ratio");
    assertThatThrownBy(() -> SlaSettings.builder().warningRatio(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warning ratio");
    assertThatThrownBy(() -> SlaSettings.builder().warningRatio(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warning ratio");
  }

  @Test
  void badEngineBuilderSettingsNameTheSetting() {
    assertThatThrownBy(() -> dev.itsm.api.ItsmEngine.builder().deliveryRetryInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delivery retry interval");
    assertThatThrownBy(() -> dev.itsm.api.ItsmEngine.builder().deliveryRetryInterval(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("deliveryRetryInterval");
    assertThatThrownBy(() -> dev.itsm.api.ItsmEngine.builder().jobLockTime(Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job lock time must be at least one second");
    assertThatThrownBy(() -> dev.itsm.api.ItsmEngine.builder().jdbcPoolSize(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool size");
    assertThatThrownBy(() -> dev.itsm.api.ItsmEngine.builder().cmdbGraphPollInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CMDB graph poll interval");
    assertThatThrownBy(() -> dev.itsm.api.ItsmEngine.builder().cmdbGraphPollInterval(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("cmdbGraphPollInterval");
    assertThatThrownBy(() -> dev.itsm.api.ItsmEngine.builder().cmdbGraphCacheLimit(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CMDB graph cache limit");
    assertThatThrownBy(() -> dev.itsm.api.ItsmEngine.builder().sla(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("sla");
    assertThatThrownBy(() -> dev.itsm.api.ItsmEngine.builder().incidents(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("incidents");
  }

  private IncidentTicket resolvedP1() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());
    return incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "done"));
  }
}
