package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.List;

/** Parameters of the incident query statement, already validated and resolved to columns. */
public class IncidentCriteria {
  public String tenantId;
  /** When true, only tickets the actor called, is assigned to, or that belong to one of {@link #actorGroups}. */
  public boolean restricted;
  /** When restricted and true, the actor also sees tickets of their groups and assigned to them. */
  public boolean groupVisibility;
  public String actorId;
  public List<String> actorGroups = List.of();
  public List<String> states = List.of();
  public List<String> groupIds = List.of();
  public String assigneeId;
  public String callerId;
  public java.util.UUID affectedCi;
  public List<String> priorities = List.of();
  public boolean slaAtRisk;
  public boolean slaBreached;
  public Instant now;
  public List<FieldCriterion> fields = List.of();
  /** A fixed ORDER BY expression chosen from an enum, never user text. */
  public String orderBy;
  public int offset;
  public int limit;

  /** One custom field condition; {@code column} comes from the field's declared type. */
  public static class FieldCriterion {
    public String name;
    public String column;
    public Object value;
    public Object from;
    public Object to;
  }
}
