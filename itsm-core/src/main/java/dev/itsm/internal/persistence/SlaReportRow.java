package dev.itsm.internal.persistence;

import java.time.Instant;

/** A stopped clock with what reports group it by. */
public class SlaReportRow {
  public String kind;
  public Instant startedAt;
  public Instant stoppedAt;
  public Instant breachedAt;
  public Long elapsedMs;
  public String service;
  public String priority;
  public String groupId;
}
