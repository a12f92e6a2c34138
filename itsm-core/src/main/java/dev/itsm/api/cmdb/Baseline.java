package dev.itsm.api.cmdb;

import java.time.Instant;
import java.util.UUID;

/**
 * A named snapshot of a set of configuration items (those a {@link CiQuery} matched when it was
 * taken): each item's name, state, attributes and version at that moment.
 *
 * @param id        its id
 * @param name      its name, unique in the tenant
 * @param createdAt when it was taken
 * @param createdBy who took it
 * @param items     how many items it holds
 */
public record Baseline(UUID id, String name, Instant createdAt, String createdBy, int items) {}
