package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.history.HistoricProcessInstance;
import org.operaton.bpm.engine.runtime.Job;
import org.operaton.bpm.engine.task.Task;

/**
 * Two engines ("nodes") on one database (H2, or PostgreSQL with {@code -Ditsm.test.db=postgresql}):
 * threads on both open incidents at the same moment; every number is distinct and every id a UUID.
 * The engines use the system clock, so the JVM-global process clock is never touched.
 */
class MultiNodeNumbersTest {
  private static final int THREADS_PER_NODE = 4;
  private static final int OPENS_PER_THREAD = 5;

  private TestDatabase database;
  private ItsmEngine nodeA;
  private ItsmEngine nodeB;
  private ExecutorService pool;

  @BeforeEach
  void startTwoNodes() {
    database = TestDatabase.create();
    nodeA = node("node-a");
    nodeB = node("node-b");
    pool = Executors.newFixedThreadPool(2 * THREADS_PER_NODE);
  }

  @AfterEach
  void stopNodes() {
    pool.shutdownNow();
    try {
      if (nodeA != null) nodeA.close();
      if (nodeB != null) nodeB.close();
    } finally {
      database.close();
    }
  }

  private ItsmEngine node(String name) {
    return ItsmEngine.builder()
        .jdbcUrl(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .jdbcPoolSize(THREADS_PER_NODE + 4)
        .engineName(name + "-" + UUID.randomUUID())
        .jobExecutor(false)
        .plugin(DIRECTORY)
        .build();
  }

  @Test
  void threadsOnTwoNodesOpeningAtOnceGetDistinctNumbers() throws Exception {
    // given
    openP1(nodeA.incidents());  // the sequence has handed out a number before the burst

    // when
    List<IncidentTicket> opened = openOnBothNodesAtOnce(CALLER);

    // then
    List<String> numbers = opened.stream().map(IncidentTicket::number).toList();
    assertThat(numbers).hasSize(2 * THREADS_PER_NODE * OPENS_PER_THREAD).doesNotHaveDuplicates()
        .allMatch(n -> n.matches("INC-\\d{6}")).doesNotContain("INC-000001");
    assertThat(opened).extracting(IncidentTicket::id).doesNotHaveDuplicates();
    // both nodes see every incident under its number, and a later open continues past all of them
    for (IncidentTicket inc : opened) {
      assertThat(nodeB.incidents().getByNumber(MANAGER, inc.number()).id()).isEqualTo(inc.id());
    }
    String next = openP1(nodeB.incidents()).number();
    assertThat(next).isGreaterThan(numbers.stream().max(String::compareTo).orElseThrow());
  }

  @Test
  void aNewTenantsFirstIncidentsOnTwoNodesAtOnceGetDistinctNumbers() throws Exception {
    // given: the tenant's sequence does not exist yet; both nodes create it on first use
    Actor caller = Actor.builder("tess").roles("caller").tenant("acme" + UUID.randomUUID().toString().substring(0, 8)).build();

    // when
    List<IncidentTicket> opened = openOnBothNodesAtOnce(caller);

    // then
    assertThat(opened).extracting(IncidentTicket::number).hasSize(2 * THREADS_PER_NODE * OPENS_PER_THREAD)
        .doesNotHaveDuplicates().contains("INC-000001");
    assertThat(opened).extracting(IncidentTicket::tenantId).containsOnly(caller.tenantId());
  }

  @Test
  void incidentProcessTaskAndJobIdsAreUuids() {
    // given
    IncidentTicket inc = openP1(nodeA.incidents());
    inc = nodeB.incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));

    // then
    assertThat(inc.id().version()).isEqualTo(4);
    assertUuid(inc.processInstanceId());
    List<Task> tasks = nodeA.processEngine().getTaskService().createTaskQuery().processInstanceId(inc.processInstanceId()).list();
    assertThat(tasks).isNotEmpty().allSatisfy(task -> {
      assertUuid(task.getId());
      assertUuid(task.getExecutionId());
    });
    List<Job> jobs = nodeA.processEngine().getManagementService().createJobQuery().processInstanceId(inc.processInstanceId()).list();
    assertThat(jobs).isNotEmpty().allSatisfy(job -> assertUuid(job.getId()));
    HistoricProcessInstance history = nodeA.processEngine().getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(inc.processInstanceId()).singleResult();
    assertUuid(history.getId());
  }

  private static void assertUuid(String id) {
    assertThatCode(() -> UUID.fromString(id)).as("id %s is a UUID", id).doesNotThrowAnyException();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
  }

  private List<IncidentTicket> openOnBothNodesAtOnce(Actor caller) throws Exception {
    CountDownLatch ready = new CountDownLatch(2 * THREADS_PER_NODE);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<IncidentTicket>>> futures = new ArrayList<>();
    for (ItsmEngine node : List.of(nodeA, nodeB)) {
      for (int i = 0; i < THREADS_PER_NODE; i++) {
        Callable<List<IncidentTicket>> call = () -> {
          ready.countDown();
          go.await();
          List<IncidentTicket> mine = new ArrayList<>();
          for (int j = 0; j < OPENS_PER_THREAD; j++) {
            mine.add(node.incidents().open(caller, NewIncident.builder("Burst").category("network").build()));
          }
          return mine;
        };
        futures.add(pool.submit(call));
      }
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    List<IncidentTicket> opened = new ArrayList<>();
    for (Future<List<IncidentTicket>> future : futures) {
      opened.addAll(future.get(60, TimeUnit.SECONDS));
    }
    return opened;
  }
}
