package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.AuditEntry;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.process.IncidentProcess;
import dev.itsm.spi.CustomField;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.operaton.bpm.engine.ManagementService;
import org.operaton.bpm.engine.runtime.Job;

/**
 * Real threads released together against one ticket (on H2, and on PostgreSQL in CI): no update
 * is lost; the losers get a typed conflict error (or, if they only started after the winner
 * committed, see the new state). Includes an API call racing a timer job.
 */
class ConcurrencyTest {
  private static final int THREADS = 6;
  private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS);

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).plugin(context -> {
    for (int i = 0; i < THREADS; i++) {
      context.customField(CustomField.integer("counter" + i));
    }
  }));

  @AfterAll
  static void stopThreads() {
    POOL.shutdownNow();
  }

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  @Test
  void ofThreadsChangingTheSameVersionExactlyOneWins() throws Exception {
    IncidentTicket inc = openP1(incidents());
    List<Callable<IncidentTicket>> calls = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      String agent = i % 2 == 0 ? "alice" : "carl";
      calls.add(() -> incidents().assign(MANAGER, inc.ref(), Assignment.toAgent(agent)));
    }
    List<Outcome<IncidentTicket>> outcomes = runTogether(calls);

    assertThat(outcomes).filteredOn(Outcome::succeeded).hasSize(1);
    assertThat(outcomes).filteredOn(o -> !o.succeeded())
        .allSatisfy(o -> assertThat(o.error()).isInstanceOf(ConcurrentUpdateException.class));
    IncidentTicket stored = incidents().get(MANAGER, inc.id());
    IncidentTicket winner = outcomes.stream().filter(Outcome::succeeded).findFirst().orElseThrow().value();
    assertThat(stored).isEqualTo(winner);
    assertThat(stored.version()).isEqualTo(2);
    assertThat(itsm.engine().audit().trail(MANAGER, inc.id())).filteredOn(e -> "assigneeId".equals(e.field())).hasSize(1);
    assertThat(itsm.engine().processEngine().getTaskService().createTaskQuery()
        .processInstanceId(inc.processInstanceId()).taskDefinitionKey(IncidentProcess.TASK_ACKNOWLEDGE).count()).isEqualTo(1);
  }

  @Test
  void concurrentWritersWhoRetryOnConflictLoseNoUpdate() throws Exception {
    IncidentTicket inc = openP1(incidents());
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      String field = "counter" + i;
      int value = 100 + i;
      calls.add(() -> {
        int conflicts = 0;
        while (true) {
          try {
            incidents().updateFields(AGENT, TicketRef.of(inc.id()), Map.of(field, value));
            return conflicts;
          } catch (ConcurrentUpdateException e) {
            conflicts++;
          }
        }
      });
    }
    List<Outcome<Integer>> outcomes = runTogether(calls);

    assertThat(outcomes).allMatch(Outcome::succeeded);
    IncidentTicket stored = incidents().get(AGENT, inc.id());
    for (int i = 0; i < THREADS; i++) {
      assertThat(stored.fields()).containsEntry("counter" + i, 100L + i);
    }
    assertThat(stored.version()).isEqualTo(1 + THREADS);
    assertThat(itsm.engine().audit().trail(AGENT, inc.id())).filteredOn(e -> e.field() != null && e.field().startsWith("fields."))
        .hasSize(THREADS);
  }

  @Test
  void conflictingTransitionsWithoutVersionsLeaveExactlyOneWinner() throws Exception {
    for (int round = 0; round < 3; round++) {
      IncidentTicket inc = inProgress();
      List<Callable<IncidentTicket>> calls = List.of(
          () -> incidents().hold(AGENT, TicketRef.of(inc.id()), HoldReason.AWAITING_CALLER, "logs"),
          () -> incidents().resolve(AGENT, TicketRef.of(inc.id()), Resolution.of("FIXED", "done")));
      List<Outcome<IncidentTicket>> outcomes = runTogether(calls);

      assertThat(outcomes).filteredOn(Outcome::succeeded).hasSize(1);
      Outcome<IncidentTicket> loser = outcomes.stream().filter(o -> !o.succeeded()).findFirst().orElseThrow();
      assertThat(loser.error()).isInstanceOfAny(ConcurrentUpdateException.class, IllegalTransitionException.class);
      IncidentTicket winner = outcomes.stream().filter(Outcome::succeeded).findFirst().orElseThrow().value();
      IncidentTicket stored = incidents().get(AGENT, inc.id());
      assertThat(stored).isEqualTo(winner);
      assertThat(stored.state()).isIn(IncidentState.ON_HOLD, IncidentState.RESOLVED);
      List<String> states = itsm.engine().audit().trail(AGENT, inc.id()).stream()
          .filter(e -> "state".equals(e.field())).map(AuditEntry::newValue).toList();
      assertThat(states).endsWith("IN_PROGRESS", stored.state().name());
    }
  }

  @Test
  void anApiCallRacingATimerJobOnTheSameTicketHasOneWinner() throws Exception {
    for (int round = 0; round < 4; round++) {
      IncidentTicket inc = inProgress();
      IncidentTicket resolved = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "done"));
      itsm.clock().advance(Duration.ofDays(5).minusMillis(1));  // reopen window still open...
      ManagementService management = itsm.engine().processEngine().getManagementService();
      Job autoClose = management.createJobQuery().processInstanceId(resolved.processInstanceId()).timers().singleResult();
      // ...and the auto-close job is executed directly, as a job executor that picked it up a moment early would

      List<Callable<Object>> calls = List.of(
          () -> {
            management.executeJob(autoClose.getId());
            return "closed by job";
          },
          () -> incidents().reopen(CALLER, TicketRef.of(resolved.id()), "still broken"));
      List<Outcome<Object>> outcomes = runTogether(calls);

      IncidentTicket stored = incidents().get(AGENT, inc.id());
      List<String> states = itsm.engine().audit().trail(AGENT, inc.id()).stream()
          .filter(e -> "state".equals(e.field())).map(AuditEntry::newValue).toList();
      if (stored.state() == IncidentState.CLOSED) {
        assertThat(outcomes.get(0).succeeded()).isTrue();
        assertThat(outcomes.get(1).error()).isInstanceOfAny(ConcurrentUpdateException.class, IllegalTransitionException.class);
        assertThat(states).endsWith("RESOLVED", "CLOSED");
      } else {
        assertThat(stored.state()).isEqualTo(IncidentState.IN_PROGRESS);
        assertThat(outcomes.get(1).succeeded()).isTrue();
        assertThat(outcomes.get(0).succeeded()).isFalse();
        assertThat(states).endsWith("RESOLVED", "IN_PROGRESS");
        assertThat(management.createJobQuery().jobId(autoClose.getId()).count()).isZero();
      }
      assertThat(stored.version()).isEqualTo(resolved.version() + 1);
      itsm.clock().advance(Duration.ofDays(10));  // keep later rounds clear of this round's timers
    }
  }

  @Test
  void numbersStayUniqueWhenManyThreadsOpenAtOnce() throws Exception {
    List<Callable<List<String>>> calls = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      calls.add(() -> {
        List<String> numbers = new ArrayList<>();
        for (int j = 0; j < 5; j++) {
          numbers.add(incidents().open(CALLER, NewIncident.builder("Burst").category("network").build()).number());
        }
        return numbers;
      });
    }
    List<String> numbers = runTogether(calls).stream().flatMap(o -> o.value().stream()).toList();
    assertThat(numbers).hasSize(THREADS * 5).doesNotHaveDuplicates().allMatch(n -> n.matches("INC-\\d{6}"));
  }

  private IncidentTicket inProgress() {
    IncidentTicket inc = incidents().open(CALLER, NewIncident.builder("Race").category("network").build());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());
    return incidents().startWork(AGENT, inc.ref());
  }

  record Outcome<T>(T value, Throwable error) {
    boolean succeeded() {
      return error == null;
    }
  }

  /** Starts every call on its own thread and releases them at the same moment. */
  private static <T> List<Outcome<T>> runTogether(List<Callable<T>> calls) throws Exception {
    CountDownLatch ready = new CountDownLatch(calls.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Outcome<T>>> futures = new ArrayList<>();
    for (Callable<T> call : calls) {
      futures.add(POOL.submit(() -> {
        ready.countDown();
        go.await();
        try {
          return new Outcome<>(call.call(), null);
        } catch (Exception e) {
          return new Outcome<T>(null, e);
        }
      }));
    }
    assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    List<Outcome<T>> outcomes = new ArrayList<>();
    for (Future<Outcome<T>> future : futures) {
      outcomes.add(future.get(60, TimeUnit.SECONDS));
    }
    return outcomes;
  }
}
