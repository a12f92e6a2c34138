package dev.itsm.bpmn.cluster;

import static dev.itsm.bpmn.cluster.ClusterSupport.await;
import static dev.itsm.bpmn.cluster.ClusterSupport.count;
import static dev.itsm.bpmn.cluster.ClusterSupport.sql;
import static dev.itsm.bpmn.cluster.ClusterSupport.strings;
import static dev.itsm.bpmn.support.Fixtures.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * SLA thresholds of many incidents due at the same moment, fired by the job executors of two nodes
 * (separate JVMs) on one PostgreSQL database: every threshold takes effect once, every notification
 * reaches the idempotent receiver once per key, retries of a lost acknowledgement are recognised;
 * and when one node is killed mid-work, the other finishes its jobs and deliveries.
 *
 * <p>PostgreSQL only ({@code -Ditsm.test.db=postgresql}, as {@code .ci/run} runs the suite a second
 * time): separate JVMs cannot share the in-memory H2 database of the default run.
 */
@EnabledIfSystemProperty(named = "itsm.test.db", matches = "postgres.*")
class ClusterTimersTest {
  /** Far past every response and resolution target of a P3 incident (2 h and 24 h). */
  private static final Duration LATER = Duration.ofDays(30);
  private static final String THRESHOLDS = "SELECT COUNT(*) FROM itsm_sla_event WHERE event_type IN ('THRESHOLD', 'BREACH')";

  private TestDatabase database;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (NodeProcess node : nodes) {
      node.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void tenThousandIncidentsDueAtOnceOnTwoNodes() throws Exception {
    // given 10,000 open incidents, each with a response and a resolution clock
    long clocks = openIncidents(10_000);

    // when two nodes whose clocks are 30 days later start their job executors at once
    nodes.add(node("node-a", 300_000));
    nodes.add(node("node-b", 300_000));
    long start = System.nanoTime();
    startExecutors();
    awaitDrained(clocks, Duration.ofMinutes(30));
    Duration drained = Duration.ofNanos(System.nanoTime() - start);

    // then every threshold (75 % and 100 % of each clock) took effect exactly once, atomically
    assertEachThresholdOnceWithItsEvents(clocks);
    // and every notification reached the receiver once, with retries recognised as the same delivery
    assertEveryNotificationDeliveredOnce();
    // and nothing was delivered twice but the sends whose acknowledgement was lost: no node took
    // an entry that another was delivering
    assertThat(count(database, "SELECT COUNT(*) FROM cluster_redelivery"))
        .isEqualTo(strings(database, "SELECT idempotency_key FROM cluster_delivery").stream()
            .filter(ClusterSupport::injectsFailure).count());
    assertThat(strings(database, "SELECT DISTINCT node FROM cluster_delivery"))
        .as("both nodes delivered").contains("node-a", "node-b");
    System.out.printf("cluster timers: %d thresholds of %d clocks drained by two nodes in %.1f s; %d redeliveries%n",
        clocks * 2, clocks, drained.toMillis() / 1000.0, count(database, "SELECT COUNT(*) FROM cluster_redelivery"));
  }

  @Test
  void aNodeKilledMidTimerLeavesItsJobsAndDeliveriesToTheOther() throws Exception {
    // given 2,000 incidents due at once, and two nodes that hold a job for 5 s
    long clocks = openIncidents(2_000);
    NodeProcess a = node("node-a", 5_000);
    nodes.add(a);
    nodes.add(node("node-b", 5_000));
    startExecutors();

    // when node A is killed (SIGKILL) while the thresholds are being fired
    await("a fifth of the thresholds fired", Duration.ofMinutes(10), sql(() -> count(database, THRESHOLDS) >= clocks * 2 / 5));
    a.kill();
    long atKill = count(database, THRESHOLDS);
    assertThat(atKill).as("killed mid-work").isLessThan(clocks * 2);

    // then node B finishes A's jobs once their locks expire, and A's undelivered entries
    awaitDrained(clocks, Duration.ofMinutes(20));
    assertEachThresholdOnceWithItsEvents(clocks);
    assertEveryNotificationDeliveredOnce();
    System.out.printf("cluster crash: node A killed after %d of %d thresholds; node B finished%n", atKill, clocks * 2);
  }

  /** Opens incidents through the API on a node without executor, and returns how many SLA clocks run. */
  private long openIncidents(int count) throws Exception {
    database = TestDatabase.create();
    ClusterSupport.createReceiverTables(database);
    try (ItsmEngine setup = ItsmEngine.builder()
        .jdbcUrl(database.jdbcUrl(), database.user(), null)
        .jdbcPoolSize(8)
        .jobExecutor(false)
        .plugin(ClusterSupport.plugin(database.jdbcUrl(), database.user(), "setup"))
        .build()) {
      int threads = 4;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * count / threads;
        int last = (t + 1) * count / threads;
        done.add(pool.submit(() -> {
          for (int i = first; i < last; i++) {
            setup.incidents().open(CALLER, NewIncident.builder("Printer offline " + i).category("network").build());
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
      pool.shutdown();
      assertThat(setup.awaitDeliveries(Duration.ofMinutes(2))).isTrue();
    }
    long clocks = count(database, "SELECT COUNT(*) FROM itsm_sla_clock");
    assertThat(clocks).isEqualTo(2L * count);
    return clocks;
  }

  private NodeProcess node(String name, long lockMs) throws Exception {
    return NodeProcess.start(database, name, Map.of("offsetMs", String.valueOf(LATER.toMillis()),
        "lockMs", String.valueOf(lockMs), "retryMs", "1000", "executor", "false"));
  }

  private void startExecutors() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.send("start-executor", Duration.ofMinutes(1));
    }
  }

  private void awaitDrained(long clocks, Duration timeout) throws InterruptedException {
    await("every threshold fired and every outbox entry delivered", timeout, sql(() ->
        count(database, THRESHOLDS) >= clocks * 2
            && count(database, "SELECT COUNT(*) FROM itsm_outbox WHERE status <> 'DELIVERED'") == 0));
  }

  private void assertEachThresholdOnceWithItsEvents(long clocks) throws Exception {
    assertThat(count(database, "SELECT COUNT(*) FROM (SELECT clock_id, percent FROM itsm_sla_event"
        + " WHERE event_type IN ('THRESHOLD', 'BREACH') GROUP BY clock_id, percent HAVING COUNT(*) > 1) d"))
        .as("thresholds recorded twice").isZero();
    assertThat(count(database, THRESHOLDS)).isEqualTo(clocks * 2);
    assertThat(count(database, "SELECT COUNT(DISTINCT clock_id) FROM itsm_sla_event WHERE percent = 75")).isEqualTo(clocks);
    assertThat(count(database, "SELECT COUNT(DISTINCT clock_id) FROM itsm_sla_event WHERE percent = 100")).isEqualTo(clocks);
    // each threshold's domain event committed with it
    assertThat(count(database, "SELECT COUNT(*) FROM itsm_outbox WHERE kind = 'EVENT' AND type IN ('sla.warning', 'sla.breached')"))
        .isEqualTo(clocks * 2);
    // no SLA job left, none failed
    assertThat(count(database, "SELECT COUNT(*) FROM act_ru_job WHERE handler_type_ = 'itsm-sla-threshold'")).isZero();
  }

  private void assertEveryNotificationDeliveredOnce() throws Exception {
    Set<String> written = strings(database, "SELECT idempotency_key FROM itsm_outbox WHERE kind = 'NOTIFICATION'");
    Set<String> received = strings(database, "SELECT idempotency_key FROM cluster_delivery");
    assertThat(count(database, "SELECT COUNT(*) FROM itsm_outbox WHERE status = 'DEAD'")).isZero();
    assertThat(written).isNotEmpty();
    assertThat(received).as("one delivery record per notification, none lost, none unknown").isEqualTo(written);
    Set<String> retried = strings(database, "SELECT idempotency_key FROM cluster_redelivery");
    Set<String> lostAcks = written.stream().filter(ClusterSupport::injectsFailure).collect(Collectors.toSet());
    assertThat(lostAcks).isNotEmpty();
    assertThat(retried).as("every lost acknowledgement retried and recognised").containsAll(lostAcks);
  }
}
