package dev.itsm.api.cmdb;

import java.time.Instant;
import java.util.UUID;

/**
 * A relation between two configuration items: {@code source type target}.
 *
 * @param id        its id
 * @param type      the relation type's name
 * @param sourceId  the source item
 * @param targetId  the target item
 * @param createdAt when it was made
 * @param createdBy who made it
 */
public record Relation(UUID id, String type, UUID sourceId, UUID targetId, Instant createdAt, String createdBy) {}
