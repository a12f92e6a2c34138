package dev.itsm.api.cmdb;

import java.util.List;
import java.util.Optional;

/**
 * A defined CI type as the engine uses it.
 *
 * @param name             type name
 * @param parent           the type it extends, or {@code null}
 * @param changeControlled whether its CIs may change only through an approved change
 * @param attributes       every attribute, inherited ones first (from the root type down)
 * @param version          1 for a new definition, one more for every change of it
 * @param identifiedBy     the identification rule in force: its own, an ancestor's, or {@code [name]}
 * @param identifiedWithin the type whose items share the identification rule (where it is declared;
 *                         the type itself for the default rule)
 */
public record CiType(String name, String parent, boolean changeControlled, List<AttributeDefinition> attributes,
                     long version, List<String> identifiedBy, String identifiedWithin) {
  public CiType {
    attributes = List.copyOf(attributes);
    identifiedBy = List.copyOf(identifiedBy);
  }

  /** The attribute of that name, inherited or own. */
  public Optional<AttributeDefinition> attribute(String attributeName) {
    for (AttributeDefinition a : attributes) {
      if (a.name().equals(attributeName)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
