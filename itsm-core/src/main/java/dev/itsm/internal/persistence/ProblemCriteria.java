package dev.itsm.internal.persistence;

import java.util.List;
import java.util.UUID;

/** Filters of a problem query. */
public class ProblemCriteria {
  public String tenantId;
  public List<String> states = List.of();
  public UUID affectedCi;
  public String category;
  public int offset;
  public int limit;
}
