package dev.itsm.api.cmdb;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a CI's history: its creation, one attribute (or its name) changed, or its state
 * changed.
 *
 * @param ciId         the item
 * @param occurredAt   when
 * @param actorId      who
 * @param action       {@code created}, {@code updated} or {@code state}
 * @param field        the attribute, {@code name} or {@code state}; {@code null} for {@code created}
 * @param oldValue     value before, as JSON text ({@code null} when unset)
 * @param newValue     value after, as JSON text ({@code null} when removed); for {@code created}
 *                     the whole item
 * @param causedByType kind of record that caused it ({@code change}...), or {@code null}
 * @param causedById   that record's id, or {@code null}
 */
public record CiChange(UUID ciId, Instant occurredAt, String actorId, String action, String field, String oldValue,
                       String newValue, String causedByType, String causedById) {}
