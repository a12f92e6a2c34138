package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** One row of a change's plan: the change's window and implementer with one of its CIs (or none). */
public class PlanRow {
  public UUID id;
  public String tenantId;
  public String state;
  public String implementerId;
  public Instant plannedStart;
  public Instant plannedEnd;
  public UUID ciId;
}
