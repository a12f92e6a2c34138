package dev.itsm.internal.persistence;

import java.util.UUID;

/** A row of itsm_ci_graph_log: an item whose place in the relation graph changed; no item: the whole tenant. */
public final class GraphLogRow {
  public long seq;
  public String tenantId;
  public UUID ciId;
}
