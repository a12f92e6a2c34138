package dev.itsm.examples.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of one benchmark invocation, parsed from the command line.
 *
 * @param db         {@code h2} (in-memory) or {@code postgresql}
 * @param n          lifecycles per measured run and path
 * @param warmup     lifecycles per path before the first measured run
 * @param runs       measured runs per path
 * @param history    Operaton history level of both engines
 * @param poolSize   JDBC connections of each path's pool
 * @param out        where the raw output is written as well
 * @param pgUrl      PostgreSQL server URL without a database name, e.g. {@code jdbc:postgresql://127.0.0.1:5432/}
 * @param pgUser     PostgreSQL user allowed to create and drop databases
 * @param pgPassword its password (may be empty)
 * @param sqlStats   whether to count JDBC statements per lifecycle after the measured runs
 * @param sqlStatsN  lifecycles per path in the statement count
 */
public record BenchOptions(String db, int n, int warmup, int runs, String history, int poolSize, Path out,
                           String pgUrl, String pgUser, String pgPassword, boolean sqlStats, int sqlStatsN) {

  static final Set<String> DATABASES = Set.of("h2", "postgresql");
  static final Set<String> HISTORY_LEVELS = Set.of("none", "activity", "audit", "full");

  static final String USAGE = """
      Usage: LifecycleBenchmark [options]
        --db h2|postgresql     database of both paths (default h2; each path gets its own fresh database)
        --n <count>            lifecycles per measured run and path (default 2000)
        --warmup <count>       lifecycles per path before measuring (default 2000)
        --runs <count>         measured runs per path, alternating ITSM, bare, ITSM, ... (default 3)
        --history <level>      none|activity|audit|full, the same for both engines (default full)
        --pool <size>          JDBC connections per path (default 20, the ITSM engine's default)
        --out <file>           raw output file (default bench-results/lifecycle-<db>-<timestamp>.txt)
        --pg-url <url>         PostgreSQL server (default jdbc:postgresql://127.0.0.1:5432/)
        --pg-user <user>       (default postgres)
        --pg-password <pw>     (default empty)
        --sql-stats            after the measured runs, count JDBC statements per lifecycle of each path
                               (wraps the connections in a counting proxy from the start)
        --sql-stats-n <count>  lifecycles per path in that count (default 100)
      """;

  public BenchOptions {
    if (!DATABASES.contains(db)) {
      throw new IllegalArgumentException("--db must be one of " + DATABASES + ", but is '" + db + "'");
    }
    if (!HISTORY_LEVELS.contains(history)) {
      throw new IllegalArgumentException("--history must be one of " + HISTORY_LEVELS + ", but is '" + history + "'");
    }
    requireAtLeast("--n", n, 1);
    requireAtLeast("--warmup", warmup, 0);
    requireAtLeast("--runs", runs, 1);
    requireAtLeast("--pool", poolSize, 2);
    requireAtLeast("--sql-stats-n", sqlStatsN, 1);
  }

  /** Parses {@code --name value} pairs; unknown options are an error. */
  public static BenchOptions parse(String... args) {
    String db = "h2";
    int n = 2000;
    int warmup = 2000;
    int runs = 3;
    String history = "full";
    int pool = 20;
    Path out = null;
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
    String pgUser = "postgres";
    String pgPassword = "";
    boolean sqlStats = false;
    int sqlStatsN = 100;
    List<String> list = args == null ? List.of() : List.of(args);
    for (int i = 0; i < list.size(); i++) {
      String option = list.get(i);
      if (option.equals("--sql-stats")) {
        sqlStats = true;
        continue;
      }
      if (option.equals("--help") || option.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= list.size()) {
        throw new IllegalArgumentException("Expected a value after " + option + ", but the arguments end\n" + USAGE);
      }
      String value = list.get(++i);
      switch (option) {
        case "--db" -> db = value.toLowerCase(Locale.ROOT);
        case "--n" -> n = integer(option, value);
        case "--warmup" -> warmup = integer(option, value);
        case "--runs" -> runs = integer(option, value);
        case "--history" -> history = value.toLowerCase(Locale.ROOT);
        case "--pool" -> pool = integer(option, value);
        case "--out" -> out = Path.of(value);
        case "--pg-url" -> pgUrl = value;
        case "--pg-user" -> pgUser = value;
        case "--pg-password" -> pgPassword = value;
        case "--sql-stats-n" -> sqlStatsN = integer(option, value);
        default -> throw new IllegalArgumentException("Expected one of the options below, but got '" + option + "'\n" + USAGE);
      }
    }
    if (out == null) {
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      out = Path.of("bench-results", "lifecycle-" + db + "-" + stamp + ".txt");
    }
    return new BenchOptions(db, n, warmup, runs, history, pool, out, pgUrl, pgUser, pgPassword, sqlStats, sqlStatsN);
  }

  private static int integer(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Expected a whole number after " + option + ", but got '" + value + "'");
    }
  }

  private static void requireAtLeast(String option, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", but is " + value);
    }
  }
}
