package dev.itsm.internal.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.api.sla.RecomputePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Laws of clocks as timelines, over random timelines of pauses and resumes on an office calendar
 * with DST changes: pausing never shortens, elapsed plus remaining is the target, replaying gives
 * what was recorded, and a retarget from the start keeps every pause.
 */
class SlaClockPropertiesTest {
  private static final Instant T0 = Instant.parse("2026-03-23T06:00:00Z");   // a week with the switch to summer time
  private static final Map<String, BusinessCalendar> CALENDARS = Map.of(
      "24x7", BusinessCalendar.always(),
      "office", BusinessCalendar.builder("office", "Europe/Berlin").weekdays("08:00-12:00", "13:00-17:00").build());

  /** Minutes after T0 at which the clock pauses and resumes, alternately, ascending. */
  record Timeline(String calendar, long targetMinutes, List<Integer> toggles) {}

  @Provide
  Arbitrary<Timeline> timelines() {
    return Combinators.combine(Arbitraries.of("24x7", "office"), Arbitraries.longs().between(1, 5000),
        Arbitraries.integers().between(1, 20_000).list().ofMaxSize(12).map(l -> l.stream().distinct().sorted().toList()))
        .as(Timeline::new);
  }

  private static SlaClock replay(Timeline t, int extraPauseAt, int extraPauseMinutes) {
    SlaClock clock = SlaClock.start(UUID.randomUUID(), "default", new SlaClock.Terms(Agreement.SLA, "", "d", 1,
        "RESOLUTION", Duration.ofMinutes(t.targetMinutes()), t.calendar(), List.of(75)), T0, "a", CALENDARS::get);
    boolean running = true;
    int last = 0;
    for (int minute : t.toggles()) {
      if (extraPauseAt > last && running && minute > extraPauseAt) {
        // an extra pause inserted while running, between the events around it
        clock.pause(at(extraPauseAt), "extra", "a");
        clock.resume(at(Math.min(minute, extraPauseAt + extraPauseMinutes)), "a");
        extraPauseAt = -1;
      }
      last = minute;
      if (running) {
        clock.pause(at(minute), "state ON_HOLD", "a");
      } else {
        clock.resume(at(minute), "a");
      }
      running = !running;
    }
    if (extraPauseAt > last && running) {
      clock.pause(at(extraPauseAt), "extra", "a");
      clock.resume(at(extraPauseAt + extraPauseMinutes), "a");
    }
    return clock;
  }

  private static Instant at(long minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  @Property(tries = 300)
  void pausingNeverShortensADeadlineNorAddsElapsedTime(@ForAll("timelines") Timeline t,
      @ForAll("minutes") int pauseAt, @ForAll("minutes") int pauseFor) {
    SlaClock plain = replay(t, -1, 0);
    SlaClock paused = replay(t, pauseAt, pauseFor);
    Instant now = at(25_000);
    assertThat(paused.status(now).elapsed()).isLessThanOrEqualTo(plain.status(now).elapsed());
    if (plain.deadline() != null && paused.deadline() != null) {
      assertThat(paused.deadline()).isAfterOrEqualTo(plain.deadline());
    }
  }

  @Provide
  Arbitrary<Integer> minutes() {
    return Arbitraries.integers().between(0, 20_000);
  }

  @Property(tries = 300)
  void elapsedPlusRemainingIsTheTargetAndTheDeadlineIsNeverBeforeTheStart(@ForAll("timelines") Timeline t,
      @ForAll("minutes") int nowMinute) {
    SlaClock clock = replay(t, -1, 0);
    var status = clock.status(at(nowMinute));
    assertThat(status.elapsed().plus(status.remaining())).isEqualTo(Duration.ofMinutes(t.targetMinutes()));
    assertThat(status.elapsed().isNegative()).isFalse();
    if (clock.deadline() != null) {
      assertThat(clock.deadline()).isAfterOrEqualTo(T0);
    }
  }

  @Property(tries = 300)
  void aClockLoadedFromItsStoredTimelineGivesTheSameFigures(@ForAll("timelines") Timeline t,
      @ForAll("minutes") int nowMinute) {
    SlaClock clock = replay(t, -1, 0);
    List<dev.itsm.internal.persistence.SlaEventRow> rows = clock.events().stream().map(e -> {
      var r = new dev.itsm.internal.persistence.SlaEventRow();
      r.seq = e.seq();
      r.eventType = e.type().name();
      r.occurredAt = e.at();
      r.reason = e.reason();
      r.definitionCode = e.definition();
      r.definitionVersion = e.version();
      r.targetMs = e.target() == null ? null : e.target().toMillis();
      r.calendar = e.calendar();
      r.policy = e.policy() == null ? null : e.policy().name();
      r.percent = e.percent();
      return r;
    }).toList();
    var row = new dev.itsm.internal.persistence.SlaClockRow();
    row.kind = "RESOLUTION";
    row.agreement = "SLA";
    row.party = "";
    row.definitionCode = "d";
    row.definitionVersion = 1;
    row.calendar = t.calendar();
    row.targetMs = Duration.ofMinutes(t.targetMinutes()).toMillis();
    row.warningRatio = java.math.BigDecimal.valueOf(0.75);
    row.thresholds = "75,100";
    row.startedAt = T0;
    SlaClock loaded = SlaClock.load(row, rows, CALENDARS::get);
    Instant now = at(nowMinute);
    assertThat(loaded.status(now).elapsed()).isEqualTo(clock.status(now).elapsed());
    assertThat(loaded.pending(now)).isEqualTo(clock.pending(now));
  }

  @Property(tries = 200)
  void aRetargetFromTheStartKeepsEveryPause(@ForAll("timelines") Timeline t, @ForAll("minutes") int changeAt) {
    SlaClock clock = replay(t, -1, 0);
    Instant now = at(Math.max(changeAt, t.toggles().isEmpty() ? 0 : t.toggles().get(t.toggles().size() - 1)));
    Duration pausedBefore = clock.status(now).pausedTotal();
    Duration elapsedBefore = clock.status(now).elapsed();
    clock.retarget(now, new SlaClock.Terms(Agreement.SLA, "", "d2", 1, "RESOLUTION",
        Duration.ofMinutes(t.targetMinutes() + 60), t.calendar(), List.of(75)), RecomputePolicy.FROM_START, "p", "a");
    assertThat(clock.status(now).pausedTotal()).isEqualTo(pausedBefore);
    assertThat(clock.status(now).elapsed()).isEqualTo(elapsedBefore);
  }
}
