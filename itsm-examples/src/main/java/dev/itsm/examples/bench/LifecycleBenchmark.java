package dev.itsm.examples.bench;

import dev.itsm.examples.bench.LifecyclePath.Completion;
import dev.itsm.examples.bench.LifecyclePath.StepProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.util.ProductPropertiesUtil;
import org.operaton.bpm.engine.runtime.Job;
import org.operaton.bpm.engine.task.Task;
import org.slf4j.LoggerFactory;

/**
 * Incident lifecycle throughput of the ITSM engine against bare Operaton doing the same process
 * work, in one JVM; see {@code docs/benchmarks.md}.
 *
 * <pre>
 * mvn -q -pl itsm-examples -am compile exec:java -Dexec.mainClass=dev.itsm.examples.bench.LifecycleBenchmark \
 *     -Dexec.args="--db h2 --n 2000 --runs 3"
 * </pre>
 *
 * Each path runs on its own fresh database of the chosen kind. After a shape check (one lifecycle
 * per path: the same tasks wait and the same timers are armed after every step) and a warm-up of
 * both paths, measured runs alternate ITSM, bare, ITSM, bare, ...; each run is {@code n} complete
 * lifecycles, and for the ITSM path it ends when every outbox entry of the run was delivered.
 */
public final class LifecycleBenchmark {
  /** The ITSM path should reach at least this share of the bare path's throughput. */
  static final double GOAL = 0.8;
  private static final List<String> STEPS = List.of("open", "assign", "acknowledge", "resolve", "close");

  private LifecycleBenchmark() {}

  public static void main(String[] args) throws IOException {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      throw e;
    }
    run(options, System.out);
  }

  /**
   * One measured run of both paths.
   *
   * @param itsm      lifecycles per second through the ITSM API
   * @param bare      lifecycles per second on bare Operaton
   * @param itsmCpuMs JVM CPU time (all threads: driver, delivery, JIT, GC) per ITSM lifecycle, in ms
   * @param bareCpuMs the same for the bare path
   */
  record Run(double itsm, double bare, double itsmCpuMs, double bareCpuMs) {
    double ratio() {
      return itsm / bare;
    }

    /** Share of the bare path's JVM CPU time per lifecycle that the ITSM path needs, inverted (1 = equal). */
    double cpuRatio() {
      return bareCpuMs / itsmCpuMs;
    }
  }

  /**
   * What a benchmark invocation measured and checked.
   *
   * @param runs       the measured runs in order
   * @param lifecycles lifecycles each path ran in all (shape check, warm-up, runs, statement count)
   * @param itsm       completion counts of the ITSM path
   * @param bare       completion counts of the bare path
   * @param shapes     per path: for each step, the task waiting and the timers armed after it
   */
  record Result(List<Run> runs, long lifecycles, Completion itsm, Completion bare, Map<String, List<String>> shapes) {}

  /** Runs the benchmark, printing to {@code console} and to {@code options.out()}. */
  static Result run(BenchOptions options, PrintStream console) throws IOException {
    quietLogging();
    Tee out = new Tee(console);
    try {
      return run(options, out);
    } finally {
      out.writeTo(options.out());
      console.println("Raw output written to " + options.out().toAbsolutePath());
    }
  }

  private static Result run(BenchOptions options, Tee out) {
    SqlCounter itsmSql = options.sqlStats() ? new SqlCounter() : null;
    SqlCounter bareSql = options.sqlStats() ? new SqlCounter() : null;
    out.line("# Incident lifecycle benchmark: ITSM API vs bare Operaton");
    out.line("date            %s", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS));
    out.line("jdk             %s %s (%s)", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"));
    out.line("os              %s %s %s, %d cores, max heap %d MiB", System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    out.line("jvm args        %s", ManagementFactory.getRuntimeMXBean().getInputArguments());
    out.line("load average    %s (1 min, at start; other processes on the machine compete for the CPU)", loadAverage());
    out.line("operaton        %s", ProductPropertiesUtil.getProductVersion());
    out.line("source          %s", SourceVersion.describe());
    out.line("settings        db=%s n=%d warmup=%d runs=%d history=%s pool=%d idGenerator=StrongUuidGenerator jobExecutor=off%s",
        options.db(), options.n(), options.warmup(), options.runs(), options.history(), options.poolSize(),
        options.sqlStats() ? " sql-stats=on (counting JDBC proxy installed: timings are diagnostic only)" : "");

    long start = System.nanoTime();
    try (BenchDatabase itsmDb = BenchDatabase.create(options, "itsm", itsmSql);
         BenchDatabase bareDb = BenchDatabase.create(options, "bare", bareSql)) {
      out.line("database        %s", itsmDb.productVersion());
      out.line("databases       ITSM: %s, bare: %s (fresh, %s)", itsmDb.name(), bareDb.name(),
          options.db().equals("h2") ? "in-memory" : "dropped at the end");
      long t0 = System.nanoTime();
      try (LifecyclePath itsm = new ItsmLifecyclePath(itsmDb, options.history())) {
        long t1 = System.nanoTime();
        try (LifecyclePath bare = new BareLifecyclePath(bareDb, options.history())) {
          long t2 = System.nanoTime();
          out.line("engine start    ITSM %d ms, bare %d ms (schema creation and deployment included)",
              TimeUnit.NANOSECONDS.toMillis(t1 - t0), TimeUnit.NANOSECONDS.toMillis(t2 - t1));
          Result result = measure(options, out, itsm, bare, itsmSql, bareSql);
          out.line("");
          out.line("total time      %d s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
          return result;
        }
      }
    }
  }

  private static Result measure(BenchOptions options, Tee out, LifecyclePath itsm, LifecyclePath bare,
                                SqlCounter itsmSql, SqlCounter bareSql) {
    int[] next = {0, 0};

    // 1. shape: the same tasks and the same timers after every step
    out.line("");
    out.line("## Shape check: one lifecycle per path; the task waiting and the timers armed after each step");
    Map<String, List<String>> shapes = new LinkedHashMap<>();
    shapes.put(itsm.name(), shape(itsm, next[0]++));
    shapes.put(bare.name(), shape(bare, next[1]++));
    for (int s = 0; s < STEPS.size(); s++) {
      String a = shapes.get(itsm.name()).get(s);
      String b = shapes.get(bare.name()).get(s);
      out.line("after %-12s %s%s", STEPS.get(s), a, a.equals(b) ? "  (both)" : "\n    but bare: " + b);
    }
    if (!shapes.get(itsm.name()).equals(shapes.get(bare.name()))) {
      throw new IllegalStateException("Expected both paths to wait in the same tasks with the same timers armed after "
          + "every step, but they differ: " + shapes);
    }
    Completion itsmOne = itsm.completion();
    Completion bareOne = bare.completion();
    out.line("decisions       ITSM %d per lifecycle (priority + routing), bare %d per lifecycle (priority)%s",
        itsmOne.decisions(), bareOne.decisions(), options.history().equals("full") ? "" : " (recorded at history full only)");

    // 2. warm-up of both
    out.line("");
    out.line("## Warm-up: %d lifecycles per path", options.warmup());
    for (LifecyclePath path : List.of(itsm, bare)) {
      int index = path == itsm ? 0 : 1;
      long t = System.nanoTime();
      for (int i = 0; i < options.warmup(); i++) {
        path.lifecycle(next[index]++, StepProbe.NONE);
      }
      path.drain();
      double seconds = (System.nanoTime() - t) / 1e9;
      out.line("warm-up %-6s %.1f s (%.1f lifecycles/s)", path.name(), seconds,
          options.warmup() == 0 ? 0.0 : options.warmup() / seconds);
    }

    // 3. measured runs, alternating
    out.line("");
    out.line("## Runs: %d lifecycles per run and path, alternating ITSM, bare", options.n());
    out.line("lc/s = lifecycles per second (wall clock); cpu = JVM CPU ms per lifecycle, all threads; load = 1-min load average");
    out.line("%-4s %10s %10s %7s | %7s %8s %7s | %7s %8s %7s | %5s", "run", "ITSM lc/s", "bare lc/s", "ratio",
        "ITSM s", "cpu", "gc ms", "bare s", "cpu", "gc ms", "load");
    List<Run> runs = new ArrayList<>();
    for (int r = 1; r <= options.runs(); r++) {
      Timed a = timedRun(itsm, options.n(), next, 0);
      Timed b = timedRun(bare, options.n(), next, 1);
      Run run = new Run(a.rate(), b.rate(), a.cpuMsPerLifecycle(), b.cpuMsPerLifecycle());
      runs.add(run);
      out.line("%-4d %10.1f %10.1f %7.3f | %7.1f %8.1f %7d | %7.1f %8.1f %7d | %5s", r, run.itsm(), run.bare(), run.ratio(),
          a.seconds(), a.cpuMsPerLifecycle(), a.gcMillis(), b.seconds(), b.cpuMsPerLifecycle(), b.gcMillis(), loadAverage());
    }
    Summary i = Summary.of(runs.stream().map(Run::itsm).toList());
    Summary b = Summary.of(runs.stream().map(Run::bare).toList());
    Summary ratio = Summary.of(runs.stream().map(Run::ratio).toList());
    Summary iCpu = Summary.of(runs.stream().map(Run::itsmCpuMs).toList());
    Summary bCpu = Summary.of(runs.stream().map(Run::bareCpuMs).toList());
    Summary cpuRatio = Summary.of(runs.stream().map(Run::cpuRatio).toList());
    out.line("");
    out.line("## Summary over %d runs (ratio = ITSM / bare of the same run)", runs.size());
    out.line("%-22s %10s %10s %10s", "", "min", "median", "max");
    out.line("%-22s %10.1f %10.1f %10.1f", "ITSM lifecycles/s", i.min(), i.median(), i.max());
    out.line("%-22s %10.1f %10.1f %10.1f", "bare lifecycles/s", b.min(), b.median(), b.max());
    out.line("%-22s %10.3f %10.3f %10.3f", "ratio", ratio.min(), ratio.median(), ratio.max());
    out.line("%-22s %10.2f %10.2f %10.2f", "ITSM JVM cpu ms/lc", iCpu.min(), iCpu.median(), iCpu.max());
    out.line("%-22s %10.2f %10.2f %10.2f", "bare JVM cpu ms/lc", bCpu.min(), bCpu.median(), bCpu.max());
    out.line("%-22s %10.3f %10.3f %10.3f", "cpu ratio (bare/ITSM)", cpuRatio.min(), cpuRatio.median(), cpuRatio.max());
    out.line("goal            ITSM >= %.2f x bare: %s (median ratio %.3f)", GOAL,
        ratio.median() >= GOAL ? "met" : "MISSED", ratio.median());

    // 4. statement counts (diagnostic)
    if (itsmSql != null) {
      sqlStats(options, out, itsm, bare, itsmSql, bareSql, next);
    }

    // 5. every lifecycle completed
    long expected = next[0];
    if (next[1] != expected) {
      throw new IllegalStateException("Expected both paths to run the same number of lifecycles, but ITSM ran " + next[0]
          + " and bare " + next[1]);
    }
    Completion itsmDone = itsm.completion();
    Completion bareDone = bare.completion();
    out.line("");
    out.line("## Completion: %d lifecycles per path", expected);
    out.line("ITSM            %s", itsmDone);
    out.line("bare            %s", bareDone);
    boolean history = !options.history().equals("none");
    List<String> problems = new ArrayList<>();
    if (itsmDone.runningInstances() != 0 || bareDone.runningInstances() != 0) {
      problems.add("process instances still running");
    }
    if (history && (itsmDone.completedInstances() != expected || bareDone.completedInstances() != expected)) {
      problems.add("completed process instances differ from lifecycles run");
    }
    if (itsmDone.closedTickets() != expected) {
      problems.add("closed incidents differ from lifecycles run");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Expected every lifecycle to complete, but: " + String.join(", ", problems));
    }
    out.line("check           every lifecycle completed on both paths");
    return new Result(List.copyOf(runs), expected, itsmDone, bareDone, shapes);
  }

  private record Timed(double seconds, double rate, double cpuMsPerLifecycle, long gcMillis) {}

  private static Timed timedRun(LifecyclePath path, int n, int[] next, int index) {
    System.gc();
    long gcBefore = gcMillis();
    long cpuBefore = processCpuNanos();
    long t = System.nanoTime();
    for (int k = 0; k < n; k++) {
      path.lifecycle(next[index]++, StepProbe.NONE);
    }
    path.drain();
    double seconds = (System.nanoTime() - t) / 1e9;
    double cpuMs = (processCpuNanos() - cpuBefore) / 1e6 / n;
    return new Timed(seconds, n / seconds, cpuMs, gcMillis() - gcBefore);
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** The 1-minute load average, to see when other processes competed for the CPU. */
  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f", load);
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** {@code sla_response} for the response clock's timer job: the name the bare model gives its timer. */
  private static String slaClock(ProcessEngine engine, Job job) {
    String clockId = ((org.operaton.bpm.engine.impl.persistence.entity.JobEntity) job).getJobHandlerConfigurationRaw()
        .split("\\|")[1];
    var dataSource = ((org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getDataSource();
    try (var c = dataSource.getConnection(); var p = c.prepareStatement("SELECT kind FROM itsm_sla_clock WHERE id = ?")) {
      p.setObject(1, java.util.UUID.fromString(clockId));
      try (var rs = p.executeQuery()) {
        return rs.next() ? "sla_" + rs.getString(1).toLowerCase() : "?";
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs one lifecycle and describes, after each step, the task waiting and the timers armed. */
  private static List<String> shape(LifecyclePath path, int i) {
    ProcessEngine engine = path.processEngine();
    List<String> shape = new ArrayList<>();
    path.lifecycle(i, (step, pid) -> {
      TreeSet<String> tasks = new TreeSet<>();
      for (Task task : engine.getTaskService().createTaskQuery().processInstanceId(pid).list()) {
        tasks.add(task.getTaskDefinitionKey());
      }
      TreeSet<String> timers = new TreeSet<>();
      for (Job job : engine.getManagementService().createJobQuery().processInstanceId(pid).timers().list()) {
        if (job.getJobDefinitionId() == null) {
          timers.add(slaClock(engine, job));   // an SLA clock's threshold timer
          continue;
        }
        var definition = engine.getManagementService().createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId())
            .singleResult();
        timers.add(definition == null ? "?" : definition.getActivityId());
      }
      shape.add("waits in " + tasks + ", timers " + timers);
    });
    return shape;
  }

  private static void sqlStats(BenchOptions options, Tee out, LifecyclePath itsm, LifecyclePath bare, SqlCounter itsmSql,
                               SqlCounter bareSql, int[] next) {
    int n = options.sqlStatsN();
    Map<String, Map<String, Long>> perStep = new LinkedHashMap<>();
    Map<String, Long> itsmTotal = count(itsm, itsmSql, n, next, 0, perStep);
    Map<String, Long> bareTotal = count(bare, bareSql, n, next, 1, perStep);
    out.line("");
    out.line("## JDBC statements per lifecycle (%d lifecycles per path; ITSM includes the delivery thread)", n);
    out.line("%-14s %10s %10s", "step", "ITSM", "bare");
    for (String step : STEPS) {
      out.line("%-14s %10.1f %10.1f", step, perStep.get(itsm.name()).getOrDefault(step, 0L) / (double) n,
          perStep.get(bare.name()).getOrDefault(step, 0L) / (double) n);
    }
    out.line("");
    out.line("%-40s %10s %10s %10s", "statement (by ITSM - bare, then ITSM)", "ITSM", "bare", "ITSM-bare");
    TreeSet<String> keys = new TreeSet<>(itsmTotal.keySet());
    keys.addAll(bareTotal.keySet());
    keys.stream()
        .sorted(java.util.Comparator.<String>comparingLong(k -> itsmTotal.getOrDefault(k, 0L) - bareTotal.getOrDefault(k, 0L))
            .thenComparingLong(k -> itsmTotal.getOrDefault(k, 0L)).reversed())
        .forEach(key -> {
          double a = itsmTotal.getOrDefault(key, 0L) / (double) n;
          double b = bareTotal.getOrDefault(key, 0L) / (double) n;
          out.line("%-40s %10.2f %10.2f %+10.2f", key, a, b, a - b);
        });
  }

  private static Map<String, Long> count(LifecyclePath path, SqlCounter counter, int n, int[] next, int index,
                                         Map<String, Map<String, Long>> perStep) {
    path.drain();
    counter.reset();
    counter.counting(true);
    Map<String, Long> steps = new LinkedHashMap<>();
    long[] last = {0};
    for (int k = 0; k < n; k++) {
      path.lifecycle(next[index]++, (step, pid) -> {
        path.drain();
        long now = counter.snapshot().getOrDefault(SqlCounter.STATEMENTS, 0L);
        steps.merge(step, now - last[0], Long::sum);
        last[0] = now;
      });
    }
    path.drain();
    counter.counting(false);
    perStep.put(path.name(), steps);
    return counter.snapshot();
  }

  /** Logback's default prints every DEBUG line; the engines' INFO and DEBUG logging would dominate the timings. */
  private static void quietLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }
}
