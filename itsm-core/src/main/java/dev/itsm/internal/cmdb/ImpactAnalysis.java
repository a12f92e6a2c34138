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

    /** How many handles there are now (more may come as the walk goes on); sizes the walk's bookkeeping. */
    int sizeHint();

    /** Whether the item exists and is not retired. */
    boolean live(int node);

    /** Its CI type as a small number (see {@link #typeName}); only asked of existing items. */
    int typeCode(int node);

    /** The CI type a {@link #typeCode} stands for. */
    String typeName(int code);

    /** Its CI type; only asked of existing items. */
    default String type(int node) {
      return typeName(typeCode(node));
    }

    /** Its name; only asked of existing items. */
    String name(int node);

    /** Relations with the item at either end (a relation to itself once). */
    int degree(int node);

    /** The relation type of the item's {@code k}-th relation as a small number (see {@link #relationTypeName}). */
    int relationTypeCode(int node, int k);

    /** The relation type a {@link #relationTypeCode} stands for. */
    String relationTypeName(int code);

    /** The relation type name of the item's {@code k}-th relation. */
    default String relationType(int node, int k) {
      return relationTypeName(relationTypeCode(node, k));
    }

    int source(int node, int k);

    int target(int node, int k);
  }

  private final TypeSchema schema;
  private final Source graph;
  // by the source's codes: relation types (resolved when set in relationTypeKnown), rules [relation type][CI type]
  private RelationTypeDefinition[] relationTypes = new RelationTypeDefinition[8];
  private boolean[] relationTypeKnown = new boolean[8];
  private ImpactRule[][] rules = new ImpactRule[8][];
  // what the walk found, in the order found (which is also the queue): slot -> item, depth, parent slot, ...
  private int found;
  private int[] nodes = new int[64];
  private int[] depths = new int[64];
  private int[] parents = new int[64];
  private boolean[] alone = new boolean[64];
  private String[] via = new String[64];
  // the items found, as a bit per item handle
  private long[] visited;
  // made once per slot while the result is built
  private ImpactStep[] steps;
  private UUID[] ids;

  ImpactAnalysis(TypeSchema schema, Source graph) {
    this.schema = schema;
    this.graph = graph;
    this.visited = new long[Math.max(16, (graph.sizeHint() + 63) >> 6)];
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
      if (start >= 0 && !visited(start)) {
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
        int code = graph.relationTypeCode(current, k);
        RelationTypeDefinition d = relationType(code);
        if (d == null) {
          continue;
        }
        int source = graph.source(current, k);
        int target = graph.target(current, k);
        boolean affectsSource = d.affects() == RelationEnd.SOURCE;
        int dependent = affectsSource ? source : target;
        int provider = affectsSource ? target : source;
        if (current != (downstream ? provider : dependent)) {
          continue;
        }
        int next = downstream ? dependent : provider;
        if (visited(next) || !graph.live(next)) {
          continue;
        }
        ImpactRule rule = rule(code, d, graph.typeCode(dependent));
        boolean aloneHere = alone[slot];
        if (rule.propagation() == ImpactRule.Propagation.NONE) {
          continue;
        }
        if (rule.propagation() == ImpactRule.Propagation.REDUNDANCY) {
          long[] counted = providers(dependent, code, affectsSource);
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
    Map<Integer, Boolean> reported = new HashMap<>();
    for (int slot = reportStarts ? 0 : startCount; slot < found; slot++) {
      int node = nodes[slot];
      int typeCode = graph.typeCode(node);
      if (reported.computeIfAbsent(typeCode, c -> schema.allowed(graph.typeName(c), query.types()))) {
        result.add(new ImpactedCi(id(slot), graph.typeName(typeCode), graph.name(node), depths[slot], path(slot), alone[slot]));
      }
    }
    // nearest first (the walk found them so), then by name and id
    for (int from = 0, to; from < result.size(); from = to) {
      int depth = result.get(from).depth();
      to = from + 1;
      while (to < result.size() && result.get(to).depth() == depth) {
        to++;
      }
      if (to - from > 1) {
        result.subList(from, to).sort(ImpactAnalysis::byNameThenId);
      }
    }
    return result;
  }

  private static int byNameThenId(ImpactedCi a, ImpactedCi b) {
    int c = a.name().compareTo(b.name());
    return c != 0 ? c : a.id().compareTo(b.id());
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
    if ((node >> 6) >= visited.length) {
      visited = Arrays.copyOf(visited, Math.max((node >> 6) + 1, visited.length * 2));
    }
    visited[node >> 6] |= 1L << node;
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
    return List.of(path);
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

  /** The relation type's definition, or null when the schema does not know the type. */
  private RelationTypeDefinition relationType(int code) {
    if (code >= relationTypeKnown.length) {
      int capacity = Math.max(code + 1, relationTypeKnown.length * 2);
      relationTypes = Arrays.copyOf(relationTypes, capacity);
      relationTypeKnown = Arrays.copyOf(relationTypeKnown, capacity);
      rules = Arrays.copyOf(rules, capacity);
    }
    if (!relationTypeKnown[code]) {
      RelationType type = schema.relationType(graph.relationTypeName(code));
      relationTypes[code] = type == null ? null : type.definition();
      relationTypeKnown[code] = true;
    }
    return relationTypes[code];
  }

  /** The rule for the affected type: the closest type with its own rule, else the relation type's, else propagate. */
  private ImpactRule rule(int relationCode, RelationTypeDefinition d, int affectedCode) {
    ImpactRule[] byAffectedType = rules[relationCode];
    if (byAffectedType == null || affectedCode >= byAffectedType.length) {
      byAffectedType = byAffectedType == null ? new ImpactRule[Math.max(8, affectedCode + 1)]
          : Arrays.copyOf(byAffectedType, Math.max(affectedCode + 1, byAffectedType.length * 2));
      rules[relationCode] = byAffectedType;
    }
    ImpactRule rule = byAffectedType[affectedCode];
    if (rule == null) {
      rule = d.impact() != null ? d.impact() : ImpactRule.propagates();
      List<CiTypeDefinition> lineage = schema.lineage(graph.typeName(affectedCode));
      for (int i = lineage.size() - 1; i >= 0; i--) {
        ImpactRule byType = d.impactByType().get(lineage.get(i).name());
        if (byType != null) {
          rule = byType;
          break;
        }
      }
      byAffectedType[affectedCode] = rule;
    }
    return rule;
  }

  /** The live items the dependent relies on across relation type {@code d}: how many, and how many of them failed. */
  private long[] providers(int dependent, int relationCode, boolean affectsSource) {
    long providers = 0;
    long failed = 0;
    int degree = graph.degree(dependent);
    for (int k = 0; k < degree; k++) {
      if (graph.relationTypeCode(dependent, k) != relationCode) {
        continue;
      }
      int source = graph.source(dependent, k);
      int target = graph.target(dependent, k);
      int itsDependent = affectsSource ? source : target;
      int provider = affectsSource ? target : source;
      if (itsDependent == dependent && graph.live(provider)) {
        providers++;
        if (visited(provider)) {
          failed++;
        }
      }
    }
    return new long[] {providers, failed};
  }

  private boolean visited(int node) {
    int word = node >> 6;
    return word < visited.length && (visited[word] & (1L << node)) != 0;
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
    private final List<String> typeNames = new ArrayList<>();
    private final Map<String, Integer> typeIndex = new HashMap<>();
    private final List<String> relationTypeNames = new ArrayList<>();
    private final Map<String, Integer> relationTypeIndex = new HashMap<>();

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

    @Override
    public int sizeHint() {
      return ids.size();
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
    public int typeCode(int node) {
      return RelationGraph.intern(item(node).typeName, typeNames, typeIndex, Integer.MAX_VALUE, "CI types");
    }

    @Override
    public String typeName(int code) {
      return typeNames.get(code);
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
    public int relationTypeCode(int node, int k) {
      return RelationGraph.intern(relations(node).get(k).typeName, relationTypeNames, relationTypeIndex, Integer.MAX_VALUE,
          "relation types");
    }

    @Override
    public String relationTypeName(int code) {
      return relationTypeNames.get(code);
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
