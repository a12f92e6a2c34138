package dev.itsm.api.release;

import dev.itsm.api.change.ChangeWindow;
import dev.itsm.api.change.Conflict;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The release calendar of a period.
 *
 * @param from        start of the period
 * @param to          end of the period
 * @param deployments the deployment windows overlapping it of releases not rejected, cancelled or rolled back, by
 *                    window start
 * @param freezes     the freeze windows overlapping it, by start
 */
public record ReleaseCalendar(Instant from, Instant to, List<Deployment> deployments, List<ChangeWindow> freezes) {
  public ReleaseCalendar {
    deployments = List.copyOf(deployments);
    freezes = List.copyOf(freezes);
  }

  /**
   * One environment's deployment window.
   *
   * @param conflicts the freeze windows it overlaps, with the policy the change settings give freezes
   */
  public record Deployment(UUID releaseId, String releaseNumber, String title, String releaseVersion, ReleaseState state,
                           String environment, EnvironmentStatus status, Instant windowStart, Instant windowEnd,
                           List<Conflict> conflicts) {
    public Deployment {
      conflicts = List.copyOf(conflicts);
    }
  }
}
