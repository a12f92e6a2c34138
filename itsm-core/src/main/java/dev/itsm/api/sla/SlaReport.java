package dev.itsm.api.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * SLA figures of a period, as data (see {@link SlaService#report}). Clocks count in the period in
 * which they stopped (met or breached; cancelled ones are left out); segments count with the ticket
 * in the period in which it was opened.
 *
 * @param rows   one per key of the grouping, by key
 * @param owners segment owners with late segments, most overrun first
 */
public record SlaReport(Instant from, Instant to, Grouping by, Agreement agreement, List<Row> rows,
                        List<OwnerBreaches> owners) {

  /** What the rows are per. */
  public enum Grouping {
    SERVICE, PRIORITY, GROUP,
    /** Calendar days (UTC) of the stop. */
    DAY,
    /** ISO weeks (UTC, starting Monday), keyed by their Monday. */
    WEEK,
    /** Calendar months (UTC), keyed {@code 2026-12}. */
    MONTH
  }

  /**
   * Figures of one key.
   *
   * @param key          the service, priority, group, day, week or month ({@code "(none)"} when the ticket has none)
   * @param measured     clocks that stopped in the period (response and resolution)
   * @param met          of them, within their target
   * @param breached     of them, past their target
   * @param compliance   met / measured, 0..1 (1 when nothing was measured)
   * @param mttaBusiness mean time to acknowledge (response clocks) in business time on their calendars
   * @param mttaWall     the same in wall time, pauses included; {@code null} when no response clock stopped
   * @param mttrBusiness mean time to resolve (resolution clocks) in business time
   * @param mttrWall     the same in wall time
   */
  public record Row(String key, long measured, long met, long breached, double compliance, Duration mttaBusiness,
                    Duration mttaWall, Duration mttrBusiness, Duration mttrWall) {}

  /**
   * Late segments of one owner.
   *
   * @param late    segments that took longer than their target
   * @param overrun their time beyond the targets, summed
   */
  public record OwnerBreaches(String owner, long late, Duration overrun) {}
}
