package dev.itsm.internal.engine;

import dev.itsm.api.Actor;
import dev.itsm.api.Health;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.internal.cmdb.GraphCache;
import dev.itsm.internal.persistence.OutboxMapper;
import dev.itsm.internal.persistence.OutboxRow;
import dev.itsm.internal.tx.Tx;
import dev.itsm.spi.ItsmEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.operaton.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's metrics and health. Counters follow the domain events (delivered at least once after
 * commit, so a redelivered event counts again); gauges read the database when the registry asks,
 * at most once per {@link #GAUGE_TTL} for all of them together.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code itsm.tickets.opened}, {@code itsm.tickets.resolved}</td><td>counters, tag {@code type}</td></tr>
 *   <tr><td>{@code itsm.sla.warnings}, {@code itsm.sla.breaches}</td><td>counters, tags {@code agreement}, {@code clock}</td></tr>
 *   <tr><td>{@code itsm.jobs.due}</td><td>gauge: engine jobs due and executable now (SLA thresholds, timers)</td></tr>
 *   <tr><td>{@code itsm.outbox.pending}, {@code itsm.outbox.dead}</td><td>gauges: events and notifications waiting, given up</td></tr>
 *   <tr><td>{@code itsm.outbox.lag}</td><td>gauge, seconds: age of the oldest pending entry</td></tr>
 *   <tr><td>{@code itsm.cmdb.impact.analyses}</td><td>function counter, tag {@code source} = {@code cache} or {@code database}</td></tr>
 * </table>
 */
final class EngineMetrics implements ItsmEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(EngineMetrics.class);
  /** How long the database-backed gauge figures are reused. */
  static final Duration GAUGE_TTL = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final Clock clock;
  private volatile Tx tx;
  private volatile ProcessEngine engine;
  private volatile Figures figures;

  /** What the database said at one moment. */
  private record Figures(long readAt, long dueJobs, long pending, long dead, double lagSeconds) {}

  EngineMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Binds the gauges once the engine's services exist. */
  void bind(Tx tx, ProcessEngine engine, GraphCache graphs) {
    this.tx = tx;
    this.engine = engine;
    if (registry == null) {
      return;
    }
    Gauge.builder("itsm.jobs.due", this, m -> m.figures().dueJobs()).description("engine jobs due and executable now")
        .register(registry);
    Gauge.builder("itsm.outbox.pending", this, m -> m.figures().pending())
        .description("events and notifications waiting for delivery").register(registry);
    Gauge.builder("itsm.outbox.dead", this, m -> m.figures().dead())
        .description("events and notifications given up after their attempts").register(registry);
    Gauge.builder("itsm.outbox.lag", this, m -> m.figures().lagSeconds()).baseUnit("seconds")
        .description("age of the oldest pending outbox entry").register(registry);
    FunctionCounter.builder("itsm.cmdb.impact.analyses", graphs, GraphCache::analysesFromCache).tag("source", "cache")
        .description("CMDB impact analyses").register(registry);
    FunctionCounter.builder("itsm.cmdb.impact.analyses", graphs, GraphCache::analysesFromDatabase)
        .tag("source", "database").description("CMDB impact analyses").register(registry);
  }

  @Override
  public void onEvent(DomainEvent event) {
    if (registry == null) {
      return;
    }
    String type = event.ticketType() == null ? "none" : event.ticketType().name().toLowerCase();
    switch (event.type()) {
      case EventTypes.INCIDENT_OPENED -> counter("itsm.tickets.opened", "tickets opened", "type", type).increment();
      case EventTypes.INCIDENT_RESOLVED -> counter("itsm.tickets.resolved", "tickets resolved", "type", type).increment();
      case EventTypes.SLA_WARNING -> sla("itsm.sla.warnings", "SLA thresholds below 100 % reached", event);
      case EventTypes.SLA_BREACHED -> {
        if (Integer.valueOf(100).equals(event.data().get("percent")) || !event.data().containsKey("percent")) {
          sla("itsm.sla.breaches", "SLA targets missed", event);
        }
      }
      default -> { }
    }
  }

  private void sla(String name, String description, DomainEvent event) {
    counter(name, description, "agreement", String.valueOf(event.data().getOrDefault("agreement", "SLA")),
        "clock", String.valueOf(event.data().get("kind"))).increment();
  }

  private Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  /** The engine's health now. */
  Health health() {
    Map<String, Map<String, Object>> checks = new LinkedHashMap<>();
    Figures f;
    long started = System.nanoTime();
    try {
      f = read();
      checks.put("database", Map.of("status", "UP", "roundTripMillis", (System.nanoTime() - started) / 1_000_000));
    } catch (RuntimeException e) {
      checks.put("database", Map.of("status", "DOWN", "error", String.valueOf(e.getMessage())));
      return new Health(Health.Status.DOWN, checks);
    }
    boolean executor = engine.getProcessEngineConfiguration() instanceof org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl c
        && c.getJobExecutor() != null && c.getJobExecutor().isActive();
    long failed = engine.getManagementService().createJobQuery().noRetriesLeft().count();
    checks.put("jobExecutor", Map.of("active", executor, "dueJobs", f.dueJobs(), "failedJobs", failed));
    checks.put("outbox", Map.of("pending", f.pending(), "dead", f.dead(), "lagSeconds", f.lagSeconds()));
    boolean degraded = f.dead() > 0 || failed > 0 || (!executor && f.dueJobs() > 0);
    return new Health(degraded ? Health.Status.DEGRADED : Health.Status.UP, checks);
  }

  private Figures figures() {
    Figures f = figures;
    if (f == null || System.nanoTime() - f.readAt() > GAUGE_TTL.toNanos()) {
      try {
        f = read();
      } catch (RuntimeException e) {
        LOG.warn("Could not read the ITSM engine's gauges: {}", e.getMessage());
        return f == null ? new Figures(System.nanoTime(), 0, 0, 0, 0) : f;
      }
    }
    return f;
  }

  private Figures read() {
    long due = engine.getManagementService().createJobQuery().executable().count();
    Figures f = tx.execute(Actor.system(), s -> {
      OutboxMapper outbox = s.mapper(OutboxMapper.class);
      Instant oldest = outbox.oldestPending();
      double lag = oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
      return new Figures(System.nanoTime(), due, outbox.countByStatus(OutboxRow.PENDING),
          outbox.countByStatus(OutboxRow.DEAD), lag);
    });
    figures = f;
    return f;
  }
}
