package dev.itsm.examples.bench;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImportOptions;
import dev.itsm.api.cmdb.ImportReport;
import dev.itsm.api.cmdb.ImportSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * CMDB at scale: bulk import against raw batched JDBC inserts of the same rows, and downstream impact
 * analysis on the cached relation graph against a recursive SQL query over the same relations, on a
 * synthetic CMDB ({@link SyntheticCmdb}); see docs/benchmarks.md.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx6g mvn -q -pl itsm-examples -am compile exec:java \
 *     -Dexec.mainClass=dev.itsm.examples.bench.CmdbBenchmark -Dexec.args="--db h2 --n 1000000"
 * </pre>
 *
 * Options: {@code --db h2|postgresql} (H2 runs on files in a temporary directory, so the database's
 * memory is its page cache, not the CMDB's), {@code --n} items (default 1,000,000; relations are
 * three per item), {@code --chunk} rows per chunk and per JDBC batch (default 1000), {@code --typical}
 * and {@code --hubs} the number of impact queries from racks and from core switches (default 1000 and
 * 100, each query once on both paths, alternating), {@code --pg-url} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/}, user postgres).
 */
public final class CmdbBenchmark {
  private static final Actor CM = Actor.configurationManager("bench");
  private static final String TENANT = "default";
  /** Relation types whose target's failure affects the source, the ones the generator uses with impact. */
  private static final String AFFECTING = "'depends-on','runs-on','located-in'";

  private CmdbBenchmark() {}

  public static void main(String[] args) throws Exception {
    String db = "h2";
    int n = 1_000_000;
    int chunk = 1000;
    int typical = 1000;
    int hubs = 100;
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--db" -> db = value;
        case "--n" -> n = Integer.parseInt(value);
        case "--chunk" -> chunk = Integer.parseInt(value);
        case "--typical" -> typical = Integer.parseInt(value);
        case "--hubs" -> hubs = Integer.parseInt(value);
        case "--pg-url" -> pgUrl = value;
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; options: --db h2|postgresql --n <items> --chunk <rows> --typical <queries> --hubs <queries> --pg-url <url>");
      }
    }
    if (!db.equals("h2") && !db.equals("postgresql")) {
      throw new IllegalArgumentException("--db must be h2 or postgresql, but is " + db);
    }
    new CmdbBenchmark().run(db, n, chunk, typical, hubs, pgUrl);
  }

  private record Database(String url, String user, Runnable drop) {
    Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, "");
    }
  }

  private static Database database(String kind, String label, String pgUrl, Path dir) throws SQLException {
    if (kind.equals("h2")) {
      return new Database("jdbc:h2:file:" + dir.resolve(label).toAbsolutePath() + ";LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128",
          "sa", () -> { });
    }
    String server = pgUrl.endsWith("/") ? pgUrl : pgUrl + "/";
    String name = "itsm_cmdb_bench_" + label + "_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(server + "postgres", "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return new Database(server + name, "postgres", () -> {
      try (Connection c = DriverManager.getConnection(server + "postgres", "postgres", ""); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (SQLException e) {
        System.out.println("could not drop " + name + ": " + e.getMessage());
      }
    });
  }

  private static ItsmEngine engine(Database database) {
    return ItsmEngine.builder().jdbcUrl(database.url(), database.user(), "").jobExecutor(false).build();
  }

  private void run(String kind, int n, int chunk, int typical, int hubs, String pgUrl) throws Exception {
    SyntheticCmdb cmdb = new SyntheticCmdb(n);
    long links = cmdb.linkCount();
    System.out.printf(Locale.ROOT, "CMDB benchmark, %s, %s%n", kind, OffsetDateTime.now(ZoneOffset.UTC));
    System.out.printf(Locale.ROOT, "items %,d (services %,d, applications %,d, databases %,d, VMs %,d, servers %,d, racks %,d, "
            + "access switches %,d, core switches %,d), relations %,d, chunk %d; JVM %s, max heap %d MiB, %d cores%n",
        n, cmdb.services, cmdb.apps, cmdb.dbs, cmdb.vms, cmdb.servers, cmdb.racks, cmdb.access, cmdb.cores, links, chunk,
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    Path dir = Files.createTempDirectory("itsm-cmdb-bench");
    Database raw = database(kind, "raw", pgUrl, dir);
    Database itsmDb = database(kind, "itsm", pgUrl, dir);
    try {
      // the schema of both databases, by the engine's migrations
      engine(raw).close();
      double[] rawRates = rawInsert(raw, cmdb, chunk);
      System.out.printf(Locale.ROOT, "raw JDBC:  items %,.0f/s, relations %,.0f/s%n", rawRates[0], rawRates[1]);
      try (ItsmEngine itsm = engine(itsmDb)) {
        Path feed = dir.resolve("feed.json");
        long written = System.nanoTime();
        cmdb.writeFeed(feed);
        System.out.printf(Locale.ROOT, "feed file: %,d MiB written in %.1f s (not measured)%n", Files.size(feed) >> 20,
            seconds(written));
        double[] rates = importFeed(itsm.cmdb(), cmdb, feed, chunk);
        System.out.printf(Locale.ROOT, "import:    items %,.0f/s, relations %,.0f/s%n", rates[0], rates[1]);
        System.out.printf(Locale.ROOT, "IMPORT ratio (import / raw JDBC): items %.3f, relations %.3f (goal for items >= 0.5)%n",
            rates[0] / rawRates[0], rates[1] / rawRates[1]);
        if (typical > 0) {
          impact(itsm.cmdb(), itsmDb, cmdb, typical, hubs);
        }
      }
    } finally {
      raw.drop().run();
      itsmDb.drop().run();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Batched inserts of the same item rows (and relation rows) into the same tables, with ids of the
   * kind the library gives them (time-ordered UUIDs); items/s and relations/s.
   */
  private static double[] rawInsert(Database database, SyntheticCmdb cmdb, int chunk) throws SQLException {
    UUID[] ids = new UUID[cmdb.n];
    var idGenerator = com.fasterxml.uuid.Generators.timeBasedEpochGenerator();
    java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
    long start = System.nanoTime();
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO itsm_ci (id, tenant_id, type_name, name, state, attributes,"
          + " created_at, created_by, updated_at, updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < cmdb.n; i++) {
          SyntheticCmdb.Item item = cmdb.item(i);
          ids[i] = idGenerator.generate();
          insert.setObject(1, ids[i]);
          insert.setString(2, TENANT);
          insert.setString(3, item.type());
          insert.setString(4, item.ref());
          insert.setString(5, "IN_USE");
          insert.setString(6, item.attributes());
          insert.setTimestamp(7, now);
          insert.setString(8, "bench");
          insert.setTimestamp(9, now);
          insert.setString(10, "bench");
          insert.setLong(11, 1);
          insert.addBatch();
          if ((i + 1) % chunk == 0 || i + 1 == cmdb.n) {
            insert.executeBatch();
            c.commit();
          }
        }
      }
      double items = cmdb.n / seconds(start);
      long relationsStart = System.nanoTime();
      long[] count = {0};
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO itsm_ci_relation (id, tenant_id, type_name, source_id,"
          + " target_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        cmdb.links(l -> {
          try {
            insert.setObject(1, idGenerator.generate());
            insert.setString(2, TENANT);
            insert.setString(3, l.type());
            insert.setObject(4, ids[index(l.source())]);
            insert.setObject(5, ids[index(l.target())]);
            insert.setTimestamp(6, now);
            insert.setString(7, "bench");
            insert.addBatch();
            if (++count[0] % chunk == 0) {
              insert.executeBatch();
              c.commit();
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
        insert.executeBatch();
        c.commit();
      }
      return new double[] {items, count[0] / seconds(relationsStart)};
    }
  }

  private static int index(String ref) {
    return Integer.parseInt(ref.substring(3));
  }

  /** The feed through {@code importFeed}; items/s and relations/s (the item phase ends with the chunk holding the last item). */
  static double[] importFeed(CmdbService cmdb, SyntheticCmdb synthetic, Path feed, int chunk) throws java.io.IOException {
    cmdb.defineSource(CM, ImportSource.owningAll("bench", "BusinessService", "Application", "Database", "VirtualMachine",
        "Hardware", "Location"));
    long start = System.nanoTime();
    long[] itemsDone = {0};
    long[] lastPrint = {start};
    ImportReport report;
    try (var in = new java.io.BufferedInputStream(Files.newInputStream(feed), 1 << 16)) {
      report = cmdb.importFeed(CM, in, ImportOptions.from("bench").chunkSize(chunk).onProgress(r -> {
      if (itemsDone[0] == 0 && r.rows() >= synthetic.n) {
        itemsDone[0] = System.nanoTime();
      }
      if (System.nanoTime() - lastPrint[0] > 30_000_000_000L) {
        lastPrint[0] = System.nanoTime();
        System.out.printf(Locale.ROOT, "  ... %,d rows after %.0f s%n", r.rows(), seconds(start));
      }
      }));
    }
    long end = System.nanoTime();
    System.out.printf(Locale.ROOT, "import report: created %,d, updated %,d, unchanged %,d, rejected %,d, conflicts %,d, "
            + "relations created %,d%s%n", report.created(), report.updated(), report.unchanged(), report.rejected(),
        report.conflicts(), report.relationsCreated(), report.problems().isEmpty() ? "" : ", first problem: " + report.problems().get(0));
    if (report.created() != synthetic.n || report.rejected() != 0) {
      throw new IllegalStateException("Expected every synthetic row to import, but " + report.rejected() + " were rejected");
    }
    return new double[] {synthetic.n / ((itemsDone[0] - start) / 1e9), report.relationsCreated() / ((end - itemsDone[0]) / 1e9)};
  }

  private void impact(CmdbService cmdb, Database database, SyntheticCmdb synthetic, int typical, int hubs) throws SQLException {
    Random random = new Random(42);
    List<UUID> racks = new ArrayList<>();
    List<UUID> cores = new ArrayList<>();
    try (Connection c = database.connect()) {
      for (int i = 0; i < typical; i++) {
        racks.add(id(c, SyntheticCmdb.ref(synthetic.rack(random.nextInt(synthetic.racks)))));
      }
      for (int i = 0; i < hubs; i++) {
        cores.add(id(c, SyntheticCmdb.ref(synthetic.core(i % synthetic.cores))));
      }
    }
    long heapBefore = usedHeap();
    long start = System.nanoTime();
    int first = cmdb.impact(CM, ImpactQuery.downstream(racks.get(0))).size();
    double load = seconds(start);
    long heapAfter = usedHeap();
    System.out.printf(Locale.ROOT, "first impact query (loads the graph): %.1f s, %d affected%n", load, first);
    System.out.printf(Locale.ROOT, "HEAP of the cached graph: %,d MiB (used heap after GC %,d -> %,d MiB; goal <= 1024 MiB)%n",
        (heapAfter - heapBefore) >> 20, heapBefore >> 20, heapAfter >> 20);
    try (Connection c = database.connect()) {
      // warm both paths (compiled code, caches) with every query once, not measured
      for (UUID from : racks) {
        cmdb.impact(CM, ImpactQuery.downstream(from));
        recursive(c, from);
      }
      for (UUID from : cores.subList(0, Math.min(cores.size(), synthetic.cores))) {
        cmdb.impact(CM, ImpactQuery.downstream(from));
        recursive(c, from);
      }
      compare("typical (a rack)", cmdb, c, racks);
      compare("hub (a core switch)", cmdb, c, cores);
    }
  }

  private static void compare(String label, CmdbService cmdb, Connection c, List<UUID> from) throws SQLException {
    if (from.isEmpty()) {
      return;
    }
    double[] cached = new double[from.size()];
    double[] sql = new double[from.size()];
    long[] gcBefore = gc();
    long affected = 0;
    int mismatches = 0;
    for (int i = 0; i < from.size(); i++) {
      long t0 = System.nanoTime();
      int ours = cmdb.impact(CM, ImpactQuery.downstream(from.get(i))).size();
      cached[i] = (System.nanoTime() - t0) / 1e6;
      t0 = System.nanoTime();
      int theirs = recursive(c, from.get(i));
      sql[i] = (System.nanoTime() - t0) / 1e6;
      affected += ours;
      if (ours != theirs) {
        mismatches++;
      }
    }
    long[] gcAfter = gc();
    Arrays.sort(cached);
    Arrays.sort(sql);
    System.out.printf(Locale.ROOT, "IMPACT %s: %d queries, %.0f affected on average, counts differing from SQL: %d%n", label,
        from.size(), (double) affected / from.size(), mismatches);
    System.out.printf(Locale.ROOT, "  cached graph  p50 %.2f ms, p99 %.2f ms%n", pct(cached, 50), pct(cached, 99));
    System.out.printf(Locale.ROOT, "  WITH RECURSIVE p50 %.2f ms, p99 %.2f ms%n", pct(sql, 50), pct(sql, 99));
    System.out.printf(Locale.ROOT, "  speed-up (SQL / cached): p50 %.1fx, p99 %.1fx (goal p99 >= 5x)%n",
        pct(sql, 50) / pct(cached, 50), pct(sql, 99) / pct(cached, 99));
    System.out.printf(Locale.ROOT, "  (garbage collections during these queries, both paths: %d, %d ms in all)%n",
        gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
  }

  /** Items reachable from the failed one against the affecting relations: the same traversal, without rules or paths. */
  private static int recursive(Connection c, UUID from) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("WITH RECURSIVE affected(id) AS ("
        + " SELECT CAST(? AS UUID)"
        + " UNION SELECT r.source_id FROM itsm_ci_relation r JOIN affected a ON r.target_id = a.id"
        + " WHERE r.tenant_id = ? AND r.type_name IN (" + AFFECTING + "))"
        + " SELECT COUNT(DISTINCT id) - 1 FROM affected")) {
      q.setObject(1, from);
      q.setString(2, TENANT);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static UUID id(Connection c, String name) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT id FROM itsm_ci WHERE tenant_id = ? AND name = ?")) {
      q.setString(1, TENANT);
      q.setString(2, name);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  private static double pct(double[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Collections so far and their total time in ms, over every collector of the JVM. */
  private static long[] gc() {
    long count = 0;
    long millis = 0;
    for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, bean.getCollectionCount());
      millis += Math.max(0, bean.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static {
    try {
      Class.forName("org.h2.Driver");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
