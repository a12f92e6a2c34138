package dev.itsm.api.cmdb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A feed that imports items (a discovery tool, an asset register) and the fields it is the
 * authority for. An import under this source creates and updates items only of the types it owns
 * fields of; on existing items it writes only the fields it owns and ignores the others.
 *
 * @param name a lowercase letter, then lowercase letters, digits, {@code -} or {@code _}, at most 64
 *             characters, e.g. {@code discovery}
 * @param owns per CI type (covering its subtypes): the fields this source owns: attribute names,
 *             {@code name}, {@code state}, or {@code *} for all of them
 */
public record ImportSource(String name, Map<String, List<String>> owns) {
  public ImportSource {
    Objects.requireNonNull(name, "name");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    if (owns != null) {
      owns.forEach((type, fields) -> copy.put(type, fields == null ? List.of() : List.copyOf(fields)));
    }
    owns = java.util.Collections.unmodifiableMap(copy);
  }

  /** A source owning every field of the given types. */
  public static ImportSource owningAll(String name, String... types) {
    Map<String, List<String>> owns = new LinkedHashMap<>();
    for (String type : types) {
      owns.put(type, List.of("*"));
    }
    return new ImportSource(name, owns);
  }

  /** This source also owning these fields of the type. */
  public ImportSource owning(String type, String... fields) {
    Map<String, List<String>> next = new LinkedHashMap<>(owns);
    next.put(type, List.of(fields));
    return new ImportSource(name, next);
  }
}
