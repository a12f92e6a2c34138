package dev.itsm.api.sla;

import dev.itsm.api.InvalidValueException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When work counts: working hours per weekday (several intervals a day) in a time zone, holidays
 * (whole days, or part of a day closed) and exceptional days with their own hours. SLA targets and
 * business-time timers are measured on a calendar; {@link #always()} (24x7) is the default.
 *
 * <p>Hours are local wall-clock times, minute precision, written {@code "08:00-12:30"}; {@code 24:00}
 * ends a day. On a day the clocks change, an interval is as long as the wall clock says: 00:00-24:00
 * is 23 hours on the day summer time starts and 25 hours on the day it ends; a boundary that falls
 * in the skipped hour moves forward by the gap, and one in the repeated hour takes the first (summer
 * time) occurrence.
 *
 * <p>A calendar may state the range its holidays are known for ({@link Builder#range}); a holiday
 * outside it is refused. Outside the range the weekly hours apply.
 *
 * <pre>{@code
 * BusinessCalendar office = BusinessCalendar.builder("emea-office", "Europe/Berlin")
 *     .weekdays("08:00-12:00", "13:00-17:00")
 *     .range(LocalDate.of(2026, 1, 1), LocalDate.of(2035, 12, 31))
 *     .holiday(LocalDate.of(2026, 12, 25), "Christmas Day")
 *     .holiday(LocalDate.of(2026, 12, 24), "Christmas Eve", "12:00-24:00")   // closed in the afternoon
 *     .exception(LocalDate.of(2026, 12, 19), "Year-end Saturday", "09:00-13:00")
 *     .build();
 * Instant due = office.plus(openedAt, Duration.ofHours(8));
 * }</pre>
 *
 * <p>Arithmetic steps a day at a time over the working intervals (holidays are looked up by date),
 * so its cost grows with the number of calendar days spanned, not with minutes or holidays.
 * Immutable and thread-safe. Invalid definitions are refused by {@link Builder#build()} with an
 * {@link InvalidValueException} naming the offending field.
 */
public final class BusinessCalendar {
  /** Name of {@link #always()}. */
  public static final String ALWAYS = "24x7";
  /**
   * Name of the expression bean through which process models compute dates on the engine's
   * calendars: {@code ${itsmCalendars.due('emea-office', 'PT8H')}} (from now) or
   * {@code ${itsmCalendars.due('emea-office', someDate, 'PT8H')}}, for timer {@code timeDate}s.
   */
  public static final String EXPRESSION_BEAN = "itsmCalendars";
  private static final int DAY_MINUTES = 24 * 60;
  private static final int[] WHOLE_DAY = {0, DAY_MINUTES};
  private static final int[] CLOSED = {};
  private static final Pattern RANGE = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
  private static final BusinessCalendar ALWAYS_CALENDAR = new BusinessCalendar(ALWAYS, ZoneOffset.UTC, null, null,
      filled(WHOLE_DAY), Map.of(), List.of());

  private final String name;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final LocalDate from;
  private final LocalDate until;
  /** Per weekday (index 0 = Monday): sorted, merged [start, end) minute pairs. */
  private final int[][] weekly;
  /** Days that differ from their weekday (holidays, exceptions): their own intervals. */
  private final Map<LocalDate, int[]> days;
  private final List<Day> special;

  /**
   * A date that differs from its weekday.
   *
   * @param hours  the working intervals left that day (empty: closed all day)
   * @param closed for a partial holiday, the intervals it closes; empty otherwise
   */
  public record Day(LocalDate date, String name, Kind kind, List<String> hours, List<String> closed) {
    /** Whether the date is a holiday (closed, wholly or in part) or has hours of its own. */
    public enum Kind { HOLIDAY, EXCEPTION }
  }

  private BusinessCalendar(String name, ZoneId zone, LocalDate from, LocalDate until, int[][] weekly,
                           Map<LocalDate, int[]> days, List<Day> special) {
    this.name = name;
    this.zone = zone;
    this.rules = zone.getRules();
    this.from = from;
    this.until = until;
    this.weekly = weekly;
    this.days = days;
    this.special = special;
  }

  /** Every minute of every day counts (24x7, UTC). */
  public static BusinessCalendar always() {
    return ALWAYS_CALENDAR;
  }

  /**
   * A calendar with no working hours yet, in the zone (a region such as {@code Europe/Berlin} or an
   * offset such as {@code +01:00}).
   *
   * @throws InvalidValueException for a blank name ({@code name}) or an unknown zone ({@code zone})
   */
  public static Builder builder(String name, String zone) {
    return new Builder(name, zone);
  }

  public String name() {
    return name;
  }

  public ZoneId zone() {
    return zone;
  }

  /** First day the holidays are known for, or null when the calendar states no range. */
  public LocalDate from() {
    return from;
  }

  /** Last day the holidays are known for, or null. */
  public LocalDate until() {
    return until;
  }

  /** The working intervals of a weekday as written ("08:00-12:00"), merged where they touch. */
  public List<String> hours(DayOfWeek day) {
    return format(weekly[day.ordinal()]);
  }

  /** Holidays and exceptional days, by date. */
  public List<Day> days() {
    return special;
  }

  /** The working intervals of a date, as written: its own if it is a holiday or exception, else its weekday's. */
  public List<String> hoursOn(LocalDate date) {
    return format(intervals(date));
  }

  // ---------------------------------------------------------------- arithmetic

  /** Whether the instant lies in working time (an interval includes its start, not its end). */
  public boolean isWorking(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
    long[] day = bounds(local.toLocalDate());
    long t = millis(instant);
    for (int i = 0; i < day.length; i += 2) {
      if (t >= day[i] && t < day[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The instant at which {@code businessTime} of working time has passed since {@code start}: a
   * deadline. Zero gives {@code start}; a target met exactly at the end of an interval gives that
   * end, not the next start.
   *
   * @throws InvalidValueException if the duration is negative ({@code businessTime})
   */
  public Instant plus(Instant start, Duration businessTime) {
    Objects.requireNonNull(start, "start");
    long left = nonNegative(businessTime);
    if (left == 0) {
      return start;
    }
    long t = millis(start);
    LocalDate date = LocalDateTime.ofInstant(start, zone).toLocalDate().minusDays(1);   // an interval may reach past midnight
    while (true) {
      long[] day = bounds(date);
      for (int i = 0; i < day.length; i += 2) {
        long begin = Math.max(day[i], t);
        long end = day[i + 1];
        if (end <= begin) {
          continue;
        }
        if (end - begin >= left) {
          return instant(begin + left);
        }
        left -= end - begin;
        t = end;
      }
      date = date.plusDays(1);
    }
  }

  /**
   * The latest instant from which {@code businessTime} of working time passes until {@code end}:
   * when work must start to finish by then. Zero gives {@code end}.
   *
   * @throws InvalidValueException if the duration is negative ({@code businessTime})
   */
  public Instant minus(Instant end, Duration businessTime) {
    Objects.requireNonNull(end, "end");
    long left = nonNegative(businessTime);
    if (left == 0) {
      return end;
    }
    long t = millis(end);
    LocalDate date = LocalDateTime.ofInstant(end, zone).toLocalDate().plusDays(1);
    while (true) {
      long[] day = bounds(date);
      for (int i = day.length - 2; i >= 0; i -= 2) {
        long finish = Math.min(day[i + 1], t);
        long begin = day[i];
        if (finish <= begin) {
          continue;
        }
        if (finish - begin >= left) {
          return instant(finish - left);
        }
        left -= finish - begin;
        t = begin;
      }
      date = date.minusDays(1);
    }
  }

  /**
   * Working time between two instants.
   *
   * @throws InvalidValueException if {@code to} is before {@code from} ({@code to})
   */
  public Duration between(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new InvalidValueException("to", "Expected the end of the span at or after its start " + from + ", but it is " + to);
    }
    long a = millis(from);
    long b = millis(to);
    long total = 0;
    LocalDate last = LocalDateTime.ofInstant(to, zone).toLocalDate();
    for (LocalDate date = LocalDateTime.ofInstant(from, zone).toLocalDate().minusDays(1); !date.isAfter(last);
         date = date.plusDays(1)) {
      long[] day = bounds(date);
      for (int i = 0; i < day.length; i += 2) {
        long begin = Math.max(day[i], a);
        long end = Math.min(day[i + 1], b);
        if (end > begin) {
          total += end - begin;
        }
      }
    }
    return Duration.ofMillis(total);
  }

  /** The date's working intervals as epoch milliseconds [start, end) pairs. */
  private long[] bounds(LocalDate date) {
    int[] minutes = intervals(date);
    long[] out = new long[minutes.length];
    for (int i = 0; i < minutes.length; i++) {
      out[i] = epochMillis(date, minutes[i]);
    }
    return out;
  }

  private int[] intervals(LocalDate date) {
    int[] own = days.isEmpty() ? null : days.get(date);
    return own != null ? own : weekly[date.getDayOfWeek().ordinal()];
  }

  private long epochMillis(LocalDate date, int minute) {
    LocalDateTime local = minute == DAY_MINUTES ? date.plusDays(1).atStartOfDay()
        : date.atTime(minute / 60, minute % 60);
    ZoneOffset offset;
    if (rules.isFixedOffset()) {
      offset = rules.getOffset(Instant.EPOCH);
    } else {
      List<ZoneOffset> valid = rules.getValidOffsets(local);
      if (valid.isEmpty()) {   // in a gap: moves forward by the gap
        var transition = rules.getTransition(local);
        local = local.plusSeconds(transition.getDuration().getSeconds());
        offset = transition.getOffsetAfter();
      } else {
        offset = valid.get(0);   // in an overlap: the earlier offset
      }
    }
    return (local.toEpochSecond(offset)) * 1000L;
  }

  private static long millis(Instant instant) {
    return instant.toEpochMilli();
  }

  private static Instant instant(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  private static long nonNegative(Duration d) {
    Objects.requireNonNull(d, "businessTime");
    if (d.isNegative()) {
      throw new InvalidValueException("businessTime", "Expected a business time of zero or more, but it is " + d);
    }
    if (d.compareTo(SlaSettings.MAX_TARGET) > 0) {
      throw new InvalidValueException("businessTime", "Expected a business time of at most "
          + SlaSettings.MAX_TARGET.toDays() + " days, but it is " + d);
    }
    return d.toMillis();
  }

  private static List<String> format(int[] minutes) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < minutes.length; i += 2) {
      out.add(hhmm(minutes[i]) + "-" + hhmm(minutes[i + 1]));
    }
    return Collections.unmodifiableList(out);
  }

  private static String hhmm(int minute) {
    return String.format(java.util.Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
  }

  private static int[][] filled(int[] each) {
    int[][] week = new int[7][];
    Arrays.fill(week, each);
    return week;
  }

  @Override
  public String toString() {
    return "BusinessCalendar[" + name + ", " + zone + "]";
  }

  /** Builds a {@link BusinessCalendar}; every input is checked by {@link #build()}. */
  public static final class Builder {
    private final String name;
    private final ZoneId zone;
    private final Map<DayOfWeek, List<String>> hours = new EnumMap<>(DayOfWeek.class);
    private final List<Day> special = new ArrayList<>();
    private LocalDate from;
    private LocalDate until;

    private Builder(String name, String zone) {
      if (name == null || name.isBlank()) {
        throw new InvalidValueException("name", "Expected a calendar name, but it is blank");
      }
      if (name.length() > 100) {
        throw new InvalidValueException("name", "Expected a calendar name of at most 100 characters, but it has " + name.length());
      }
      this.name = name;
      if (zone == null || zone.isBlank()) {
        throw new InvalidValueException("zone", "Expected a time zone for calendar '" + name + "', but it is blank");
      }
      try {
        this.zone = ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new InvalidValueException("zone", "Expected a known time zone for calendar '" + name + "' (such as Europe/Berlin"
            + " or +01:00), but '" + zone + "' is not one");
      }
    }

    /** The working intervals of a weekday ("08:00-12:00", ...), replacing those given before; none: closed. */
    public Builder hours(DayOfWeek day, String... intervals) {
      hours.put(Objects.requireNonNull(day, "day"), Arrays.asList(intervals.clone()));
      return this;
    }

    /** The same working intervals Monday to Friday. */
    public Builder weekdays(String... intervals) {
      for (DayOfWeek day : DayOfWeek.values()) {
        if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
          hours(day, intervals);
        }
      }
      return this;
    }

    /** The range of dates the holidays are known for (both ends included). */
    public Builder range(LocalDate first, LocalDate last) {
      this.from = Objects.requireNonNull(first, "first");
      this.until = Objects.requireNonNull(last, "last");
      return this;
    }

    /**
     * A holiday: closed all day, or, given intervals, closed during them only (the rest of the
     * day's weekly hours still count).
     */
    public Builder holiday(LocalDate date, String name, String... closedIntervals) {
      special.add(new Day(Objects.requireNonNull(date, "date"), name, Day.Kind.HOLIDAY, List.of(),
          Arrays.asList(closedIntervals.clone())));
      return this;
    }

    /** A date with working hours of its own instead of its weekday's (none: closed). */
    public Builder exception(LocalDate date, String name, String... intervals) {
      special.add(new Day(Objects.requireNonNull(date, "date"), name, Day.Kind.EXCEPTION, Arrays.asList(intervals.clone()),
          List.of()));
      return this;
    }

    /**
     * @throws InvalidValueException naming the field: a malformed, inverted or overlapping
     *     interval ({@code hours.MONDAY[1]}, {@code days[2].hours[0]}), an inverted range
     *     ({@code until}), a date outside the range or given twice ({@code days[2].date}), a blank
     *     day name, or a calendar without any working time ({@code hours})
     */
    public BusinessCalendar build() {
      int[][] week = new int[7][];
      boolean any = false;
      for (DayOfWeek day : DayOfWeek.values()) {
        week[day.ordinal()] = parse(hours.getOrDefault(day, List.of()), "hours." + day);
        any |= week[day.ordinal()].length > 0;
      }
      if (!any) {
        throw new InvalidValueException("hours", "Expected working hours on at least one weekday of calendar '" + name
            + "', but it has none");
      }
      if (from != null && until.isBefore(from)) {
        throw new InvalidValueException("until", "Expected the calendar's range to end at or after " + from + ", but it ends "
            + until);
      }
      Map<LocalDate, int[]> own = new HashMap<>();
      TreeMap<LocalDate, Day> byDate = new TreeMap<>();
      for (int i = 0; i < special.size(); i++) {
        Day day = special.get(i);
        String field = "days[" + i + "]";
        if (day.name() == null || day.name().isBlank()) {
          throw new InvalidValueException(field + ".name", "Expected a name for " + day.date() + ", but it is blank");
        }
        if (from != null && (day.date().isBefore(from) || day.date().isAfter(until))) {
          throw new InvalidValueException(field + ".date", "Expected " + day.name() + " (" + day.date() + ") within the range of"
              + " calendar '" + name + "', " + from + " to " + until + ", but it is outside");
        }
        if (byDate.containsKey(day.date())) {
          throw new InvalidValueException(field + ".date", "Expected one entry per date, but " + day.date() + " is given as '"
              + byDate.get(day.date()).name() + "' and as '" + day.name() + "'");
        }
        int[] intervals;
        List<String> closedText = List.of();
        if (day.kind() == Day.Kind.EXCEPTION) {
          intervals = parse(day.hours(), field + ".hours");
        } else {
          int[] closed = parse(day.closed(), field + ".closed");
          intervals = closed.length == 0 ? CLOSED : subtract(week[day.date().getDayOfWeek().ordinal()], closed);
          closedText = format(closed);
        }
        own.put(day.date(), intervals);
        byDate.put(day.date(), new Day(day.date(), day.name(), day.kind(), format(intervals), closedText));
      }
      return new BusinessCalendar(name, zone, from, until, week, Map.copyOf(own), List.copyOf(byDate.values()));
    }

    /** Sorted, checked, touching intervals merged. */
    private static int[] parse(List<String> intervals, String field) {
      int[] out = new int[intervals.size() * 2];
      for (int i = 0; i < intervals.size(); i++) {
        String text = intervals.get(i);
        String at = field + "[" + i + "]";
        Matcher m = text == null ? null : RANGE.matcher(text.strip());
        if (m == null || !m.matches()) {
          throw new InvalidValueException(at, "Expected an interval written HH:mm-HH:mm (such as 08:00-12:30), but it is '"
              + text + "'");
        }
        int start = minute(m.group(1), m.group(2), at, text);
        int end = minute(m.group(3), m.group(4), at, text);
        if (end <= start) {
          throw new InvalidValueException(at, "Expected the interval " + text + " to end after it starts, but it does not");
        }
        out[2 * i] = start;
        out[2 * i + 1] = end;
      }
      Integer[] order = new Integer[intervals.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Integer.compare(out[2 * x], out[2 * y]));
      List<Integer> merged = new ArrayList<>();
      for (int k = 0; k < order.length; k++) {
        int i = order[k];
        if (k > 0 && out[2 * i] < out[2 * order[k - 1] + 1]) {
          throw new InvalidValueException(field + "[" + i + "]", "Expected intervals that do not overlap, but "
              + intervals.get(i).strip() + " overlaps " + intervals.get(order[k - 1]).strip());
        }
        if (!merged.isEmpty() && merged.get(merged.size() - 1) == out[2 * i]) {
          merged.set(merged.size() - 1, out[2 * i + 1]);
        } else {
          merged.add(out[2 * i]);
          merged.add(out[2 * i + 1]);
        }
      }
      return merged.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int minute(String hh, String mm, String field, String text) {
      int h = Integer.parseInt(hh);
      int m = Integer.parseInt(mm);
      if (m > 59 || h > 24 || (h == 24 && m != 0)) {
        throw new InvalidValueException(field, "Expected times from 00:00 to 24:00, but '" + text + "' has " + hh + ":" + mm);
      }
      return h * 60 + m;
    }

    /** The intervals of {@code hours} outside every interval of {@code closed} (both sorted and merged). */
    private static int[] subtract(int[] hours, int[] closed) {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < hours.length; i += 2) {
        int start = hours[i];
        int end = hours[i + 1];
        for (int j = 0; j < closed.length && start < end; j += 2) {
          if (closed[j + 1] <= start || closed[j] >= end) {
            continue;
          }
          if (closed[j] > start) {
            out.add(start);
            out.add(closed[j]);
          }
          start = Math.max(start, closed[j + 1]);
        }
        if (start < end) {
          out.add(start);
          out.add(end);
        }
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
