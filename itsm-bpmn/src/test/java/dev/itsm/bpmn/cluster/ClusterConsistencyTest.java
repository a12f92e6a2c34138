package dev.itsm.bpmn.cluster;

import static dev.itsm.bpmn.cluster.ClusterSupport.count;
import static dev.itsm.bpmn.support.Fixtures.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.AuditEntry;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.testkit.TestDatabase;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two nodes in separate JVMs on one PostgreSQL database: concurrent updates of the same ticket and
 * item lose nothing (losers get the typed conflict error, the history is one serial chain), a CMDB
 * change on one node is walked by the other within the documented bound, and an import killed
 * midway leaves only whole chunks, which importing again completes without duplicates.
 *
 * <p>PostgreSQL only ({@code -Ditsm.test.db=postgresql}, as {@code .ci/run} runs the suite a second
 * time): separate JVMs cannot share the in-memory H2 database of the default run.
 */
@EnabledIfSystemProperty(named = "itsm.test.db", matches = "postgres.*")
class ClusterConsistencyTest {
  private static final Actor CM = Actor.configurationManager("cora");
  private static final Actor AGENT = Actor.agent("alice", "network-ops");
  /** The documented bound: an analysis walks every change committed on another node this long before it starts. */
  private static final Duration GRAPH_POLL = Duration.ofSeconds(2);

  private TestDatabase database;
  private ItsmEngine setup;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @BeforeEach
  void database() throws Exception {
    database = TestDatabase.create();
    ClusterSupport.createReceiverTables(database);
    setup = ItsmEngine.builder()
        .jdbcUrl(database.jdbcUrl(), database.user(), null)
        .jobExecutor(false)
        .plugin(ClusterSupport.plugin(database.jdbcUrl(), database.user(), "setup"))
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    for (NodeProcess node : nodes) {
      node.close();
    }
    setup.close();
    database.close();
  }

  private NodeProcess node(String name) throws Exception {
    NodeProcess node = NodeProcess.start(database, name, Map.of("executor", "false"));
    nodes.add(node);
    return node;
  }

  @Test
  void concurrentUpdatesOnTwoNodesLoseNothingAndFormOneSerialHistory() throws Exception {
    // given one ticket and one item, both with a counter at zero
    IncidentTicket ticket = setup.incidents().open(CALLER, NewIncident.builder("Shared ticket").category("network").build());
    setup.cmdb().defineType(CM, new CiTypeDefinition("Counter", null, false, List.of(AttributeDefinition.integer("counter"))));
    Ci item = setup.cmdb().create(CM, NewCi.of("Counter", "shared-item", Map.of("counter", 0)));
    NodeProcess a = node("node-a");
    NodeProcess b = node("node-b");

    // when four threads on each node read and increment both, 25 times each, with the version they read
    a.sendAndForget("hammer " + ticket.id() + " " + item.id() + " 4 25");
    b.sendAndForget("hammer " + ticket.id() + " " + item.id() + " 4 25");
    long[] onA = numbers(a.awaitAnswer(Duration.ofMinutes(5)));
    long[] onB = numbers(b.awaitAnswer(Duration.ofMinutes(5)));

    // then nothing but the typed conflict error happened, and there were conflicts on both kinds
    long ticketWins = onA[0] + onB[0];
    long ciWins = onA[2] + onB[2];
    assertThat(onA[4] + onB[4]).as("errors other than ConcurrentUpdateException").isZero();
    assertThat(ticketWins + onA[1] + onB[1]).isEqualTo(200);
    assertThat(ciWins + onA[3] + onB[3]).isEqualTo(200);
    assertThat(onA[1] + onB[1]).as("ticket conflicts").isPositive();
    assertThat(onA[3] + onB[3]).as("item conflicts").isPositive();

    // and the final values count every successful increment: no lost update
    IncidentTicket after = setup.incidents().get(AGENT, ticket.id());
    assertThat(((Number) after.fields().get("counter")).longValue()).isEqualTo(ticketWins);
    assertThat(((Number) setup.cmdb().get(CM, item.id()).attributes().get("counter")).longValue()).isEqualTo(ciWins);

    // and the histories are one serial chain 0 -> 1 -> ... -> n, one entry per success
    List<Long> ticketChain = new ArrayList<>();
    for (AuditEntry entry : setup.audit().trail(AGENT, ticket.id())) {
      if ("fields.counter".equals(entry.field())) {
        ticketChain.add(Long.parseLong(entry.newValue()));
      }
    }
    assertThat(ticketChain).hasSize((int) ticketWins);
    for (int i = 0; i < ticketChain.size(); i++) {
      assertThat(ticketChain.get(i)).isEqualTo(i + 1);
    }
    List<Long> ciChain = new ArrayList<>();
    for (CiChange change : setup.cmdb().history(CM, item.id())) {
      if ("counter".equals(change.field()) && change.newValue() != null && change.oldValue() != null) {
        ciChain.add(Long.parseLong(change.newValue()));
      }
    }
    assertThat(ciChain).hasSize((int) ciWins);
    for (int i = 0; i < ciChain.size(); i++) {
      assertThat(ciChain.get(i)).isEqualTo(i + 1);
    }
  }

  @Test
  void aCmdbChangeOnOneNodeIsWalkedByTheOtherWithinThePollInterval() throws Exception {
    // given a server and an application, not related yet, and node B with the graph loaded
    Ci server = setup.cmdb().create(CM, NewCi.of("Server", "db-host-1", Map.of()));
    Ci app = setup.cmdb().create(CM, NewCi.of("BusinessApplication", "billing", Map.of()));
    NodeProcess a = node("node-a");
    NodeProcess b = node("node-b");
    assertThat(b.send("impact " + server.id(), Duration.ofMinutes(1))).isEqualTo("-");

    // when node A relates them (its answer comes after the commit)
    a.send("relate runs-on " + app.id() + " " + server.id(), Duration.ofMinutes(1));
    long committed = System.currentTimeMillis();

    // then every analysis on node B that starts one poll interval later walks the new relation
    long firstSeen = -1;
    while (true) {
      long started = System.currentTimeMillis();
      boolean seen = b.send("impact " + server.id(), Duration.ofMinutes(1)).contains(app.id().toString());
      if (seen && firstSeen < 0) {
        firstSeen = started - committed;
      }
      if (started - committed >= GRAPH_POLL.toMillis()) {
        assertThat(seen).as("analysis started %d ms after the commit", started - committed).isTrue();
        break;
      }
    }
    System.out.printf("cluster graph cache: node B first walked node A's relation %d ms after the commit (bound %d ms)%n",
        firstSeen, GRAPH_POLL.toMillis());
  }

  @Test
  void anImportKilledMidwayLeavesWholeChunksAndImportingAgainCompletesIt() throws Exception {
    // given a feed of 40,000 servers identified by serial number, each in a location
    setup.cmdb().defineType(CM, new CiTypeDefinition("Hardware", null, false, setup.cmdb().type(CM, "Hardware").attributes())
        .identifiedBy("serialNumber"));
    setup.cmdb().defineSource(CM, new dev.itsm.api.cmdb.ImportSource("discovery",
        Map.of("Server", List.of("*"), "Location", List.of("*"))));
    int servers = 40_000;
    Path feed = writeFeed(servers);
    NodeProcess a = node("node-a");
    NodeProcess b = node("node-b");

    // when node A is killed (SIGKILL) once part of it is in
    a.sendAndForget("import " + feed.toAbsolutePath() + " discovery");
    ClusterSupport.await("the first chunks imported", Duration.ofMinutes(5),
        ClusterSupport.sql(() -> a.hasAnswer() || count(database, "SELECT COUNT(*) FROM itsm_ci WHERE type_name = 'Server'") > 0));
    if (a.hasAnswer()) {
      throw new AssertionError("Expected node A to be still importing, but it answered: " + a.awaitAnswer(Duration.ZERO));
    }
    a.kill();
    long atKill = count(database, "SELECT COUNT(*) FROM itsm_ci WHERE type_name = 'Server'");
    assertThat(atKill).as("killed midway").isLessThan(servers);

    // then what A committed is whole chunks: every server it created has its identification key,
    // its unique serial number and its history entry
    assertThat(count(database, "SELECT COUNT(*) FROM itsm_ci c WHERE c.type_name = 'Server' AND (c.ident_key IS NULL"
        + " OR NOT EXISTS (SELECT 1 FROM itsm_ci_history h WHERE h.ci_id = c.id)"
        + " OR NOT EXISTS (SELECT 1 FROM itsm_ci_unique u WHERE u.ci_id = c.id AND u.attr_name = 'serialNumber'))"))
        .isZero();

    // and importing the same feed on node B completes it: A's items unchanged, the rest created
    long[] report = numbers(b.send("import " + feed.toAbsolutePath() + " discovery", Duration.ofMinutes(10)));
    assertThat(report[3]).as("conflicts").isZero();
    assertThat(report[4]).as("rejected").isZero();
    assertThat(count(database, "SELECT COUNT(*) FROM itsm_ci WHERE type_name = 'Server'")).isEqualTo(servers);
    assertThat(count(database, "SELECT COUNT(DISTINCT name) FROM itsm_ci WHERE type_name = 'Server'")).isEqualTo(servers);
    assertThat(count(database, "SELECT COUNT(*) FROM itsm_ci_relation")).isEqualTo(servers);
    System.out.printf("cluster import: node A killed after %d of %d servers; node B created %d, left %d unchanged%n",
        atKill, servers, report[0], report[2]);
  }

  private static Path writeFeed(int servers) throws Exception {
    Path feed = Files.createTempFile("cluster-feed", ".json");
    feed.toFile().deleteOnExit();
    try (BufferedWriter out = Files.newBufferedWriter(feed, StandardCharsets.UTF_8)) {
      out.write("{\"items\": [{\"ref\": \"dc\", \"type\": \"Location\", \"name\": \"DC1\"}");
      for (int i = 0; i < servers; i++) {
        out.write(",\n{\"ref\": \"s" + i + "\", \"type\": \"Server\", \"name\": \"srv-" + i
            + "\", \"attributes\": {\"serialNumber\": \"SN-" + i + "\", \"cpuCores\": 8}}");
      }
      out.write("],\n\"relations\": [");
      for (int i = 0; i < servers; i++) {
        out.write((i == 0 ? "" : ",\n") + "{\"type\": \"located-in\", \"source\": \"s" + i + "\", \"target\": \"dc\"}");
      }
      out.write("]}");
    }
    return feed;
  }

  private static long[] numbers(String answer) {
    String[] parts = answer.trim().split(" ");
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Long.parseLong(parts[i]);
    }
    return out;
  }
}
