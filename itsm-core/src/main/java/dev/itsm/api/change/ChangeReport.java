package dev.itsm.api.change;

import java.time.Instant;

/**
 * How the changes closed in a period went.
 *
 * @param from                 start of the period
 * @param to                   end of the period
 * @param implemented          changes closed in the period after an implementation (successful, with
 *                             issues, failed or backed out)
 * @param successful           of those, closed {@link CloseCode#SUCCESSFUL}
 * @param successfulWithIssues of those, closed {@link CloseCode#SUCCESSFUL_WITH_ISSUES}
 * @param failed               of those, closed {@link CloseCode#FAILED}
 * @param backedOut            of those, closed {@link CloseCode#BACKED_OUT}
 * @param rejected             changes rejected in the period
 * @param cancelled            changes cancelled in the period
 * @param causingIncidents     implemented changes of the period with at least one incident linked as caused by them
 * @param causedIncidents      incidents linked as caused by the implemented changes of the period
 */
public record ChangeReport(Instant from, Instant to, long implemented, long successful, long successfulWithIssues,
                           long failed, long backedOut, long rejected, long cancelled, long causingIncidents,
                           long causedIncidents) {

  /** Successful changes (with or without issues) among the implemented ones, 0 to 1; 0 when none was implemented. */
  public double successRate() {
    return implemented == 0 ? 0 : (double) (successful + successfulWithIssues) / implemented;
  }

  /** Implemented changes that caused at least one incident, among the implemented ones, 0 to 1. */
  public double incidentRate() {
    return implemented == 0 ? 0 : (double) causingIncidents / implemented;
  }
}
