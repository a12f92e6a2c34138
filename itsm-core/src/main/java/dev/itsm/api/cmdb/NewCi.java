package dev.itsm.api.cmdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A configuration item to create.
 *
 * @param type       its CI type
 * @param name       display name, 1 to 200 characters
 * @param state      initial state ({@link CiState#IN_USE} unless given; never {@link CiState#RETIRED})
 * @param attributes attribute values by name (see {@link AttributeType} for the accepted Java types)
 */
public record NewCi(String type, String name, CiState state, Map<String, Object> attributes) {
  public NewCi {
    state = state == null ? CiState.IN_USE : state;
    attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** An item in use with the given attributes. */
  public static NewCi of(String type, String name, Map<String, Object> attributes) {
    return new NewCi(type, name, CiState.IN_USE, attributes);
  }

  /** The same item with another initial state. */
  public NewCi inState(CiState initial) {
    return new NewCi(type, name, Objects.requireNonNull(initial, "initial"), attributes);
  }
}
