package dev.itsm.api.cmdb;

import java.util.UUID;

/**
 * A relation seen from one item: {@code runs-on host-7} for order-entry, {@code hosts order-entry}
 * for host-7.
 *
 * @param relation the relation's name read from the item (its name or inverse name)
 * @param other    the item at the other end
 */
public record RelatedItem(String relation, UUID other) {}
