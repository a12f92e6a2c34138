package dev.itsm.internal.sla;

import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.api.sla.RecomputePolicy;
import dev.itsm.api.sla.SlaEvent;
import dev.itsm.api.sla.SlaEvent.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The arithmetic of a clock: replays its timeline and measures the counted intervals on the
 * calendar in force. Pure: the same events give the same figures at any moment.
 *
 * <p>Rules: START opens a counting period; PAUSE and STOP/CANCEL close the open interval; RESUME
 * and RESTART open a new one; a RETARGET {@link RecomputePolicy#FROM_START} changes target and
 * calendar for the whole period (every interval is measured on the new calendar); a RETARGET
 * {@link RecomputePolicy#FROM_NOW} and a RESET begin a new period at their moment, so only what
 * counts after it is compared with the target. THRESHOLD and BREACH are records, not arithmetic.
 */
final class Timeline {
  private Timeline() {}

  /** The replayed state of a clock as of a moment. */
  record Result(boolean started, boolean running, boolean paused, boolean stopped, boolean cancelled,
                Instant periodStart, long targetMs, String calendarName, BusinessCalendar calendar,
                List<Instant[]> intervals, long[] businessMs, Instant openSince, long elapsedMs, long pausedWallMs,
                Instant stoppedAt, String stopReason, Instant pausedSince, java.util.Set<Integer> recorded) {

    /** When {@code ms} of business time will have counted in this period, or {@code null} if it never will (not running). */
    Instant instantAtElapsed(long ms) {
      long sum = 0;
      for (int i = 0; i < intervals.size(); i++) {
        Instant[] iv = intervals.get(i);
        boolean open = iv[1] == null;
        if (open || sum + businessMs[i] >= ms) {
          return calendar.plus(iv[0], Duration.ofMillis(Math.max(0, ms - sum)));
        }
        sum += businessMs[i];
      }
      return null;
    }
  }

  static Result replay(List<SlaEvent> events, Function<String, BusinessCalendar> calendars, Instant now) {
    boolean started = false;
    boolean running = false;
    boolean paused = false;
    boolean stopped = false;
    boolean cancelled = false;
    Instant periodStart = null;
    Instant first = null;
    long targetMs = 0;
    String calendar = BusinessCalendar.ALWAYS;
    List<Instant[]> intervals = new ArrayList<>();
    Instant openSince = null;
    Instant stoppedAt = null;
    Instant pausedSince = null;
    String stopReason = null;
    long countedWallMs = 0;
    java.util.Set<Integer> recorded = new java.util.TreeSet<>();
    for (SlaEvent e : events) {
      Instant at = e.at();
      switch (e.type()) {
        case START -> {
          started = true;
          running = true;
          first = at;
          periodStart = at;
          openSince = at;
          targetMs = e.target().toMillis();
          calendar = e.calendar();
        }
        case PAUSE -> {
          if (running) {
            countedWallMs += close(intervals, openSince, at);
            openSince = null;
            running = false;
            paused = true;
            pausedSince = at;
          }
        }
        case RESUME -> {
          if (paused && !stopped) {
            paused = false;
            pausedSince = null;
            running = true;
            openSince = at;
          }
        }
        case STOP, CANCEL -> {
          if (started && !stopped) {
            if (running) {
              countedWallMs += close(intervals, openSince, at);
              openSince = null;
            }
            running = false;
            paused = false;
            pausedSince = null;
            stopped = true;
            cancelled = e.type() == Type.CANCEL;
            stoppedAt = at;
            stopReason = e.reason();
          }
        }
        case RESTART -> {
          if (stopped) {
            stopped = false;
            cancelled = false;
            stoppedAt = null;
            stopReason = null;
            running = true;
            openSince = at;
          }
        }
        case RETARGET, RESET -> {
          if (e.target() != null) {
            targetMs = e.target().toMillis();
          }
          if (e.calendar() != null) {
            calendar = e.calendar();
          }
          if (e.type() == Type.RESET || e.policy() == RecomputePolicy.FROM_NOW) {
            intervals.clear();
            recorded.clear();
            periodStart = at;
            if (running) {
              countedWallMs += Math.max(0, at.toEpochMilli() - openSince.toEpochMilli());
              openSince = at;
            }
          }
        }
        case THRESHOLD, BREACH -> recorded.add(e.percent());
        default -> throw new IllegalStateException("unknown event " + e.type());
      }
    }
    if (running) {
      intervals.add(new Instant[] {openSince, null});
    }
    BusinessCalendar cal = calendars.apply(calendar);
    long[] business = new long[intervals.size()];
    long elapsed = 0;
    for (int i = 0; i < intervals.size(); i++) {
      Instant[] iv = intervals.get(i);
      Instant to = iv[1] == null ? now : iv[1];
      business[i] = to.isAfter(iv[0]) ? cal.between(iv[0], to).toMillis() : 0;
      elapsed += business[i];
    }
    long openWall = running && now.isAfter(openSince) ? now.toEpochMilli() - openSince.toEpochMilli() : 0;
    Instant end = stopped ? stoppedAt : now;
    long pausedWall = first == null ? 0 : Math.max(0, end.toEpochMilli() - first.toEpochMilli() - countedWallMs - openWall);
    return new Result(started, running, paused, stopped, cancelled, periodStart, targetMs, calendar, cal, intervals,
        business, running ? openSince : null, elapsed, pausedWall, stoppedAt, stopReason, pausedSince, recorded);
  }

  private static long close(List<Instant[]> intervals, Instant from, Instant to) {
    intervals.add(new Instant[] {from, to});
    return Math.max(0, to.toEpochMilli() - from.toEpochMilli());
  }
}
