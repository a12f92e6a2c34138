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
 */
public record CiTypeDefinition(String name, String parent, boolean changeControlled, List<AttributeDefinition> attributes) {
  public CiTypeDefinition {
    Objects.requireNonNull(name, "name");
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
  }
}
