package dev.itsm.internal.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Parameters of the CI query statements, already validated. LIKE patterns are escaped with
 * {@code \} (the statements say {@code ESCAPE '\'}).
 */
public class CiCriteria {
  public String tenantId;
  /** The types to list, or {@code null} for all. */
  public List<String> types;
  public String state;
  /** A LIKE pattern on {@code LOWER(name)}, or {@code null}. */
  public String name;
  public UUID relatedTo;
  /** Attribute conditions, all of which must hold. */
  public List<AttributeMatch> attributes = new ArrayList<>();
  /** A LIKE pattern on {@code LOWER(name)} for the free text, or {@code null} for none. */
  public String textName;
  /** A LIKE pattern on {@code LOWER(attributes)} for the free text (set with {@link #textName}). */
  public String textAttributes;
  /** One of NAME, TYPE, STATE, CREATED_AT, UPDATED_AT; the statement chooses the column, never pastes it. */
  public String sort = "NAME";
  public boolean descending;
  public int offset;
  public int limit;

  /**
   * One attribute condition on the attributes JSON text: it must match {@link #pattern} or
   * {@link #orPattern} (when set), or, if {@link #absent}, must not match {@link #pattern}.
   */
  public static class AttributeMatch {
    public String pattern;
    public String orPattern;
    public boolean absent;

    public AttributeMatch(String pattern, String orPattern, boolean absent) {
      this.pattern = pattern;
      this.orPattern = orPattern;
      this.absent = absent;
    }
  }
}
