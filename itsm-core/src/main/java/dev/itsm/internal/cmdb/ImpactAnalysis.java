package dev.itsm.internal.cmdb;

import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactRule;
import dev.itsm.api.cmdb.ImpactStep;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.cmdb.RelationEnd;
import dev.itsm.api.cmdb.RelationType;
import dev.itsm.api.cmdb.RelationTypeDefinition;
import dev.itsm.internal.persistence.CiRow;
import dev.itsm.internal.persistence.RelationRow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Walks the relation graph from one item, breadth first, applying each relation type's impact rule
 * to the affected end. Every item is visited once, so cycles terminate. Relations whose affected
 * type has no rule (see {@code impactGaps}) are treated as propagating: the analysis rather
 * reports too much than too little. Retired items neither fail nor pass failures on.
 */
final class ImpactAnalysis {
  private final TypeSchema schema;
  private final Function<UUID, CiRow> items;
  private final Function<UUID, List<RelationRow>> relations;
  private final Map<UUID, CiRow> itemCache = new HashMap<>();
  private final Map<UUID, List<RelationRow>> relationCache = new HashMap<>();

  ImpactAnalysis(TypeSchema schema, Function<UUID, CiRow> items, Function<UUID, List<RelationRow>> relations) {
    this.schema = schema;
    this.items = items;
    this.relations = relations;
  }

  private record Found(int depth, List<ImpactStep> path, boolean alone) {}

  List<ImpactedCi> run(ImpactQuery query) {
    Map<UUID, Found> found = new LinkedHashMap<>();
    found.put(query.ciId(), new Found(0, List.of(), true));
    Deque<UUID> queue = new ArrayDeque<>(List.of(query.ciId()));
    boolean downstream = query.direction() == ImpactQuery.Direction.DOWNSTREAM;
    while (!queue.isEmpty()) {
      UUID current = queue.poll();
      Found at = found.get(current);
      if (query.maxDepth() != null && at.depth() >= query.maxDepth()) {
        continue;
      }
      for (RelationRow relation : relations(current)) {
        RelationType type = schema.relationType(relation.typeName);
        if (type == null) {
          continue;
        }
        RelationTypeDefinition d = type.definition();
        UUID dependent = dependent(relation, d);
        UUID provider = provider(relation, d);
        if (!current.equals(downstream ? provider : dependent)) {
          continue;
        }
        UUID next = downstream ? dependent : provider;
        CiRow nextItem = item(next);
        if (found.containsKey(next) || nextItem == null || CiState.RETIRED.name().equals(nextItem.state)) {
          continue;
        }
        CiRow dependentItem = item(dependent);
        ImpactRule rule = rule(d, dependentItem.typeName);
        boolean alone = at.alone();
        if (rule.propagation() == ImpactRule.Propagation.NONE) {
          continue;
        }
        if (rule.propagation() == ImpactRule.Propagation.REDUNDANCY) {
          List<UUID> providers = providers(dependent, d);
          int needed = rule.atLeast() == null ? providers.size() : Math.min(rule.atLeast(), providers.size());
          if (downstream) {
            long failed = providers.stream().filter(found::containsKey).count();
            if (failed < needed) {
              continue;
            }
          } else {
            alone = alone && needed <= 1;
          }
        }
        String name = current.equals(relation.sourceId) ? d.name() : d.inverseName();
        List<ImpactStep> path = new ArrayList<>(at.path());
        path.add(new ImpactStep(current, name, next));
        found.put(next, new Found(at.depth() + 1, path, alone));
        queue.add(next);
      }
    }
    List<ImpactedCi> result = new ArrayList<>();
    found.forEach((id, f) -> {
      if (f.depth() == 0) {
        return;
      }
      CiRow row = item(id);
      if (schema.allowed(row.typeName, query.types())) {
        result.add(new ImpactedCi(id, row.typeName, row.name, f.depth(), f.path(), f.alone()));
      }
    });
    result.sort(Comparator.comparingInt(ImpactedCi::depth).thenComparing(ImpactedCi::name).thenComparing(ImpactedCi::id));
    return result;
  }

  /** The rule for the affected type: the closest type with its own rule, else the relation type's, else propagate. */
  private ImpactRule rule(RelationTypeDefinition d, String affectedType) {
    List<CiTypeDefinition> lineage = schema.lineage(affectedType);
    for (int i = lineage.size() - 1; i >= 0; i--) {
      ImpactRule byType = d.impactByType().get(lineage.get(i).name());
      if (byType != null) {
        return byType;
      }
    }
    return d.impact() != null ? d.impact() : ImpactRule.propagates();
  }

  /** The live items the dependent relies on across relation type {@code d}. */
  private List<UUID> providers(UUID dependent, RelationTypeDefinition d) {
    List<UUID> providers = new ArrayList<>();
    for (RelationRow r : relations(dependent)) {
      if (!r.typeName.equals(d.name())) {
        continue;
      }
      UUID provider = provider(r, d);
      CiRow p = item(provider);
      if (dependent(r, d).equals(dependent) && p != null && !CiState.RETIRED.name().equals(p.state)) {
        providers.add(provider);
      }
    }
    return providers;
  }

  /** The end a failure of the other end affects. */
  private static UUID dependent(RelationRow r, RelationTypeDefinition d) {
    return d.affects() == RelationEnd.SOURCE ? r.sourceId : r.targetId;
  }

  /** The end whose failure affects the other. */
  private static UUID provider(RelationRow r, RelationTypeDefinition d) {
    return d.affects() == RelationEnd.SOURCE ? r.targetId : r.sourceId;
  }

  private CiRow item(UUID id) {
    return itemCache.computeIfAbsent(id, items);
  }

  private List<RelationRow> relations(UUID id) {
    return relationCache.computeIfAbsent(id, relations);
  }
}
