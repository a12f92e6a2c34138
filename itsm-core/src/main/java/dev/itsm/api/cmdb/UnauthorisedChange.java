package dev.itsm.api.cmdb;

import java.time.Instant;
import java.util.UUID;

/**
 * A difference an import reported on an item of a change-controlled type, recorded for review
 * instead of applied.
 *
 * @param id         its id
 * @param ciId       the item
 * @param source     the import source that reported it
 * @param field      the attribute, {@code name}, {@code state}, or {@code relation:<name>} for a new relation
 * @param current    the item's value when reported, as JSON ({@code null} when unset)
 * @param reported   the feed's value, as JSON (for a relation: {@code {"type", "source", "target"}})
 * @param reportedAt when the import reported it
 * @param status     {@code OPEN}, {@code APPLIED} or {@code DISMISSED}
 * @param reviewedBy who reviewed it, or {@code null}
 * @param reviewNote the reviewer's note, or {@code null}
 */
public record UnauthorisedChange(UUID id, UUID ciId, String source, String field, String current, String reported,
                                 Instant reportedAt, String status, String reviewedBy, String reviewNote) {}
