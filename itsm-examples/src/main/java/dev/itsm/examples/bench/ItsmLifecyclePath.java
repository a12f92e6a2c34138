package dev.itsm.examples.bench;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.ItsmEngineBuilder;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.process.IncidentProcess;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.operaton.bpm.engine.ProcessEngine;

/**
 * The lifecycle through the ITSM API: {@code open} (caller), {@code assign} and {@code acknowledge}
 * and {@code resolve} (the agent), {@code close} (the caller confirms). Every call is one engine
 * command that writes the ITSM rows (ticket, SLA clocks, audit, outbox) and the engine's state in one
 * transaction; after each commit the engine's delivery thread delivers the outbox entries and marks
 * them delivered in a second transaction, which {@link #drain()} waits for.
 *
 * <p>Events go to a counting listener and notifications to a counting sender, so delivery is
 * measured without the default recording sender keeping every notification in memory.
 */
final class ItsmLifecyclePath implements LifecyclePath {
  private static final Actor CALLER = Actor.caller("bob");
  private static final Actor AGENT = Actor.agent("alice", "network-ops");
  private static final Actor ADMIN = Actor.admin("bench-admin");

  private final ItsmEngine itsm;
  private final LongAdder delivered = new LongAdder();

  ItsmLifecyclePath(BenchDatabase database, String historyLevel) {
    this(ItsmEngine.builder()
        .dataSource(database.dataSource())
        .historyLevel(historyLevel)
        .jobExecutor(false));
  }

  /**
   * On an engine built from {@code builder} (its data source, clock and job executor as the caller
   * set them), with the counting listener and sender added; {@link ClusterBenchNode} builds its
   * engines this way. The listener counts every event but problem detection's (which runs with every
   * open, and proposes a problem once incidents of the category repeat).
   */
  ItsmLifecyclePath(ItsmEngineBuilder builder) {
    this.itsm = builder
        .plugin(context -> {
          context.eventListener(event -> {
            if (!event.type().startsWith("problem.")) {
              delivered.increment();
            }
          });
          context.notificationSender(notification -> delivered.increment());
        })
        .build();
  }

  /** The ITSM engine underneath. */
  ItsmEngine engine() {
    return itsm;
  }

  /** Events (but problem detection's) and notifications delivered so far (each listener call and each send counts once). */
  long delivered() {
    return delivered.sum();
  }

  @Override
  public String name() {
    return "ITSM";
  }

  @Override
  public ProcessEngine processEngine() {
    return itsm.processEngine();
  }

  @Override
  public void lifecycle(int i, StepProbe probe) {
    BenchInput input = BenchInput.of(i);
    IncidentTicket ticket = itsm.incidents().open(CALLER, NewIncident.builder("Benchmark incident " + i)
        .category("network").impact(input.impact()).urgency(input.urgency()).build());
    String pid = ticket.processInstanceId();
    probe.after("open", pid);
    ticket = itsm.incidents().assign(AGENT, ticket.ref(), Assignment.toAgent("alice"));
    probe.after("assign", pid);
    ticket = itsm.incidents().acknowledge(AGENT, ticket.ref());
    probe.after("acknowledge", pid);
    ticket = itsm.incidents().resolve(AGENT, ticket.ref(), Resolution.of("FIXED", "Restarted the gateway"));
    probe.after("resolve", pid);
    ticket = itsm.incidents().close(CALLER, ticket.ref());
    probe.after("close", pid);
    if (ticket.state() != IncidentState.CLOSED) {
      throw new IllegalStateException("Expected incident " + ticket.number() + " to be CLOSED, but it is " + ticket.state());
    }
  }

  @Override
  public void drain() {
    if (!itsm.awaitDeliveries(Duration.ofMinutes(10))) {
      throw new IllegalStateException("Expected the outbox deliveries to finish within 10 minutes, but they did not");
    }
  }

  @Override
  public Completion completion() {
    drain();
    var history = itsm.processEngine().getHistoryService();
    long completed = history.createHistoricProcessInstanceQuery().processDefinitionKey(IncidentProcess.PROCESS_KEY)
        .completed().count();
    long running = itsm.processEngine().getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(IncidentProcess.PROCESS_KEY).count();
    long closed = itsm.incidents().query(ADMIN, IncidentQuery.builder().state(IncidentState.CLOSED).page(0, 1).build())
        .total();
    long decisions = history.createHistoricDecisionInstanceQuery().count();
    return new Completion(completed, running, closed, decisions, delivered.sum());
  }

  @Override
  public void close() {
    itsm.close();
  }
}
