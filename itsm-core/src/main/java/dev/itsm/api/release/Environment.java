package dev.itsm.api.release;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A target environment of a release and where its deployment is.
 *
 * @param index        its place in the deployment order, from 0
 * @param name         its name
 * @param windowStart  when its deployment may begin
 * @param windowEnd    when its window closes
 * @param cis          its software CIs
 * @param status       where its deployment is
 * @param startedAt    when its deployment began (its window opened), or {@code null}
 * @param deployedAt   when its deployment succeeded, or {@code null}
 * @param verifiedAt   when its verification succeeded, or {@code null}
 * @param rolledBackAt when it was rolled back, or {@code null}
 */
public record Environment(int index, String name, Instant windowStart, Instant windowEnd, List<UUID> cis,
                          EnvironmentStatus status, Instant startedAt, Instant deployedAt, Instant verifiedAt,
                          Instant rolledBackAt) {
  public Environment {
    cis = List.copyOf(cis);
  }
}
