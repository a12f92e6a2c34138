package dev.itsm.api.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Laws of calendar arithmetic, on calendars with lunch breaks, holidays, partial days, a night
 * shift over midnight and DST changes, at instants from 2025 to 2028 (which holds four DST changes
 * per zone).
 */
class BusinessCalendarPropertiesTest {
  private static final long FROM = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
  private static final long TO = Instant.parse("2028-12-31T00:00:00Z").getEpochSecond();

  private static final List<BusinessCalendar> CALENDARS = List.of(
      BusinessCalendar.always(),
      BusinessCalendar.builder("berlin-office", "Europe/Berlin")
          .weekdays("08:00-12:00", "13:00-17:00")
          .range(LocalDate.of(2025, 1, 1), LocalDate.of(2028, 12, 31))
          .holiday(LocalDate.of(2025, 12, 25), "Christmas Day")
          .holiday(LocalDate.of(2025, 12, 24), "Christmas Eve", "12:00-24:00")
          .holiday(LocalDate.of(2026, 5, 1), "Labour Day")
          .exception(LocalDate.of(2026, 3, 28), "Migration Saturday", "01:00-05:00")
          .build(),
      BusinessCalendar.builder("berlin-nights", "Europe/Berlin")
          .hours(DayOfWeek.SATURDAY, "00:00-04:00", "22:00-24:00")
          .hours(DayOfWeek.SUNDAY, "00:00-04:00", "22:00-24:00")
          .build(),
      BusinessCalendar.builder("new-york-desk", "America/New_York")
          .weekdays("07:30-19:15")
          .hours(DayOfWeek.SATURDAY, "10:00-14:00")
          .build());

  @Provide
  Arbitrary<BusinessCalendar> calendars() {
    return Arbitraries.of(CALENDARS);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(FROM, TO).map(Instant::ofEpochSecond);
  }

  @Property(tries = 500)
  void aDeadlineIsNeverBeforeItsStartAndHoldsExactlyTheBusinessTime(@ForAll("calendars") BusinessCalendar c,
      @ForAll("instants") Instant start, @ForAll @LongRange(min = 0, max = 30 * 24 * 3600) long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    Instant due = c.plus(start, d);

    assertThat(due).isAfterOrEqualTo(start);
    assertThat(c.between(start, due)).isEqualTo(d);
  }

  @Property(tries = 500)
  void moreBusinessTimeNeverGivesAnEarlierDeadline(@ForAll("calendars") BusinessCalendar c, @ForAll("instants") Instant start,
      @ForAll @LongRange(min = 0, max = 10 * 24 * 3600) long a, @ForAll @LongRange(min = 0, max = 10 * 24 * 3600) long b) {
    long less = Math.min(a, b);
    long more = Math.max(a, b);

    assertThat(c.plus(start, Duration.ofSeconds(more))).isAfterOrEqualTo(c.plus(start, Duration.ofSeconds(less)));
  }

  @Property(tries = 500)
  void pausingNeverShortensAClock(@ForAll("calendars") BusinessCalendar c, @ForAll("instants") Instant start,
      @ForAll @LongRange(min = 1, max = 10 * 24 * 3600) long target, @ForAll @IntRange(min = 0, max = 100) int pausedAtPercent,
      @ForAll @LongRange(min = 0, max = 20 * 24 * 3600) long pauseSeconds) {
    Duration d = Duration.ofSeconds(target);
    Instant due = c.plus(start, d);
    Instant pausedAt = start.plusMillis(Duration.between(start, due).toMillis() * pausedAtPercent / 100);
    Duration counted = c.between(start, pausedAt);
    Instant resumedAt = pausedAt.plusSeconds(pauseSeconds);

    Instant dueAfterPause = c.plus(resumedAt, d.minus(counted));

    assertThat(dueAfterPause).isAfterOrEqualTo(due);
  }

  @Property(tries = 500)
  void subtractingWhatWasAddedGivesTheStartOrTheOpeningAfterIt(@ForAll("calendars") BusinessCalendar c,
      @ForAll("instants") Instant start, @ForAll @LongRange(min = 1, max = 30 * 24 * 3600) long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    Instant due = c.plus(start, d);
    Instant back = c.minus(due, d);

    assertThat(back).isAfterOrEqualTo(start);
    assertThat(c.between(start, back)).as("nothing is worked between the start and the instant found").isZero();
    assertThat(c.plus(back, d)).isEqualTo(due);
    if (c.isWorking(start)) {
      assertThat(back).isEqualTo(start);
    }
  }

  @Property(tries = 300)
  void workingTimeAddsUpOverConsecutiveSpans(@ForAll("calendars") BusinessCalendar c, @ForAll("instants") Instant a,
      @ForAll @LongRange(min = 0, max = 40 * 24 * 3600) long ab, @ForAll @LongRange(min = 0, max = 40 * 24 * 3600) long bc) {
    Instant b = a.plusSeconds(ab);
    Instant end = b.plusSeconds(bc);

    assertThat(c.between(a, b).plus(c.between(b, end))).isEqualTo(c.between(a, end));
    assertThat(c.between(a, end)).isLessThanOrEqualTo(Duration.between(a, end));
  }

  @Property(tries = 200)
  void aDeadlineIsWhereMinuteByMinuteCountingEnds(@ForAll("calendars") BusinessCalendar c, @ForAll("instants") Instant start,
      @ForAll @IntRange(min = 0, max = 3 * 24 * 60) int minutes) {
    Instant aligned = Instant.ofEpochSecond(start.getEpochSecond() / 60 * 60);

    assertThat(c.plus(aligned, Duration.ofMinutes(minutes))).isEqualTo(stepping(c, aligned, minutes));
  }

  /** The naive way: a minute at a time, counting the minutes that start in working time. */
  static Instant stepping(BusinessCalendar c, Instant start, int minutes) {
    Instant t = start;
    int left = minutes;
    while (left > 0) {
      if (c.isWorking(t)) {
        left--;
      }
      t = t.plusSeconds(60);
    }
    return t;
  }
}
