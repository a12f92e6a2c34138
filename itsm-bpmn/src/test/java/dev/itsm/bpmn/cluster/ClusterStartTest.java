package dev.itsm.bpmn.cluster;

import static dev.itsm.bpmn.cluster.ClusterSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Three nodes (separate JVMs) started at the same moment on an empty PostgreSQL database all come
 * up: the engine start (Operaton's tables, the ITSM migrations, built-in definitions) runs one
 * node at a time, and each migration runs once.
 *
 * <p>PostgreSQL only, as the other multi-node tests.
 */
@EnabledIfSystemProperty(named = "itsm.test.db", matches = "postgres.*")
class ClusterStartTest {
  private TestDatabase database;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (NodeProcess node : nodes) {
      node.close();
    }
    database.close();
  }

  @Test
  void nodesStartingAtOnceOnAnEmptyDatabaseAllComeUp() throws Exception {
    // given an empty database
    database = TestDatabase.create();
    ClusterSupport.createReceiverTables(database);

    // when three nodes start at once
    for (String name : List.of("node-a", "node-b", "node-c")) {
      nodes.add(NodeProcess.launch(database, name, Map.of("executor", "true")));
    }

    // then all of them run
    for (NodeProcess node : nodes) {
      node.awaitReady(Duration.ofMinutes(3));
    }
    // and every migration ran once, successfully; the outbox job is armed once
    assertThat(count(database, "SELECT COUNT(*) FROM itsm_schema_history WHERE success AND version IS NOT NULL"))
        .isEqualTo(count(database, "SELECT COUNT(DISTINCT version) FROM itsm_schema_history WHERE version IS NOT NULL"))
        .isPositive();
    assertThat(count(database, "SELECT COUNT(*) FROM act_ru_job WHERE handler_type_ = 'itsm-outbox'")).isEqualTo(1);
    assertThat(count(database, "SELECT COUNT(*) FROM act_re_deployment")).isPositive();
  }
}
