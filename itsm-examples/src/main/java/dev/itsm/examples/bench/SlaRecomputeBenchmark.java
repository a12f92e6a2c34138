package dev.itsm.examples.bench;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.TicketType;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.internal.engine.DefaultItsmEngine;
import dev.itsm.internal.sla.CalendarChanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * SLA clocks re-evaluated after a calendar change: incidents with running response and resolution
 * clocks on a business calendar, then a start with that calendar changed (a new holiday), which
 * measures every open clock on it again. Reported: time and JDBC statements per clock, against a
 * raw JDBC pass in the same run that reads the same clock rows and timelines and writes the same
 * rows and timer jobs back unchanged (the I/O floor, no arithmetic); see docs/benchmarks.md.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx6g mvn -q -pl itsm-examples -am compile exec:java \
 *   -Dexec.mainClass=dev.itsm.examples.bench.SlaRecomputeBenchmark -Dexec.args="--clocks 100000"
 * </pre>
 *
 * Options: {@code --db h2|postgresql} (default h2), {@code --clocks} (default 100000; two per
 * incident), {@code --pg-url}.
 */
public final class SlaRecomputeBenchmark {
  private static final Instant MONDAY = Instant.parse("2026-11-30T09:00:00Z");

  private SlaRecomputeBenchmark() {}

  public static void main(String[] args) throws Exception {
    String db = "h2";
    int clocks = 100_000;
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--db" -> db = value;
        case "--clocks" -> clocks = Integer.parseInt(value);
        case "--pg-url" -> pgUrl = value;
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; options: --db h2|postgresql --clocks <n> --pg-url <url>");
      }
    }
    BenchOptions options = BenchOptions.parse("--db", db, "--pg-url", pgUrl);
    SqlCounter counter = new SqlCounter();
    System.out.printf(Locale.ROOT, "SLA re-evaluation benchmark, %s; JVM %s, %d cores%n",
        java.time.OffsetDateTime.now(ZoneOffset.UTC), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    try (BenchDatabase database = BenchDatabase.create(options, "sla", counter)) {
      System.out.println("database: " + database.productVersion());
      Clock clock = Clock.fixed(MONDAY, ZoneOffset.UTC);
      int incidents = clocks / 2;
      long t0 = System.nanoTime();
      try (ItsmEngine engine = engine(database.dataSource(), clock, office())) {
        Actor caller = Actor.caller("bob");
        for (int done = 0; done < incidents; ) {
          int unit = Math.min(100, incidents - done);
          engine.inTransaction(() -> {
            for (int i = 0; i < unit; i++) {
              engine.incidents().open(caller, NewIncident.builder("Printer queue stuck").category("network")
                  .impact(Impact.LOW).urgency(Urgency.LOW).build());
            }
            return null;
          });
          done += unit;
        }
      }
      System.out.printf(Locale.ROOT, "setup: %d incidents with %d running clocks on calendar 'office' in %.1f s%n",
          incidents, 2L * incidents, (System.nanoTime() - t0) / 1e9);

      // the floor: the same rows read and written back unchanged with plain JDBC, in the same chunks
      counter.reset();
      counter.counting(true);
      long f0 = System.nanoTime();
      long floorClocks = rawPass(database.dataSource());
      double floorMs = (System.nanoTime() - f0) / 1e6;
      counter.counting(false);
      long floorStatements = counter.snapshot().getOrDefault(SqlCounter.STATEMENTS, 0L);

      // a start with the calendar changed: every open clock on it is measured again
      long s0 = System.nanoTime();
      CalendarChanges.Result atStart;
      try (ItsmEngine engine = engine(database.dataSource(), clock, office(LocalDate.of(2026, 12, 1)))) {
        atStart = ((DefaultItsmEngine) engine).runtime().calendarChanges();
        double startMs = (System.nanoTime() - s0) / 1e6;
        // the same work once more with statements counted (the values no longer move; the writes are the same)
        counter.reset();
        counter.counting(true);
        long c0 = System.nanoTime();
        CalendarChanges.Result counted = CalendarChanges.reevaluate(((DefaultItsmEngine) engine).runtime().tx(),
            Set.of("office"), CalendarChanges.CHUNK);
        double countedMs = (System.nanoTime() - c0) / 1e6;
        counter.counting(false);
        Map<String, Long> stats = counter.snapshot();
        long statements = stats.getOrDefault(SqlCounter.STATEMENTS, 0L);
        long roundTrips = stats.getOrDefault(SqlCounter.ROUND_TRIPS, 0L);

        System.out.println();
        System.out.printf(Locale.ROOT, "re-evaluation at start: %d clocks, %d timer jobs moved, %d ms (start with it: %.0f ms)"
            + " = %.1f us per clock%n", atStart.clocks(), atStart.jobsMoved(), atStart.millis(), startMs,
            atStart.millis() * 1000.0 / Math.max(1, atStart.clocks()));
        System.out.printf(Locale.ROOT, "same work, statements counted: %d clocks in %.0f ms = %.1f us per clock; "
            + "%.2f statements and %.3f round trips per clock%n", counted.clocks(), countedMs,
            countedMs * 1000 / Math.max(1, counted.clocks()), statements / (double) counted.clocks(),
            roundTrips / (double) counted.clocks());
        System.out.printf(Locale.ROOT, "raw JDBC floor (read rows and timelines, write rows and jobs back): %d clocks in "
            + "%.0f ms = %.1f us per clock; %.2f statements per clock%n", floorClocks, floorMs,
            floorMs * 1000 / Math.max(1, floorClocks), floorStatements / (double) floorClocks);
        System.out.printf(Locale.ROOT, "ratio re-evaluation / floor (time, statements counted run): %.2f / %.2f%n",
            countedMs / floorMs, (statements / (double) counted.clocks()) / (floorStatements / (double) floorClocks));
        System.out.println("statements of the counted re-evaluation by kind:");
        stats.forEach((key, value) -> {
          if (!key.startsWith("(")) {
            System.out.printf(Locale.ROOT, "  %-40s %8d%n", key, value);
          }
        });
      }
    }
  }

  private static ItsmEngine engine(DataSource dataSource, Clock clock, BusinessCalendar office) {
    return ItsmEngine.builder().dataSource(dataSource).clock(clock).jobExecutor(false).plugin(context -> {
      context.calendar(office);
      context.slaDefinition(SlaDefinition.builder("office-hours").ticketTypes(TicketType.INCIDENT).calendar("office")
          .response(Duration.ofHours(8)).resolution(Duration.ofHours(40)).build());
    }).build();
  }

  /** An office calendar, Monday to Friday 08:00-17:00 UTC, with the given holidays. */
  static BusinessCalendar office(LocalDate... holidays) {
    BusinessCalendar.Builder b = BusinessCalendar.builder("office", "UTC").weekdays("08:00-12:00", "13:00-17:00");
    for (LocalDate h : holidays) {
      b.holiday(h, "holiday");
    }
    return b.build();
  }

  /** Reads the open clocks and their events in chunks and writes every row and its job back unchanged. */
  private static long rawPass(DataSource dataSource) throws Exception {
    long total = 0;
    String after = "00000000-0000-0000-0000-000000000000";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      while (true) {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, deadline, job_id, version FROM itsm_sla_clock "
            + "WHERE stopped_at IS NULL AND calendar = 'office' AND id > ? ORDER BY id LIMIT " + CalendarChanges.CHUNK)) {
          p.setObject(1, java.util.UUID.fromString(after));
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              rows.add(new Object[] {rs.getObject(1), rs.getObject(2), rs.getString(3), rs.getLong(4)});
            }
          }
        }
        if (rows.isEmpty()) {
          break;
        }
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
          in.append(i == 0 ? "?" : ",?");
        }
        try (PreparedStatement p = c.prepareStatement("SELECT clock_id, seq, event_type, occurred_at FROM itsm_sla_event "
            + "WHERE clock_id IN (" + in + ") ORDER BY clock_id, seq")) {
          for (int i = 0; i < rows.size(); i++) {
            p.setObject(i + 1, rows.get(i)[0]);
          }
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              rs.getObject(4);
            }
          }
        }
        try (PreparedStatement clock = c.prepareStatement("UPDATE itsm_sla_clock SET deadline = ?, version = ? WHERE id = ? AND version = ?");
             PreparedStatement job = c.prepareStatement("UPDATE ACT_RU_JOB SET REV_ = REV_ WHERE ID_ = ?")) {
          for (Object[] r : rows) {
            clock.setObject(1, r[1]);
            clock.setLong(2, (Long) r[3]);
            clock.setObject(3, r[0]);
            clock.setLong(4, (Long) r[3]);
            clock.addBatch();
            job.setString(1, (String) r[2]);
            job.addBatch();
          }
          clock.executeBatch();
          job.executeBatch();
        }
        c.commit();
        total += rows.size();
        after = rows.get(rows.size() - 1)[0].toString();
      }
    }
    return total;
  }
}
