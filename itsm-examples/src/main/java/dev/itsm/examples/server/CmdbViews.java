package dev.itsm.examples.server;

import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.AttributeType;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CiType;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactRule;
import dev.itsm.api.cmdb.ImpactStep;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.cmdb.Relation;
import dev.itsm.api.cmdb.RelationEnd;
import dev.itsm.api.cmdb.RelationType;
import dev.itsm.api.cmdb.RelationTypeDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** JSON response bodies of the CMDB resource ({@link CmdbRoutes}). */
final class CmdbViews {
  private CmdbViews() {}

  /** A configuration item; {@code version} is its {@code ETag}. Attributes are sorted by name. */
  record Item(UUID id, String type, String name, CiState state, Map<String, Object> attributes, Instant createdAt,
              Instant updatedAt, long version) {

    static Item of(Ci ci) {
      return new Item(ci.id(), ci.type(), ci.name(), ci.state(), new TreeMap<>(ci.attributes()), ci.createdAt(), ci.updatedAt(),
          ci.version());
    }
  }

  /** A CI type with its inherited attributes first. */
  record Type(String name, String parent, boolean changeControlled, List<Attribute> attributes, long version,
              List<String> identifiedBy, String identifiedWithin) {

    static Type of(CiType t) {
      return new Type(t.name(), t.parent(), t.changeControlled(), t.attributes().stream().map(Attribute::of).toList(),
          t.version(), t.identifiedBy(), t.identifiedWithin());
    }
  }

  /** One attribute of a type's schema. */
  record Attribute(String name, AttributeType type, boolean required, boolean unique, Object defaultValue, Integer maxLength,
                   List<String> values, String referenceType) {

    static Attribute of(AttributeDefinition a) {
      return new Attribute(a.name(), a.type(), a.required(), a.unique(), a.defaultValue(), a.maxLength(), a.values(),
          a.referenceType());
    }
  }

  /** A relation type, read from source to target ({@code runs-on}) and back ({@code hosts}). */
  record RelationTypeView(String name, String inverseName, List<String> sourceTypes, List<String> targetTypes,
                          RelationEnd affects, ImpactRule impact, Map<String, ImpactRule> impactByType, boolean allowSelf,
                          long version) {

    static RelationTypeView of(RelationType r) {
      RelationTypeDefinition d = r.definition();
      return new RelationTypeView(d.name(), d.inverseName(), d.sourceTypes(), d.targetTypes(), d.affects(), d.impact(),
          new TreeMap<>(d.impactByType()), d.allowSelf(), r.version());
    }
  }

  /** A relation: {@code source type target}. */
  record RelationView(UUID id, String type, UUID sourceId, UUID targetId, Instant createdAt, String createdBy) {

    static RelationView of(Relation r) {
      return new RelationView(r.id(), r.type(), r.sourceId(), r.targetId(), r.createdAt(), r.createdBy());
    }
  }

  /** One history entry; {@code oldValue} and {@code newValue} are JSON text, as the library keeps them. */
  record Change(Instant occurredAt, String actorId, String action, String field, String oldValue, String newValue,
                String causedByType, String causedById) {

    static Change of(CiChange c) {
      return new Change(c.occurredAt(), c.actorId(), c.action(), c.field(), c.oldValue(), c.newValue(), c.causedByType(),
          c.causedById());
    }
  }

  /** The result of an impact analysis around {@code ciId}: the items found, each with the path that explains it. */
  record Impact(UUID ciId, ImpactQuery.Direction direction, Integer maxDepth, List<String> types, List<Impacted> items) {}

  /**
   * An item an impact analysis found: {@code path} leads from the analysed item to it, one relation a
   * step, each read in the direction walked; {@code alone} is false upstream when a redundancy rule on
   * the path needs further failures.
   */
  record Impacted(UUID id, String type, String name, int depth, List<Step> path, boolean alone) {

    static Impacted of(ImpactedCi i) {
      return new Impacted(i.id(), i.type(), i.name(), i.depth(), i.path().stream().map(Step::of).toList(), i.alone());
    }
  }

  /** One relation on an impact path: {@code from relation to}. */
  record Step(UUID from, String relation, UUID to) {

    static Step of(ImpactStep s) {
      return new Step(s.from(), s.relation(), s.to());
    }
  }
}
