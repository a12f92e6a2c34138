package dev.itsm.internal.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The arithmetic of an SLA clock: elapsed, paused, deadline and warning point, late records. */
class SlaClockTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  private static SlaClock fourHours() {
    return SlaClock.start(UUID.randomUUID(), "default", SlaKind.RESOLUTION, Duration.ofHours(4), 0.75, T0);
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
    clock.pause(at(60));
    assertThat(clock.deadline()).isNull();
    assertThat(clock.status(at(100)).state()).isEqualTo(SlaState.PAUSED);
    assertThat(clock.status(at(100)).elapsed()).isEqualTo(Duration.ofMinutes(60));
    assertThat(clock.status(at(100)).pausedTotal()).isEqualTo(Duration.ofMinutes(40));
    clock.resume(at(100));
    clock.pause(at(110));
    clock.resume(at(125));
    assertThat(clock.deadline()).isEqualTo(at(240 + 40 + 15));
    assertThat(clock.warningAt()).isEqualTo(at(180 + 55));
    assertThat(clock.status(at(200)).elapsed()).isEqualTo(Duration.ofMinutes(200 - 55));
  }

  @Test
  void pausingTwiceOrResumingARunningClockChangesNothing() {
    SlaClock clock = fourHours();
    clock.resume(at(10));
    clock.pause(at(20));
    clock.pause(at(30));
    clock.resume(at(50));
    assertThat(clock.status(at(50)).pausedTotal()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void stoppingInTimeIsMetAndAfterTheDeadlineRecordsTheMissedThresholdsAsOfWhenTheyPassed() {
    SlaClock met = fourHours();
    assertThat(met.stop(at(100), SlaClock.STOP_MET)).isEqualTo(new SlaClock.LateRecords(false, false));
    assertThat(met.status(at(500)).state()).isEqualTo(SlaState.MET);
    assertThat(met.status(at(500)).elapsed()).isEqualTo(Duration.ofMinutes(100));

    SlaClock late = fourHours();
    late.pause(at(10));
    late.resume(at(30));
    SlaClock.LateRecords records = late.stop(at(300), SlaClock.STOP_MET);
    assertThat(records).isEqualTo(new SlaClock.LateRecords(true, true));
    assertThat(late.warnedAt()).isEqualTo(at(200));
    assertThat(late.breachedAt()).isEqualTo(at(260));
    assertThat(late.status(at(300)).state()).isEqualTo(SlaState.BREACHED);
  }

  @Test
  void stoppingAPausedClockKeepsThePauseOut() {
    SlaClock clock = fourHours();
    clock.pause(at(60));
    clock.stop(at(500), SlaClock.STOP_CANCELLED);
    assertThat(clock.status(at(600)).elapsed()).isEqualTo(Duration.ofMinutes(60));
    assertThat(clock.status(at(600)).state()).isEqualTo(SlaState.CANCELLED);
  }

  @Test
  void restartingAStoppedClockLeavesTheStoppedTimeOut() {
    SlaClock clock = fourHours();
    clock.stop(at(60), SlaClock.STOP_MET);
    clock.resume(at(180));
    assertThat(clock.isRunning()).isTrue();
    assertThat(clock.deadline()).isEqualTo(at(240 + 120));
    assertThat(clock.status(at(200)).elapsed()).isEqualTo(Duration.ofMinutes(80));
  }

  @Test
  void aNewTargetMovesDeadlineAndWarningPoint() {
    SlaClock clock = fourHours();
    clock.pause(at(10));
    clock.resume(at(20));
    clock.retarget(Duration.ofHours(8));
    assertThat(clock.deadline()).isEqualTo(at(480 + 10));
    assertThat(clock.warningAt()).isEqualTo(at(360 + 10));
    assertThat(clock.target()).isEqualTo(Duration.ofHours(8));
  }

  @Test
  void thresholdsAreRecordedOnce() {
    SlaClock clock = fourHours();
    assertThat(clock.recordWarning(at(180))).isTrue();
    assertThat(clock.recordWarning(at(181))).isFalse();
    assertThat(clock.recordBreach(at(240))).isTrue();
    assertThat(clock.recordBreach(at(241))).isFalse();
    assertThat(clock.warnedAt()).isEqualTo(at(180));
    assertThat(clock.breachedAt()).isEqualTo(at(240));
    assertThat(clock.status(at(241)).state()).isEqualTo(SlaState.BREACHED);
    assertThat(clock.status(at(241)).remaining()).isEqualTo(Duration.ofMinutes(-1));
  }
}
