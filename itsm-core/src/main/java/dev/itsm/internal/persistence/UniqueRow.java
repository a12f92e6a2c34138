package dev.itsm.internal.persistence;

import java.util.UUID;

/** A row of itsm_ci_unique: a unique attribute value (JSON) and the item holding it. */
public final class UniqueRow {
  public String tenantId;
  public String scopeType;
  public String attrName;
  public String attrValue;
  public UUID ciId;
}
