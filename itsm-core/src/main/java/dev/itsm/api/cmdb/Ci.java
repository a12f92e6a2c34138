package dev.itsm.api.cmdb;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A configuration item as stored.
 *
 * @param id         its id
 * @param tenantId   its tenant
 * @param type       its CI type
 * @param name       display name
 * @param state      lifecycle state
 * @param attributes attribute values by name, typed as {@link AttributeType} describes; absent when unset
 * @param createdAt  when it was created
 * @param updatedAt  when it last changed
 * @param version    1 when created, one more for every change
 */
public record Ci(UUID id, String tenantId, String type, String name, CiState state, Map<String, Object> attributes,
                 Instant createdAt, Instant updatedAt, long version) {
  public Ci {
    attributes = Map.copyOf(attributes);
  }

  /** A reference to this item at this version, for an update that must not overwrite a newer one. */
  public CiRef ref() {
    return new CiRef(id, version);
  }
}
