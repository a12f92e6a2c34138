package dev.itsm.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What {@link ClusterBenchmark} needs around its node JVMs: starting a {@link ClusterBenchNode} and
 * talking to it ({@link Node}), and the CPU time of the database server and of the machine from
 * {@code /proc} ({@link CpuSample}).
 */
final class ClusterNodes {
  private ClusterNodes() {}

  /**
   * A {@link ClusterBenchNode} in a JVM of its own, started with this JVM's class path. Its standard
   * error (the engine's logging) goes to a log file; its standard output carries the answers.
   */
  static final class Node implements AutoCloseable {
    private final String name;
    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path log;
    private final long readyClockMillis;

    private Node(String name, Process process, Path log) throws InterruptedException {
      this.name = name;
      this.process = process;
      this.log = log;
      this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader = new Thread(this::readOutput, "node-output-" + name);
      reader.setDaemon(true);
      reader.start();
      String ready = await("READY", Duration.ofMinutes(5));
      this.readyClockMillis = Long.parseLong(ready.substring("READY ".length()).trim());
    }

    /**
     * Starts a node and waits until its engine runs.
     *
     * @param args the node's {@code key=value} arguments ({@code name=} is added)
     */
    static Node start(String name, String heap, List<String> jvmOptions, Map<String, String> args, Path logDir)
        throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx" + heap);
      for (String option : jvmOptions) {
        command.add(option.replace("{name}", name));
      }
      int cp = command.size();
      command.addAll(List.of("-cp", classPath(), ClusterBenchNode.class.getName(), "name=" + name));
      args.forEach((k, v) -> command.add(k + "=" + v));
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      Files.writeString(log, "# " + String.join(" ", command.subList(0, cp)) + " -cp <class path> "
          + String.join(" ", command.subList(cp + 2, command.size())) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Process process = new ProcessBuilder(command).redirectError(Redirect.appendTo(log.toFile())).start();
      try {
        return new Node(name, process, log);
      } catch (RuntimeException | InterruptedException e) {
        process.destroyForcibly();
        throw e;
      }
    }

    /**
     * This JVM's class path: the surefire or {@code exec:java} class loader's when there is one
     * (their {@code java.class.path} is the launcher's), else {@code java.class.path}.
     */
    static String classPath() {
      String surefire = System.getProperty("surefire.test.class.path");
      if (surefire != null && !surefire.isBlank()) {
        return surefire;
      }
      if (ClusterNodes.class.getClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
        List<String> paths = new ArrayList<>();
        for (URL url : loader.getURLs()) {
          try {
            paths.add(Path.of(url.toURI()).toString());
          } catch (URISyntaxException | IllegalArgumentException e) {
            paths.add(url.getPath());
          }
        }
        return String.join(java.io.File.pathSeparator, paths);
      }
      return System.getProperty("java.class.path");
    }

    private void readOutput() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        Writer file = null;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("@@ ")) {
            answers.add(line.substring(3));
          } else {
            if (file == null) {
              file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            file.write("[stdout] " + line + "\n");
            file.flush();
          }
        }
        if (file != null) {
          file.close();
        }
        answers.add("ERR the node's output ended (exit " + (process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1)
            + ")");
      } catch (IOException e) {
        answers.add("ERR output closed: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private String await(String expectedPrefix, Duration timeout) throws InterruptedException {
      String answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (answer == null) {
        throw new IllegalStateException("Expected node " + name + " to answer within " + timeout + " (alive: "
            + process.isAlive() + "), but it did not; see " + log.toAbsolutePath());
      }
      if (!answer.startsWith(expectedPrefix)) {
        throw new IllegalStateException("Expected node " + name + " to answer " + expectedPrefix + ", but it answered: "
            + answer + "; see " + log.toAbsolutePath());
      }
      return answer;
    }

    String name() {
      return name;
    }

    /** The node's clock when its engine was ready, in epoch milliseconds. */
    long readyClockMillis() {
      return readyClockMillis;
    }

    /** Sends a command and returns what follows {@code OK} in its answer (fails on {@code ERR}). */
    String send(String command, Duration timeout) throws InterruptedException {
      sendAndForget(command);
      return awaitAnswer(timeout);
    }

    /** Sends a command without waiting; {@link #awaitAnswer} collects the answer. */
    void sendAndForget(String command) {
      commands.println(command);
    }

    String awaitAnswer(Duration timeout) throws InterruptedException {
      String answer = await("OK", timeout);
      return answer.length() > 3 ? answer.substring(3) : "";
    }

    /** The node JVM's CPU time so far (all threads), in nanoseconds, and its GC time in milliseconds. */
    long[] cpu() throws InterruptedException {
      return numbers(send("cpu", Duration.ofMinutes(1)));
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        commands.println("quit");
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  static long[] numbers(String answer) {
    String[] parts = answer.trim().split(" ");
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Long.parseLong(parts[i]);
    }
    return out;
  }

  /** Closes nodes in parallel (each takes a few seconds to stop its engine). */
  static void closeAll(List<Node> nodes) {
    List<Thread> threads = new ArrayList<>();
    for (Node node : nodes) {
      Thread t = new Thread(() -> {
        try {
          node.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "close-" + node.name());
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * CPU time consumed so far, in milliseconds: each node JVM (as it reports it), every process of
   * the machine whose name starts with {@code postgres} (from {@code /proc/<pid>/stat}, per pid),
   * which of those serve the benchmark database, and the whole machine (from {@code /proc/stat}).
   */
  record CpuSample(long nanoTime, Map<String, Long> nodeCpuMs, Map<String, Long> nodeGcMs, Map<Integer, Long> postgresMs,
                   Set<Integer> benchBackends, long machineBusyMs, long ownCpuMs) {

    static CpuSample take(List<Node> nodes, DataSource benchDb, String dbName) throws InterruptedException {
      Map<String, Long> cpu = new HashMap<>();
      Map<String, Long> gc = new HashMap<>();
      for (Node node : nodes) {
        long[] values = node.cpu();
        cpu.put(node.name(), values[0] / 1_000_000);
        gc.put(node.name(), values[1]);
      }
      return new CpuSample(System.nanoTime(), cpu, gc, postgresProcesses(), backends(benchDb, dbName), readMachineBusyMs(),
          ClusterBenchNode.processCpuNanos() / 1_000_000);
    }

    /** What happened between {@code before} and this sample. */
    CpuDelta since(CpuSample before) {
      Map<String, Long> nodes = new HashMap<>();
      nodeCpuMs.forEach((name, ms) -> nodes.put(name, ms - before.nodeCpuMs.getOrDefault(name, 0L)));
      Map<String, Long> gcs = new HashMap<>();
      nodeGcMs.forEach((name, ms) -> gcs.put(name, ms - before.nodeGcMs.getOrDefault(name, 0L)));
      long pgAll = 0;
      long pgBench = 0;
      for (Map.Entry<Integer, Long> e : postgresMs.entrySet()) {
        long delta = e.getValue() - before.postgresMs.getOrDefault(e.getKey(), 0L);
        pgAll += delta;
        if (benchBackends.contains(e.getKey())) {
          pgBench += delta;
        }
      }
      return new CpuDelta((nanoTime - before.nanoTime) / 1e9, nodes, gcs, pgAll, pgBench, machineBusyMs - before.machineBusyMs,
          ownCpuMs - before.ownCpuMs);
    }
  }

  /**
   * CPU milliseconds spent in an interval.
   *
   * @param nodeMs    per node JVM
   * @param pgAllMs   every postgres process (backends of every database, background writers)
   * @param pgBenchMs the backends connected to the benchmark database at the end of the interval
   * @param machineMs the whole machine (user, system, irq, steal)
   * @param ownMs     this (orchestrating) JVM
   */
  record CpuDelta(double seconds, Map<String, Long> nodeMs, Map<String, Long> gcMs, long pgAllMs, long pgBenchMs,
                  long machineMs, long ownMs) {
    long jvmMs() {
      return nodeMs.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Machine CPU not spent by the node JVMs, the database server or this JVM: other processes. */
    long otherMs() {
      return machineMs - jvmMs() - pgAllMs - ownMs;
    }

    /** Cores kept busy by the node JVMs and the database server together. */
    double cores() {
      return (jvmMs() + pgAllMs) / 1000.0 / seconds;
    }
  }

  private static long clockTicks = -1;

  /** {@code getconf CLK_TCK}, normally 100. */
  static synchronized long clockTicksPerSecond() {
    if (clockTicks > 0) {
      return clockTicks;
    }
    long ticks = 100;
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String text = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        ticks = Long.parseLong(text);
      }
    } catch (IOException | NumberFormatException e) {
      // keep the usual 100
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clockTicks = ticks;
    return ticks;
  }

  /**
   * utime + stime of every process whose command name starts with {@code postgres}, with the CPU of
   * the children each has reaped (cutime + cstime), per pid, in ms. Without the children the CPU of
   * short-lived processes (parallel query workers) would count as other processes'.
   */
  static Map<Integer, Long> postgresProcesses() {
    Map<Integer, Long> out = new HashMap<>();
    long ticks = clockTicksPerSecond();
    try (var entries = Files.list(Path.of("/proc"))) {
      for (Path dir : entries.collect(Collectors.toList())) {
        String pid = dir.getFileName().toString();
        if (pid.isEmpty() || !pid.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String comm = Files.readString(dir.resolve("comm")).strip();
          if (!comm.startsWith("postgres")) {
            continue;
          }
          String stat = Files.readString(dir.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // fields[0] is field 3 (state); utime is field 14, stime field 15, then cutime and cstime:
          // the postmaster's children it has reaped (parallel query workers, backends that ended)
          long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
              + Long.parseLong(fields[14]);
          out.put(Integer.parseInt(pid), used * 1000 / ticks);
        } catch (IOException | RuntimeException gone) {
          // the process ended between the listing and the read
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Expected to list /proc, but could not: " + e.getMessage(), e);
    }
    return out;
  }

  /** Busy CPU time of the whole machine (user, nice, system, irq, softirq, steal), in ms. */
  static long readMachineBusyMs() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy * 1000 / clockTicksPerSecond();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Pids of the server processes serving connections to the database (the nodes' pools and this JVM's). */
  static Set<Integer> backends(DataSource dataSource, String dbName) {
    Set<Integer> pids = new HashSet<>();
    try (Connection c = dataSource.getConnection();
         PreparedStatement p = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
      p.setString(1, dbName);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Expected to list the backends of " + dbName + ", but: " + e.getMessage(), e);
    }
    return pids;
  }
}
