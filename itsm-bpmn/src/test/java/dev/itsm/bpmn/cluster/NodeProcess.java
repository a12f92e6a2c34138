package dev.itsm.bpmn.cluster;

import dev.itsm.testkit.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClusterNode} in a JVM of its own, started with the test's class path. Its log goes to
 * {@code target/cluster/<name>.log}; {@link #send} writes a command and returns the answer.
 */
final class NodeProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Path log;

  private NodeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readOutput, "node-output-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a node on the database and waits until its engine runs. */
  static NodeProcess start(TestDatabase database, String name, Map<String, String> options) throws Exception {
    NodeProcess node = launch(database, name, options);
    node.awaitReady(Duration.ofMinutes(2));
    return node;
  }

  /** Starts a node's JVM without waiting for its engine (see {@link #awaitReady}). */
  static NodeProcess launch(TestDatabase database, String name, Map<String, String> options) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-XX:+UseSerialGC", "-cp", classPath, ClusterNode.class.getName(),
        "url=" + database.jdbcUrl(), "user=" + database.user(), "name=" + name));
    options.forEach((k, v) -> command.add(k + "=" + v));
    Path log = Path.of("target", "cluster", name + "-" + System.currentTimeMillis() + ".log");
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new NodeProcess(name, process, log);
  }

  /** Waits until the node's engine runs (fails if the node reports an error or dies instead). */
  void awaitReady(Duration timeout) throws InterruptedException {
    await("READY", timeout);
  }

  private void readOutput() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("@@ ")) {
          answers.add(line.substring(3));
        } else {
          file.write(line);
          file.write('\n');
          file.flush();
        }
      }
    } catch (IOException e) {
      answers.add("ERR output closed: " + e.getMessage());
    }
  }

  private String await(String expectedPrefix, Duration timeout) throws InterruptedException {
    String answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (answer == null) {
      throw new AssertionError("Expected node " + name + " to answer within " + timeout + " (alive: " + process.isAlive()
          + "), but it did not; see " + log.toAbsolutePath());
    }
    if (!answer.startsWith(expectedPrefix)) {
      throw new AssertionError("Expected node " + name + " to answer " + expectedPrefix + ", but it answered: " + answer
          + "; see " + log.toAbsolutePath());
    }
    return answer;
  }

  /** Sends a command; returns what follows {@code OK} in the answer (fails on {@code ERR}). */
  String send(String command, Duration timeout) throws InterruptedException {
    commands.println(command);
    return awaitAnswer(timeout);
  }

  /** Waits for the answer to a command sent with {@link #sendAndForget}; returns what follows {@code OK}. */
  String awaitAnswer(Duration timeout) throws InterruptedException {
    String answer = await("OK", timeout);
    return answer.length() > 3 ? answer.substring(3) : "";
  }

  /** Whether an answer is waiting (a command sent with {@link #sendAndForget} finished or failed). */
  boolean hasAnswer() {
    return !answers.isEmpty();
  }

  /** Sends a command without waiting for its answer (the test kills the node while it runs). */
  void sendAndForget(String command) {
    commands.println(command);
  }

  /** Kills the JVM at once, as {@code kill -9} does: no shutdown hooks, no clean close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      commands.println("quit");
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
