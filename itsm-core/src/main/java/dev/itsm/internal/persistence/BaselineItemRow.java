package dev.itsm.internal.persistence;

import java.util.UUID;

/** A row of itsm_ci_baseline_item: one item as it was when the baseline was taken. */
public final class BaselineItemRow {
  public UUID baselineId;
  public UUID ciId;
  public String typeName;
  public String name;
  public String state;
  public String attributes;
  public long version;
}
