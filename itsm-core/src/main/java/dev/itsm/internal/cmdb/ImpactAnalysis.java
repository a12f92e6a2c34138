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
import dev.itsm.internal.persistence.CmdbMapper;
import dev.itsm.internal.persistence.RelationRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Walks the relation graph from one item, breadth first, applying each relation type's impact rule
 * to the affected end. Every item is visited once, so cycles terminate. Relations whose affected
 * type has no rule (see {@code impactGaps}) are treated as propagating: the analysis rather
 * reports too much than too little. Retired items neither fail nor pass failures on.
 *
 * <p>The graph comes from a {@link Source}: the database ({@link #database}, one query per item
 * reached) or the cached {@link RelationGraph}. Both give each item's relations in the same order
 * (by creation time, then id), so both walks find the same items with the same depths and paths.
 */
final class ImpactAnalysis {
  /** A relation graph as the walk sees it: items as dense int handles, each with its relations in walk order. */
  interface Source {
    /** The handle of the item, or -1 if it is not an item of the graph. */
    int node(UUID id);

    UUID id(int node);

    /** Whether the item exists and is not retired. */
    boolean live(int node);

    /** Its CI type; only asked of existing items. */
    String type(int node);

    /** Its name; only asked of existing items. */
    String name(int node);

    /** Relations with the item at either end (a relation to itself once). */
    int degree(int node);

    /** The relation type name of the item's {@code k}-th relation. */
    String relationType(int node, int k);

    int source(int node, int k);

    int target(int node, int k);
  }

  private final TypeSchema schema;
  private final Source graph;
  private final Map<String, RelationType> relationTypes = new HashMap<>();
  private String lastRelationTypeName;
  private RelationType lastRelationType;
  private final Map<String, Map<String, ImpactRule>> rules = new HashMap<>();
  // what the walk found, in the order found (which is also the queue): slot -> item, depth, parent slot, ...
  private int found;
  private int[] nodes = new int[64];
  private int[] depths = new int[64];
  private int[] parents = new int[64];
  private boolean[] alone = new boolean[64];
  private String[] via = new String[64];
  private final IntIndex slots = new IntIndex();
  // made once per slot while the result is built
  private ImpactStep[] steps;
  private UUID[] ids;

  ImpactAnalysis(TypeSchema schema, Source graph) {
    this.schema = schema;
    this.graph = graph;
  }

  /** The walk over the database of the session: items and relations read as they are reached. */
  static Source database(CmdbMapper mapper, String tenantId) {
    return new DatabaseSource(mapper, tenantId);
  }

  List<ImpactedCi> run(ImpactQuery query) {
    return run(List.of(query.ciId()), query, false);
  }

  /**
   * The walk from several items at once (failing together, for redundancy), in the query's
   * direction, depth and reported types; with {@code reportStarts} the starts of a reported type are
   * in the result at depth 0 (a walk from one item leaves it out).
   */
  List<ImpactedCi> run(List<UUID> starts, ImpactQuery query, boolean reportStarts) {
    boolean downstream = query.direction() == ImpactQuery.Direction.DOWNSTREAM;
    for (UUID id : starts) {
      int start = graph.node(id);
      if (start >= 0 && slots.get(start) < 0) {
        add(start, 0, -1, true, null);
      }
    }
    int startCount = found;
    if (startCount == 0) {
      return List.of();
    }
    for (int slot = 0; slot < found; slot++) {
      int current = nodes[slot];
      if (query.maxDepth() != null && depths[slot] >= query.maxDepth()) {
        continue;
      }
      int degree = graph.degree(current);
      for (int k = 0; k < degree; k++) {
        RelationType type = relationType(graph.relationType(current, k));
        if (type == null) {
          continue;
        }
        RelationTypeDefinition d = type.definition();
        int source = graph.source(current, k);
        int target = graph.target(current, k);
        int dependent = d.affects() == RelationEnd.SOURCE ? source : target;
        int provider = d.affects() == RelationEnd.SOURCE ? target : source;
        if (current != (downstream ? provider : dependent)) {
          continue;
        }
        int next = downstream ? dependent : provider;
        if (slots.get(next) >= 0 || !graph.live(next)) {
          continue;
        }
        ImpactRule rule = rule(d, graph.type(dependent));
        boolean aloneHere = alone[slot];
        if (rule.propagation() == ImpactRule.Propagation.NONE) {
          continue;
        }
        if (rule.propagation() == ImpactRule.Propagation.REDUNDANCY) {
          long[] counted = providers(dependent, d);
          long providers = counted[0];
          long needed = rule.atLeast() == null ? providers : Math.min(rule.atLeast(), providers);
          if (downstream) {
            if (counted[1] < needed) {
              continue;
            }
          } else {
            aloneHere = aloneHere && needed <= 1;
          }
        }
        add(next, depths[slot] + 1, slot, aloneHere, current == source ? d.name() : d.inverseName());
      }
    }
    List<ImpactedCi> result = new ArrayList<>();
    Map<String, Boolean> reported = new HashMap<>();
    for (int slot = reportStarts ? 0 : startCount; slot < found; slot++) {
      int node = nodes[slot];
      String type = graph.type(node);
      if (reported.computeIfAbsent(type, t -> schema.allowed(t, query.types()))) {
        result.add(new ImpactedCi(id(slot), type, graph.name(node), depths[slot], path(slot), alone[slot]));
      }
    }
    result.sort(Comparator.comparingInt(ImpactedCi::depth).thenComparing(ImpactedCi::name).thenComparing(ImpactedCi::id));
    return result;
  }

  private void add(int node, int depth, int parent, boolean isAlone, String relation) {
    if (found == nodes.length) {
      int capacity = found * 2;
      nodes = Arrays.copyOf(nodes, capacity);
      depths = Arrays.copyOf(depths, capacity);
      parents = Arrays.copyOf(parents, capacity);
      alone = Arrays.copyOf(alone, capacity);
      via = Arrays.copyOf(via, capacity);
    }
    nodes[found] = node;
    depths[found] = depth;
    parents[found] = parent;
    alone[found] = isAlone;
    via[found] = relation;
    slots.put(node, found);
    found++;
  }

  /** The steps from the analysed item to the item in the slot, each read in the direction walked. */
  private List<ImpactStep> path(int slot) {
    if (steps == null) {
      steps = new ImpactStep[found];
    }
    ImpactStep[] path = new ImpactStep[depths[slot]];
    for (int s = slot; parents[s] >= 0; s = parents[s]) {
      ImpactStep step = steps[s];
      if (step == null) {
        step = new ImpactStep(id(parents[s]), via[s], id(s));   // made once, shared by the paths through it
        steps[s] = step;
      }
      path[depths[s] - 1] = step;
    }
    return Arrays.asList(path);
  }

  private UUID id(int slot) {
    if (ids == null) {
      ids = new UUID[found];
    }
    UUID id = ids[slot];
    if (id == null) {
      id = graph.id(nodes[slot]);
      ids[slot] = id;
    }
    return id;
  }

  private RelationType relationType(String name) {
    if (name == lastRelationTypeName) {   // the graph interns its names: consecutive relations mostly share one
      return lastRelationType;
    }
    RelationType type = relationTypes.get(name);
    if (type == null && !relationTypes.containsKey(name)) {
      type = schema.relationType(name);
      relationTypes.put(name, type);
    }
    lastRelationTypeName = name;
    lastRelationType = type;
    return type;
  }

  /** The rule for the affected type: the closest type with its own rule, else the relation type's, else propagate. */
  private ImpactRule rule(RelationTypeDefinition d, String affectedType) {
    Map<String, ImpactRule> byAffectedType = rules.get(d.name());
    if (byAffectedType == null) {
      byAffectedType = new HashMap<>();
      rules.put(d.name(), byAffectedType);
    }
    ImpactRule rule = byAffectedType.get(affectedType);
    if (rule == null) {
      rule = d.impact() != null ? d.impact() : ImpactRule.propagates();
      List<CiTypeDefinition> lineage = schema.lineage(affectedType);
      for (int i = lineage.size() - 1; i >= 0; i--) {
        ImpactRule byType = d.impactByType().get(lineage.get(i).name());
        if (byType != null) {
          rule = byType;
          break;
        }
      }
      byAffectedType.put(affectedType, rule);
    }
    return rule;
  }

  /** The live items the dependent relies on across relation type {@code d}: how many, and how many of them failed. */
  private long[] providers(int dependent, RelationTypeDefinition d) {
    long providers = 0;
    long failed = 0;
    int degree = graph.degree(dependent);
    for (int k = 0; k < degree; k++) {
      if (!graph.relationType(dependent, k).equals(d.name())) {
        continue;
      }
      int source = graph.source(dependent, k);
      int target = graph.target(dependent, k);
      int itsDependent = d.affects() == RelationEnd.SOURCE ? source : target;
      int provider = d.affects() == RelationEnd.SOURCE ? target : source;
      if (itsDependent == dependent && graph.live(provider)) {
        providers++;
        if (slots.get(provider) >= 0) {
          failed++;
        }
      }
    }
    return new long[] {providers, failed};
  }

  /** Open-addressing map from item handle to slot; -1 when absent. */
  private static final class IntIndex {
    private int[] keys = new int[128];
    private int[] values = new int[128];
    private int size;

    IntIndex() {
      Arrays.fill(keys, -1);
    }

    int get(int key) {
      int mask = keys.length - 1;
      for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return values[i];
        }
        if (keys[i] == -1) {
          return -1;
        }
      }
    }

    void put(int key, int value) {
      if ((size + 1) * 2 > keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int i = mix(key) & mask;
      while (keys[i] != -1 && keys[i] != key) {
        i = (i + 1) & mask;
      }
      if (keys[i] == -1) {
        size++;
      }
      keys[i] = key;
      values[i] = value;
    }

    private void grow() {
      int[] oldKeys = keys;
      int[] oldValues = values;
      keys = new int[oldKeys.length * 2];
      values = new int[oldKeys.length * 2];
      Arrays.fill(keys, -1);
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != -1) {
          put(oldKeys[i], oldValues[i]);
        }
      }
    }

    private static int mix(int key) {
      int h = key * 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }

  /** Items and relations read from the database as the walk reaches them, each once. */
  private static final class DatabaseSource implements Source {
    private static final CiRow MISSING = new CiRow();
    private final CmdbMapper mapper;
    private final String tenantId;
    private final Map<UUID, Integer> index = new HashMap<>();
    private final List<UUID> ids = new ArrayList<>();
    private final List<CiRow> items = new ArrayList<>();
    private final List<List<RelationRow>> relations = new ArrayList<>();

    DatabaseSource(CmdbMapper mapper, String tenantId) {
      this.mapper = mapper;
      this.tenantId = tenantId;
    }

    @Override
    public int node(UUID id) {
      Integer known = index.get(id);
      if (known != null) {
        return known;
      }
      int node = ids.size();
      index.put(id, node);
      ids.add(id);
      items.add(null);
      relations.add(null);
      return node;
    }

    @Override
    public UUID id(int node) {
      return ids.get(node);
    }

    private CiRow item(int node) {
      CiRow row = items.get(node);
      if (row == null) {
        row = mapper.selectCi(ids.get(node), tenantId);
        items.set(node, row == null ? MISSING : row);
      }
      return row == MISSING ? null : row;
    }

    private List<RelationRow> relations(int node) {
      List<RelationRow> rows = relations.get(node);
      if (rows == null) {
        rows = mapper.selectRelationsOf(ids.get(node), tenantId);
        relations.set(node, rows);
      }
      return rows;
    }

    @Override
    public boolean live(int node) {
      CiRow row = item(node);
      return row != null && !CiState.RETIRED.name().equals(row.state);
    }

    @Override
    public String type(int node) {
      return item(node).typeName;
    }

    @Override
    public String name(int node) {
      return item(node).name;
    }

    @Override
    public int degree(int node) {
      return relations(node).size();
    }

    @Override
    public String relationType(int node, int k) {
      return relations(node).get(k).typeName;
    }

    @Override
    public int source(int node, int k) {
      return node(relations(node).get(k).sourceId);
    }

    @Override
    public int target(int node, int k) {
      return node(relations(node).get(k).targetId);
    }
  }
}
