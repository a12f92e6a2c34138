package dev.itsm.api.cmdb;

import java.util.Objects;
import java.util.UUID;

/**
 * A configuration item to change, with the version the caller read ({@code null}: any version).
 *
 * @param id              the item's id
 * @param expectedVersion the version the change expects, or {@code null}
 */
public record CiRef(UUID id, Long expectedVersion) {
  public CiRef {
    Objects.requireNonNull(id, "id");
  }

  /** The item whatever its version. */
  public static CiRef of(UUID id) {
    return new CiRef(id, null);
  }
}
