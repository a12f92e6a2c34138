package dev.itsm.api.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What each technician did with incidents in a period, as data (see {@link IncidentService#technicianReport}).
 *
 * @param from start of the period (inclusive)
 * @param to   end of the period (exclusive)
 * @param rows one per agent who resolved an incident or recorded time on a note in the period, by agent id
 */
public record TechnicianReport(Instant from, Instant to, List<Row> rows) {

  public TechnicianReport {
    rows = List.copyOf(rows);
  }

  /**
   * Figures of one agent.
   *
   * @param agentId   the assignee of the resolved incidents, and the author of the notes
   * @param handled   incidents assigned to the agent whose resolution falls in the period (an incident
   *                  reopened and resolved again counts once, in the period of its last resolution;
   *                  one reopened and not resolved again does not count)
   * @param reopened  of them, those that had been reopened at least once before that resolution
   * @param timeSpent time the agent recorded on notes written in the period, on any ticket (as
   *                  {@link IncidentService#workload} reports it)
   * @param notes     how many notes with time spent that is
   */
  public record Row(String agentId, long handled, long reopened, Duration timeSpent, long notes) {

    /** Reopened among the handled incidents, 0 to 1; 0 when the agent handled none. */
    public double reopenRate() {
      return handled == 0 ? 0 : (double) reopened / handled;
    }
  }
}
