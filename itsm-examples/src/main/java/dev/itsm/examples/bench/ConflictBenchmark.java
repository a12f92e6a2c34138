package dev.itsm.examples.bench;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.change.Conflict;
import dev.itsm.api.change.ConflictKind;
import dev.itsm.api.change.WindowDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Conflict detection of one change against a schedule of planned changes on a synthetic CMDB
 * ({@link SyntheticCmdb}, a million items by default): {@code ChangeService#conflicts} (same and directly
 * related CIs, maintenance windows of the CIs and their services, freezes, the implementer's other
 * changes) against the direct SQL query for overlapping changes on the same CIs, in the same run; see
 * docs/benchmarks.md.
 *
 * <p>The CMDB is imported through the library's feed import. The schedule is bulk-loaded with plain JDBC
 * as the API would have written its rows ({@code itsm_ticket}, {@code itsm_change}, {@code itsm_ticket_ci};
 * no process instances, which detection does not read): changes of 1 to 3 CIs (applications, databases,
 * virtual machines, servers; half of them from a busy set of 2,000), windows of 1 to 6 hours over the next 60 days, 300 implementers, 90 %
 * active. Maintenance windows (weekly nights) and a few freezes are defined through the API.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx6g mvn -q -pl itsm-examples -am compile exec:java \
 *   -Dexec.mainClass=dev.itsm.examples.bench.ConflictBenchmark -Dexec.args="--db postgresql"
 * </pre>
 *
 * Options: {@code --db h2|postgresql}, {@code --cis} (default 1,000,000), {@code --changes} (default
 * 10,000), {@code --queries} probes per path (default 2,000), {@code --warmup} (default 500),
 * {@code --pg-url}.
 */
public final class ConflictBenchmark {
  private static final Actor MANAGER = Actor.changeManager("bench-manager");
  private static final List<String> ACTIVE = List.of("AUTHORIZATION", "SCHEDULED", "IMPLEMENTING");
  private static final int IMPLEMENTERS = 300;
  /** Items that half of the changes touch. */
  private static final int HOT = 2000;

  /** The direct SQL: active changes other than the probe, sharing one of its CIs, in an overlapping window. */
  private static final String OVERLAP = "SELECT t.id, t.number, x.ci_id FROM itsm_ticket_ci x"
      + " JOIN itsm_ticket t ON t.id = x.ticket_id JOIN itsm_change c ON c.ticket_id = t.id"
      + " WHERE x.ci_id IN (%s) AND t.tenant_id = ? AND t.ticket_type = 'CHANGE'"
      + " AND t.state IN ('AUTHORIZATION', 'INFO_REQUESTED', 'SCHEDULED', 'IMPLEMENTING', 'BACKING_OUT')"
      + " AND c.planned_start < ? AND c.planned_end > ? AND t.id <> ?";

  private ConflictBenchmark() {}

  /** A change of the schedule as loaded. */
  private record Planned(UUID id, List<UUID> cis, Instant start, Instant end, boolean active) {}

  public static void main(String[] args) throws Exception {
    String db = "h2";
    int cis = 1_000_000;
    int changes = 10_000;
    int queries = 2000;
    int warmup = 500;
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--db" -> db = value;
        case "--cis" -> cis = Integer.parseInt(value);
        case "--changes" -> changes = Integer.parseInt(value);
        case "--queries" -> queries = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--pg-url" -> pgUrl = value;
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; options: --db h2|postgresql --cis <n> --changes <n> --queries <n> --warmup <n> --pg-url <url>");
      }
    }
    BenchOptions options = BenchOptions.parse("--db", db, "--pg-url", pgUrl);
    SyntheticCmdb synthetic = new SyntheticCmdb(cis);
    System.out.printf(Locale.ROOT, "Conflict detection benchmark, %s; %,d CIs, %,d planned changes; JVM %s, max heap %d MiB,"
            + " %d cores%n", java.time.OffsetDateTime.now(ZoneOffset.UTC), cis, changes, System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    try (BenchDatabase database = BenchDatabase.create(options, "conflict", null);
         ItsmEngine engine = ItsmEngine.builder().dataSource(database.dataSource()).jobExecutor(false).build()) {
      System.out.println("database: " + database.productVersion());
      Path dir = Files.createTempDirectory("itsm-conflict-bench");
      Path feed = dir.resolve("feed.json");
      synthetic.writeFeed(feed);
      long t0 = System.nanoTime();
      double[] rates = CmdbBenchmark.importFeed(engine.cmdb(), synthetic, feed, 1000);
      Files.delete(feed);
      Files.delete(dir);
      System.out.printf(Locale.ROOT, "CMDB imported in %.0f s (items %,.0f/s, relations %,.0f/s)%n",
          (System.nanoTime() - t0) / 1e9, rates[0], rates[1]);
      Map<String, UUID> ids = ids(database);
      Instant now = engine.clock().instant();
      Random random = new Random(42);
      t0 = System.nanoTime();
      List<Planned> schedule = load(database, synthetic, ids, changes, now, random);
      System.out.printf(Locale.ROOT, "schedule of %,d changes loaded in %.1f s%n", changes, (System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      int windows = windows(engine, synthetic, ids, now, random);
      System.out.printf(Locale.ROOT, "%,d maintenance and freeze windows defined through the API in %.1f s%n", windows,
          (System.nanoTime() - t0) / 1e9);
      try (Connection c = database.dataSource().getConnection(); var s = c.createStatement()) {
        s.execute("ANALYZE");
      }
      List<Planned> probes = schedule.stream().filter(Planned::active).toList();
      t0 = System.nanoTime();
      engine.changes().conflicts(MANAGER, probes.get(0).id());
      System.out.printf(Locale.ROOT, "first detection (loads the cached CMDB graph): %.1f s%n", (System.nanoTime() - t0) / 1e9);
      for (int i = 0; i < warmup; i++) {
        Planned probe = probes.get(random.nextInt(probes.size()));
        engine.changes().conflicts(MANAGER, probe.id());
        overlap(database, probe);
      }
      double[][] times = new double[2][queries];
      Map<ConflictKind, Long> found = new EnumMap<>(ConflictKind.class);
      Random shuffle = new Random(11);
      int mismatches = 0;
      long gcBefore = gcMillis();
      for (int i = 0; i < queries; i++) {
        Planned probe = probes.get(random.nextInt(probes.size()));
        List<Conflict> api = null;
        Set<String> raw = null;
        for (int k : shuffle.nextBoolean() ? new int[] {0, 1} : new int[] {1, 0}) {
          long a = System.nanoTime();
          if (k == 0) {
            api = engine.changes().conflicts(MANAGER, probe.id());
          } else {
            raw = overlap(database, probe);
          }
          times[k][i] = (System.nanoTime() - a) / 1e3;
        }
        Set<String> sameCi = new HashSet<>();
        for (Conflict conflict : api) {
          found.merge(conflict.kind(), 1L, Long::sum);
          if (conflict.kind() == ConflictKind.SAME_CI) {
            sameCi.add(conflict.otherChangeId() + "/" + conflict.ciId());
          }
        }
        if (!sameCi.equals(raw)) {
          mismatches++;
        }
      }
      long gcMillis = gcMillis() - gcBefore;
      Arrays.sort(times[0]);
      Arrays.sort(times[1]);
      System.out.printf(Locale.ROOT, "%,d probes per path (a change of the schedule against the rest), paths in random order:%n",
          queries);
      System.out.printf(Locale.ROOT, "  ChangeService.conflicts (every kind)   p50 %8.0f us  p90 %8.0f us  p99 %8.0f us%n",
          pct(times[0], 50), pct(times[0], 90), pct(times[0], 99));
      System.out.printf(Locale.ROOT, "  direct SQL overlap query (same CIs)    p50 %8.0f us  p90 %8.0f us  p99 %8.0f us%n",
          pct(times[1], 50), pct(times[1], 90), pct(times[1], 99));
      System.out.printf(Locale.ROOT, "  ratio                                  p50 %8.2f     p90 %8.2f     p99 %8.2f%n",
          pct(times[0], 50) / pct(times[1], 50), pct(times[0], 90) / pct(times[1], 90), pct(times[0], 99) / pct(times[1], 99));
      System.out.printf(Locale.ROOT, "conflicts found per probe: %s%n", perProbe(found, queries));
      System.out.printf(Locale.ROOT, "probes whose same-CI conflicts differ from the SQL query's rows: %d%n", mismatches);
      System.out.printf(Locale.ROOT, "garbage collection while measuring: %d ms%n", gcMillis);
    }
  }

  private static String perProbe(Map<ConflictKind, Long> found, int queries) {
    List<String> parts = new ArrayList<>();
    found.forEach((kind, n) -> parts.add(String.format(Locale.ROOT, "%s %.2f", kind, n / (double) queries)));
    return String.join(", ", parts);
  }

  /** The direct SQL query for the probe; the other change and the shared CI of each row. */
  private static Set<String> overlap(BenchDatabase database, Planned probe) throws Exception {
    String marks = String.join(", ", java.util.Collections.nCopies(probe.cis().size(), "?"));
    Set<String> rows = new HashSet<>();
    try (Connection c = database.dataSource().getConnection();
         PreparedStatement p = c.prepareStatement(String.format(Locale.ROOT, OVERLAP, marks))) {
      int k = 1;
      for (UUID ci : probe.cis()) {
        p.setObject(k++, ci);
      }
      p.setString(k++, Actor.DEFAULT_TENANT);
      p.setTimestamp(k++, Timestamp.from(probe.end()));
      p.setTimestamp(k++, Timestamp.from(probe.start()));
      p.setObject(k, probe.id());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getObject(1) + "/" + rs.getObject(3));
        }
      }
    }
    return rows;
  }

  /** Item ids by name. */
  private static Map<String, UUID> ids(BenchDatabase database) throws Exception {
    Map<String, UUID> ids = new HashMap<>();
    try (Connection c = database.dataSource().getConnection(); var s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT name, id FROM itsm_ci")) {
      while (rs.next()) {
        ids.put(rs.getString(1), (UUID) rs.getObject(2));
      }
    }
    return ids;
  }

  /** Bulk-loads the schedule as the API would have written its rows. */
  private static List<Planned> load(BenchDatabase database, SyntheticCmdb synthetic, Map<String, UUID> ids, int n,
                                    Instant now, Random random) throws Exception {
    int first = synthetic.services;
    int changeable = synthetic.apps + synthetic.dbs + synthetic.vms + synthetic.servers;
    List<Planned> schedule = new ArrayList<>(n);
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement t = c.prepareStatement("INSERT INTO itsm_ticket (id, tenant_id, ticket_type, number, number_seq,"
          + " title, state, priority, group_id, assignee_id, caller_id, opened_at, updated_at, closed_at, created_by, updated_by,"
          + " version, has_cis, has_fields) VALUES (?, 'default', 'CHANGE', ?, ?, 'Planned work', ?, 'P3', 'ops', ?, ?, ?, ?, ?,"
          + " 'loader', 'loader', 1, TRUE, FALSE)");
           PreparedStatement ch = c.prepareStatement("INSERT INTO itsm_change (ticket_id, change_type, risk, implementer_id,"
               + " planned_start, planned_end, outage, approval_round) VALUES (?, 'NORMAL', 'LOW', ?, ?, ?, FALSE, 1)");
           PreparedStatement x = c.prepareStatement("INSERT INTO itsm_ticket_ci (ticket_id, ci_id) VALUES (?, ?)")) {
        for (int k = 1; k <= n; k++) {
          UUID id = UUID.randomUUID();
          boolean active = random.nextInt(10) != 0;
          String state = active ? ACTIVE.get(random.nextInt(ACTIVE.size())) : "CLOSED";
          Instant start = now.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 60)));
          Instant end = start.plus(Duration.ofMinutes(60 + random.nextInt(5 * 60)));
          String implementer = "impl-" + random.nextInt(IMPLEMENTERS);
          t.setObject(1, id);
          t.setString(2, String.format(Locale.ROOT, "CHG-%07d", 1_000_000 + k));
          t.setLong(3, 1_000_000L + k);
          t.setString(4, state);
          t.setString(5, implementer);
          t.setString(6, "req-" + random.nextInt(1000));
          t.setTimestamp(7, Timestamp.from(now));
          t.setTimestamp(8, Timestamp.from(now));
          t.setObject(9, active ? null : Timestamp.from(now), java.sql.Types.TIMESTAMP);
          t.addBatch();
          ch.setObject(1, id);
          ch.setString(2, implementer);
          ch.setTimestamp(3, Timestamp.from(start));
          ch.setTimestamp(4, Timestamp.from(end));
          ch.addBatch();
          Set<UUID> cis = new java.util.LinkedHashSet<>();
          int count = 1 + random.nextInt(3);
          while (cis.size() < count) {
            // half the changes' items come from a busy set of 2,000 (changes cluster on some systems)
            int item = random.nextBoolean() ? random.nextInt(Math.min(HOT, changeable)) * (changeable / Math.min(HOT, changeable))
                : random.nextInt(changeable);
            cis.add(ids.get(SyntheticCmdb.ref(first + item)));
          }
          for (UUID ci : cis) {
            x.setObject(1, id);
            x.setObject(2, ci);
            x.addBatch();
          }
          schedule.add(new Planned(id, List.copyOf(cis), start, end, active));
          if (k % 1000 == 0 || k == n) {
            t.executeBatch();
            ch.executeBatch();
            x.executeBatch();
            c.commit();
          }
        }
      }
    }
    return schedule;
  }

  /**
   * Maintenance windows, a night a week for nine weeks, of up to 250 services and of one database in
   * ten, and two-day freezes of 20 services, through the API.
   */
  private static int windows(ItsmEngine engine, SyntheticCmdb synthetic, Map<String, UUID> ids, Instant now, Random random) {
    int defined = 0;
    Instant monday = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    int services = Math.min(synthetic.services, 250);
    for (int s = 0; s < services; s++) {
      UUID service = ids.get(SyntheticCmdb.ref(s));
      for (int week = 0; week < 9; week++) {
        Instant night = monday.plus(Duration.ofDays(7L * week + s % 7)).plus(Duration.ofHours(1));
        engine.changes().defineWindow(MANAGER, WindowDefinition.maintenance("night " + week, service, night,
            night.plus(Duration.ofHours(5))));
        defined++;
      }
    }
    int dbBase = synthetic.services + synthetic.apps;
    for (int d = 0; d < synthetic.dbs; d += 10) {
      UUID database = ids.get(SyntheticCmdb.ref(dbBase + d));
      for (int week = 0; week < 9; week++) {
        Instant night = monday.plus(Duration.ofDays(7L * week + d % 7)).plus(Duration.ofHours(2));
        engine.changes().defineWindow(MANAGER, WindowDefinition.maintenance("db night " + week, database, night,
            night.plus(Duration.ofHours(3))));
        defined++;
      }
    }
    for (int f = 0; f < 20; f++) {
      UUID service = ids.get(SyntheticCmdb.ref(random.nextInt(synthetic.services)));
      Instant start = monday.plus(Duration.ofDays(1 + random.nextInt(55)));
      engine.changes().defineWindow(MANAGER, WindowDefinition.freeze("freeze " + f, service, start, start.plus(Duration.ofDays(2))));
      defined++;
    }
    return defined;
  }

  private static long gcMillis() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
