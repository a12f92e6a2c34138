package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Filters of a change query, as {@code ChangeMapper} takes them. */
public class ChangeCriteria {
  public String tenantId;
  public List<String> states = List.of();
  public List<String> types = List.of();
  public String requesterId;
  public UUID affectedCi;
  public Instant from;
  public Instant to;
  public int offset;
  public int limit;
}
