package dev.itsm.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.examples.bench.LifecyclePath.StepProbe;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.operaton.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.operaton.bpm.engine.impl.jobexecutor.JobExecutor;
import org.operaton.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.operaton.bpm.engine.impl.util.ClockUtil;
import org.operaton.bpm.model.bpmn.Bpmn;
import org.operaton.bpm.model.bpmn.BpmnModelInstance;
import org.slf4j.LoggerFactory;

/**
 * One node of {@link ClusterBenchmark}, in a JVM of its own: an ITSM engine ({@code mode=itsm}) or a
 * bare Operaton engine ({@code mode=bare}) on the shared PostgreSQL database, driven by commands on
 * standard input, one a line. Every command is answered with one line on standard output starting
 * with {@code @@ } ({@code @@ OK ...} or {@code @@ ERR ...}); {@code @@ READY ...} once the engine
 * runs. Everything else the node prints (logging) goes to standard error.
 *
 * <p>Arguments, {@code key=value}: {@code mode} ({@code itsm}|{@code bare}), {@code url},
 * {@code user}, {@code password}, {@code name}, {@code pool} (JDBC connections, default 20),
 * {@code history} (default {@code full}), {@code executor} ({@code true} starts the job executor with
 * the engine), {@code clock} ({@code system}, {@code fixed:<epoch ms>} or {@code offset:<ms>}, added
 * to the system clock), {@code acquisition} (bare: {@code default}, Operaton's, or {@code due-date}, the
 * ITSM engine's: by due date over an index on it).
 *
 * <p>Commands: {@code cpu}, {@code gc}, {@code lifecycles <count> <threads> <first index>} (ITSM),
 * {@code open <count> <threads> <per transaction>} (ITSM), {@code start <process key> <count> <threads>} (bare),
 * {@code start-executor}, {@code delivered} (ITSM), {@code executor-settings}, {@code quit}.
 */
public final class ClusterBenchNode {
  /** The bare timer process ({@code model=end}): start, a timer catch event {@code wait} of one hour, end. */
  static final String BARE_PROCESS = "bench-bare-timer";
  /**
   * The re-arming variant ({@code model=rearm}): start, timer {@code wait}, a second timer
   * {@code again} of one hour, end; firing {@code wait} arms {@code again}, as an SLA warning arms
   * the breach, and the instance does not end.
   */
  static final String BARE_PROCESS_REARM = "bench-bare-timer-rearm";
  static final Duration BARE_TIMER = Duration.ofHours(1);
  private static final Actor CALLER = Actor.caller("bob");

  private final PrintStream protocol;
  private final String mode;
  private final String name;
  private ItsmLifecyclePath itsm;
  private ProcessEngine bare;
  private HikariDataSource barePool;

  private ClusterBenchNode(PrintStream protocol, String mode, String name) {
    this.protocol = protocol;
    this.mode = mode;
    this.name = name;
  }

  public static void main(String[] args) throws Exception {
    // standard output carries the answers only; logging goes to standard error
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
      context.getLogger("dev.itsm").setLevel(ch.qos.logback.classic.Level.WARN);
    }
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("Expected key=value arguments, but got '" + arg + "'");
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    ClusterBenchNode node = new ClusterBenchNode(protocol, options.getOrDefault("mode", "itsm"), options.get("name"));
    try {
      node.start(options);
    } catch (RuntimeException e) {
      e.printStackTrace();
      node.reply("ERR start failed: " + oneLine(e));
      System.exit(2);
    }
    node.reply("READY " + node.clockMillis());
    node.serve();
  }

  private void start(Map<String, String> options) {
    String url = options.get("url");
    String user = options.getOrDefault("user", "postgres");
    String password = options.getOrDefault("password", "");
    int pool = Integer.parseInt(options.getOrDefault("pool", "20"));
    String history = options.getOrDefault("history", "full");
    boolean executor = Boolean.parseBoolean(options.getOrDefault("executor", "false"));
    String clock = options.getOrDefault("clock", "system");
    if (mode.equals("itsm")) {
      var builder = ItsmEngine.builder()
          .jdbcUrl(url, user, password.isEmpty() ? null : password)
          .jdbcPoolSize(pool)
          .engineName(name)
          .historyLevel(history)
          .jobExecutor(false);
      if (!clock.equals("system")) {
        builder.clock(javaClock(clock));
      }
      itsm = new ItsmLifecyclePath(builder);
      // the job log names the node that ran each job (the engine's host name is the machine's for both nodes)
      configuration().setHostname(name);
      if (executor) {
        configuration().getJobExecutor().start();
      }
    } else if (mode.equals("bare")) {
      operatonClock(clock);
      HikariConfig hikari = new HikariConfig();
      hikari.setPoolName(name);
      hikari.setDriverClassName("org.postgresql.Driver");
      hikari.setJdbcUrl(url);
      hikari.setUsername(user);
      hikari.setPassword(password);
      hikari.setMaximumPoolSize(pool);
      hikari.setAutoCommit(true);
      barePool = new HikariDataSource(hikari);
      // configured as the ITSM engine configures its own (Bootstrap): same history level, id
      // generator, Operaton's default job executor started after the engine, metrics off
      StandaloneProcessEngineConfiguration cfg = new StandaloneProcessEngineConfiguration();
      cfg.setProcessEngineName(name);
      cfg.setDataSource(barePool);
      cfg.setDatabaseSchemaUpdate("true");
      cfg.setHistory(history);
      cfg.setIdGenerator(new StrongUuidGenerator());
      cfg.setJobExecutorActivate(false);
      cfg.setMetricsEnabled(false);
      cfg.setTaskMetricsEnabled(false);
      cfg.setEnableCmdExceptionLogging(false);
      cfg.setHostname(name);
      boolean dueDate = options.getOrDefault("acquisition", "default").equals("due-date");
      if (dueDate) {
        // the ITSM engine's acquisition: by due date, due dates never null, an index on the due date
        dev.itsm.internal.engine.JobAcquisition.configure(cfg);
      }
      bare = cfg.buildProcessEngine();
      if (dueDate) {
        dev.itsm.internal.engine.JobAcquisition.prepare(cfg, dev.itsm.internal.persistence.Dialect.detect(barePool));
      }
      BpmnModelInstance model = Bpmn.createExecutableProcess(BARE_PROCESS)
          .startEvent("start")
          .intermediateCatchEvent("wait").timerWithDuration(BARE_TIMER.toString())
          .endEvent("end")
          .done();
      BpmnModelInstance rearm = Bpmn.createExecutableProcess(BARE_PROCESS_REARM)
          .startEvent("start")
          .intermediateCatchEvent("wait").timerWithDuration(BARE_TIMER.toString())
          .intermediateCatchEvent("again").timerWithDuration(BARE_TIMER.toString())
          .endEvent("end")
          .done();
      bare.getRepositoryService().createDeployment().name("bench-bare-timer").enableDuplicateFiltering(true)
          .addModelInstance(BARE_PROCESS + ".bpmn", model)
          .addModelInstance(BARE_PROCESS_REARM + ".bpmn", rearm).deploy();
      if (executor) {
        configuration().getJobExecutor().start();
      }
    } else {
      throw new IllegalArgumentException("Expected mode itsm or bare, but got '" + mode + "'");
    }
  }

  /** The ITSM engine's clock: fixed, or the system clock plus an offset. */
  private static Clock javaClock(String spec) {
    if (spec.startsWith("fixed:")) {
      return Clock.fixed(Instant.ofEpochMilli(Long.parseLong(spec.substring(6))), ZoneOffset.UTC);
    }
    if (spec.startsWith("offset:")) {
      return Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(spec.substring(7))));
    }
    throw new IllegalArgumentException("Expected clock system, fixed:<ms> or offset:<ms>, but got '" + spec + "'");
  }

  /** Operaton's JVM-wide clock (the bare engine): fixed, or the system clock plus an offset (moving). */
  private static void operatonClock(String spec) {
    if (spec.equals("system")) {
      ClockUtil.reset();
    } else if (spec.startsWith("fixed:")) {
      ClockUtil.setCurrentTime(new Date(Long.parseLong(spec.substring(6))));
    } else if (spec.startsWith("offset:")) {
      ClockUtil.offset(Long.parseLong(spec.substring(7)));
    } else {
      throw new IllegalArgumentException("Expected clock system, fixed:<ms> or offset:<ms>, but got '" + spec + "'");
    }
  }

  private long clockMillis() {
    return itsm != null ? itsm.engine().clock().millis() : ClockUtil.now().getTime();
  }

  private ProcessEngineConfigurationImpl configuration() {
    ProcessEngine engine = itsm != null ? itsm.processEngine() : bare;
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  private void serve() throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.trim().split(" ");
      try {
        switch (cmd[0]) {
          case "quit" -> {
            close();
            reply("OK");
            System.exit(0);
          }
          case "cpu" -> reply("OK " + processCpuNanos() + " " + gcMillis());
          case "gc" -> {
            System.gc();
            reply("OK");
          }
          case "start-executor" -> {
            long at = clockMillis();
            configuration().getJobExecutor().start();
            reply("OK " + at);
          }
          case "executor-settings" -> reply("OK " + executorSettings(configuration()));
          case "delivered" -> reply("OK " + itsm().delivered());
          case "lifecycles" -> reply("OK " + lifecycles(Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2]),
              Integer.parseInt(cmd[3])));
          case "open" -> reply("OK " + open(Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2]), Integer.parseInt(cmd[3])));
          case "start" -> reply("OK " + startInstances(cmd[1], Integer.parseInt(cmd[2]), Integer.parseInt(cmd[3])));
          default -> reply("ERR unknown command " + cmd[0]);
        }
      } catch (Exception e) {
        e.printStackTrace();
        reply("ERR " + oneLine(e));
      }
    }
    close();
  }

  private ItsmLifecyclePath itsm() {
    if (itsm == null) {
      throw new IllegalStateException("Expected an ITSM node, but this node is " + mode);
    }
    return itsm;
  }

  /**
   * {@code count} complete lifecycles (open, assign, acknowledge, resolve, close), spread over
   * {@code threads} threads, then waits until their outbox entries are delivered. Answers the
   * milliseconds it took and the lifecycles that failed.
   */
  private String lifecycles(int count, int threads, int first) throws Exception {
    ItsmLifecyclePath path = itsm();
    AtomicInteger next = new AtomicInteger();
    AtomicLong failed = new AtomicLong();
    long t0 = System.nanoTime();
    parallel(threads, () -> {
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        try {
          path.lifecycle(first + i, StepProbe.NONE);
        } catch (RuntimeException e) {
          if (failed.incrementAndGet() <= 5) {
            e.printStackTrace();
          }
        }
      }
    });
    path.drain();
    return ((System.nanoTime() - t0) / 1_000_000) + " " + failed.get();
  }

  /**
   * Opens {@code count} incidents of the default impact and urgency (priority P3), in units of
   * {@code perTx} incidents a transaction, over {@code threads} threads, then waits for their
   * deliveries. Answers the milliseconds it took.
   */
  private String open(int count, int threads, int perTx) throws Exception {
    ItsmEngine engine = itsm().engine();
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    parallel(threads, () -> {
      while (true) {
        int from = next.getAndAdd(perTx);
        if (from >= count) {
          return;
        }
        int to = Math.min(count, from + perTx);
        engine.inTransaction(() -> {
          for (int i = from; i < to; i++) {
            engine.incidents().open(CALLER, NewIncident.builder("Printer offline " + name + "-" + i).category("network")
                .build());
          }
        });
      }
    });
    itsm().drain();
    return String.valueOf((System.nanoTime() - t0) / 1_000_000);
  }

  /** Starts {@code count} instances of the bare timer process {@code key} over {@code threads} threads. */
  private String startInstances(String key, int count, int threads) throws Exception {
    if (bare == null) {
      throw new IllegalStateException("Expected a bare node, but this node is " + mode);
    }
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    parallel(threads, () -> {
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        bare.getRuntimeService().startProcessInstanceByKey(key, name + "-" + i);
      }
    });
    return String.valueOf((System.nanoTime() - t0) / 1_000_000);
  }

  private static void parallel(int threads, Runnable work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(work));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  static String executorSettings(ProcessEngineConfigurationImpl cfg) {
    JobExecutor executor = cfg.getJobExecutor();
    StringBuilder text = new StringBuilder(executor.getClass().getSimpleName());
    if (executor instanceof DefaultJobExecutor pool) {
      text.append(String.format(Locale.ROOT, " threads=%d..%d queue=%d", pool.getCorePoolSize(), pool.getMaxPoolSize(),
          pool.getQueueSize()));
    }
    text.append(String.format(Locale.ROOT, " maxJobsPerAcquisition=%d waitTimeMs=%d maxWaitMs=%d lockTimeMs=%d backoffMs=%d"
            + " acquireByDueDate=%s ensureJobDueDateNotNull=%s",
        executor.getMaxJobsPerAcquisition(), executor.getWaitTimeInMillis(), executor.getMaxWait(),
        executor.getLockTimeInMillis(), executor.getBackoffTimeInMillis(), cfg.isJobExecutorAcquireByDueDate(),
        cfg.isEnsureJobDueDateNotNull()));
    return text.toString();
  }

  private void close() {
    try {
      if (itsm != null) {
        itsm.close();
      }
      if (bare != null) {
        bare.close();
        barePool.close();
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }

  private void reply(String text) {
    synchronized (protocol) {
      protocol.println("@@ " + text);
      protocol.flush();
    }
  }

  private static String oneLine(Throwable e) {
    return e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
  }

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }
}
