package dev.itsm.internal.cmdb;

import dev.itsm.api.cmdb.CiState;
import dev.itsm.internal.persistence.CiRow;
import dev.itsm.internal.persistence.RelationRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One tenant's relation graph in memory, as compact as the impact analysis allows: what it walks
 * (each item's type, name, whether it is retired, and its relations in walk order) and nothing
 * else. Items are dense int handles; ids are kept as two {@code long}s per item and found through an
 * open-addressing table of handles.
 *
 * <p>Relations are kept once per end, each as one {@code long}: the other end's handle (32 bits),
 * the relation type's index (16 bits) and whether this item is the source (1 bit). After loading
 * they sit in one array per graph (compressed rows: item {@code n}'s relations are
 * {@code edges[offset[n] .. offset[n + 1])}); an item whose relations changed afterwards, or that
 * was added afterwards, gets an array of its own and its old slice is left unused.
 *
 * <p><b>Memory</b> (64-bit JVM with compressed references, the default below 32 GiB of heap):
 * <pre>
 * per item      16  id (two longs)
 *                8  id table (int handles, a power of two at most half full: 8 to 16 bytes per
 *                   item, 8.4 at 1,000,000 items)
 *                3  type index (short), flags (byte)
 *                8  references to its name and to its own relation array (null until patched)
 *                4  offset of its relations
 *               ~64 its name: String (24) + byte[] (16 + one byte a character for Latin-1 names,
 *                   two otherwise, rounded up to 8) - 64 for a name of 17 to 24 Latin-1 characters
 *              ~103 bytes with a 20-character name
 * per relation  16  one long at each end
 * 1,000,000 items and 3,000,000 relations: about 103 MB + 48 MB = ~150 MB
 * (measured on a 64-bit JVM 17: 159 MB; 326 MB with 200-character names, the longest allowed)
 * </pre>
 * Patches add to this until the graph is next loaded: a patched item's relations move to an array
 * of its own (16 bytes more, and its old slice stays unused), and items added after loading grow
 * the per-item arrays by half at a time. {@link #estimatedBytes()} computes the heap taken, for the
 * cache's weigher. Loading needs ten bytes per relation more for a moment (both ends and the type
 * of each relation, before they are sorted into the rows).
 *
 * <p>Threads: any number walk under {@link #lock}'s read lock; patches are applied under its write
 * lock, by one thread at a time (the owner of the tenant's entry in {@link GraphCache}), which may
 * read the graph without the lock while preparing a patch.
 */
final class RelationGraph implements ImpactAnalysis.Source {
  private static final byte RETIRED = 1;
  /** Not an item of the tenant (or not yet known): neither fails nor passes failures on. */
  private static final byte ABSENT = 2;
  private static final long OUT = 1L << 48;
  private static final long[] NONE = new long[0];
  private static final int MAX_TYPES = Short.MAX_VALUE;
  private static final int MAX_RELATION_TYPES = 0xFFFF;

  /** Walks hold the read lock, patches the write lock. */
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private int size;
  private long[] msb;
  private long[] lsb;
  private short[] types;
  private byte[] flags;
  private String[] names;
  private long nameBytes;
  private int[] table;
  // relations: compressed rows for the items there were at loading, own arrays for the rest
  private int rows;
  private int[] offset = new int[] {0};
  private long[] edges = NONE;
  private long[][] own;
  private long ownEntries;
  private int ownArrays;

  private final List<String> typeNames = new ArrayList<>();
  private final Map<String, Integer> typeIndex = new HashMap<>();
  private final List<String> relationTypeNames = new ArrayList<>();
  private final Map<String, Integer> relationTypeIndex = new HashMap<>();

  private RelationGraph(int capacity, int expected) {
    int c = Math.max(16, capacity);
    msb = new long[c];
    lsb = new long[c];
    types = new short[c];
    flags = new byte[c];
    names = new String[c];
    own = new long[c][];
    table = new int[tableSize(Math.max(expected, 8))];
  }

  /** Collects a graph's items and relations (in walk order), then builds it. */
  static final class Builder {
    private final RelationGraph graph;
    private int count;
    private int[] from;
    private int[] to;
    private short[] type;

    /** Sized for about that many items and relations (it grows beyond). */
    Builder(long items, long relations) {
      int expected = (int) Math.min(1 << 29, items);
      graph = new RelationGraph(expected + expected / 8 + 16, expected);
      int r = (int) Math.min(Integer.MAX_VALUE - 8, relations + 16);
      from = new int[r];
      to = new int[r];
      type = new short[r];
    }

    void item(CiRow row) {
      graph.upsert(row);
    }

    /**
     * A relation, in walk order. An end that is not an item (yet: it was created after the items
     * were read) becomes an absent item, to be filled in by {@link #unknown()} and {@link #item}.
     */
    void relation(RelationRow row) {
      if (count == from.length) {
        int capacity = count + (count >> 1) + 16;
        from = Arrays.copyOf(from, capacity);
        to = Arrays.copyOf(to, capacity);
        type = Arrays.copyOf(type, capacity);
      }
      from[count] = graph.nodeOrAbsent(row.sourceId);
      to[count] = graph.nodeOrAbsent(row.targetId);
      type[count] = (short) graph.relationTypeIndex(row.typeName);
      count++;
    }

    /** Relation ends that were not among the items read. */
    List<UUID> unknown() {
      List<UUID> unknown = new ArrayList<>();
      for (int n = 0; n < graph.size; n++) {
        if (graph.flags[n] == ABSENT) {
          unknown.add(graph.id(n));
        }
      }
      return unknown;
    }

    RelationGraph build() {
      RelationGraph g = graph;
      int[] offset = new int[g.size + 1];
      for (int e = 0; e < count; e++) {
        offset[from[e] + 1]++;
        if (from[e] != to[e]) {
          offset[to[e] + 1]++;
        }
      }
      for (int n = 0; n < g.size; n++) {
        offset[n + 1] += offset[n];
      }
      long[] edges = new long[offset[g.size]];
      int[] fill = Arrays.copyOf(offset, g.size);
      for (int e = 0; e < count; e++) {
        long t = (long) (type[e] & 0xFFFF) << 32;
        edges[fill[from[e]]++] = (to[e] & 0xFFFFFFFFL) | t | OUT;
        if (from[e] != to[e]) {
          edges[fill[to[e]]++] = (from[e] & 0xFFFFFFFFL) | t;
        }
      }
      g.rows = g.size;
      g.offset = offset;
      g.edges = edges;
      from = null;
      to = null;
      type = null;
      return g;
    }
  }

  // ---------------------------------------------------------------- reading (Source)

  @Override
  public int node(UUID id) {
    int mask = table.length - 1;
    long hi = id.getMostSignificantBits();
    long lo = id.getLeastSignificantBits();
    for (int i = hash(hi, lo) & mask; ; i = (i + 1) & mask) {
      int n = table[i] - 1;
      if (n < 0) {
        return -1;
      }
      if (msb[n] == hi && lsb[n] == lo) {
        return n;
      }
    }
  }

  /** Whether the item is in the graph as an item of the tenant. */
  boolean has(UUID id) {
    int n = node(id);
    return n >= 0 && (flags[n] & ABSENT) == 0;
  }

  @Override
  public UUID id(int node) {
    return new UUID(msb[node], lsb[node]);
  }

  @Override
  public boolean live(int node) {
    return flags[node] == 0;
  }

  @Override
  public int typeCode(int node) {
    return types[node];
  }

  @Override
  public String typeName(int code) {
    return typeNames.get(code);
  }

  @Override
  public String name(int node) {
    return names[node];
  }

  @Override
  public int degree(int node) {
    long[] mine = own[node];
    if (mine != null) {
      return mine.length;
    }
    return node < rows ? offset[node + 1] - offset[node] : 0;
  }

  private long edge(int node, int k) {
    long[] mine = own[node];
    return mine != null ? mine[k] : edges[offset[node] + k];
  }

  @Override
  public int relationTypeCode(int node, int k) {
    return (int) (edge(node, k) >>> 32) & 0xFFFF;
  }

  @Override
  public String relationTypeName(int code) {
    return relationTypeNames.get(code);
  }

  @Override
  public int source(int node, int k) {
    long e = edge(node, k);
    return (e & OUT) != 0 ? node : (int) e;
  }

  @Override
  public int target(int node, int k) {
    long e = edge(node, k);
    return (e & OUT) != 0 ? (int) e : node;
  }

  /** Items in the graph (including absent ones). */
  int size() {
    return size;
  }

  @Override
  public int sizeHint() {
    return size;
  }

  // ---------------------------------------------------------------- patching

  /**
   * Replaces what the graph knows of some items with what the database holds now: {@code rows} are
   * the touched items that exist (with type, name and state), {@code relations} the relations of
   * each of them in walk order, {@code others} the rows of relation ends the graph did not know. A
   * touched item without a row is no longer an item of the tenant. Call under the write lock.
   */
  void patch(List<UUID> touched, List<CiRow> rows, Map<UUID, List<RelationRow>> relations, List<CiRow> others) {
    Map<UUID, CiRow> byId = new HashMap<>();
    for (CiRow row : rows) {
      byId.put(row.id, row);
      upsert(row);
    }
    for (CiRow row : others) {
      upsert(row);
    }
    for (UUID id : touched) {
      int n = node(id);
      if (!byId.containsKey(id)) {
        if (n >= 0) {
          flags[n] = ABSENT;
          setOwn(n, NONE);
        }
        continue;
      }
      List<RelationRow> mine = relations.getOrDefault(id, List.of());
      long[] entries = new long[mine.size()];
      for (int k = 0; k < entries.length; k++) {
        RelationRow r = mine.get(k);
        boolean out = r.sourceId.equals(id);
        int other = nodeOrAbsent(out ? r.targetId : r.sourceId);
        entries[k] = (other & 0xFFFFFFFFL) | ((long) relationTypeIndex(r.typeName) << 32) | (out ? OUT : 0);
      }
      setOwn(n, entries);
    }
  }

  private void setOwn(int n, long[] entries) {
    long[] old = own[n];
    if (old != null) {
      ownEntries -= old.length;
      ownArrays--;
    }
    own[n] = entries;
    ownEntries += entries.length;
    ownArrays++;
  }

  /** Adds the item or updates its type, name and state. */
  private void upsert(CiRow row) {
    int n = nodeOrAbsent(row.id);
    types[n] = (short) typeIndex(row.typeName);
    setName(n, row.name);
    flags[n] = CiState.RETIRED.name().equals(row.state) ? RETIRED : 0;
  }

  private void setName(int n, String name) {
    if (names[n] != null) {
      nameBytes -= stringBytes(names[n]);
    }
    names[n] = name;
    nameBytes += stringBytes(name);
  }

  /** The item's handle, adding it as absent (not an item) if it is new. */
  private int nodeOrAbsent(UUID id) {
    int n = node(id);
    if (n >= 0) {
      return n;
    }
    if (size == msb.length) {
      grow();
    }
    n = size++;
    msb[n] = id.getMostSignificantBits();
    lsb[n] = id.getLeastSignificantBits();
    flags[n] = ABSENT;
    if (size * 2 > table.length) {
      table = new int[table.length * 2];
      for (int i = 0; i < size; i++) {
        place(i);
      }
    } else {
      place(n);
    }
    return n;
  }

  private void place(int n) {
    int mask = table.length - 1;
    int i = hash(msb[n], lsb[n]) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = n + 1;
  }

  private void grow() {
    int capacity = msb.length + (msb.length >> 1) + 16;
    msb = Arrays.copyOf(msb, capacity);
    lsb = Arrays.copyOf(lsb, capacity);
    types = Arrays.copyOf(types, capacity);
    flags = Arrays.copyOf(flags, capacity);
    names = Arrays.copyOf(names, capacity);
    own = Arrays.copyOf(own, capacity);
  }

  private int typeIndex(String name) {
    return intern(name, typeNames, typeIndex, MAX_TYPES, "CI types");
  }

  private int relationTypeIndex(String name) {
    return intern(name, relationTypeNames, relationTypeIndex, MAX_RELATION_TYPES, "relation types");
  }

  /** The small number standing for the name in this graph, given on first sight. */
  static int intern(String name, List<String> names, Map<String, Integer> index, int max, String what) {
    Integer known = index.get(name);
    if (known != null) {
      return known;
    }
    if (names.size() >= max) {
      throw new IllegalStateException("the relation graph holds at most " + max + " " + what);
    }
    names.add(name);
    index.put(name, names.size() - 1);
    return names.size() - 1;
  }

  private static int hash(long hi, long lo) {
    long h = (hi ^ lo) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private static int tableSize(int items) {
    int size = 16;
    while (size < items * 2L) {
      size <<= 1;
    }
    return size;
  }

  // ---------------------------------------------------------------- memory

  /** The heap this graph takes, estimated as in the class comment. */
  long estimatedBytes() {
    long capacity = msb.length;
    long perItem = capacity * (8 + 8 + 2 + 1 + 4 + 4) + 5L * 16;   // ids, type, flags, name and own references
    long index = table.length * 4L + 16;
    long relationRows = offset.length * 4L + 16 + edges.length * 8L + 16;
    long patched = ownEntries * 8 + ownArrays * 16L;
    return perItem + index + relationRows + patched + nameBytes + 1024;
  }

  /** An estimate before loading, for items with names of {@code nameLength} Latin-1 characters on average. */
  static long estimatedBytes(long items, long relations, int nameLength) {
    long table = 16;
    while (table < items * 2) {
      table <<= 1;
    }
    long perItem = 8 + 8 + 2 + 1 + 4 + 4 + 4 + 24 + align(16 + nameLength);
    return items * perItem + table * 4 + relations * 16 + 1024;
  }

  /** Heap of a String: the object and its byte array (compact strings). */
  private static long stringBytes(String s) {
    boolean latin1 = true;
    for (int i = 0; i < s.length() && latin1; i++) {
      latin1 = s.charAt(i) < 256;
    }
    return 24 + align(16 + (long) s.length() * (latin1 ? 1 : 2));
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }
}
