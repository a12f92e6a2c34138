package dev.itsm.api;

import java.util.List;

/**
 * One page of a query result.
 *
 * @param items  the records of this page, in the requested order
 * @param total  how many records match the query in all
 * @param offset index of the first item in the whole result
 * @param limit  the page size asked for
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {
  public Page {
    items = List.copyOf(items);
  }

  /** Whether records follow after this page. */
  public boolean hasMore() {
    return offset + items.size() < total;
  }
}
