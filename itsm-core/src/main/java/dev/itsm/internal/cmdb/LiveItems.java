package dev.itsm.internal.cmdb;

import dev.itsm.api.InvalidValueException;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.internal.persistence.CiRow;
import dev.itsm.internal.persistence.CmdbMapper;
import dev.itsm.internal.tx.ItsmSession;
import java.util.UUID;

/** The one check that an item others point at (a reference, a relation end, an incident's CI) is there and in service. */
public final class LiveItems {
  private LiveItems() {}

  /**
   * The item of the tenant, or an {@link InvalidValueException} on {@code field} when it is unknown
   * (also: of another tenant) or retired.
   */
  public static CiRow require(ItsmSession s, String tenantId, String field, UUID id) {
    return check(field, id, s.mapper(CmdbMapper.class).selectCi(id, tenantId));
  }

  /** The row read for {@code id} (or {@code null}), if it is an item in service; else the same error as {@link #require}. */
  static CiRow check(String field, UUID id, CiRow row) {
    if (row == null) {
      throw new InvalidValueException(field, "Expected " + field + " to be an existing CI, but " + id + " is unknown");
    }
    if (CiState.RETIRED.name().equals(row.state)) {
      throw new InvalidValueException(field, "Expected " + field + " to be a CI in service, but " + row.name + " is retired");
    }
    return row;
  }
}
