package dev.itsm.api.change;

import java.time.Instant;
import java.util.UUID;

/**
 * A window to define.
 *
 * @param kind  maintenance or freeze
 * @param name  what it is, 1 to 200 characters
 * @param ciId  the CI or service (a {@code BusinessService} item) it belongs to; {@code null} only for a
 *              global freeze
 * @param start when it opens
 * @param end   when it closes, after the start
 */
public record WindowDefinition(WindowKind kind, String name, UUID ciId, Instant start, Instant end) {

  /** A maintenance window of a CI, or of every CI the service depends on. */
  public static WindowDefinition maintenance(String name, UUID ciOrService, Instant start, Instant end) {
    return new WindowDefinition(WindowKind.MAINTENANCE, name, ciOrService, start, end);
  }

  /** A freeze of the CIs a service depends on (and the service itself). */
  public static WindowDefinition freeze(String name, UUID service, Instant start, Instant end) {
    return new WindowDefinition(WindowKind.FREEZE, name, service, start, end);
  }

  /** A freeze of everything. */
  public static WindowDefinition globalFreeze(String name, Instant start, Instant end) {
    return new WindowDefinition(WindowKind.FREEZE, name, null, start, end);
  }
}
