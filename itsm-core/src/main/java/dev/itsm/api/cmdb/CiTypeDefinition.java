package dev.itsm.api.cmdb;

import java.util.List;
import java.util.Objects;

/**
 * What a host declares about a CI type: {@code new CiTypeDefinition("Server", "Hardware", false,
 * List.of(AttributeDefinition.string("hostname").asRequired().asUnique()))}.
 *
 * @param name             type name: a letter, then letters, digits or {@code _}, at most 64 characters
 * @param parent           the type it extends (inherits every attribute of), or {@code null}
 * @param changeControlled whether its CIs may change only through an approved change
 * @param attributes       attributes it adds to those it inherits
 * @param identifiedBy     the identification rule for imports: the attributes (own or inherited;
 *                         {@code name} for the item's name) whose values together identify an item of
 *                         this type and its subtypes; empty to inherit the parent's rule, or, when no
 *                         ancestor has one, to identify by name within the type
 */
public record CiTypeDefinition(String name, String parent, boolean changeControlled, List<AttributeDefinition> attributes,
                               List<String> identifiedBy) {
  public CiTypeDefinition {
    Objects.requireNonNull(name, "name");
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
    identifiedBy = identifiedBy == null ? List.of() : List.copyOf(identifiedBy);
  }

  /** A type without an identification rule of its own. */
  public CiTypeDefinition(String name, String parent, boolean changeControlled, List<AttributeDefinition> attributes) {
    this(name, parent, changeControlled, attributes, List.of());
  }

  /** This definition with the identification rule: {@code .identifiedBy("serialNumber")}. */
  public CiTypeDefinition identifiedBy(String... attributeNames) {
    return new CiTypeDefinition(name, parent, changeControlled, attributes, List.of(attributeNames));
  }
}
