package dev.itsm.examples.bench;

import dev.itsm.examples.bench.ClusterNodes.CpuDelta;
import dev.itsm.examples.bench.ClusterNodes.CpuSample;
import dev.itsm.examples.bench.ClusterNodes.Node;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.operaton.bpm.engine.impl.util.ProductPropertiesUtil;

/**
 * Several nodes on one PostgreSQL database: separate JVMs ({@link ClusterBenchNode}), each an engine
 * with Operaton's job executor, started and driven by this program over a line protocol; see
 * {@code docs/benchmarks.md}, "Several nodes".
 *
 * <ol>
 *   <li><b>Lifecycle throughput, one node against two.</b> Two ITSM nodes (job executors on) on one
 *   fresh database, both warmed up; then each measured run goes through the configurations (option
 *   {@code --configs}) in an order rotated by one from run to run: "one" (node A alone runs {@code n}
 *   lifecycles with {@code threads} threads), "two" (A and B at once, {@code n/2} each, {@code threads}
 *   threads each), "two-split" (A and B, {@code threads/2} each: as many threads as "one") and
 *   "one-2x" (A alone with {@code 2 x threads}: as many as "two"). A run ends when its lifecycles are
 *   done and their outbox entries delivered. Printed: lifecycles/s, the ratios of two nodes to one
 *   node with as many threads (two-split / one, two / one-2x) and with as many threads per node (two /
 *   one), and where the CPU went (each node JVM, the PostgreSQL server, the rest of the machine).</li>
 *   <li><b>Timer drain.</b> {@code timers} incidents (priority P3) opened through the API on a fixed
 *   clock, so that each has its response-warning threshold timer (75 % of 2 h) due at the same
 *   instant; two fresh nodes whose clocks run one minute past it (the system clock plus an offset)
 *   start their job executors at the same moment; measured until every warning is recorded and every
 *   outbox entry delivered, then checked for duplicates. Against it, in the same program run, bare
 *   Operaton: {@code timers} instances of start, timer catch event (1 h), end on another fresh
 *   database, drained the same way by two bare nodes; and (option {@code --bare}) the same with a
 *   second timer after the first, which the firing arms as the SLA job arms the breach.</li>
 * </ol>
 *
 * Both kinds run with Operaton's default job executor settings, history {@code full},
 * {@code StrongUuidGenerator} and pools of the same size. The CPU of each node JVM, of the PostgreSQL
 * server and of the rest of the machine is recorded for every measured interval.
 *
 * <pre>
 * mvn -q -pl itsm-examples compile
 * mvn -q -pl itsm-examples dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx2g -cp itsm-examples/target/classes:$(cat /tmp/cp.txt) dev.itsm.examples.bench.ClusterBenchmark [--help]
 * </pre>
 */
public final class ClusterBenchmark {
  /** Two nodes should run at least as many lifecycles a second as one. */
  static final double GOAL_TWO_NODES = 1.0;
  /** The ITSM drain should take at most this multiple of the bare drain. */
  static final double GOAL_DRAIN = 1.3;
  /** The ITSM drain nodes' clock at the start: this long after the response warnings are due. */
  static final Duration PAST_DUE = Duration.ofMinutes(1);
  /** P3 response target (2 h) and its warning (75 %): the SLA thresholds of the drain. */
  static final Duration RESPONSE_WARNING = Duration.ofMinutes(90);
  static final Duration RESPONSE_BREACH = Duration.ofHours(2);
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(90);
  private static final Duration LONG = Duration.ofHours(3);

  private ClusterBenchmark() {}

  /**
   * Settings of one invocation.
   *
   * @param part         {@code all}, {@code lifecycle} (part 1) or {@code drain} (part 2)
   * @param n            lifecycles per measured run (one node: all on A; two nodes: half on each)
   * @param threads      threads per node running lifecycles
   * @param runs         measured runs per configuration
   * @param warmup       lifecycles per node before the measured runs
   * @param timers       due timer jobs of each drain (ITSM: incidents; bare: process instances)
   * @param setupThreads threads per setup node opening incidents or starting instances
   * @param setupBatch   incidents opened per transaction during the drain's setup
   * @param drainRuns    drains per kind, alternating ITSM, bare
   * @param bare         bare kinds, comma separated: {@code end} (start, timer, end), {@code rearm} (start,
   *                     timer, timer, end), either with {@code -due} (acquiring as the ITSM engine does), or
   *                     {@code both} ({@code end,rearm})
   * @param vacuum       whether to run {@code VACUUM (ANALYZE)} before each measured run and drain
   * @param pool         JDBC connections of each node
   * @param heap         maximum heap of each node JVM
   * @param nodeOpts     further options of each node JVM ({@code {name}} is replaced by the node's name)
   */
  record Options(String part, int n, int threads, int runs, int warmup, int timers, int setupThreads, int setupBatch,
                 int drainRuns, String bare, boolean vacuum, int pool, String heap, List<String> nodeOpts, Path out,
                 String pgUrl, String pgUser, String pgPassword, List<Config> configs) {

    static final String USAGE = """
        Usage: ClusterBenchmark [options]   (PostgreSQL only; node JVMs are started with this JVM's class path)
          --part all|lifecycle|drain   which part to run (default all: lifecycle throughput, then timer drain)
          --n <count>            lifecycles per measured run (default 4000; two nodes run half each)
          --threads <count>      threads per node running lifecycles (default 4)
          --runs <count>         measured runs per configuration, the configurations in rotating order (default 3)
          --configs <list>       lifecycle configurations, comma separated (default one,two,two-split,one-2x):
                                 one = node A alone, <threads> threads; two = A and B at once, <threads> each;
                                 two-split = A and B at once, <threads>/2 each (as many threads as one);
                                 one-2x = A alone, 2 x <threads> (as many threads as two)
          --warmup <count>       lifecycles per node before measuring (default 1000)
          --timers <count>       due timer jobs per drain: incidents (ITSM) and instances (bare) (default 100000)
          --setup-threads <n>    threads per setup node (two setup nodes) creating them (default 4)
          --setup-batch <n>      incidents opened per transaction in the drain's setup (default 10)
          --drain-runs <count>   drains per kind, alternating ITSM, bare (default 1)
          --bare <kinds>         bare drains, comma separated: end = start -> timer -> end (the instance ends
                                 when its timer fires); rearm = start -> timer -> second timer -> end (firing
                                 arms the next timer, as an SLA warning arms the breach); either with -due
                                 (end-due, rearm-due): acquiring as the ITSM engine does (by due date, over an
                                 index on it) instead of Operaton's default; both = end,rearm (default both)
          --vacuum true|false    VACUUM (ANALYZE) the database before each measured run and each drain, outside
                                 the timing, as autovacuum would between them (default true)
          --pool <size>          JDBC connections per node (default 20, the ITSM engine's default)
          --node-heap <size>     -Xmx of each node JVM (default 2g)
          --node-opts "<opts>"   further JVM options of each node, space separated; {name} is replaced by the
                                 node's name (e.g. "-XX:StartFlightRecording=filename=/tmp/{name}.jfr")
          --out <file>           raw output (default bench-results/cluster-postgresql-<timestamp>.txt;
                                 node logs go to the directory of the same name without .txt)
          --pg-url <url>         PostgreSQL server (default jdbc:postgresql://127.0.0.1:5432/)
          --pg-user <user>       (default postgres)
          --pg-password <pw>     (default empty)
        """;

    Options {
      if (!List.of("all", "lifecycle", "drain").contains(part)) {
        throw new IllegalArgumentException("--part must be all, lifecycle or drain, but is '" + part + "'");
      }
      atLeast("--n", n, 2);
      atLeast("--threads", threads, 1);
      atLeast("--runs", runs, 1);
      atLeast("--warmup", warmup, 0);
      atLeast("--timers", timers, 2);
      atLeast("--setup-threads", setupThreads, 1);
      atLeast("--setup-batch", setupBatch, 1);
      atLeast("--drain-runs", drainRuns, 1);
      for (String kind : kinds(bare)) {
        if (!List.of("end", "rearm", "end-due", "rearm-due").contains(kind)) {
          throw new IllegalArgumentException("--bare must be end, rearm, end-due, rearm-due (comma separated) or both,"
              + " but got '" + kind + "'");
        }
      }
      atLeast("--pool", pool, 2);
      if (configs.isEmpty() || !configs.contains(Config.ONE)) {
        throw new IllegalArgumentException("--configs must include one (the baseline of the ratios), but is " + configs);
      }
      if (configs.contains(Config.TWO_SPLIT) && threads % 2 != 0) {
        throw new IllegalArgumentException("--configs two-split needs an even --threads, but it is " + threads);
      }
    }

    boolean lifecycle() {
      return !part.equals("drain");
    }

    boolean drain() {
      return !part.equals("lifecycle");
    }

    List<String> bareKinds() {
      return kinds(bare);
    }

    private static List<String> kinds(String bare) {
      return bare.equals("both") ? List.of("end", "rearm") : List.of(bare.split(","));
    }

    /** Directory of the node logs: the output file's name without {@code .txt}. */
    Path logDir() {
      String file = out.getFileName().toString();
      String base = file.endsWith(".txt") ? file.substring(0, file.length() - 4) : file + "-nodes";
      Path parent = out.toAbsolutePath().getParent();
      return parent.resolve(base);
    }

    String serverUrl() {
      return pgUrl.endsWith("/") ? pgUrl : pgUrl + "/";
    }

    static Options parse(String... args) {
      String part = "all";
      int n = 4000;
      int threads = 4;
      int runs = 3;
      int warmup = 1000;
      int timers = 100_000;
      int setupThreads = 4;
      int setupBatch = 10;
      int drainRuns = 1;
      String bare = "both";
      boolean vacuum = true;
      int pool = 20;
      String heap = "2g";
      List<String> nodeOpts = List.of();
      Path out = null;
      String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
      String pgUser = "postgres";
      String pgPassword = "";
      List<Config> configs = List.of(Config.ONE, Config.TWO, Config.TWO_SPLIT, Config.ONE_DOUBLE);
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("--help") || option.equals("-h")) {
          throw new IllegalArgumentException(USAGE);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Expected a value after " + option + ", but the arguments end\n" + USAGE);
        }
        String value = args[++i];
        switch (option) {
          case "--part" -> part = value.toLowerCase(Locale.ROOT);
          case "--n" -> n = integer(option, value);
          case "--threads" -> threads = integer(option, value);
          case "--runs" -> runs = integer(option, value);
          case "--warmup" -> warmup = integer(option, value);
          case "--timers" -> timers = integer(option, value);
          case "--setup-threads" -> setupThreads = integer(option, value);
          case "--setup-batch" -> setupBatch = integer(option, value);
          case "--drain-runs" -> drainRuns = integer(option, value);
          case "--bare" -> bare = value.toLowerCase(Locale.ROOT);
          case "--vacuum" -> vacuum = bool(option, value);
          case "--pool" -> pool = integer(option, value);
          case "--node-heap" -> heap = value;
          case "--node-opts" -> nodeOpts = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
          case "--out" -> out = Path.of(value);
          case "--pg-url" -> pgUrl = value;
          case "--pg-user" -> pgUser = value;
          case "--pg-password" -> pgPassword = value;
          case "--configs" -> configs = Config.parse(value);
          default -> throw new IllegalArgumentException("Expected one of the options below, but got '" + option + "'\n" + USAGE);
        }
      }
      if (out == null) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        out = Path.of("bench-results", "cluster-postgresql-" + stamp + ".txt");
      }
      return new Options(part, n, threads, runs, warmup, timers, setupThreads, setupBatch, drainRuns, bare, vacuum, pool,
          heap, nodeOpts, out, pgUrl, pgUser, pgPassword, configs);
    }

    private static int integer(String option, String value) {
      try {
        return Integer.parseInt(value.replace("_", "").replace(",", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Expected a whole number after " + option + ", but got '" + value + "'");
      }
    }

    private static boolean bool(String option, String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true", "on", "yes" -> true;
        case "false", "off", "no" -> false;
        default -> throw new IllegalArgumentException("Expected true or false after " + option + ", but got '" + value + "'");
      };
    }

    private static void atLeast(String option, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(option + " must be at least " + min + ", but is " + value);
      }
    }
  }

  /** One measured lifecycle run: {@code nodes} = 1 or 2. */
  /**
   * A lifecycle configuration: how many nodes run lifecycles, and with how many threads each, as a
   * multiple of {@code --threads} (in halves).
   */
  enum Config {
    ONE("one", 1, 2),
    TWO("two", 2, 2),
    TWO_SPLIT("two-split", 2, 1),
    ONE_DOUBLE("one-2x", 1, 4);

    final String label;
    final int nodes;
    private final int halves;

    Config(String label, int nodes, int halves) {
      this.label = label;
      this.nodes = nodes;
      this.halves = halves;
    }

    int threadsPerNode(int threads) {
      return threads * halves / 2;
    }

    static List<Config> parse(String value) {
      List<Config> configs = new ArrayList<>();
      for (String label : value.toLowerCase(Locale.ROOT).split(",")) {
        Config config = java.util.Arrays.stream(values()).filter(c -> c.label.equals(label.trim())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("--configs must name one, two, two-split or one-2x (comma"
                + " separated), but got '" + label + "'"));
        if (!configs.contains(config)) {
          configs.add(config);
        }
      }
      return List.copyOf(configs);
    }
  }

  record LifecycleRun(Config config, int threadsPerNode, int lifecycles, CpuDelta cpu, long failed) {
    int nodes() {
      return config.nodes;
    }

    double rate() {
      return lifecycles / cpu.seconds();
    }

    double perLifecycle(long ms) {
      return ms / (double) lifecycles;
    }
  }

  /**
   * One drain.
   *
   * @param kind          {@code ITSM} or {@code bare}
   * @param jobs          due timer jobs at the start
   * @param setupSeconds  creating the incidents or instances (two setup nodes)
   * @param firedSeconds  until the last due job had run (ITSM: every warning recorded; bare: no timer job left)
   * @param drainSeconds  until that and every outbox entry delivered (bare: = firedSeconds)
   * @param duplicates    thresholds recorded twice (ITSM), or instances ended twice (bare)
   * @param failures      failed job executions in the job log during the drain
   * @param outboxWritten outbox rows written during the drain (ITSM; 0 for bare)
   * @param delivered     deliveries counted by the nodes' listeners and senders during the drain (ITSM)
   * @param perNode       successful job executions per node (from the job log's host name)
   */
  record Drain(String kind, long jobs, double setupSeconds, double firedSeconds, double drainSeconds, long duplicates,
               long failures, long outboxWritten, long delivered, Map<String, Long> perNode, CpuDelta cpu) {
    double jobsPerSecond() {
      return jobs / drainSeconds;
    }
  }

  /** What an invocation measured. */
  record Result(List<LifecycleRun> lifecycleRuns, List<Drain> drains, List<String> problems) {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2);
      return;
    }
    Result result = run(options, System.out);
    System.exit(result.problems().isEmpty() ? 0 : 1);
  }

  /** Runs the chosen parts, printing to {@code console} and to {@code options.out()}. */
  static Result run(Options options, PrintStream console) throws Exception {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    }
    Tee out = new Tee(console);
    try {
      return run(options, out);
    } finally {
      out.writeTo(options.out());
      console.println("Raw output written to " + options.out().toAbsolutePath() + "; node logs in " + options.logDir());
    }
  }

  private static Result run(Options options, Tee out) throws Exception {
    long start = System.nanoTime();
    out.line("# Several nodes on one PostgreSQL database: lifecycle throughput and timer drain");
    out.line("date            %s", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS));
    out.line("jdk             %s %s (%s)", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"));
    out.line("os              %s %s %s, %d cores", System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
    out.line("node jvms       -Xmx%s %s(defaults otherwise), class path of this JVM; logs in %s", options.heap(),
        options.nodeOpts().isEmpty() ? "" : String.join(" ", options.nodeOpts()) + " ", options.logDir());
    out.line("load average    %s (1 min, at start; other processes on the machine compete for the CPU)", loadAverage());
    out.line("operaton        %s", ProductPropertiesUtil.getProductVersion());
    out.line("source          %s", SourceVersion.describe());
    out.line("settings        part=%s n=%d threads=%d runs=%d warmup=%d timers=%d setup-threads=%d setup-batch=%d "
            + "drain-runs=%d bare=%s vacuum=%s pool=%d configs=%s history=full idGenerator=StrongUuidGenerator",
        options.part(), options.n(), options.threads(), options.runs(), options.warmup(), options.timers(),
        options.setupThreads(), options.setupBatch(), options.drainRuns(), options.bare(), options.vacuum(), options.pool(),
        String.join(",", options.configs().stream().map(c -> c.label).toList()));
    out.line("cpu accounting  node JVMs: getProcessCpuTime as each node reports it; PostgreSQL: utime+stime+cutime+cstime"
        + " of every process named postgres* (/proc/<pid>/stat, %d ticks/s; cutime/cstime: children reaped, such as"
        + " parallel workers), and of those the backends of the benchmark database;"
        + " machine: /proc/stat", ClusterNodes.clockTicksPerSecond());
    List<String> problems = new ArrayList<>();
    List<LifecycleRun> runs = List.of();
    List<Drain> drains = new ArrayList<>();
    if (options.lifecycle()) {
      runs = lifecycle(options, out, problems);
    }
    if (options.drain()) {
      for (int r = 1; r <= options.drainRuns(); r++) {
        drains.add(drainItsm(options, out, problems, r));
        for (String kind : options.bareKinds()) {
          drains.add(drainBare(options, out, problems, r, kind.replace("-due", ""), kind.endsWith("-due")));
        }
      }
      summariseDrains(out, drains);
    }
    out.line("");
    if (problems.isEmpty()) {
      out.line("checks          all passed");
    } else {
      out.line("checks          %d FAILED:", problems.size());
      problems.forEach(p -> out.line("  - %s", p));
    }
    out.line("total time      %d s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    return new Result(runs, drains, problems);
  }

  private static BenchDatabase database(Options options, String label) {
    BenchOptions bench = BenchOptions.parse("--db", "postgresql", "--pool", "3", "--pg-url", options.pgUrl(),
        "--pg-user", options.pgUser(), "--pg-password", options.pgPassword());
    return BenchDatabase.create(bench, label, null);
  }

  private static Map<String, String> nodeArgs(Options options, BenchDatabase db, String mode, boolean executor, String clock) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("mode", mode);
    args.put("url", options.serverUrl() + db.name());
    args.put("user", options.pgUser());
    if (!options.pgPassword().isEmpty()) {
      args.put("password", options.pgPassword());
    }
    args.put("pool", String.valueOf(options.pool()));
    if (mode.startsWith("bare")) {
      // "bare-due": a bare node with the ITSM engine's acquisition
      args.put("mode", "bare");
      args.put("acquisition", mode.equals("bare-due") ? "due-date" : "default");
    }
    args.put("history", "full");
    args.put("executor", String.valueOf(executor));
    args.put("clock", clock);
    return args;
  }

  // ---------------------------------------------------------------------------------------------
  // Part 1: lifecycle throughput, one node against two

  private static List<LifecycleRun> lifecycle(Options options, Tee out, List<String> problems) throws Exception {
    out.line("");
    out.line("## Part 1: incident lifecycle throughput, one node against two (job executors on)");
    List<LifecycleRun> runs = new ArrayList<>();
    try (BenchDatabase db = database(options, "cluster_lc")) {
      out.line("database        %s (fresh, dropped at the end)", db.name());
      out.line("                %s", db.productVersion());
      out.line("server          %s", serverSettings(db.dataSource()));
      List<Node> nodes = new ArrayList<>();
      try {
        long t0 = System.nanoTime();
        Node a = Node.start("lc-node-a", options.heap(), options.nodeOpts(), nodeArgs(options, db, "itsm", true, "system"),
            options.logDir());
        nodes.add(a);
        long t1 = System.nanoTime();
        Node b = Node.start("lc-node-b", options.heap(), options.nodeOpts(), nodeArgs(options, db, "itsm", true, "system"),
            options.logDir());
        nodes.add(b);
        long t2 = System.nanoTime();
        out.line("nodes           A and B: ITSM engines, job executor on, pool %d, system clock; started in %d ms (A, with"
            + " schema) and %d ms (B)", options.pool(), TimeUnit.NANOSECONDS.toMillis(t1 - t0),
            TimeUnit.NANOSECONDS.toMillis(t2 - t1));
        out.line("job executor    %s", a.send("executor-settings", Duration.ofMinutes(1)));
        long[] next = {0, 10_000_000};
        long[] ran = {0, 0};

        // warm-up: both nodes at once
        if (options.warmup() > 0) {
          long w = System.nanoTime();
          a.sendAndForget("lifecycles " + options.warmup() + " " + options.threads() + " " + next[0]);
          b.sendAndForget("lifecycles " + options.warmup() + " " + options.threads() + " " + next[1]);
          long[] wa = ClusterNodes.numbers(a.awaitAnswer(LONG));
          long[] wb = ClusterNodes.numbers(b.awaitAnswer(LONG));
          next[0] += options.warmup();
          next[1] += options.warmup();
          ran[0] += options.warmup();
          ran[1] += options.warmup();
          out.line("warm-up         %d lifecycles on each node at once, %d threads each: %.1f s (%.1f lifecycles/s together)"
                  + "; failed %d", options.warmup(), options.threads(), (System.nanoTime() - w) / 1e9,
              2 * options.warmup() / ((System.nanoTime() - w) / 1e9), wa[1] + wb[1]);
        }

        out.line("");
        out.line("one = A runs %d lifecycles with %d threads (B idles, its job executor on); two = A and B at once, %d"
            + " each, %d threads each; two-split = the same with %d threads each (as many as one); one-2x = A alone"
            + " with %d threads (as many as two); configurations run: %s", options.n(), options.threads(), options.n() / 2,
            options.threads(), options.threads() / 2, options.threads() * 2,
            options.configs().stream().map(c -> c.label).toList());
        out.line("A run ends when its lifecycles are done and their outbox entries delivered. cpu = CPU ms per lifecycle;"
            + " cores = (JVMs + PostgreSQL) CPU / wall; vac s = VACUUM ANALYZE of the database before the run, not timed%s",
            options.vacuum() ? "" : " (off)");
        out.line("%-4s %-9s %8s %8s | %7s %7s %7s %8s %8s %8s | %5s %7s %5s %5s", "run", "config", "wall s", "lc/s", "cpu A",
            "cpu B", "JVMs", "PG all", "PG bench", "other", "cores", "machine", "load", "vac s");
        for (int r = 1; r <= options.runs(); r++) {
          // the configurations in an order rotated by one each run: the database grows with every run, so
          // none always runs later than another
          List<Config> order = new ArrayList<>(options.configs());
          java.util.Collections.rotate(order, -(r - 1));
          for (Config config : order) {
            int threads = config.threadsPerNode(options.threads());
            double vacuumed = options.vacuum() ? vacuum(db.dataSource()) : 0;
            for (Node node : nodes) {
              node.send("gc", Duration.ofMinutes(1));
            }
            List<Node> active = config.nodes == 1 ? List.of(a) : List.of(a, b);
            int each = options.n() / active.size();
            CpuSample before = CpuSample.take(nodes, db.dataSource(), db.name());
            for (Node node : active) {
              int index = node == a ? 0 : 1;
              node.sendAndForget("lifecycles " + each + " " + threads + " " + next[index]);
            }
            long failed = 0;
            for (Node node : active) {
              failed += ClusterNodes.numbers(node.awaitAnswer(LONG))[1];
            }
            CpuSample after = CpuSample.take(nodes, db.dataSource(), db.name());
            for (Node node : active) {
              int index = node == a ? 0 : 1;
              next[index] += each;
              ran[index] += each;
            }
            LifecycleRun run = new LifecycleRun(config, threads, each * active.size(), after.since(before), failed);
            runs.add(run);
            CpuDelta c = run.cpu();
            out.line("%-4d %-9s %8.1f %8.1f | %7.2f %7.2f %7.2f %8.2f %8.2f %8.2f | %5.2f %7.2f %5s %5.1f%s", r,
                config.label, c.seconds(), run.rate(), run.perLifecycle(c.nodeMs().get(a.name())),
                run.perLifecycle(c.nodeMs().get(b.name())), run.perLifecycle(c.jvmMs()), run.perLifecycle(c.pgAllMs()),
                run.perLifecycle(c.pgBenchMs()), run.perLifecycle(c.otherMs()), c.cores(), c.machineMs() / 1000.0 / c.seconds(),
                loadAverage(), vacuumed, failed == 0 ? "" : "  FAILED lifecycles: " + failed);
            if (failed > 0) {
              problems.add("part 1 run " + r + " (" + config.label + "): " + failed + " lifecycles failed");
            }
          }
        }
        summariseLifecycles(out, runs);

        // completion
        long expected = ran[0] + ran[1];
        long deliveredA = Long.parseLong(a.send("delivered", Duration.ofMinutes(1)).trim());
        long deliveredB = Long.parseLong(b.send("delivered", Duration.ofMinutes(1)).trim());
        long closed = count(db.dataSource(), "SELECT COUNT(*) FROM itsm_ticket WHERE state = 'CLOSED'");
        long undelivered = count(db.dataSource(), "SELECT COUNT(*) FROM itsm_outbox WHERE status <> 'DELIVERED'");
        long failures = count(db.dataSource(), "SELECT COUNT(*) FROM act_hi_job_log WHERE job_exception_msg_ IS NOT NULL");
        out.line("");
        out.line("completion      %d lifecycles (A %d, B %d); closed incidents %d; delivered A %d, B %d (7 per lifecycle:"
                + " 5 events, 2 notifications); outbox entries not delivered %d; failed job executions %d",
            expected, ran[0], ran[1], closed, deliveredA, deliveredB, undelivered, failures);
        check(problems, closed == expected, "part 1: closed incidents " + closed + " != lifecycles " + expected);
        check(problems, deliveredA == 7 * ran[0] && deliveredB == 7 * ran[1],
            "part 1: deliveries A " + deliveredA + ", B " + deliveredB + " != 7 x lifecycles " + ran[0] + ", " + ran[1]);
        check(problems, undelivered == 0, "part 1: " + undelivered + " outbox entries not delivered");
        check(problems, failures == 0, "part 1: " + failures + " failed job executions");
      } finally {
        ClusterNodes.closeAll(nodes);
      }
    }
    return runs;
  }

  private static void summariseLifecycles(Tee out, List<LifecycleRun> runs) {
    Map<Config, List<LifecycleRun>> byConfig = new LinkedHashMap<>();
    runs.forEach(r -> byConfig.computeIfAbsent(r.config(), k -> new ArrayList<>()).add(r));
    out.line("");
    out.line("## Part 1 summary over %d runs per configuration (ratios of two configurations of the same run)",
        byConfig.get(Config.ONE).size());
    out.line("%-40s %10s %10s %10s", "", "min", "median", "max");
    byConfig.forEach((config, list) -> summaryLine(out, config.label + ", lifecycles/s",
        list.stream().map(LifecycleRun::rate).toList()));
    // equal concurrency: as many lifecycle threads in both (what coordination between nodes costs);
    // then two nodes with as many threads each as one node (twice the concurrency on the same cores)
    List<Summary> goalRatios = new ArrayList<>();
    for (Config[] pair : new Config[][] {{Config.TWO_SPLIT, Config.ONE}, {Config.TWO, Config.ONE_DOUBLE},
        {Config.TWO, Config.ONE}}) {
      List<LifecycleRun> two = byConfig.get(pair[0]);
      List<LifecycleRun> one = byConfig.get(pair[1]);
      if (two == null || one == null) {
        continue;
      }
      List<Double> ratios = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      for (int i = 0; i < Math.min(one.size(), two.size()); i++) {
        ratios.add(two.get(i).rate() / one.get(i).rate());
        cpu.add(cpuPerLifecycle(two.get(i)) / cpuPerLifecycle(one.get(i)));
      }
      boolean equalThreads = two.get(0).threadsPerNode() * 2 == one.get(0).threadsPerNode();
      String label = "ratio " + pair[0].label + " / " + pair[1].label + (equalThreads ? "" : " (2 x threads)");
      Summary ratio = summaryLine(out, label, ratios);
      summaryLine(out, "  cpu/lc (JVMs+PG bench) " + pair[0].label + " / " + pair[1].label, cpu);
      if (equalThreads) {
        goalRatios.add(ratio);
      }
    }
    byConfig.forEach((config, list) -> {
      summaryLine(out, config.label + ", JVM cpu ms/lc", list.stream().map(r -> r.perLifecycle(r.cpu().jvmMs())).toList());
      summaryLine(out, config.label + ", PostgreSQL cpu ms/lc", list.stream().map(r -> r.perLifecycle(r.cpu().pgAllMs())).toList());
      summaryLine(out, config.label + ", PG bench db ms/lc", list.stream().map(r -> r.perLifecycle(r.cpu().pgBenchMs())).toList());
      summaryLine(out, config.label + ", other processes ms/lc", list.stream().map(r -> r.perLifecycle(r.cpu().otherMs())).toList());
      summaryLine(out, config.label + ", cores busy (JVMs+PG)", list.stream().map(r -> r.cpu().cores()).toList());
    });
    if (goalRatios.isEmpty()) {
      out.line("goal            two nodes >= %.2f x one node with as many lifecycle threads: not measured (needs two-split"
          + " or one-2x with two)", GOAL_TWO_NODES);
    } else {
      double worst = goalRatios.stream().mapToDouble(Summary::median).min().orElseThrow();
      out.line("goal            two nodes >= %.2f x one node with as many lifecycle threads: %s (median ratio%s %s)",
          GOAL_TWO_NODES, worst >= GOAL_TWO_NODES ? "met" : "MISSED", goalRatios.size() > 1 ? "s" : "",
          goalRatios.stream().map(g -> String.format(Locale.ROOT, "%.3f", g.median())).toList());
    }
  }

  private static double cpuPerLifecycle(LifecycleRun run) {
    return run.perLifecycle(run.cpu().jvmMs() + run.cpu().pgBenchMs());
  }

  private static Summary summaryLine(Tee out, String label, List<Double> values) {
    Summary s = Summary.of(values);
    out.line("%-40s %10.3f %10.3f %10.3f", label, s.min(), s.median(), s.max());
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Part 2: timer drain

  private static Drain drainItsm(Options options, Tee out, List<String> problems, int run) throws Exception {
    int total = options.timers();
    out.line("");
    out.line("## Part 2, drain %d: ITSM, %d incidents (P3), each with its response warning due at once", run, total);
    try (BenchDatabase db = database(options, "drain_itsm")) {
      DataSource ds = db.dataSource();
      out.line("database        %s (fresh, dropped at the end)", db.name());
      // setup: two nodes without executor on a fixed clock, so every incident opens at the same instant
      long t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
      double setupSeconds = setup(options, out, db, "itsm", "itsm-r" + run, "fixed:" + t0, total,
          half -> "open " + half + " " + options.setupThreads() + " " + options.setupBatch());
      long incidents = count(ds, "SELECT COUNT(*) FROM itsm_ticket");
      long p3 = count(ds, "SELECT COUNT(*) FROM itsm_ticket WHERE priority = 'P3' AND state = 'NEW'");
      long slaJobs = count(ds, "SELECT COUNT(*) FROM act_ru_job WHERE handler_type_ = 'itsm-sla-threshold'");
      Instant drainClock = Instant.ofEpochMilli(t0).plus(RESPONSE_WARNING).plus(PAST_DUE);
      long due = countAt(ds, "SELECT COUNT(*) FROM act_ru_job WHERE duedate_ <= ?", drainClock);
      long dueBeforeBreach = countAt(ds, "SELECT COUNT(*) FROM act_ru_job WHERE handler_type_ = 'itsm-sla-threshold'"
          + " AND duedate_ < ?", Instant.ofEpochMilli(t0).plus(RESPONSE_BREACH));
      long otherJobs = count(ds, "SELECT COUNT(*) FROM act_ru_job WHERE handler_type_ <> 'itsm-sla-threshold'");
      out.line("setup check     %d incidents, %d of them P3 and NEW; %d SLA threshold jobs; %d jobs due at the drain"
              + " clock's start (opened + %d min), %d SLA jobs due before the response breach (opened + 2 h); %d other jobs",
          incidents, p3, slaJobs, due, RESPONSE_WARNING.plus(PAST_DUE).toMinutes(), dueBeforeBreach, otherJobs);
      check(problems, incidents == total && p3 == total && slaJobs == 2L * total && dueBeforeBreach == total,
          "drain " + run + " ITSM setup: expected " + total + " P3 incidents with " + 2L * total + " SLA jobs, " + total
              + " due, but got " + incidents + " incidents, " + p3 + " P3, " + slaJobs + " jobs, " + dueBeforeBreach + " due");

      vacuumLine(options, out, ds);
      // the drain: two fresh nodes whose clocks run one minute past the warnings
      long offset = drainClock.toEpochMilli() - System.currentTimeMillis();
      Map<String, Long> outboxBefore = outboxByType(ds);
      long outboxRowsBefore = outboxBefore.values().stream().mapToLong(Long::longValue).sum();
      List<Node> nodes = drainNodes(options, out, db, "itsm", "itsm-r" + run, offset);
      try {
        long deliveredBefore = delivered(nodes);
        Timestamp logFrom = jobLogNow(ds);
        CpuSample before = CpuSample.take(nodes, ds, db.name());
        long start = System.nanoTime();
        startExecutors(nodes);
        String thresholds = "SELECT COUNT(*) FROM itsm_sla_event WHERE event_type = 'THRESHOLD'";
        double fired = -1;
        long lastReport = start;
        long lastCount = 0;
        long recorded = 0;
        while (true) {
          Thread.sleep(pollMillis(recorded, total));
          long now = System.nanoTime();
          recorded = count(ds, thresholds);
          if (recorded >= total && fired < 0) {
            fired = (now - start) / 1e9;
          }
          if (fired >= 0 && count(ds, "SELECT COUNT(*) FROM itsm_outbox WHERE status <> 'DELIVERED'") == 0) {
            break;
          }
          if (now - lastReport >= TimeUnit.SECONDS.toNanos(30)) {
            out.line("  +%4.0f s       %d warnings recorded (%.0f/s in the last 30 s)", (now - start) / 1e9, recorded,
                (recorded - lastCount) / ((now - lastReport) / 1e9));
            lastReport = now;
            lastCount = recorded;
          }
          if (now - start > DRAIN_TIMEOUT.toNanos()) {
            throw new IllegalStateException("Expected the ITSM drain to end within " + DRAIN_TIMEOUT + ", but after it "
                + recorded + " of " + total + " warnings were recorded");
          }
        }
        double drained = (System.nanoTime() - start) / 1e9;
        CpuSample after = CpuSample.take(nodes, ds, db.name());
        long deliveredDuring = delivered(nodes) - deliveredBefore;

        // checks
        long duplicates = count(ds, "SELECT COUNT(*) FROM (SELECT clock_id, percent FROM itsm_sla_event"
            + " WHERE event_type IN ('THRESHOLD', 'BREACH') GROUP BY clock_id, percent HAVING COUNT(*) > 1) d");
        recorded = count(ds, thresholds);
        long breaches = count(ds, "SELECT COUNT(*) FROM itsm_sla_event WHERE event_type = 'BREACH'");
        long warnedClocks = count(ds, "SELECT COUNT(DISTINCT e.clock_id) FROM itsm_sla_event e JOIN itsm_sla_clock c"
            + " ON c.id = e.clock_id WHERE e.event_type = 'THRESHOLD' AND e.percent = 75 AND c.kind = 'RESPONSE'");
        Map<String, Long> outboxAfter = outboxByType(ds);
        long outboxWritten = outboxAfter.values().stream().mapToLong(Long::longValue).sum() - outboxRowsBefore;
        long dead = count(ds, "SELECT COUNT(*) FROM itsm_outbox WHERE status = 'DEAD'");
        long dueLeft = countAt(ds, "SELECT COUNT(*) FROM act_ru_job WHERE handler_type_ = 'itsm-sla-threshold' AND duedate_ <= ?",
            drainClock);
        long slaJobsAfter = count(ds, "SELECT COUNT(*) FROM act_ru_job WHERE handler_type_ = 'itsm-sla-threshold'");
        long failures = failures(ds, logFrom, out);
        Map<String, Long> perNode = perNode(ds, logFrom);
        Drain drain = new Drain("ITSM", total, setupSeconds, fired, drained, duplicates, failures, outboxWritten,
            deliveredDuring, perNode, after.since(before));
        printDrain(out, drain);
        Map<String, Long> written = new TreeMap<>();
        outboxAfter.forEach((k, v) -> {
          long d = v - outboxBefore.getOrDefault(k, 0L);
          if (d != 0) {
            written.put(k, d);
          }
        });
        out.line("recorded        %d warnings (75 %% of a response clock: %d clocks), %d breaches; %d thresholds recorded twice",
            recorded, warnedClocks, breaches, duplicates);
        out.line("outbox          %d entries written during the drain %s; %d delivered by the nodes' listeners and senders;"
            + " %d dead", outboxWritten, written, deliveredDuring, dead);
        out.line("jobs after      %d SLA jobs (each warned clock re-armed at its breach, the resolution clocks' untouched);"
            + " %d still due", slaJobsAfter, dueLeft);
        check(problems, duplicates == 0, "drain " + run + " ITSM: " + duplicates + " thresholds recorded twice");
        check(problems, recorded == total && warnedClocks == total,
            "drain " + run + " ITSM: " + recorded + " warnings on " + warnedClocks + " clocks, expected " + total);
        check(problems, breaches == 0, "drain " + run + " ITSM: " + breaches + " breaches recorded (the drain ran past"
            + " the response breach; the figures include them)");
        check(problems, deliveredDuring == outboxWritten, "drain " + run + " ITSM: " + deliveredDuring + " deliveries for "
            + outboxWritten + " outbox entries written");
        check(problems, dead == 0 && dueLeft == 0 && slaJobsAfter == 2L * total,
            "drain " + run + " ITSM: dead entries " + dead + ", due jobs left " + dueLeft + ", SLA jobs " + slaJobsAfter);
        return drain;
      } finally {
        ClusterNodes.closeAll(nodes);
      }
    }
  }

  private static Drain drainBare(Options options, Tee out, List<String> problems, int run, String model, boolean dueDate)
      throws Exception {
    int total = options.timers();
    boolean ends = model.equals("end");
    String kind = (ends ? "bare" : "bare-rearm") + (dueDate ? "-due" : "");
    String mode = dueDate ? "bare-due" : "bare";
    String key = ends ? ClusterBenchNode.BARE_PROCESS : ClusterBenchNode.BARE_PROCESS_REARM;
    // the activity the instance reaches when its timer fired: the end event, or the second timer
    String next = ends ? "end" : "again";
    out.line("");
    out.line("## Part 2, drain %d: %s, %d instances of start -> timer catch event 'wait' (%s) -> %s%s", run, kind, total,
        ClusterBenchNode.BARE_TIMER, ends ? "end (the instance ends)"
            : "second timer 'again' (" + ClusterBenchNode.BARE_TIMER + ", armed when 'wait' fires) -> end",
        dueDate ? "; acquisition by due date over an index on it, as the ITSM engine acquires" : "; Operaton's acquisition");
    try (BenchDatabase db = database(options, "drain_bare")) {
      DataSource ds = db.dataSource();
      out.line("database        %s (fresh, dropped at the end)", db.name());
      long t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
      double setupSeconds = setup(options, out, db, mode, kind + "-r" + run, "fixed:" + t0, total,
          half -> "start " + key + " " + half + " " + options.setupThreads());
      String waiting = "SELECT COUNT(*) FROM act_ru_job j JOIN act_ru_jobdef d ON d.id_ = j.job_def_id_ WHERE d.act_id_ = 'wait'";
      Instant drainClock = Instant.ofEpochMilli(t0).plus(ClusterBenchNode.BARE_TIMER).plus(PAST_DUE);
      long jobs = count(ds, waiting);
      long due = countAt(ds, "SELECT COUNT(*) FROM act_ru_job WHERE duedate_ <= ?", drainClock);
      long otherJobs = count(ds, "SELECT COUNT(*) FROM act_ru_job") - jobs;
      out.line("setup check     %d timer jobs of 'wait', %d jobs due at the drain clock's start (started + %d min); %d other"
          + " jobs", jobs, due, ClusterBenchNode.BARE_TIMER.plus(PAST_DUE).toMinutes(), otherJobs);
      check(problems, jobs == total && due == total, "drain " + run + " " + kind + " setup: expected " + total
          + " due timer jobs, but got " + jobs + " jobs, " + due + " due");

      vacuumLine(options, out, ds);
      long offset = drainClock.toEpochMilli() - System.currentTimeMillis();
      List<Node> nodes = drainNodes(options, out, db, mode, kind + "-r" + run, offset);
      try {
        Timestamp logFrom = jobLogNow(ds);
        CpuSample before = CpuSample.take(nodes, ds, db.name());
        long start = System.nanoTime();
        startExecutors(nodes);
        long lastReport = start;
        long lastLeft = total;
        long left = total;
        while (true) {
          Thread.sleep(pollMillis(total - left, total));
          long now = System.nanoTime();
          left = count(ds, waiting);
          if (left == 0) {
            break;
          }
          if (now - lastReport >= TimeUnit.SECONDS.toNanos(30)) {
            out.line("  +%4.0f s       %d timers fired (%.0f/s in the last 30 s)", (now - start) / 1e9, total - left,
                (lastLeft - left) / ((now - lastReport) / 1e9));
            lastReport = now;
            lastLeft = left;
          }
          if (now - start > DRAIN_TIMEOUT.toNanos()) {
            throw new IllegalStateException("Expected the " + kind + " drain to end within " + DRAIN_TIMEOUT + ", but "
                + left + " timer jobs are left");
          }
        }
        double drained = (System.nanoTime() - start) / 1e9;
        CpuSample after = CpuSample.take(nodes, ds, db.name());
        long completed = count(ds, "SELECT COUNT(*) FROM act_hi_procinst WHERE end_time_ IS NOT NULL");
        long executions = count(ds, "SELECT COUNT(*) FROM act_ru_execution");
        long reached = count(ds, "SELECT COUNT(*) FROM act_hi_actinst WHERE act_id_ = '" + next + "'");
        long duplicates = count(ds, "SELECT COUNT(*) FROM (SELECT proc_inst_id_ FROM act_hi_actinst WHERE act_id_ = '"
            + next + "' GROUP BY proc_inst_id_ HAVING COUNT(*) > 1) d");
        long armed = count(ds, "SELECT COUNT(*) FROM act_ru_job j JOIN act_ru_jobdef d ON d.id_ = j.job_def_id_"
            + " WHERE d.act_id_ = 'again'");
        long dueLeft = countAt(ds, "SELECT COUNT(*) FROM act_ru_job WHERE duedate_ <= ?", drainClock);
        long failures = failures(ds, logFrom, out);
        Map<String, Long> perNode = perNode(ds, logFrom);
        Drain drain = new Drain(kind, total, setupSeconds, drained, drained, duplicates, failures, 0, 0, perNode,
            after.since(before));
        printDrain(out, drain);
        out.line("completed       %d instances reached '%s' (%d of them twice), %d instances ended, %d executions left,"
            + " %d timers 'again' armed, %d jobs still due", reached, next, duplicates, completed, executions, armed, dueLeft);
        check(problems, duplicates == 0, "drain " + run + " " + kind + ": " + duplicates + " instances reached '" + next
            + "' twice");
        boolean complete = ends ? completed == total && executions == 0 && reached == total
            : reached == total && armed == total && completed == 0 && dueLeft == 0;
        check(problems, complete, "drain " + run + " " + kind + ": " + reached + " instances reached '" + next + "', "
            + completed + " ended, " + executions + " executions and " + armed + " 'again' timers left, " + dueLeft
            + " jobs due");
        return drain;
      } finally {
        ClusterNodes.closeAll(nodes);
      }
    }
  }

  /**
   * Two setup nodes (job executors off, the given clock) create {@code total} incidents or instances,
   * half each, at once; the first node starts alone (it creates the schema). Returns the seconds the
   * creation took (engine starts excluded).
   */
  private static double setup(Options options, Tee out, BenchDatabase db, String mode, String label, String clock, int total,
                              java.util.function.IntFunction<String> command) throws Exception {
    List<Node> nodes = new ArrayList<>();
    try {
      for (String suffix : List.of("a", "b")) {
        nodes.add(Node.start(label + "-setup-" + suffix, options.heap(), options.nodeOpts(),
            nodeArgs(options, db, mode, false, clock), options.logDir()));
      }
      CpuSample before = CpuSample.take(nodes, db.dataSource(), db.name());
      long t = System.nanoTime();
      int first = (total + 1) / 2;
      nodes.get(0).sendAndForget(command.apply(first));
      nodes.get(1).sendAndForget(command.apply(total - first));
      for (Node node : nodes) {
        node.awaitAnswer(LONG);
      }
      double seconds = (System.nanoTime() - t) / 1e9;
      CpuDelta cpu = CpuSample.take(nodes, db.dataSource(), db.name()).since(before);
      out.line("setup           %d %s by two nodes (executors off, clock fixed at %s), %d threads each%s: %.1f s (%.0f/s)",
          total, mode.equals("itsm") ? "incidents opened through the API" : "process instances started",
          Instant.ofEpochMilli(Long.parseLong(clock.substring(6))), options.setupThreads(),
          mode.equals("itsm") ? ", " + options.setupBatch() + " a transaction" : "", seconds, total / seconds);
      out.line("setup cpu       JVMs %.2f ms, PostgreSQL %.2f ms (backends of this database %.2f ms) a %s; other processes"
              + " %.0f ms in all; cores busy (JVMs+PG) %.2f, machine %.2f", cpu.jvmMs() / (double) total,
          cpu.pgAllMs() / (double) total, cpu.pgBenchMs() / (double) total, mode.equals("itsm") ? "incident" : "instance",
          (double) cpu.otherMs(), cpu.cores(), cpu.machineMs() / 1000.0 / cpu.seconds());
      return seconds;
    } finally {
      ClusterNodes.closeAll(nodes);
    }
  }

  /** Two fresh nodes, executors off, clock = system clock + offset; the first starts alone. */
  private static List<Node> drainNodes(Options options, Tee out, BenchDatabase db, String mode, String label, long offset)
      throws Exception {
    List<Node> nodes = new ArrayList<>();
    try {
      long t = System.nanoTime();
      for (String suffix : List.of("a", "b")) {
        nodes.add(Node.start(label + "-drain-" + suffix, options.heap(), options.nodeOpts(),
            nodeArgs(options, db, mode, false, "offset:" + offset), options.logDir()));
      }
      out.line("drain nodes     %s and %s, clock = system + %s (now %s), pool %d; started in %.1f s", nodes.get(0).name(),
          nodes.get(1).name(), Duration.ofMillis(offset).truncatedTo(ChronoUnit.SECONDS),
          Instant.ofEpochMilli(nodes.get(1).readyClockMillis()).truncatedTo(ChronoUnit.SECONDS), options.pool(),
          (System.nanoTime() - t) / 1e9);
      out.line("job executor    %s", nodes.get(0).send("executor-settings", Duration.ofMinutes(1)));
      return nodes;
    } catch (Exception e) {
      ClusterNodes.closeAll(nodes);
      throw e;
    }
  }

  /**
   * How long to wait before counting again how far a drain is: 2 s (each count scans a table that
   * grows with the drain, on the database under test), 200 ms once 95 % are done; the end of a
   * drain is seen within 200 ms.
   */
  static long pollMillis(long done, long total) {
    return done >= total - Math.max(1, total / 20) ? 200 : 2000;
  }

  /** Starts the job executors of all nodes at the same moment: the commands go out before any answer is read. */
  private static void startExecutors(List<Node> nodes) throws InterruptedException {
    for (Node node : nodes) {
      node.sendAndForget("start-executor");
    }
    for (Node node : nodes) {
      node.awaitAnswer(Duration.ofMinutes(1));
    }
  }

  private static long delivered(List<Node> nodes) throws InterruptedException {
    long sum = 0;
    for (Node node : nodes) {
      sum += Long.parseLong(node.send("delivered", Duration.ofMinutes(1)).trim());
    }
    return sum;
  }

  private static void printDrain(Tee out, Drain d) {
    CpuDelta c = d.cpu();
    out.line("drained         %d due jobs in %.1f s (%.1f jobs/s)%s", d.jobs(), d.drainSeconds(), d.jobsPerSecond(),
        d.kind().equals("ITSM") ? String.format(Locale.ROOT, "; every warning recorded after %.1f s, the last delivery"
            + " %.1f s later", d.firedSeconds(), d.drainSeconds() - d.firedSeconds()) : "");
    out.line("per node        successful job executions %s; failed executions %d", d.perNode(), d.failures());
    out.line("cpu             JVMs %s = %.0f ms (%.2f ms/job), GC %s ms; PostgreSQL %.0f ms (%.2f ms/job; backends of this"
            + " database %.0f ms); other processes %.0f ms; cores busy (JVMs+PG) %.2f of %d, machine %.2f; load %s",
        new TreeMap<>(c.nodeMs()), (double) c.jvmMs(), c.jvmMs() / (double) d.jobs(), new TreeMap<>(c.gcMs()),
        (double) c.pgAllMs(), c.pgAllMs() / (double) d.jobs(), (double) c.pgBenchMs(), (double) c.otherMs(), c.cores(),
        Runtime.getRuntime().availableProcessors(), c.machineMs() / 1000.0 / c.seconds(), loadAverage());
  }

  private static void summariseDrains(Tee out, List<Drain> drains) {
    out.line("");
    out.line("## Part 2 summary: drain of %d due timer jobs by two nodes (ratio = ITSM drain time / this kind's, same run)",
        drains.get(0).jobs());
    out.line("%-4s %-14s %9s %9s %9s %9s %9s %6s %7s %6s %7s", "run", "kind", "setup s", "drain s", "jobs/s", "JVM ms/j",
        "PG ms/j", "dups", "failed", "cores", "ratio");
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    int run = 0;
    Drain itsm = null;
    for (Drain d : drains) {
      if (d.kind().equals("ITSM")) {
        itsm = d;
        run++;
      }
      String ratio = "";
      if (itsm != null && d != itsm) {
        double r = itsm.drainSeconds() / d.drainSeconds();
        ratios.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(r);
        ratio = String.format(Locale.ROOT, "%.2f", r);
      }
      out.line("%-4d %-14s %9.1f %9.1f %9.1f %9.2f %9.2f %6d %7d %6.2f %7s", run, d.kind(), d.setupSeconds(),
          d.drainSeconds(), d.jobsPerSecond(), d.cpu().jvmMs() / (double) d.jobs(), d.cpu().pgAllMs() / (double) d.jobs(),
          d.duplicates(), d.failures(), d.cpu().cores(), ratio);
    }
    ratios.forEach((kind, values) -> {
      Summary ratio = Summary.of(values);
      out.line("goal            ITSM drain <= %.1f x %s: %s (median ratio %.2f)%s", GOAL_DRAIN, kind,
          ratio.median() <= GOAL_DRAIN ? "met" : "MISSED", ratio.median(),
          (kind.startsWith("bare-rearm") ? " (like for like: the bare job re-arms a timer and the instance goes on)" : "")
              + (kind.endsWith("-due") ? " (bare nodes acquiring as the ITSM engine does)" : ""));
    });
  }

  // ---------------------------------------------------------------------------------------------
  // SQL helpers

  /**
   * {@code VACUUM (ANALYZE)} of the whole benchmark database; returns the seconds it took. The
   * machine's server may run with autovacuum off: without it, tables churned by the engine (jobs,
   * tasks, executions, outbox) keep their dead rows and have no statistics, and later runs pay more.
   */
  static double vacuum(DataSource ds) throws SQLException {
    long t = System.nanoTime();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("VACUUM (ANALYZE)");
    }
    return (System.nanoTime() - t) / 1e9;
  }

  /** The server settings that bear on the figures. */
  static String serverSettings(DataSource ds) throws SQLException {
    List<String> settings = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT name, setting, unit FROM pg_settings WHERE name IN ('autovacuum', 'synchronous_commit', 'fsync',"
            + " 'shared_buffers', 'max_connections', 'wal_level') ORDER BY name")) {
      while (rs.next()) {
        String unit = rs.getString(3);
        settings.add(rs.getString(1) + "=" + rs.getString(2) + (unit == null ? "" : " x " + unit));
      }
    }
    return String.join(", ", settings);
  }

  private static void vacuumLine(Options options, Tee out, DataSource ds) throws SQLException {
    if (options.vacuum()) {
      out.line("vacuum          VACUUM (ANALYZE) of the database after the setup: %.1f s (not timed)", vacuum(ds));
    }
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long countAt(DataSource ds, String sql, Instant at) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
      p.setTimestamp(1, Timestamp.from(at));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Map<String, Long> outboxByType(DataSource ds) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT kind, type, COUNT(*) FROM itsm_outbox GROUP BY kind, type")) {
      while (rs.next()) {
        out.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
      }
    }
    return out;
  }

  /** The newest job log timestamp (the nodes' clock), so that entries of the drain can be told apart. */
  private static Timestamp jobLogNow(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT MAX(timestamp_) FROM act_hi_job_log")) {
      rs.next();
      Timestamp t = rs.getTimestamp(1);
      return t == null ? new Timestamp(0) : t;
    }
  }

  /** Failed job executions logged after {@code from}; prints the most frequent messages. */
  private static long failures(DataSource ds, Timestamp from, Tee out) throws SQLException {
    long total = 0;
    try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
        "SELECT LEFT(job_exception_msg_, 160), COUNT(*) FROM act_hi_job_log WHERE job_exception_msg_ IS NOT NULL"
            + " AND timestamp_ > ? GROUP BY 1 ORDER BY 2 DESC")) {
      p.setTimestamp(1, from);
      try (ResultSet rs = p.executeQuery()) {
        int shown = 0;
        while (rs.next()) {
          total += rs.getLong(2);
          if (shown++ < 5) {
            out.line("failed job      %d x %s", rs.getLong(2), rs.getString(1));
          }
        }
      }
    }
    return total;
  }

  private static Map<String, Long> perNode(DataSource ds, Timestamp from) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
        "SELECT hostname_, COUNT(*) FROM act_hi_job_log WHERE job_state_ = 2 AND timestamp_ > ? GROUP BY hostname_")) {
      p.setTimestamp(1, from);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  private static void check(List<String> problems, boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", load);
  }
}
