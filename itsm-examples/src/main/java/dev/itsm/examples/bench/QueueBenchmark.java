package dev.itsm.examples.bench;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentSort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * The service-desk queue: an agent's group, open tickets, sorted by SLA due, first page, over a
 * million incidents; the ITSM query API against the raw SQL query with the same tenant filter,
 * order and indexes, in the same run (the agent belongs to the group, so every ticket of it is
 * visible to them: the SQL a DBA would write needs no visibility clause, and the engine drops it
 * too); see docs/benchmarks.md.
 *
 * <p>The tickets are bulk-loaded with plain JDBC as the API would have written their rows
 * ({@code itsm_ticket} and {@code itsm_incident}; no process instances, clocks or audit, which the
 * queue query does not read): 20 groups, 10 % open (spread over NEW, ASSIGNED, ACKNOWLEDGED,
 * IN_PROGRESS, ON_HOLD) with an SLA due in the next week, the rest closed.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx6g mvn -q -pl itsm-examples -am compile exec:java \
 *   -Dexec.mainClass=dev.itsm.examples.bench.QueueBenchmark -Dexec.args="--tickets 1000000 --db postgresql"
 * </pre>
 */
public final class QueueBenchmark {
  private static final List<String> OPEN = List.of("NEW", "ASSIGNED", "ACKNOWLEDGED", "IN_PROGRESS", "ON_HOLD");
  private static final String[] PRIORITIES = {"P1", "P2", "P3", "P4", "P5"};
  private static final int GROUPS = 20;
  private static final int PAGE = 50;

  private QueueBenchmark() {}

  /** The queue query in SQL, with the columns the API's snapshot of an incident reads. */
  private static final String RAW = "SELECT t.id, t.tenant_id, t.ticket_type, t.number, t.number_seq, t.title, t.description, t.state,"
      + " t.priority, t.group_id, t.assignee_id, t.caller_id, t.service, t.customer_class, t.process_instance_id,"
      + " t.next_sla_due, t.opened_at, t.updated_at, t.resolved_at, t.closed_at, t.created_by, t.updated_by, t.version,"
      + " t.has_cis, t.has_fields, i.impact, i.urgency, i.category, i.channel, i.hold_reason, i.hold_comment, i.resolution_code,"
      + " i.resolution_text, i.cancel_reason, i.assigned_at, i.acknowledged_at, i.reopen_count"
      + " FROM itsm_ticket t JOIN itsm_incident i ON i.ticket_id = t.id"
      + " WHERE t.tenant_id = ? AND t.ticket_type = 'INCIDENT'"
      + " AND t.state IN ('NEW', 'ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD') AND t.group_id IN (?)"
      + " ORDER BY t.next_sla_due ASC NULLS LAST, t.number_seq ASC LIMIT " + PAGE;


  public static void main(String[] args) throws Exception {
    String db = "h2";
    int tickets = 1_000_000;
    int queries = 20_000;
    int totalQueries = 2000;
    int warmup = 2000;
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--db" -> db = value;
        case "--tickets" -> tickets = Integer.parseInt(value);
        case "--queries" -> queries = Integer.parseInt(value);
        case "--total-queries" -> totalQueries = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--pg-url" -> pgUrl = value;
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; options: --db h2|postgresql --tickets <n> --queries <n> (queue pages per path) --total-queries <n>"
            + " (pages with total per path) --warmup <n> --pg-url <url>");
      }
    }
    BenchOptions options = BenchOptions.parse("--db", db, "--pg-url", pgUrl);
    System.out.printf(Locale.ROOT, "Queue query benchmark, %s; JVM %s, %d cores%n",
        java.time.OffsetDateTime.now(ZoneOffset.UTC), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    SqlCounter counter = new SqlCounter();
    try (BenchDatabase database = BenchDatabase.create(options, "queue", counter);
         ItsmEngine engine = ItsmEngine.builder().dataSource(database.dataSource()).jobExecutor(false).build()) {
      System.out.println("database: " + database.productVersion());
      Instant now = engine.clock().instant();
      long t0 = System.nanoTime();
      load(database, tickets, now);
      System.out.printf(Locale.ROOT, "loaded %d incidents (%d groups, 10 %% open) in %.1f s%n", tickets, GROUPS,
          (System.nanoTime() - t0) / 1e9);
      analyze(database);
      explain(database, "group-3", RAW);

      // the plan a prepared statement gets once PostgreSQL settles on a generic plan: the statement as
      // the engine sends it (tenant and group bound, state names and page bounds literal)
      String columns = RAW.substring(0, RAW.indexOf(" WHERE "));
      explainGeneric(database, columns + " WHERE t.tenant_id = $1 AND t.ticket_type = 'INCIDENT'"
          + " AND t.state IN ('NEW', 'ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD') AND t.group_id IN ($2)"
          + " ORDER BY t.next_sla_due ASC NULLS LAST, t.number_seq ASC LIMIT " + (PAGE + 1) + " OFFSET 0",
          "varchar, varchar", "'default', 'group-3'");

      Random random = new Random(7);
      // warm-up of every path over every group, long enough for the JIT to settle
      for (int i = 0; i < warmup; i++) {
        String group = "group-" + random.nextInt(GROUPS);
        api(engine, group, true);
        api(engine, group, false);
        raw(database, group);
        count(database, group);
      }
      // phase 1, the goal: the queue screen's query (withoutTotal) against the raw page query; phase 2:
      // the page with its total against the raw page plus its COUNT. Apart, because a COUNT reads
      // thousands of rows and slows whatever query runs next on these two shared cores
      Random shuffle = new Random(11);
      double[][] queue = new double[2][queries];
      double[][] counted = new double[2][totalQueries];
      long gcCountBefore = gcCount();
      long gcMillisBefore = gcMillis();
      int mismatches = measure(queries, random, shuffle, queue, group -> api(engine, group, false),
          group -> raw(database, group));
      long gcs = gcCount() - gcCountBefore;
      long gcMillis = gcMillis() - gcMillisBefore;
      mismatches += measure(totalQueries, random, shuffle, counted, group -> api(engine, group, true), group -> {
        List<UUID> page = raw(database, group);
        count(database, group);
        return page;
      });
      double[] empty = new double[totalQueries];
      for (int i = 0; i < totalQueries; i++) {
        long e = System.nanoTime();
        engine.inTransaction(() -> 1);
        empty[i] = (System.nanoTime() - e) / 1e3;
      }
      Arrays.sort(empty);
      for (double[] times : List.of(queue[0], queue[1], counted[0], counted[1])) {
        Arrays.sort(times);
      }
      counter.reset();
      counter.counting(true);
      api(engine, "group-1", false);
      counter.counting(false);
      System.out.println("statements of one API queue query (withoutTotal): " + counter.snapshot());
      System.out.printf(Locale.ROOT, "%d queue queries of each path (agent of the group, open tickets, SLA due ascending,"
          + " first %d), paths in random order:%n", queries, PAGE);
      System.out.printf(Locale.ROOT, "  ITSM API, withoutTotal() (the queue screen's query)  p50 %8.0f us  p99 %8.0f us%n",
          pct(queue[0], 50), pct(queue[0], 99));
      System.out.printf(Locale.ROOT, "  raw SQL page query                                   p50 %8.0f us  p99 %8.0f us%n",
          pct(queue[1], 50), pct(queue[1], 99));
      System.out.printf(Locale.ROOT, "  ratio                                                p50 %8.2f     p99 %8.2f     "
          + "(goal <= 1.2 at p99)%n", pct(queue[0], 50) / pct(queue[1], 50), pct(queue[0], 99) / pct(queue[1], 99));
      for (int k = 0; k < 2; k++) {
        System.out.printf(Locale.ROOT, "  %-8s p90 %6.0f  p95 %6.0f  p99 %6.0f  p99.9 %6.0f  max %6.0f us%n", k == 0 ? "API" : "raw",
            pct(queue[k], 90), pct(queue[k], 95), pct(queue[k], 99), pct(queue[k], 99.9), queue[k][queries - 1]);
      }
      System.out.printf(Locale.ROOT, "  garbage collections while measuring them: %d, %d ms in all%n", gcs, gcMillis);
      System.out.printf(Locale.ROOT, "then %d of each with the total:%n", totalQueries);
      System.out.printf(Locale.ROOT, "  ITSM API, page with total                            p50 %8.0f us  p99 %8.0f us%n",
          pct(counted[0], 50), pct(counted[0], 99));
      System.out.printf(Locale.ROOT, "  raw SQL page query + COUNT                           p50 %8.0f us  p99 %8.0f us%n",
          pct(counted[1], 50), pct(counted[1], 99));
      System.out.printf(Locale.ROOT, "  ratio                                                p50 %8.2f     p99 %8.2f%n",
          pct(counted[0], 50) / pct(counted[1], 50), pct(counted[0], 99) / pct(counted[1], 99));
      System.out.printf(Locale.ROOT, "pages differing between the API and SQL: %d%n", mismatches);
      System.out.printf(Locale.ROOT, "an empty unit of work (engine command, connection, commit)  p50 %8.0f us  p99 %8.0f us%n",
          pct(empty, 50), pct(empty, 99));
    }
  }

  private static List<UUID> api(ItsmEngine engine, String group, boolean total) {
    Actor agent = Actor.agent("agent-" + group, group);
    IncidentQuery.Builder query = IncidentQuery.builder().group(group).open().sortBy(IncidentSort.SLA_DUE, true)
        .page(0, PAGE);
    if (!total) {
      query.withoutTotal();
    }
    return engine.incidents().query(agent, query.build()).items().stream().map(t -> t.id()).toList();
  }

  /** One way to ask for a group's queue page; returns the ids of the page. */
  @FunctionalInterface
  private interface QueuePath {
    List<UUID> page(String group) throws Exception;
  }

  /**
   * Runs the API path (times[0]) and the SQL path (times[1]) for {@code rounds} random groups, the two
   * in random order each round, so that neither always runs after the other; returns how many pages
   * differed between them.
   */
  private static int measure(int rounds, Random random, Random shuffle, double[][] times, QueuePath api, QueuePath sql)
      throws Exception {
    int mismatches = 0;
    for (int i = 0; i < rounds; i++) {
      String group = "group-" + random.nextInt(GROUPS);
      List<UUID> viaApi = null;
      List<UUID> viaSql = null;
      for (int k : shuffle.nextBoolean() ? new int[] {0, 1} : new int[] {1, 0}) {
        long a = System.nanoTime();
        if (k == 0) {
          viaApi = api.page(group);
        } else {
          viaSql = sql.page(group);
        }
        times[k][i] = (System.nanoTime() - a) / 1e3;
      }
      if (!viaApi.equals(viaSql)) {
        mismatches++;
      }
    }
    return mismatches;
  }

  /** The database's plan of the raw query, printed once (EXPLAIN ANALYZE on PostgreSQL). */
  private static void explain(BenchDatabase database, String group, String sql) throws Exception {
    if (!database.productVersion().startsWith("PostgreSQL")) {
      return;
    }
    try (Connection c = database.dataSource().getConnection();
         PreparedStatement p = c.prepareStatement("EXPLAIN ANALYZE " + sql)) {
      p.setString(1, Actor.DEFAULT_TENANT);
      p.setString(2, group);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          System.out.println("  plan: " + rs.getString(1));
        }
      }
    }
  }

  /** The generic plan of a prepared statement (PostgreSQL only), as EXPLAIN ANALYZE prints it. */
  private static void explainGeneric(BenchDatabase database, String sql, String types, String values)
      throws Exception {
    if (!database.productVersion().startsWith("PostgreSQL")) {
      return;
    }
    try (Connection c = database.dataSource().getConnection(); var s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE queue_page (" + types + ") AS " + sql);
      try (ResultSet rs = s.executeQuery("EXPLAIN ANALYZE EXECUTE queue_page (" + values + ")")) {
        while (rs.next()) {
          System.out.println("  generic plan: " + rs.getString(1));
        }
      } finally {
        s.execute("DEALLOCATE queue_page");
        s.execute("RESET plan_cache_mode");
      }
    }
  }

  /**
   * The same query in SQL: tenant, the agent's visibility, the group, open states, SLA due order, a
   * page; every column of each row is read, as the API reads them.
   */
  private static List<UUID> raw(BenchDatabase database, String group) throws Exception {
    List<UUID> ids = new ArrayList<>(PAGE);
    try (Connection c = database.dataSource().getConnection(); PreparedStatement p = c.prepareStatement(RAW)) {
      p.setString(1, Actor.DEFAULT_TENANT);
      p.setString(2, group);
      try (ResultSet rs = p.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          // the whole row, as an application reads what it shows (the API returns every column too)
          Object[] row = new Object[columns];
          for (int k = 0; k < columns; k++) {
            row[k] = rs.getObject(k + 1);
          }
          ids.add((UUID) row[0]);
        }
      }
    }
    return ids;
  }

  /** The total the API's page carries, as SQL. */
  private static long count(BenchDatabase database, String group) throws Exception {
    String sql = "SELECT COUNT(*) FROM itsm_ticket t WHERE t.tenant_id = ? AND t.ticket_type = 'INCIDENT'"
        + " AND t.state IN ('NEW', 'ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD') AND t.group_id IN (?)";
    try (Connection c = database.dataSource().getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, Actor.DEFAULT_TENANT);
      p.setString(2, group);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Bulk-loads the rows the API would have written for the tickets (ticket base and incident detail). */
  private static void load(BenchDatabase database, int n, Instant now) throws Exception {
    Random random = new Random(42);
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement t = c.prepareStatement("INSERT INTO itsm_ticket (id, tenant_id, ticket_type, number, "
          + "number_seq, title, state, priority, group_id, assignee_id, caller_id, next_sla_due, opened_at, updated_at, "
          + "closed_at, created_by, updated_by, version) VALUES (?, 'default', 'INCIDENT', ?, ?, 'Printer offline', ?, ?, ?, "
          + "?, ?, ?, ?, ?, ?, 'loader', 'loader', 1)");
           PreparedStatement i = c.prepareStatement("INSERT INTO itsm_incident (ticket_id, impact, urgency, category, "
               + "channel, reopen_count) VALUES (?, 'MEDIUM', 'MEDIUM', 'hardware', 'API', 0)")) {
        for (int k = 1; k <= n; k++) {
          UUID id = UUID.randomUUID();
          boolean open = random.nextInt(10) == 0;
          String state = open ? OPEN.get(random.nextInt(OPEN.size())) : "CLOSED";
          Instant opened = now.minusSeconds(random.nextInt(365 * 24 * 3600));
          t.setObject(1, id);
          t.setString(2, String.format(Locale.ROOT, "INC-%06d", k));
          t.setLong(3, k);
          t.setString(4, state);
          t.setString(5, PRIORITIES[random.nextInt(PRIORITIES.length)]);
          String group = "group-" + random.nextInt(GROUPS);
          t.setString(6, group);
          t.setString(7, state.equals("NEW") ? null : "agent-" + random.nextInt(500));
          t.setString(8, "caller-" + random.nextInt(50_000));
          t.setObject(9, open ? Timestamp.from(now.plusSeconds(random.nextInt(7 * 24 * 3600))) : null, java.sql.Types.TIMESTAMP);
          t.setTimestamp(10, Timestamp.from(opened));
          t.setTimestamp(11, Timestamp.from(opened));
          t.setObject(12, open ? null : Timestamp.from(opened.plusSeconds(3600)), java.sql.Types.TIMESTAMP);
          t.addBatch();
          i.setObject(1, id);
          i.addBatch();
          if (k % 5000 == 0 || k == n) {
            t.executeBatch();
            i.executeBatch();
            c.commit();
          }
        }
      }
    }
  }

  private static void analyze(BenchDatabase database) throws Exception {
    try (Connection c = database.dataSource().getConnection(); var s = c.createStatement()) {
      s.execute(database.productVersion().startsWith("PostgreSQL") ? "ANALYZE" : "ANALYZE");
    }
  }

  private static long gcCount() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static long gcMillis() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
