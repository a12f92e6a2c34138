package dev.itsm.api.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.InvalidValueException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Business calendars as a host defines and uses them: hours, holidays, exceptions, time zones. */
class BusinessCalendarTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static Instant berlin(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
  }

  private static BusinessCalendar office() {
    return BusinessCalendar.builder("emea-office", "Europe/Berlin")
        .weekdays("08:00-12:00", "13:00-17:00")
        .range(LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31))
        .holiday(LocalDate.of(2026, 12, 25), "Christmas Day")
        .holiday(LocalDate.of(2026, 12, 24), "Christmas Eve", "12:00-24:00")
        .exception(LocalDate.of(2026, 12, 19), "Year-end Saturday", "09:00-13:00")
        .build();
  }

  @Test
  void aDeadlineSkipsNightsWeekendsAndTheLunchBreak() {
    BusinessCalendar office = office();

    // Friday 16:00 + 2 h: one hour on Friday, one on Monday morning
    assertThat(office.plus(berlin("2026-11-27T16:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-11-30T09:00"));
    // 11:30 + 1 h: half an hour before lunch, half an hour after
    assertThat(office.plus(berlin("2026-11-30T11:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-11-30T13:30"));
    // started at night: counts from the next opening
    assertThat(office.plus(berlin("2026-11-30T03:00"), Duration.ofMinutes(30))).isEqualTo(berlin("2026-11-30T08:30"));
  }

  @Test
  void aTargetMetExactlyAtClosingIsDueAtClosingNotAtTheNextOpening() {
    assertThat(office().plus(berlin("2026-11-30T16:00"), Duration.ofHours(1))).isEqualTo(berlin("2026-11-30T17:00"));
  }

  @Test
  void holidaysCloseWhollyOrInPartAndExceptionsOpenADay() {
    BusinessCalendar office = office();

    // Thursday 24 December: open 08:00-12:00 only; Friday 25: closed; Monday 28 next
    assertThat(office.hoursOn(LocalDate.of(2026, 12, 24))).containsExactly("08:00-12:00");
    assertThat(office.hoursOn(LocalDate.of(2026, 12, 25))).isEmpty();
    assertThat(office.plus(berlin("2026-12-24T11:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-12-28T09:00"));
    // Saturday 19 December is worked 09:00-13:00
    assertThat(office.plus(berlin("2026-12-18T16:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-12-19T09:30"));
    assertThat(office.days()).extracting(BusinessCalendar.Day::name)
        .containsExactly("Year-end Saturday", "Christmas Eve", "Christmas Day");
    assertThat(office.days().get(1).closed()).containsExactly("12:00-24:00");
  }

  @Test
  void workingTimeBetweenTwoInstantsAndTheStartNeededForADeadline() {
    BusinessCalendar office = office();

    assertThat(office.between(berlin("2026-11-27T16:00"), berlin("2026-11-30T09:00"))).isEqualTo(Duration.ofHours(2));
    assertThat(office.minus(berlin("2026-11-30T09:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-11-27T16:00"));
    assertThat(office.isWorking(berlin("2026-11-30T12:30"))).isFalse();
    assertThat(office.isWorking(berlin("2026-11-30T13:00"))).isTrue();
    assertThat(office.isWorking(berlin("2026-11-30T17:00"))).as("an interval excludes its end").isFalse();
  }

  @Test
  void theDayClocksGoForwardHas23HoursAndTheDayTheyGoBack25() {
    BusinessCalendar allDay = BusinessCalendar.builder("berlin-24x7", "Europe/Berlin")
        .weekdays("00:00-24:00").hours(DayOfWeek.SATURDAY, "00:00-24:00").hours(DayOfWeek.SUNDAY, "00:00-24:00").build();

    assertThat(allDay.between(berlin("2026-03-29T00:00"), berlin("2026-03-30T00:00"))).isEqualTo(Duration.ofHours(23));
    assertThat(allDay.between(berlin("2026-10-25T00:00"), berlin("2026-10-26T00:00"))).isEqualTo(Duration.ofHours(25));
    assertThat(allDay.plus(berlin("2026-03-29T01:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-03-29T03:30"));
  }

  @Test
  void anIntervalAcrossTheSkippedHourIsOneHourShorter() {
    BusinessCalendar night = BusinessCalendar.builder("night-shift", "Europe/Berlin")
        .hours(DayOfWeek.SUNDAY, "01:00-04:00").build();

    // Sunday 29 March 2026: 02:00 becomes 03:00
    assertThat(night.between(berlin("2026-03-29T00:00"), berlin("2026-03-29T05:00"))).isEqualTo(Duration.ofHours(2));
    // Sunday 25 October 2026: 02:00-03:00 happens twice
    assertThat(night.between(berlin("2026-10-25T00:00"), berlin("2026-10-25T05:00"))).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void theDefaultCalendarCountsEveryMinute() {
    BusinessCalendar always = BusinessCalendar.always();
    Instant start = Instant.parse("2026-12-31T23:00:00Z");

    assertThat(always.name()).isEqualTo("24x7");
    assertThat(always.plus(start, Duration.ofHours(5))).isEqualTo(Instant.parse("2027-01-01T04:00:00Z"));
    assertThat(always.between(start, Instant.parse("2027-01-02T23:00:00Z"))).isEqualTo(Duration.ofDays(2));
    assertThat(always.hours(DayOfWeek.SUNDAY)).containsExactly("00:00-24:00");
  }

  @Test
  void touchingIntervalsAreOneAndAreListedInOrder() {
    BusinessCalendar c = BusinessCalendar.builder("c", "UTC").hours(DayOfWeek.MONDAY, "13:00-17:00", "08:00-13:00").build();

    assertThat(c.hours(DayOfWeek.MONDAY)).containsExactly("08:00-17:00");
    assertThat(c.hours(DayOfWeek.TUESDAY)).isEmpty();
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void overlappingIntervalsAreRefusedNamingTheInterval() {
    assertThatThrownBy(() -> BusinessCalendar.builder("c", "UTC").hours(DayOfWeek.MONDAY, "08:00-12:00", "11:00-13:00").build())
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("hours.MONDAY[1]"))
        .hasMessageContaining("11:00-13:00 overlaps 08:00-12:00");
  }

  @Test
  void invertedMalformedAndOutOfDayIntervalsAreRefused() {
    assertThatThrownBy(() -> BusinessCalendar.builder("c", "UTC").weekdays("12:00-08:00").build())
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("hours.MONDAY[0]"))
        .hasMessageContaining("to end after it starts");
    assertThatThrownBy(() -> BusinessCalendar.builder("c", "UTC").weekdays("8-12").build())
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("HH:mm-HH:mm");
    assertThatThrownBy(() -> BusinessCalendar.builder("c", "UTC").weekdays("08:00-24:30").build())
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("00:00 to 24:00");
    assertThatThrownBy(() -> BusinessCalendar.builder("c", "UTC").weekdays((String) null).build())
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void anUnknownTimeZoneIsRefused() {
    assertThatThrownBy(() -> BusinessCalendar.builder("c", "Mars/Olympus_Mons"))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("zone"))
        .hasMessageContaining("'Mars/Olympus_Mons'");
  }

  @Test
  void aHolidayOutsideTheRangeOrTwiceOnADateIsRefused() {
    var outside = BusinessCalendar.builder("c", "UTC").weekdays("08:00-17:00")
        .range(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31))
        .holiday(LocalDate.of(2026, 5, 1), "Labour Day")
        .holiday(LocalDate.of(2027, 1, 1), "New Year");
    assertThatThrownBy(outside::build)
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("days[1].date"))
        .hasMessageContaining("2027-01-01").hasMessageContaining("outside");

    var twice = BusinessCalendar.builder("c", "UTC").weekdays("08:00-17:00")
        .holiday(LocalDate.of(2026, 5, 1), "Labour Day").exception(LocalDate.of(2026, 5, 1), "Open day", "09:00-12:00");
    assertThatThrownBy(twice::build).isInstanceOf(InvalidValueException.class).hasMessageContaining("one entry per date");

    var inverted = BusinessCalendar.builder("c", "UTC").weekdays("08:00-17:00")
        .range(LocalDate.of(2026, 12, 31), LocalDate.of(2026, 1, 1));
    assertThatThrownBy(inverted::build)
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("until"));
  }

  @Test
  void aCalendarWithoutWorkingTimeIsRefused() {
    assertThatThrownBy(() -> BusinessCalendar.builder("c", "UTC").build())
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("hours"));
    assertThatThrownBy(() -> BusinessCalendar.builder(" ", "UTC"))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("name"));
  }

  @Test
  void aNegativeOrEndlessBusinessTimeAndAnInvertedSpanAreRefused() {
    BusinessCalendar office = office();
    Instant t = berlin("2026-11-30T09:00");

    assertThatThrownBy(() -> office.plus(t, Duration.ofMinutes(-1)))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("businessTime"));
    assertThatThrownBy(() -> office.minus(t, Duration.ofDays(3651))).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> office.between(t, t.minusSeconds(1)))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("to"));
  }
}
