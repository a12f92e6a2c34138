package dev.itsm.api.cmdb;

import java.util.List;
import java.util.UUID;

/**
 * The differences between two sets of items: a baseline and the current items it covers, or two
 * baselines. Items are matched by id.
 *
 * @param from    what is compared: a baseline name
 * @param to      what it is compared with: a baseline name, or {@code now}
 * @param added   items in {@code to} but not in {@code from}
 * @param removed items in {@code from} but not in {@code to}
 * @param changed items in both whose name, state or attributes differ
 */
public record BaselineDiff(String from, String to, List<Item> added, List<Item> removed, List<Changed> changed) {
  public BaselineDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /** Whether nothing differs. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /**
   * An item on one side only.
   *
   * @param id   the item
   * @param type its CI type
   * @param name its name on that side
   */
  public record Item(UUID id, String type, String name) {}

  /**
   * An item whose fields differ; values as JSON text ({@code null} when unset).
   *
   * @param id          the item
   * @param name        its name in {@code to}
   * @param differences one entry per field that differs, in the type's attribute order
   */
  public record Changed(UUID id, String name, List<Difference> differences) {
    public Changed {
      differences = List.copyOf(differences);
    }
  }

  /**
   * One field that differs: {@code name}, {@code state} or an attribute.
   *
   * @param field  the field
   * @param before its value in {@code from}
   * @param after  its value in {@code to}
   */
  public record Difference(String field, String before, String after) {}
}
