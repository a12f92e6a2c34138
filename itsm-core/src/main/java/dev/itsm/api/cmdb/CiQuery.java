package dev.itsm.api.cmdb;

/**
 * Which items to list: by type (with its subtypes unless {@code exactType}), state, a text in the
 * name (case-insensitive) and a relation to another item; sorted by name, paged.
 *
 * @param type         a CI type, or {@code null} for all
 * @param exactType    whether to leave out the subtypes of {@code type}
 * @param state        a state, or {@code null} for all
 * @param nameContains text the name must contain, or {@code null}
 * @param relatedTo    an item the listed items must have a relation with (either direction), or {@code null}
 * @param offset       items to skip
 * @param limit        items at most, 1 to 1000
 */
public record CiQuery(String type, boolean exactType, CiState state, String nameContains, java.util.UUID relatedTo,
                      int offset, int limit) {

  /** Every item, first page of 50. */
  public static CiQuery all() {
    return new CiQuery(null, false, null, null, null, 0, 50);
  }

  /** Items of the type and its subtypes, first page of 50. */
  public static CiQuery ofType(String type) {
    return new CiQuery(type, false, null, null, null, 0, 50);
  }

  public CiQuery exact() {
    return new CiQuery(type, true, state, nameContains, relatedTo, offset, limit);
  }

  public CiQuery inState(CiState wanted) {
    return new CiQuery(type, exactType, wanted, nameContains, relatedTo, offset, limit);
  }

  public CiQuery named(String text) {
    return new CiQuery(type, exactType, state, text, relatedTo, offset, limit);
  }

  /** Items related to this one, as source or target. */
  public CiQuery relatedTo(java.util.UUID ciId) {
    return new CiQuery(type, exactType, state, nameContains, ciId, offset, limit);
  }

  public CiQuery page(int pageOffset, int pageLimit) {
    return new CiQuery(type, exactType, state, nameContains, relatedTo, pageOffset, pageLimit);
  }
}
