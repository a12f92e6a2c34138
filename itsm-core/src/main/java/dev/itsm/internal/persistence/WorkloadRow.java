package dev.itsm.internal.persistence;

/** Aggregated time spent per author. */
public class WorkloadRow {
  public String authorId;
  public long seconds;
  public long notes;
}
