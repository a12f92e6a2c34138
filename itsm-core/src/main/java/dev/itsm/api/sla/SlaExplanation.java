package dev.itsm.api.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Why a clock stands where it stands: its timeline, the intervals that counted (measured on its
 * calendar), and the arithmetic behind the deadline, as of {@code asOf}.
 *
 * @param status     the clock as of {@code asOf}
 * @param timeline   every event of the clock in the order it was recorded (a threshold found late
 *                   carries the earlier moment it passed)
 * @param counted    the intervals that count against the current target (since the last reset),
 *                   each with its business time on the calendar; the last is open while the clock runs
 * @param arithmetic the computation in words, one step per line, e.g.
 *                   {@code "deadline = calendar emea-office plus 1h from 2026-12-01T13:00:00Z = 2026-12-01T14:00:00Z"}
 */
public record SlaExplanation(SlaStatus status, Instant asOf, List<SlaEvent> timeline, List<Interval> counted,
                             List<String> arithmetic) {

  /**
   * A stretch of wall time during which the clock counted.
   *
   * @param to       end, or {@code asOf} for the open interval of a running clock
   * @param business the business time in it on the clock's calendar
   * @param open     whether it is still running
   */
  public record Interval(Instant from, Instant to, Duration business, boolean open) {}
}
