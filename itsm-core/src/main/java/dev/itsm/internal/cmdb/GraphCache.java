package dev.itsm.internal.cmdb;

import dev.itsm.internal.persistence.LogCursor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.itsm.api.Actor;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.internal.persistence.CiRow;
import dev.itsm.internal.persistence.CmdbMapper;
import dev.itsm.internal.persistence.GraphLogRow;
import dev.itsm.internal.persistence.GraphMapper;
import dev.itsm.internal.persistence.RelationRow;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relation graphs of one engine's tenants, cached for the impact analysis, and what keeps them
 * current (docs/cmdb.md, "Caching and several nodes").
 *
 * <ul>
 *   <li>A tenant's {@link RelationGraph} is loaded on its first impact analysis, streaming its items
 *       and relations, and kept in a Caffeine cache weighed by the graph's estimated heap, at most
 *       the configured limit for all tenants together. A tenant whose graph alone would exceed the
 *       limit is not cached (its analyses walk the database; checked again after
 *       {@link #TOO_LARGE_RECHECK}).</li>
 *   <li>Every unit of work that changes what the analysis walks calls {@link #touched}: it writes
 *       one row per touched item to {@code itsm_ci_graph_log} in the unit's transaction, makes the
 *       rest of the unit walk the database (so it sees its own uncommitted writes), and after the
 *       commit marks the items for reloading in this engine's graph.</li>
 *   <li>Marked items are reloaded from the database (the items, their relations) before the next
 *       analysis of their tenant walks the graph; more than {@link #PATCH_MAX} at once reload the
 *       whole graph.</li>
 *   <li>Every engine reads the log rows it has not seen (see {@link LogCursor}) and marks their
 *       items: before an analysis when the last read is older than the poll interval, and from a
 *       background thread at that interval while it has graphs. So a change committed on another
 *       engine is walked here by every analysis that starts at least one poll interval after the
 *       commit. A transaction that keeps its log rows uncommitted for longer than
 *       {@link #GAP_TIMEOUT} may be missed (until the graph is next loaded).</li>
 *   <li>Log rows older than {@link #RETENTION} are deleted by the background thread of any engine;
 *       an engine that has not read the log for longer than the retention less the gap timeout
 *       drops its graphs and starts over.</li>
 * </ul>
 */
public final class GraphCache implements AutoCloseable {
  /** Default poll interval: how late another engine's change may be walked here. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
  private final java.util.concurrent.atomic.LongAdder fromCache = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder fromDatabase = new java.util.concurrent.atomic.LongAdder();
  /** How long a missing log sequence number is waited for (a running transaction may hold it). */
  static final Duration GAP_TIMEOUT = Duration.ofMinutes(10);
  /** How long log rows are kept. */
  static final Duration RETENTION = Duration.ofHours(1);
  /** Items touched by one unit of work above which it logs its tenant as a whole. */
  static final int TENANT_WIDE = 10_000;
  /** Marked items above which a graph is loaded again rather than patched. */
  static final int PATCH_MAX = 10_000;
  /** How long a tenant too large for the cache walks the database before it is measured again. */
  static final Duration TOO_LARGE_RECHECK = Duration.ofMinutes(10);
  private static final Duration CLEANUP_EVERY = Duration.ofMinutes(5);
  private static final int CHUNK = 1000;
  private static final int LOG_PAGE = 10_000;
  /** Average name length assumed when a graph's size is estimated before loading. */
  private static final int NAME_GUESS = 24;
  private static final Logger LOG = LoggerFactory.getLogger(GraphCache.class);

  private final Tx tx;
  private final long pollNanos;
  private final long limitBytes;
  private final Cache<String, Entry> graphs;
  private final Cache<String, Long> tooLarge = Caffeine.newBuilder().expireAfterWrite(TOO_LARGE_RECHECK).build();
  private final ReentrantLock polling = new ReentrantLock();
  private LogCursor cursor;
  private volatile boolean polled;
  private volatile long lastPoll;
  private volatile long lastCleanup = System.nanoTime();
  private final ScheduledExecutorService background;

  /** Key of a unit of work's touched items of one tenant in {@link ItsmSession#locals()}. */
  private record TouchedKey(String tenantId) {}

  /** Marker in {@link ItsmSession#locals()}: the unit changed the graph. */
  private static final Object CHANGED = new Object();

  private static final class Touched {
    final Set<UUID> ids = new LinkedHashSet<>();
    boolean wholeTenant;
  }

  /**
   * @param name         names the background thread (the engine's name)
   * @param pollInterval how old the last read of the log may be when an analysis starts; zero reads
   *                     it before every analysis
   * @param limitBytes   heap all cached graphs may take together (estimated); 0 caches nothing,
   *                     negative: a quarter of the maximum heap
   */
  public GraphCache(String name, Tx tx, Duration pollInterval, long limitBytes) {
    this.tx = tx;
    this.pollNanos = pollInterval.toNanos();
    this.limitBytes = limitBytes < 0 ? Runtime.getRuntime().maxMemory() / 4 : limitBytes;
    this.graphs = Caffeine.newBuilder()
        .maximumWeight(Math.max(1, this.limitBytes / 1024))
        .weigher((String tenant, Entry e) -> e.weightKiB())
        .build();
    this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "itsm-cmdb-graph-" + name);
      thread.setDaemon(true);
      return thread;
    });
    // at half the interval, so an analysis rarely finds the last read too old and reads the log itself
    long tick = Math.min(Math.max(pollInterval.toMillis() / 2, 500), 60_000);
    background.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Records that the unit of work changed the place of these items in the graph (a relation of
   * theirs, their name, their retirement): logs them for every engine in the unit's transaction,
   * makes the rest of the unit walk the database, and reloads them here after the commit. A unit
   * touching more than {@link #TENANT_WIDE} items of a tenant logs the whole tenant instead.
   */
  void touched(ItsmSession s, String tenantId, Collection<UUID> ciIds) {
    Objects.requireNonNull(tenantId, "tenantId");
    s.locals().put(CHANGED, Boolean.TRUE);
    TouchedKey key = new TouchedKey(tenantId);
    Touched touched = (Touched) s.locals().get(key);
    if (touched == null) {
      Touched created = new Touched();
      s.locals().put(key, created);
      s.afterCommit(() -> committed(tenantId, created));
      touched = created;
    }
    if (touched.wholeTenant) {
      return;
    }
    List<UUID> fresh = new ArrayList<>();
    for (UUID id : ciIds) {
      if (id != null && touched.ids.add(id)) {
        fresh.add(id);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    GraphMapper mapper = s.mapper(GraphMapper.class);
    if (touched.ids.size() > TENANT_WIDE) {
      mapper.insertTenantLog(tenantId);
      touched.wholeTenant = true;
      touched.ids.clear();
      return;
    }
    for (int i = 0; i < fresh.size(); i += CHUNK) {
      mapper.insertLog(tenantId, fresh.subList(i, Math.min(fresh.size(), i + CHUNK)));
    }
  }

  private void committed(String tenantId, Touched touched) {
    Entry entry = graphs.getIfPresent(tenantId);
    if (entry == null) {
      return;
    }
    if (touched.wholeTenant) {
      entry.reload = true;
    } else {
      touched.ids.forEach(entry::mark);
    }
  }

  // ---------------------------------------------------------------- reads

  /**
   * The impact analysis for the tenant: on its cached graph, or on the database when the unit
   * changed the graph itself, caching is off or the tenant's graph is too large.
   */
  List<ImpactedCi> impact(ItsmSession s, String tenantId, TypeSchema schema, ImpactQuery query) {
    return impact(s, tenantId, schema, List.of(query.ciId()), query, false);
  }

  /**
   * The analysis from several items failing together ({@code starts}; the query's own item is not
   * used); with {@code reportStarts}, the starts of the reported types are in the result at depth 0.
   */
  List<ImpactedCi> impact(ItsmSession s, String tenantId, TypeSchema schema, List<UUID> starts, ImpactQuery query,
                          boolean reportStarts) {
    RelationGraph graph = s.locals().containsKey(CHANGED) ? null : graph(s, tenantId, starts);
    (graph == null ? fromDatabase : fromCache).increment();
    if (graph == null || !starts.stream().allMatch(graph::has)) {
      for (UUID id : starts) {
        CmdbServiceImpl.load(s, tenantId, id);   // an item the graph holds exists: no database read for it
      }
    }
    if (graph == null) {
      return new ImpactAnalysis(schema, ImpactAnalysis.database(s.mapper(CmdbMapper.class), tenantId))
          .run(starts, query, reportStarts);
    }
    graph.lock.readLock().lock();
    try {
      return new ImpactAnalysis(schema, graph).run(starts, query, reportStarts);
    } finally {
      graph.lock.readLock().unlock();
    }
  }

  /**
   * The analysis on the tenant's cached graph without a unit of work, or null when it needs the
   * database: no graph cached yet, items marked for reloading, the log due to be read, or the start
   * item not in the graph (it may be new, or unknown).
   */
  List<ImpactedCi> impactOnCachedGraph(String tenantId, TypeSchema schema, ImpactQuery query) {
    if (limitBytes <= 0 || !logFresh()) {
      return null;
    }
    Entry entry = graphs.getIfPresent(tenantId);
    RelationGraph g = entry == null ? null : entry.graph;
    if (g == null || entry.reload || !entry.marked.isEmpty()) {
      return null;
    }
    g.lock.readLock().lock();
    try {
      if (!g.has(query.ciId())) {
        return null;
      }
      fromCache.increment();
      return new ImpactAnalysis(schema, g).run(List.of(query.ciId()), query, false);
    } finally {
      g.lock.readLock().unlock();
    }
  }

  /** The tenant's current graph holding every start, or null when it is not cached. */
  private RelationGraph graph(ItsmSession s, String tenantId, List<UUID> starts) {
    if (limitBytes <= 0 || tooLarge.getIfPresent(tenantId) != null) {
      return null;
    }
    pollIfDue(s);
    return graphs.get(tenantId, Entry::new).current(s, starts);
  }

  /**
   * Reads the change log now, brings every cached graph up to date and deletes log rows past the
   * retention. Internal: tests drive the poll with it; the background thread does the same at half
   * the poll interval (and deletes every five minutes).
   */
  public void refresh() {
    tx.execute(Actor.system(), s -> {
      pollNow(s);
      updateAll(s);
      cleanUp(s);
      return null;
    });
  }

  private void cleanUp(ItsmSession s) {
    lastCleanup = System.nanoTime();
    int deleted = s.mapper(GraphMapper.class).deleteLogBefore(RETENTION.toSeconds());
    LOG.debug("{} CMDB graph log rows older than {} deleted", deleted, RETENTION);
  }

  /** Impact analyses answered from a cached graph so far. */
  public long analysesFromCache() {
    return fromCache.sum();
  }

  /** Impact analyses that walked the database so far. */
  public long analysesFromDatabase() {
    return fromDatabase.sum();
  }

  /** Graphs cached now (tenant to items), for tests and diagnostics. */
  public Map<String, Integer> cached() {
    Map<String, Integer> sizes = new HashMap<>();
    graphs.asMap().forEach((tenant, e) -> {
      RelationGraph g = e.graph;
      if (g != null) {
        sizes.put(tenant, g.size());
      }
    });
    return sizes;
  }

  private void updateAll(ItsmSession s) {
    for (Entry e : List.copyOf(graphs.asMap().values())) {
      if (e.graph != null) {
        e.current(s, List.of());
      }
    }
  }

  // ---------------------------------------------------------------- one tenant

  /** A tenant's graph, the items marked for reloading, and the lock of whoever loads or patches it. */
  private final class Entry {
    final String tenantId;
    volatile RelationGraph graph;
    final Set<UUID> marked = ConcurrentHashMap.newKeySet();
    volatile boolean reload;
    final ReentrantLock updating = new ReentrantLock();

    Entry(String tenantId) {
      this.tenantId = tenantId;
    }

    void mark(UUID id) {
      if (reload) {
        return;
      }
      if (marked.size() >= PATCH_MAX) {
        reload = true;
        marked.clear();
      } else {
        marked.add(id);
      }
    }

    int weightKiB() {
      RelationGraph g = graph;
      return g == null ? 1 : (int) Math.min(Integer.MAX_VALUE, g.estimatedBytes() / 1024 + 1);
    }

    /** The graph with every marked item reloaded and holding {@code start} (when given), or null if too large. */
    RelationGraph current(ItsmSession s, List<UUID> starts) {
      RelationGraph g = graph;
      if (g != null && !reload && marked.isEmpty() && starts.stream().allMatch(g::has)) {
        return g;
      }
      updating.lock();
      try {
        g = graph;
        if (g == null || reload) {
          reload = false;
          marked.clear();
          try {
            g = load(s, tenantId);
          } catch (RuntimeException e) {
            reload = true;   // the old graph (if any) stays, to be loaded again next time
            throw e;
          }
          if (g == null) {
            graphs.asMap().remove(tenantId, this);
            return null;
          }
          graph = g;
          graphs.asMap().replace(tenantId, this, this);   // weighs it again
        }
        List<UUID> ids = new ArrayList<>(marked);
        marked.removeAll(ids);
        for (UUID start : starts) {
          if (!g.has(start) && !ids.contains(start)) {
            ids.add(start);
          }
        }
        if (ids.size() > PATCH_MAX) {
          reload = true;
          return current(s, starts);
        }
        if (!ids.isEmpty()) {
          Patch patch;
          try {
            patch = read(s, tenantId, g, ids);
          } catch (RuntimeException e) {
            marked.addAll(ids);   // to be read again next time
            throw e;
          }
          g.lock.writeLock().lock();
          try {
            g.patch(ids, patch.rows(), patch.relations(), patch.others());
          } catch (RuntimeException e) {
            reload = true;   // the items may be half patched: load the graph again next time
            throw e;
          } finally {
            g.lock.writeLock().unlock();
          }
          graphs.asMap().replace(tenantId, this, this);
        }
        return g;
      } finally {
        updating.unlock();
      }
    }
  }

  private RelationGraph load(ItsmSession s, String tenantId) {
    long began = System.nanoTime();
    GraphMapper mapper = s.mapper(GraphMapper.class);
    long items = mapper.countItems(tenantId);
    long relations = mapper.countRelations(tenantId);
    long estimate = RelationGraph.estimatedBytes(items, relations, NAME_GUESS);
    if (estimate > limitBytes) {
      return tooLarge(tenantId, estimate);
    }
    RelationGraph.Builder builder = new RelationGraph.Builder(items, relations);
    mapper.streamItems(tenantId, context -> builder.item(context.getResultObject()));
    mapper.streamRelations(tenantId, context -> builder.relation(context.getResultObject()));
    List<UUID> unknown = builder.unknown();
    for (int i = 0; i < unknown.size(); i += CHUNK) {
      mapper.selectItems(tenantId, unknown.subList(i, Math.min(unknown.size(), i + CHUNK))).forEach(builder::item);
    }
    RelationGraph graph = builder.build();
    if (graph.estimatedBytes() > limitBytes) {
      return tooLarge(tenantId, graph.estimatedBytes());
    }
    LOG.debug("CMDB graph of tenant {} loaded: {} items, {} relations, ~{} KiB in {} ms", tenantId, graph.size(), relations,
        graph.estimatedBytes() / 1024, (System.nanoTime() - began) / 1_000_000);
    return graph;
  }

  private RelationGraph tooLarge(String tenantId, long estimate) {
    LOG.info("CMDB graph of tenant {} needs ~{} MiB, more than the cache's limit of {} MiB: its impact analyses read the"
        + " database", tenantId, estimate >> 20, limitBytes >> 20);
    tooLarge.put(tenantId, estimate);
    return null;
  }

  /** What the database holds now of some items: their rows, their relations, and the rows of relation ends new to the graph. */
  private record Patch(List<CiRow> rows, Map<UUID, List<RelationRow>> relations, List<CiRow> others) {}

  private static Patch read(ItsmSession s, String tenantId, RelationGraph graph, List<UUID> ids) {
    GraphMapper mapper = s.mapper(GraphMapper.class);
    List<CiRow> rows = new ArrayList<>();
    Map<UUID, List<RelationRow>> relations = new HashMap<>();
    Set<UUID> others = new HashSet<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      List<UUID> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
      Set<UUID> inChunk = new HashSet<>(chunk);
      rows.addAll(mapper.selectItems(tenantId, chunk));
      for (RelationRow r : mapper.selectRelationsOf(tenantId, chunk)) {
        if (inChunk.contains(r.sourceId)) {
          relations.computeIfAbsent(r.sourceId, k -> new ArrayList<>()).add(r);
        }
        if (inChunk.contains(r.targetId) && !r.targetId.equals(r.sourceId)) {
          relations.computeIfAbsent(r.targetId, k -> new ArrayList<>()).add(r);
        }
        for (UUID end : List.of(r.sourceId, r.targetId)) {
          if (!graph.has(end)) {
            others.add(end);
          }
        }
      }
    }
    others.removeAll(ids);
    List<UUID> otherIds = new ArrayList<>(others);
    List<CiRow> otherRows = new ArrayList<>();
    for (int i = 0; i < otherIds.size(); i += CHUNK) {
      otherRows.addAll(mapper.selectItems(tenantId, otherIds.subList(i, Math.min(otherIds.size(), i + CHUNK))));
    }
    return new Patch(rows, relations, otherRows);
  }

  // ---------------------------------------------------------------- the log

  /** Whether the log was read within the poll interval. */
  private boolean logFresh() {
    return polled && System.nanoTime() - lastPoll < pollNanos;
  }

  private void pollIfDue(ItsmSession s) {
    if (logFresh()) {
      return;
    }
    polling.lock();
    try {
      if (!logFresh()) {
        poll(s);
      }
    } finally {
      polling.unlock();
    }
  }

  private void pollNow(ItsmSession s) {
    polling.lock();
    try {
      poll(s);
    } finally {
      polling.unlock();
    }
  }

  /** Reads the log rows not seen yet and marks their items in the cached graphs. Holds {@link #polling}. */
  private void poll(ItsmSession s) {
    long now = System.nanoTime();
    GraphMapper mapper = s.mapper(GraphMapper.class);
    if (cursor != null && now - lastPoll > RETENTION.minus(GAP_TIMEOUT).toNanos()) {
      LOG.warn("The CMDB graph log was not read for more than {}; older rows may be gone, so the cached graphs are dropped",
          RETENTION.minus(GAP_TIMEOUT));
      graphs.invalidateAll();
      cursor = null;
    }
    if (cursor == null) {
      Long start = mapper.selectLogBefore(GAP_TIMEOUT.toSeconds());
      cursor = new LogCursor(start == null ? 0 : start);
    }
    List<Map<String, Long>> gaps = cursor.gaps().stream().map(g -> Map.of("first", g[0], "last", g[1])).toList();
    if (!gaps.isEmpty()) {
      for (GraphLogRow row : mapper.selectLogIn(gaps)) {
        if (cursor.filled(row.seq)) {
          mark(row);
        }
      }
    }
    List<GraphLogRow> page;
    do {
      page = mapper.selectLogAfter(cursor.watermark(), LOG_PAGE);
      for (GraphLogRow row : page) {
        if (cursor.above(row.seq, now)) {
          mark(row);
        }
      }
    } while (page.size() == LOG_PAGE);
    long givenUp = cursor.expire(now - GAP_TIMEOUT.toNanos());
    if (givenUp > 0) {
      LOG.warn("{} CMDB graph log sequence numbers stayed missing for {} and are given up (rolled back, or a transaction"
          + " still running: its change is not seen until the graph is next loaded)", givenUp, GAP_TIMEOUT);
    }
    lastPoll = now;
    polled = true;
  }

  private void mark(GraphLogRow row) {
    Entry entry = graphs.getIfPresent(row.tenantId);
    if (entry == null) {
      return;
    }
    if (row.ciId == null) {
      entry.reload = true;
    } else {
      entry.mark(row.ciId);
    }
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      // ahead of the analyses: one finding the last read older than the interval reads the log itself
      boolean poll = graphs.estimatedSize() > 0 && (!polled || now - lastPoll >= pollNanos / 2);
      boolean clean = now - lastCleanup >= CLEANUP_EVERY.toNanos();
      if (!poll && !clean) {
        return;
      }
      tx.execute(Actor.system(), s -> {
        if (poll) {
          pollNow(s);
          updateAll(s);
        }
        if (clean) {
          cleanUp(s);
        }
        return null;
      });
    } catch (RuntimeException e) {
      LOG.warn("Reading the CMDB graph log failed; retrying at the next interval: {}", e.toString());
    }
  }

  /** Stops the background thread. */
  @Override
  public void close() {
    background.shutdown();
    try {
      if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
        background.shutdownNow();
      }
    } catch (InterruptedException e) {
      background.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
