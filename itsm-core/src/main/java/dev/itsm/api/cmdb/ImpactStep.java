package dev.itsm.api.cmdb;

import java.util.UUID;

/**
 * One relation on an impact path, read from {@code from} to {@code to}: {@code order-entry runs-on
 * host-7} or {@code host-7 hosts order-entry}.
 *
 * @param from     the item the step starts at
 * @param relation the relation's name read from {@code from} (its name or inverse name)
 * @param to       the item the step ends at
 */
public record ImpactStep(UUID from, String relation, UUID to) {}
