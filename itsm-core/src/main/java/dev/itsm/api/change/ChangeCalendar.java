package dev.itsm.api.change;

import java.time.Instant;
import java.util.List;

/**
 * The change calendar of a period.
 *
 * @param from    start of the period
 * @param to      end of the period
 * @param changes changes whose planned window overlaps it (not cancelled or rejected), by planned start
 * @param windows maintenance and freeze windows overlapping it, by start
 */
public record ChangeCalendar(Instant from, Instant to, List<ChangeRequest> changes, List<ChangeWindow> windows) {
  public ChangeCalendar {
    changes = List.copyOf(changes);
    windows = List.copyOf(windows);
  }
}
