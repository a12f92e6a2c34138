package dev.itsm.api.incident;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How many incidents were opened in a period per affected service or configuration item, as data
 * (see {@link IncidentService#volumeReport}). Incidents count whatever their state is now (cancelled
 * ones too). Per CI, an incident counts once for each CI it affects, so the rows, {@code others} and
 * {@code none} may add up to more than {@code opened}.
 *
 * @param from      start of the period (inclusive)
 * @param to        end of the period (exclusive)
 * @param by        what the rows are per
 * @param opened    incidents opened in the period
 * @param rows      at most {@link #MAX_ROWS}, most incidents first (ties by service code, or by CI name and id)
 * @param others    incidents counted on the services or CIs beyond the rows
 * @param otherKeys how many services or CIs those are
 * @param none      incidents opened in the period without a service, or without an affected CI
 */
public record VolumeReport(Instant from, Instant to, Grouping by, long opened, List<Row> rows, long others,
                           long otherKeys, long none) {

  /** The most rows a report has; the rest is summed in {@link #others()}. */
  public static final int MAX_ROWS = 100;

  public VolumeReport {
    rows = List.copyOf(rows);
  }

  /** What the rows are per. */
  public enum Grouping {
    /** The incident's service code ({@link NewIncident#service()}). */
    SERVICE,
    /** Each configuration item the incident affects ({@link NewIncident#affectedCis()}). */
    CI
  }

  /**
   * Incidents of one service or CI.
   *
   * @param service   the service code when the report is per {@link Grouping#SERVICE}, else {@code null}
   * @param ciId      the CI's id when the report is per {@link Grouping#CI}, else {@code null}
   * @param ciName    the CI's current name when the report is per {@link Grouping#CI}, else {@code null}
   * @param incidents incidents opened in the period on it
   */
  public record Row(String service, UUID ciId, String ciName, long incidents) {}
}
