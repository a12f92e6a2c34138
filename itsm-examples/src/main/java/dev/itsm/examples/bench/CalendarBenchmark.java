package dev.itsm.examples.bench;

import dev.itsm.api.sla.BusinessCalendar;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Deadlines on a business calendar with ten years of holidays: {@link BusinessCalendar#plus} against
 * naive stepping a minute at a time (asking {@link BusinessCalendar#isWorking} of each minute), on the
 * same starts and targets in one run; see docs/benchmarks.md.
 *
 * <pre>
 * mvn -q -pl itsm-examples -am compile exec:java -Dexec.mainClass=dev.itsm.examples.bench.CalendarBenchmark
 * </pre>
 *
 * Options: {@code --deadlines} how many (default 2000; the naive path gets every tenth of them, as it
 * is slow), {@code --seed} (default 42).
 */
public final class CalendarBenchmark {
  /** Business-time targets drawn from: the incident defaults from a P1 response to a P5 resolution. */
  private static final Duration[] TARGETS = {Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(2),
      Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(24), Duration.ofHours(72), Duration.ofHours(120)};

  private CalendarBenchmark() {}

  public static void main(String[] args) {
    int deadlines = 2000;
    long seed = 42;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--deadlines" -> deadlines = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; options: --deadlines <n> --seed <n>");
      }
    }
    BusinessCalendar calendar = tenYears();
    System.out.printf(Locale.ROOT, "Calendar benchmark, %s; JVM %s%n", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC),
        System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "calendar %s: weekdays 08:00-12:00 and 13:00-17:00, %d holidays and exceptions from %s to %s%n",
        calendar.zone(), calendar.days().size(), calendar.from(), calendar.until());
    Random random = new Random(seed);
    Instant[] starts = new Instant[deadlines];
    Duration[] targets = new Duration[deadlines];
    long first = calendar.from().atStartOfDay(calendar.zone()).toEpochSecond();
    long last = calendar.until().minusDays(30).atStartOfDay(calendar.zone()).toEpochSecond();
    for (int i = 0; i < deadlines; i++) {
      starts[i] = Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)) / 60 * 60);
      targets[i] = TARGETS[random.nextInt(TARGETS.length)];
    }
    int naiveCount = Math.max(1, deadlines / 10);
    // warm both paths (compiled code), not measured
    for (int i = 0; i < Math.min(deadlines, 2000); i++) {
      calendar.plus(starts[i], targets[i]);
    }
    for (int i = 0; i < Math.min(naiveCount, 50); i++) {
      naive(calendar, starts[i], targets[i]);
    }
    double[] library = new double[deadlines];
    double[] naive = new double[naiveCount];
    int differing = 0;
    for (int i = 0; i < deadlines; i++) {
      long t0 = System.nanoTime();
      Instant due = calendar.plus(starts[i], targets[i]);
      library[i] = (System.nanoTime() - t0) / 1e3;
      if (i < naiveCount) {
        t0 = System.nanoTime();
        Instant stepped = naive(calendar, starts[i], targets[i]);
        naive[i] = (System.nanoTime() - t0) / 1e3;
        if (!stepped.equals(due)) {
          differing++;
        }
      }
    }
    double libraryMean = Arrays.stream(library).average().orElse(0);
    double naiveMean = Arrays.stream(naive).average().orElse(0);
    Arrays.sort(library);
    Arrays.sort(naive);
    System.out.printf(Locale.ROOT, "DEADLINES library: %d, mean %.1f us, p50 %.1f us, p99 %.1f us%n", deadlines, libraryMean,
        pct(library, 50), pct(library, 99));
    System.out.printf(Locale.ROOT, "DEADLINES naive minute stepping: %d, mean %.1f us, p50 %.1f us, p99 %.1f us%n", naiveCount,
        naiveMean, pct(naive, 50), pct(naive, 99));
    System.out.printf(Locale.ROOT, "SPEED-UP (naive / library): mean %.0fx, p50 %.0fx (goal >= 100x); deadlines differing: %d%n",
        naiveMean / libraryMean, pct(naive, 50) / pct(library, 50), differing);
  }

  /** Ten years of a European office: fixed and moving holidays, a half day on Christmas Eve, a worked Saturday a year. */
  static BusinessCalendar tenYears() {
    BusinessCalendar.Builder b = BusinessCalendar.builder("emea-office", "Europe/Berlin")
        .weekdays("08:00-12:00", "13:00-17:00")
        .range(LocalDate.of(2026, 1, 1), LocalDate.of(2035, 12, 31));
    MonthDay[] fixed = {MonthDay.of(1, 1), MonthDay.of(5, 1), MonthDay.of(10, 3), MonthDay.of(12, 25), MonthDay.of(12, 26)};
    for (int year = 2026; year <= 2035; year++) {
      java.util.Set<LocalDate> taken = new java.util.HashSet<>();
      for (MonthDay day : fixed) {
        taken.add(day.atYear(year));
        b.holiday(day.atYear(year), "Holiday " + day);
      }
      b.holiday(LocalDate.of(year, 12, 24), "Christmas Eve", "12:00-24:00");
      LocalDate easter = easter(year);
      for (LocalDate moving : new LocalDate[] {easter.minusDays(2), easter.plusDays(1), easter.plusDays(39), easter.plusDays(50)}) {
        if (taken.add(moving)) {   // a moving feast may fall on a fixed holiday
          b.holiday(moving, "Holiday " + moving);
        }
      }
      LocalDate saturday = LocalDate.of(year, 11, 1);
      while (saturday.getDayOfWeek() != DayOfWeek.SATURDAY) {
        saturday = saturday.plusDays(1);
      }
      b.exception(saturday, "Inventory Saturday", "09:00-13:00");
    }
    return b.build();
  }

  /** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm). */
  private static LocalDate easter(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - b / 4 - g + 15) % 30;
    int l = (32 + 2 * (b % 4) + 2 * (c / 4) - h - c % 4) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int n = h + l - 7 * m + 114;
    return LocalDate.of(year, n / 31, n % 31 + 1);
  }

  /** What a host would write without the calendar's arithmetic: a minute at a time. */
  private static Instant naive(BusinessCalendar calendar, Instant start, Duration target) {
    Instant t = start;
    long left = target.toMinutes();
    while (left > 0) {
      if (calendar.isWorking(t)) {
        left--;
      }
      t = t.plusSeconds(60);
    }
    return t;
  }

  private static double pct(double[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
