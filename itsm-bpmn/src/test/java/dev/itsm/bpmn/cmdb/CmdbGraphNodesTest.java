package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.cmdb.Relation;
import dev.itsm.internal.cmdb.GraphCache;
import dev.itsm.internal.engine.DefaultItsmEngine;
import dev.itsm.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines ("nodes") on one database (H2, or PostgreSQL with {@code -Ditsm.test.db=postgresql}),
 * each with its cached relation graph: a change made on node A is walked by node B's analyses once B
 * has read the graph change log. B reads it every day here, so the tests drive its poll with
 * {@link GraphCache#refresh()} and can see that B walks its cached graph until then.
 * <pre>
 * Payments -depends-on-> pay-app -runs-on-> host-1;  pay-db (unrelated)
 * </pre>
 */
class CmdbGraphNodesTest {
  private static final Actor CM = Actor.configurationManager("cora");

  private TestDatabase database;
  private ItsmEngine nodeA;
  private ItsmEngine nodeB;
  private Ci payments;
  private Ci app;
  private Ci host;
  private Ci db;

  @BeforeEach
  void startTwoNodes() {
    database = TestDatabase.create();
    nodeA = node("node-a", Duration.ofDays(1));
    nodeB = node("node-b", Duration.ofDays(1));
    payments = nodeA.cmdb().create(CM, NewCi.of("BusinessService", "Payments", Map.of()));
    app = nodeA.cmdb().create(CM, NewCi.of("BusinessApplication", "pay-app", Map.of()));
    host = nodeA.cmdb().create(CM, NewCi.of("Server", "host-1", Map.of()));
    db = nodeA.cmdb().create(CM, NewCi.of("Database", "pay-db", Map.of()));
    nodeA.cmdb().relate(CM, "depends-on", payments.id(), app.id());
    nodeA.cmdb().relate(CM, "runs-on", app.id(), host.id());
    assertThat(downstreamOfHost(nodeB)).containsExactly("pay-app", "Payments");
    assertThat(graphs(nodeB).cached()).containsKey(AGENT.tenantId());
  }

  @AfterEach
  void stopNodes() {
    try {
      if (nodeA != null) nodeA.close();
      if (nodeB != null) nodeB.close();
    } finally {
      database.close();
    }
  }

  private ItsmEngine node(String name, Duration poll) {
    return ItsmEngine.builder()
        .jdbcUrl(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .jdbcPoolSize(6)
        .engineName(name + "-" + UUID.randomUUID())
        .jobExecutor(false)
        .plugin(DIRECTORY)
        .cmdbGraphPollInterval(poll)
        .build();
  }

  private static GraphCache graphs(ItsmEngine node) {
    return ((DefaultItsmEngine) node).runtime().cmdbGraphs();
  }

  private List<String> downstreamOfHost(ItsmEngine node) {
    return node.cmdb().impact(AGENT, ImpactQuery.downstream(host.id())).stream().map(ImpactedCi::name).toList();
  }

  @Test
  void relationsRetirementAndNamesChangedOnOneNodeAreWalkedOnTheOtherAfterItsPoll() {
    // a relation
    Relation dbOnHost = nodeA.cmdb().relate(CM, "runs-on", db.id(), host.id());
    assertThat(downstreamOfHost(nodeA)).containsExactly("pay-app", "pay-db", "Payments");
    assertThat(downstreamOfHost(nodeB)).as("before B's poll").containsExactly("pay-app", "Payments");
    graphs(nodeB).refresh();
    assertThat(downstreamOfHost(nodeB)).containsExactly("pay-app", "pay-db", "Payments");

    // removed
    nodeA.cmdb().unrelate(CM, dbOnHost.id());
    assertThat(downstreamOfHost(nodeB)).as("before B's poll").containsExactly("pay-app", "pay-db", "Payments");
    graphs(nodeB).refresh();
    assertThat(downstreamOfHost(nodeB)).containsExactly("pay-app", "Payments");

    // renamed
    nodeA.cmdb().update(CM, nodeA.cmdb().get(CM, app.id()).ref(), Map.of("name", "payments-app"));
    graphs(nodeB).refresh();
    assertThat(downstreamOfHost(nodeB)).containsExactly("payments-app", "Payments");

    // retired
    nodeA.cmdb().retire(CM, nodeA.cmdb().get(CM, app.id()).ref());
    assertThat(downstreamOfHost(nodeB)).as("before B's poll").containsExactly("payments-app", "Payments");
    graphs(nodeB).refresh();
    assertThat(downstreamOfHost(nodeB)).isEmpty();
  }

  @Test
  void withAZeroPollIntervalEveryAnalysisReadsTheLogFirst() {
    nodeB.close();
    nodeB = node("node-b", Duration.ZERO);
    assertThat(downstreamOfHost(nodeB)).containsExactly("pay-app", "Payments");

    nodeA.cmdb().relate(CM, "runs-on", db.id(), host.id());

    assertThat(downstreamOfHost(nodeB)).containsExactly("pay-app", "pay-db", "Payments");
  }

  @Test
  void aChangeCommittedAfterALaterOneIsWalkedOnceItCommits() throws Exception {
    Ci reporting = nodeA.cmdb().create(CM, NewCi.of("BusinessService", "Reporting", Map.of()));
    try (Connection slow = database.connect()) {
      // another node's unit of work holds log sequence numbers and has not committed yet
      slow.setAutoCommit(false);
      insertRelation(slow, "runs-on", db.id(), host.id());
      insertLog(slow, db.id(), host.id());

      // meanwhile a later unit commits
      nodeA.cmdb().relate(CM, "depends-on", reporting.id(), app.id());
      graphs(nodeB).refresh();
      assertThat(downstreamOfHost(nodeB)).containsExactly("pay-app", "Payments", "Reporting");

      slow.commit();
    }
    assertThat(downstreamOfHost(nodeB)).as("before B's poll").containsExactly("pay-app", "Payments", "Reporting");
    graphs(nodeB).refresh();
    assertThat(downstreamOfHost(nodeB)).containsExactly("pay-app", "pay-db", "Payments", "Reporting");
  }

  @Test
  void aTenantWideLogRowReloadsTheTenantsGraph() throws Exception {
    try (Connection c = database.connect()) {
      insertRelation(c, "runs-on", db.id(), host.id());
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO itsm_ci_graph_log (tenant_id, ci_id) VALUES (?, NULL)")) {
        ps.setString(1, AGENT.tenantId());
        ps.executeUpdate();
      }
    }
    assertThat(downstreamOfHost(nodeB)).as("before B's poll").containsExactly("pay-app", "Payments");

    graphs(nodeB).refresh();

    assertThat(downstreamOfHost(nodeB)).containsExactly("pay-app", "pay-db", "Payments");
  }

  @Test
  void logRowsOlderThanTheRetentionAreDeleted() throws Exception {
    nodeA.cmdb().relate(CM, "runs-on", db.id(), host.id());
    try (Connection c = database.connect()) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO itsm_ci_graph_log (tenant_id, ci_id, logged_at) VALUES (?, ?, CURRENT_TIMESTAMP - INTERVAL '2' HOUR)")) {
        ps.setString(1, AGENT.tenantId());
        ps.setObject(2, db.id());
        ps.executeUpdate();
      }
      long before = count(c, "SELECT COUNT(*) FROM itsm_ci_graph_log");

      graphs(nodeB).refresh();

      assertThat(count(c, "SELECT COUNT(*) FROM itsm_ci_graph_log")).isEqualTo(before - 1);
    }
    assertThat(downstreamOfHost(nodeB)).containsExactly("pay-app", "pay-db", "Payments");
  }

  private void insertRelation(Connection c, String type, UUID source, UUID target) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO itsm_ci_relation (id, tenant_id, type_name, source_id, target_id,"
        + " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, UUID.randomUUID());
      ps.setString(2, AGENT.tenantId());
      ps.setString(3, type);
      ps.setObject(4, source);
      ps.setObject(5, target);
      ps.setTimestamp(6, Timestamp.from(Instant.now()));
      ps.setString(7, "slow-node");
      ps.executeUpdate();
    }
  }

  private void insertLog(Connection c, UUID... ciIds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO itsm_ci_graph_log (tenant_id, ci_id) VALUES (?, ?)")) {
      for (UUID id : ciIds) {
        ps.setString(1, AGENT.tenantId());
        ps.setObject(2, id);
        ps.executeUpdate();
      }
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
