package dev.itsm.api.cmdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Which items to list: by type (with its subtypes unless {@code exactType}), state, a text in the
 * name (case-insensitive), a relation to another item, attribute values and a free text; sorted,
 * paged.
 *
 * <pre>{@code
 * CiQuery.ofType("Server").where("os", "Linux").where("cpuCores", 8).text("web")
 *     .sortBy(CiQuery.Sort.UPDATED_AT, true).page(0, 50);
 * }</pre>
 *
 * <p>A query is plain data: baselines store it as JSON and read it back, so a query stored before
 * a component existed reads with that component's default ({@code where} empty, {@code text}
 * {@code null}, sorted by name ascending).
 *
 * @param type         a CI type, or {@code null} for all
 * @param exactType    whether to leave out the subtypes of {@code type}
 * @param state        a state, or {@code null} for all
 * @param nameContains text the name must contain, or {@code null}
 * @param relatedTo    an item the listed items must have a relation with (either direction), or {@code null}
 * @param where        attribute values the items must have, by attribute name, see {@link #where(String, Object)};
 *                     empty for none ({@code null} is read as empty)
 * @param text         text the name or an attribute value must contain (case-insensitive), see
 *                     {@link #text(String)}; {@code null} or blank for none
 * @param sort         the order, see {@link Sort}; {@code null} is read as {@link Sort#NAME}
 * @param descending   whether the order is reversed
 * @param offset       items to skip
 * @param limit        items at most, 1 to 1000
 */
public record CiQuery(String type, boolean exactType, CiState state, String nameContains, UUID relatedTo,
                      Map<String, Object> where, String text, Sort sort, boolean descending, int offset, int limit) {

  /**
   * What a query sorts by. Items equal in it are ordered by name and then by id, in the same
   * direction, so the order is total, stable across pages, and a descending list is exactly the
   * ascending one reversed.
   */
  public enum Sort {
    /** By name, as the database's collation orders texts (the default). */
    NAME,
    /** By the name of the item's CI type. */
    TYPE,
    /** By state, in lifecycle order: PLANNED, IN_USE, IN_MAINTENANCE, RETIRED. */
    STATE,
    /** By when the item was created. */
    CREATED_AT,
    /** By when the item last changed. */
    UPDATED_AT
  }

  public CiQuery {
    // where: a copy keeping its order and null values ("not set"); null components read as defaults
    if (where == null || where.isEmpty()) {
      where = Map.of();
    } else {
      Map<String, Object> copy = new LinkedHashMap<>(where);
      if (copy.containsKey(null)) {
        throw new NullPointerException("where: an attribute name is null");
      }
      where = Collections.unmodifiableMap(copy);
    }
    sort = sort == null ? Sort.NAME : sort;
  }

  /** Every item, first page of 50. */
  public static CiQuery all() {
    return new CiQuery(null, false, null, null, null, null, null, Sort.NAME, false, 0, 50);
  }

  /** Items of the type and its subtypes, first page of 50. */
  public static CiQuery ofType(String type) {
    return new CiQuery(type, false, null, null, null, null, null, Sort.NAME, false, 0, 50);
  }

  /** Items of the type only, not of its subtypes. */
  public CiQuery exact() {
    return new CiQuery(type, true, state, nameContains, relatedTo, where, text, sort, descending, offset, limit);
  }

  /** Items in this state only. */
  public CiQuery inState(CiState wanted) {
    return new CiQuery(type, exactType, wanted, nameContains, relatedTo, where, text, sort, descending, offset, limit);
  }

  /** Items whose name contains this text (case-insensitive). */
  public CiQuery named(String text) {
    return new CiQuery(type, exactType, state, text, relatedTo, where, this.text, sort, descending, offset, limit);
  }

  /** Items related to this one, as source or target. */
  public CiQuery relatedTo(UUID ciId) {
    return new CiQuery(type, exactType, state, nameContains, ciId, where, text, sort, descending, offset, limit);
  }

  /**
   * Items whose attribute has exactly this value; several calls on different attributes must all
   * match, a second call on the same attribute replaces the first.
   *
   * <p>The query must name a {@link #type()}, and the attribute must be one of that type's,
   * inherited ones included (the subtypes have it too). The value is checked and converted as
   * {@link CmdbService#create} does, so {@code "8"} for an INTEGER attribute is refused, while
   * {@code 8}, {@code 8L} and {@code 8.0} for a DECIMAL attribute are all the same number, an
   * instant may be an {@link java.time.Instant} or its ISO text and a reference a {@link UUID}
   * or its text. Texts and enum values compare exactly (case-sensitive, no contains). A
   * {@code null} value asks for items on which the attribute is not set.
   *
   * <p>The query fails with an {@link dev.itsm.api.InvalidValueException} on field
   * {@code where.<attribute>} when it names no type, the type has no such attribute, or the value
   * is not one the attribute accepts.
   *
   * @param attribute an attribute name of {@link #type()}
   * @param value     the value, or {@code null} for "not set"
   * @return this query with the filter added
   */
  public CiQuery where(String attribute, Object value) {
    Objects.requireNonNull(attribute, "attribute");
    Map<String, Object> next = new LinkedHashMap<>(where);
    next.remove(attribute);
    next.put(attribute, value);
    return new CiQuery(type, exactType, state, nameContains, relatedTo, next, text, sort, descending, offset, limit);
  }

  /**
   * Items whose name or any attribute value contains this text, case-insensitive; {@code null} or
   * blank for no such filter. Attribute values are searched in their stored JSON form: texts as
   * written, numbers in plain notation ({@code 120.5}), booleans as {@code true}/{@code false},
   * instants as ISO text, references as the referenced item's id. Being a search in that JSON
   * text, it also matches the names of the attributes an item has values for ({@code "hostname"}
   * matches every item with a hostname) and JSON punctuation ({@code ":"} matches every item with
   * an attribute value). It never matches across two values: quotes in the text are searched for
   * as they are stored inside texts (escaped), so the text cannot cross a value's closing quote.
   *
   * @param text the text to look for
   * @return this query with the text
   */
  public CiQuery text(String text) {
    return new CiQuery(type, exactType, state, nameContains, relatedTo, where, text, sort, descending, offset, limit);
  }

  /**
   * Sorts by this field, ascending or descending; items equal in it follow by name, then by id
   * (see {@link Sort}).
   *
   * @param field      what to sort by
   * @param descending whether to reverse the order
   * @return this query sorted so
   */
  public CiQuery sortBy(Sort field, boolean descending) {
    Objects.requireNonNull(field, "field");
    return new CiQuery(type, exactType, state, nameContains, relatedTo, where, text, field, descending, offset, limit);
  }

  /** This page: skip {@code pageOffset} items, list at most {@code pageLimit} (1 to 1000). */
  public CiQuery page(int pageOffset, int pageLimit) {
    return new CiQuery(type, exactType, state, nameContains, relatedTo, where, text, sort, descending, pageOffset, pageLimit);
  }
}
