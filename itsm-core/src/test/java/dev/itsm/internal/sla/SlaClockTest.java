package dev.itsm.internal.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.api.sla.RecomputePolicy;
import dev.itsm.api.sla.SlaEvent;
import dev.itsm.api.sla.SlaExplanation;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The arithmetic of an SLA clock from its timeline: elapsed, paused, deadline, warning point, late records. */
class SlaClockTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");   // a Monday
  private static final BusinessCalendar OFFICE = BusinessCalendar.builder("office", "UTC")
      .weekdays("08:00-12:00", "13:00-17:00").build();
  private static final Map<String, BusinessCalendar> CALENDARS = Map.of("24x7", BusinessCalendar.always(), "office", OFFICE);

  private static SlaClock.Terms terms(String definition, Duration target, String calendar) {
    return new SlaClock.Terms(Agreement.SLA, "", definition, 1, "RESOLUTION", target, calendar, java.util.List.of(75));
  }

  private static SlaClock clock(Duration target, String calendar) {
    return SlaClock.start(UUID.randomUUID(), "default", terms("d", target, calendar), T0, "test", CALENDARS::get);
  }

  private static SlaClock fourHours() {
    return clock(Duration.ofHours(4), "24x7");
  }

  private static Instant at(long minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  @Test
  void aRunningClockHasItsDeadlineAndWarningPointFromTheTarget() {
    SlaClock clock = fourHours();
    assertThat(clock.deadline()).isEqualTo(at(240));
    assertThat(clock.warningAt()).isEqualTo(at(180));
    SlaStatus status = clock.status(at(30));
    assertThat(status.state()).isEqualTo(SlaState.RUNNING);
    assertThat(status.elapsed()).isEqualTo(Duration.ofMinutes(30));
    assertThat(status.remaining()).isEqualTo(Duration.ofMinutes(210));
  }

  @Test
  void pausesDoNotCountAndMoveTheDeadlineByExactlyTheirLength() {
    SlaClock clock = fourHours();
    clock.pause(at(60), "state ON_HOLD", "a");
    assertThat(clock.deadline()).isNull();
    assertThat(clock.status(at(100)).state()).isEqualTo(SlaState.PAUSED);
    assertThat(clock.status(at(100)).elapsed()).isEqualTo(Duration.ofMinutes(60));
    assertThat(clock.status(at(100)).pausedTotal()).isEqualTo(Duration.ofMinutes(40));
    clock.resume(at(100), "a");
    clock.pause(at(110), "state ON_HOLD", "a");
    clock.resume(at(125), "a");
    assertThat(clock.deadline()).isEqualTo(at(240 + 40 + 15));
    assertThat(clock.warningAt()).isEqualTo(at(180 + 55));
    assertThat(clock.status(at(200)).elapsed()).isEqualTo(Duration.ofMinutes(200 - 55));
  }

  @Test
  void pausingTwiceOrResumingARunningClockChangesNothing() {
    SlaClock clock = fourHours();
    clock.resume(at(10), "a");
    clock.pause(at(20), "x", "a");
    clock.pause(at(30), "y", "a");
    clock.resume(at(50), "a");
    assertThat(clock.status(at(50)).pausedTotal()).isEqualTo(Duration.ofMinutes(30));
    assertThat(clock.events()).extracting(SlaEvent::type)
        .containsExactly(SlaEvent.Type.START, SlaEvent.Type.PAUSE, SlaEvent.Type.RESUME);
  }

  @Test
  void stoppingInTimeIsMetAndAfterTheDeadlineRecordsTheMissedThresholdsAsOfWhenTheyPassed() {
    SlaClock met = fourHours();
    assertThat(met.stop(at(100), "ticket RESOLVED", "a").percents()).isEmpty();
    assertThat(met.status(at(500)).state()).isEqualTo(SlaState.MET);
    assertThat(met.status(at(500)).elapsed()).isEqualTo(Duration.ofMinutes(100));

    SlaClock late = fourHours();
    late.pause(at(10), "x", "a");
    late.resume(at(30), "a");
    SlaClock.LateRecords records = late.stop(at(300), "ticket RESOLVED", "a");
    assertThat(records.percents()).containsExactly(75, 100);
    assertThat(late.warnedAt()).isEqualTo(at(200));
    assertThat(late.breachedAt()).isEqualTo(at(260));
    assertThat(late.status(at(300)).state()).isEqualTo(SlaState.BREACHED);
  }

  @Test
  void cancellingAPausedClockKeepsThePauseOut() {
    SlaClock clock = fourHours();
    clock.pause(at(60), "x", "a");
    clock.cancel(at(500), "ticket CANCELLED", "a");
    assertThat(clock.status(at(600)).elapsed()).isEqualTo(Duration.ofMinutes(60));
    assertThat(clock.status(at(600)).state()).isEqualTo(SlaState.CANCELLED);
    assertThat(clock.isCancelled()).isTrue();
  }

  @Test
  void restartingAStoppedClockLeavesTheStoppedTimeOut() {
    SlaClock clock = fourHours();
    clock.stop(at(60), "ticket RESOLVED", "a");
    clock.restart(at(180), "a");
    assertThat(clock.isRunning()).isTrue();
    assertThat(clock.deadline()).isEqualTo(at(240 + 120));
    assertThat(clock.status(at(200)).elapsed()).isEqualTo(Duration.ofMinutes(80));
    assertThat(clock.status(at(200)).pausedTotal()).isEqualTo(Duration.ofMinutes(120));
  }

  @Test
  void aNewTargetFromTheStartKeepsEveryPause() {
    SlaClock clock = fourHours();
    clock.pause(at(10), "x", "a");
    clock.resume(at(20), "a");
    clock.retarget(at(30), terms("d2", Duration.ofHours(8), "24x7"), RecomputePolicy.FROM_START, "priority", "a");
    assertThat(clock.deadline()).isEqualTo(at(480 + 10));
    assertThat(clock.warningAt()).isEqualTo(at(360 + 10));
    assertThat(clock.target()).isEqualTo(Duration.ofHours(8));
    assertThat(clock.definitionCode()).isEqualTo("d2");
  }

  @Test
  void aNewTargetFromNowCountsOnlyWhatComesAfterTheChange() {
    SlaClock clock = fourHours();
    clock.pause(at(10), "x", "a");
    clock.resume(at(20), "a");
    clock.retarget(at(100), terms("d2", Duration.ofHours(1), "24x7"), RecomputePolicy.FROM_NOW, "priority", "a");
    assertThat(clock.deadline()).isEqualTo(at(160));
    assertThat(clock.status(at(130)).elapsed()).isEqualTo(Duration.ofMinutes(30));
    assertThat(clock.status(at(130)).pausedTotal()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void onACalendarOnlyWorkingTimeCountsAndAPauseMovesTheDeadlineByTheWorkingTimeInIt() {
    SlaClock clock = clock(Duration.ofHours(6), "office");   // Monday 08:00 + 6 business hours = 15:00
    assertThat(clock.deadline()).isEqualTo(Instant.parse("2026-03-02T15:00:00Z"));
    clock.pause(Instant.parse("2026-03-02T11:30:00Z"), "x", "a");
    clock.resume(Instant.parse("2026-03-02T13:30:00Z"), "a");   // 11:30-12:00 and 13:00-13:30 were working time
    assertThat(clock.deadline()).isEqualTo(Instant.parse("2026-03-02T16:00:00Z"));
    // changing the calendar from the start measures the same timeline on 24x7: 3.5 h + 1.5 h counted by 15:00
    clock.retarget(Instant.parse("2026-03-02T15:00:00Z"), terms("d", Duration.ofHours(6), "24x7"),
        RecomputePolicy.FROM_START, "calendar", "a");
    assertThat(clock.status(Instant.parse("2026-03-02T15:00:00Z")).elapsed()).isEqualTo(Duration.ofMinutes(3 * 60 + 30 + 90));
    assertThat(clock.deadline()).isEqualTo(Instant.parse("2026-03-02T16:00:00Z"));
  }

  @Test
  void theExplanationShowsTimelineIntervalsAndDeadlineArithmetic() {
    SlaClock clock = clock(Duration.ofHours(6), "office");
    clock.pause(Instant.parse("2026-03-02T11:30:00Z"), "state ON_HOLD: AWAITING_CALLER", "a");
    clock.resume(Instant.parse("2026-03-02T13:30:00Z"), "a");
    SlaExplanation e = clock.explain(Instant.parse("2026-03-02T14:00:00Z"));
    assertThat(e.timeline()).extracting(SlaEvent::type)
        .containsExactly(SlaEvent.Type.START, SlaEvent.Type.PAUSE, SlaEvent.Type.RESUME);
    assertThat(e.counted()).extracting(SlaExplanation.Interval::business)
        .containsExactly(Duration.ofMinutes(210), Duration.ofMinutes(30));
    assertThat(e.counted().get(1).open()).isTrue();
    assertThat(e.status().elapsed()).isEqualTo(Duration.ofHours(4));
    assertThat(e.arithmetic()).anySatisfy(line -> assertThat(line)
        .isEqualTo("deadline = calendar office plus 2h30min (target 6h - 3h30min counted before) from "
            + "2026-03-02T13:30:00Z = 2026-03-02T16:00:00Z"));
  }

  @Test
  void pendingThresholdsComeInOrderAndAreRecordedOncePerCountingPeriod() {
    SlaClock clock = SlaClock.start(UUID.randomUUID(), "default", new SlaClock.Terms(Agreement.SLA, "", "d", 1,
        "RESOLUTION", Duration.ofHours(4), "24x7", java.util.List.of(150, 75, 50)), T0, "test", CALENDARS::get);
    assertThat(clock.thresholds()).containsExactly(50, 75, 100, 150);
    assertThat(clock.pending(at(0))).containsExactly(new SlaClock.Due(50, at(120)), new SlaClock.Due(75, at(180)),
        new SlaClock.Due(100, at(240)), new SlaClock.Due(150, at(360)));
    assertThat(clock.recordThreshold(50, at(120), null, "a")).isTrue();
    assertThat(clock.recordThreshold(50, at(121), null, "a")).isFalse();
    assertThat(clock.recordThreshold(75, at(180), null, "a")).isTrue();
    assertThat(clock.recordThreshold(100, at(240), null, "a")).isTrue();
    assertThat(clock.warnedAt()).isEqualTo(at(120));
    assertThat(clock.breachedAt()).isEqualTo(at(240));
    assertThat(clock.pending(at(241))).containsExactly(new SlaClock.Due(150, at(360)));
    assertThat(clock.status(at(241)).state()).isEqualTo(SlaState.BREACHED);
    assertThat(clock.status(at(241)).remaining()).isEqualTo(Duration.ofMinutes(-1));
    // a pause moves what is still pending; a reset begins a new period with every threshold pending again
    clock.pause(at(250), "x", "a");
    assertThat(clock.pending(at(260))).isEmpty();
    clock.resume(at(270), "a");
    assertThat(clock.pending(at(270))).containsExactly(new SlaClock.Due(150, at(380)));
    clock.retarget(at(300), new SlaClock.Terms(Agreement.SLA, "", "d", 2, "RESOLUTION", Duration.ofHours(2), "24x7",
        java.util.List.of(50, 75, 150)), RecomputePolicy.FROM_NOW, "reset", "a");
    assertThat(clock.breachedAt()).isEqualTo(at(240));   // the first breach stays on record
    assertThat(clock.pending(at(300))).extracting(SlaClock.Due::percent).containsExactly(50, 75, 100, 150);
    assertThat(clock.recordThreshold(100, at(420), null, "a")).isTrue();
  }
}
