package dev.itsm.api.cmdb;

/**
 * A CI type that can be the affected end of a relation type without any impact rule for it: an
 * impact analysis would not know what a failure across such a relation means.
 *
 * @param relationType the relation type
 * @param ciType       the CI type (at {@code end})
 * @param end          the affected end
 */
public record ImpactGap(String relationType, String ciType, RelationEnd end) {}
