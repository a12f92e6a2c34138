package dev.itsm.bpmn.cluster;

import dev.itsm.api.Actor;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.TicketRef;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiRef;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.cmdb.ImportOptions;
import dev.itsm.api.cmdb.ImportReport;
import dev.itsm.api.incident.IncidentTicket;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One node of the multi-node tests, in its own JVM: an engine on the shared database (with its job
 * executor when asked) that takes commands from standard input, one per line, and answers each
 * with one line starting with {@code @@ } on standard output ({@code @@ OK ...} or {@code @@ ERR ...}).
 * It prints {@code @@ READY} once the engine runs. Arguments: {@code key=value} pairs
 * {@code url}, {@code user}, {@code name}, {@code offsetMs} (added to the system clock),
 * {@code lockMs} (job lock time), {@code retryMs} (delivery retry interval), {@code executor}.
 */
public final class ClusterNode {
  private static final Actor AGENT = Actor.agent("alice", "network-ops");
  private static final Actor CM = Actor.configurationManager("cora");

  private ClusterNode() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    ItsmEngine engine;
    try {
      engine = build(options);
    } catch (RuntimeException e) {
      reply("ERR " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
      e.printStackTrace();
      System.exit(1);
      return;
    }
    reply("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.trim().split(" ");
      try {
        switch (cmd[0]) {
          case "quit" -> {
            engine.close();
            reply("OK");
            System.exit(0);
          }
          case "start-executor" -> {
            ((org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.processEngine()
                .getProcessEngineConfiguration()).getJobExecutor().start();
            reply("OK");
          }
          case "impact" -> reply("OK " + impact(engine, UUID.fromString(cmd[1])));
          case "relate" -> reply("OK " + engine.cmdb().relate(CM, cmd[1], UUID.fromString(cmd[2]), UUID.fromString(cmd[3])).id());
          case "unrelate" -> {
            engine.cmdb().unrelate(CM, UUID.fromString(cmd[1]));
            reply("OK");
          }
          case "hammer" -> reply("OK " + hammer(engine, UUID.fromString(cmd[1]), UUID.fromString(cmd[2]),
              Integer.parseInt(cmd[3]), Integer.parseInt(cmd[4])));
          case "import" -> {
            try (InputStream feed = Files.newInputStream(Path.of(cmd[1]))) {
              ImportReport r = engine.cmdb().importFeed(CM, feed, ImportOptions.from(cmd[2]));
              reply("OK " + r.created() + " " + r.updated() + " " + r.unchanged() + " " + r.conflicts() + " " + r.rejected());
            }
          }
          default -> reply("ERR unknown command " + cmd[0]);
        }
      } catch (Exception e) {
        reply("ERR " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
      }
    }
  }

  private static ItsmEngine build(Map<String, String> options) {
    String url = options.get("url");
    String user = options.get("user");
    String name = options.get("name");
    return ItsmEngine.builder()
        .jdbcUrl(url, user, null)
        .jdbcPoolSize(12)
        .engineName(name)
        .clock(Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(options.getOrDefault("offsetMs", "0")))))
        .jobExecutor(Boolean.parseBoolean(options.getOrDefault("executor", "true")))
        .jobLockTime(Duration.ofMillis(Long.parseLong(options.getOrDefault("lockMs", "300000"))))
        .deliveryRetryInterval(Duration.ofMillis(Long.parseLong(options.getOrDefault("retryMs", "10000"))))
        .plugin(ClusterSupport.plugin(url, user, name))
        .build();
  }

  private static void reply(String text) {
    synchronized (System.out) {
      System.out.println("@@ " + text);
      System.out.flush();
    }
  }

  /** Ids of the items downstream of the item, sorted, comma separated ({@code -} when none). */
  private static String impact(ItsmEngine engine, UUID ci) {
    String ids = engine.cmdb().impact(AGENT, ImpactQuery.downstream(ci)).stream()
        .map(ImpactedCi::id).map(UUID::toString).sorted().collect(Collectors.joining(","));
    return ids.isEmpty() ? "-" : ids;
  }

  /**
   * Threads that each, {@code ops} times, read the ticket's {@code counter} field and the item's
   * {@code counter} attribute and write them plus one, with the version they read. Answers
   * {@code ticketWins ticketConflicts ciWins ciConflicts otherErrors}.
   */
  private static String hammer(ItsmEngine engine, UUID ticketId, UUID ciId, int threads, int ops) throws Exception {
    AtomicLong ticketWins = new AtomicLong();
    AtomicLong ticketConflicts = new AtomicLong();
    AtomicLong ciWins = new AtomicLong();
    AtomicLong ciConflicts = new AtomicLong();
    AtomicLong other = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        for (int i = 0; i < ops; i++) {
          try {
            IncidentTicket ticket = engine.incidents().get(AGENT, ticketId);
            Object value = ticket.fields().get("counter");
            long next = (value == null ? 0 : ((Number) value).longValue()) + 1;
            engine.incidents().updateFields(AGENT, TicketRef.of(ticketId, ticket.version()), Map.of("counter", next));
            ticketWins.incrementAndGet();
          } catch (ConcurrentUpdateException e) {
            ticketConflicts.incrementAndGet();
          } catch (RuntimeException e) {
            other.incrementAndGet();
            e.printStackTrace();
          }
          try {
            Ci ci = engine.cmdb().get(CM, ciId);
            Object value = ci.attributes().get("counter");
            long next = (value == null ? 0 : ((Number) value).longValue()) + 1;
            engine.cmdb().update(CM, new CiRef(ciId, ci.version()), Map.of("counter", next));
            ciWins.incrementAndGet();
          } catch (ConcurrentUpdateException e) {
            ciConflicts.incrementAndGet();
          } catch (RuntimeException e) {
            other.incrementAndGet();
            e.printStackTrace();
          }
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    pool.shutdown();
    return ticketWins + " " + ticketConflicts + " " + ciWins + " " + ciConflicts + " " + other;
  }
}
