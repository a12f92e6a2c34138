package dev.itsm.api.release;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A target environment of a new release, in deployment order.
 *
 * @param name        e.g. {@code staging}; 1 to 64 letters, digits, {@code -}, {@code _} or {@code .}, unique in the release
 * @param windowStart when its deployment may begin
 * @param windowEnd   when its deployment window closes (a deployment not reported by then escalates)
 * @param cis         the software CIs of this environment that get the release's version when it is deployed
 *                    (their type must have the version attribute, {@link ReleaseSettings#versionAttribute()})
 */
public record NewEnvironment(String name, Instant windowStart, Instant windowEnd, List<UUID> cis) {
  public NewEnvironment {
    cis = cis == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(cis));
  }

  /** An environment with its window and software CIs. */
  public static NewEnvironment of(String name, Instant windowStart, Instant windowEnd, UUID... cis) {
    return new NewEnvironment(name, windowStart, windowEnd, java.util.Arrays.asList(cis));
  }
}
