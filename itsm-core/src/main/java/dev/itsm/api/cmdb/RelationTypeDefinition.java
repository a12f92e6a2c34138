package dev.itsm.api.cmdb;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A kind of relation between configuration items, read from source to target:
 * {@code web-01 runs-on host-7} (inverse: {@code host-7 hosts web-01}).
 *
 * @param name          lowercase name, e.g. {@code runs-on}: a letter, then letters, digits or {@code -}
 * @param inverseName   the name read from target to source, e.g. {@code hosts} (may equal {@code name})
 * @param sourceTypes   CI types allowed as source (with their subtypes); empty for any
 * @param targetTypes   CI types allowed as target (with their subtypes); empty for any
 * @param affects       which end a failure of the other end affects: {@link RelationEnd#SOURCE} when the
 *                      source depends on the target ({@code runs-on}), {@link RelationEnd#TARGET} when
 *                      the target depends on its sources ({@code member-of} a cluster)
 * @param impact        the impact rule for every affected type, or {@code null} when only
 *                      {@code impactByType} gives rules
 * @param impactByType  impact rules for particular types at the affected end (and their subtypes),
 *                      taking precedence over {@code impact}
 * @param allowSelf     whether an item may relate to itself
 */
public record RelationTypeDefinition(String name, String inverseName, List<String> sourceTypes, List<String> targetTypes,
                                     RelationEnd affects, ImpactRule impact, Map<String, ImpactRule> impactByType,
                                     boolean allowSelf) {
  public RelationTypeDefinition {
    Objects.requireNonNull(name, "name");
    sourceTypes = sourceTypes == null ? List.of() : List.copyOf(sourceTypes);
    targetTypes = targetTypes == null ? List.of() : List.copyOf(targetTypes);
    impactByType = impactByType == null ? Map.of() : Map.copyOf(impactByType);
  }

  /** The types allowed at the affected end. */
  public List<String> affectedTypes() {
    return affects == RelationEnd.SOURCE ? sourceTypes : targetTypes;
  }
}
