package dev.itsm.testkit;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.ItsmEngineBuilder;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.internal.engine.DefaultItsmEngine;
import dev.itsm.spi.NotificationSender;
import dev.itsm.spi.RecordingNotificationSender;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.operaton.bpm.engine.ManagementService;
import org.operaton.bpm.engine.management.JobDefinition;
import org.operaton.bpm.engine.runtime.Job;

/**
 * JUnit 5 extension that runs an ITSM engine for tests: a fresh database (in-memory H2, or
 * PostgreSQL with {@code -Ditsm.test.db=postgresql}), a {@link TestClock} that drives SLA deadlines
 * and the process engine's timers, no job executor (tests fire due timers with
 * {@link #fireDueTimers()}), and a record of delivered events and notifications.
 *
 * <pre>{@code
 * @RegisterExtension
 * static ItsmExtension itsm = ItsmExtension.create(builder -> builder.plugin(new MyPlugin()));
 *
 * @Test
 * void breachesAfterFourHours() {
 *   IncidentTicket inc = itsm.engine().incidents().open(caller, ...);
 *   itsm.clock().advance(Duration.ofHours(4));
 *   itsm.fireDueTimers();
 *   assertThat(itsm.engine().sla().status(agent, inc.id(), SlaKind.RESOLUTION)).isBreached();
 * }
 * }</pre>
 *
 * Registered on a static field the engine lives for the test class; on an instance field, for each
 * test. Test classes using it must not run in parallel in one JVM (the process engine's clock is
 * global to the JVM).
 */
public final class ItsmExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, ParameterResolver {
  private final Consumer<ItsmEngineBuilder> configuration;
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private TestDatabase database;
  private TestClock clock;
  private ItsmEngine engine;
  private boolean perClass;

  private ItsmExtension(Consumer<ItsmEngineBuilder> configuration) {
    this.configuration = configuration;
  }

  /** An engine with the default settings. */
  public static ItsmExtension create() {
    return new ItsmExtension(builder -> { });
  }

  /** An engine configured further by the test (plugins, SLA settings...). */
  public static ItsmExtension create(Consumer<ItsmEngineBuilder> configuration) {
    return new ItsmExtension(configuration);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (engine == null) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start() {
    database = TestDatabase.create();
    clock = new TestClock();
    engine = build();
  }

  private ItsmEngine build() {
    ItsmEngineBuilder builder = ItsmEngine.builder()
        .jdbcUrl(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .clock(clock)
        .jobExecutor(false)
        .plugin(context -> context.eventListener(events::add));
    configuration.accept(builder);
    return builder.build();
  }

  private void stop() {
    try {
      if (engine != null) {
        engine.close();
      }
    } finally {
      engine = null;
      if (database != null) {
        database.close();
        database = null;
      }
    }
  }

  /** Closes the engine and builds a new one on the same database and clock, as after a restart. */
  public ItsmEngine restart() {
    engine.close();
    engine = build();
    return engine;
  }

  /** Builds an engine on the same database and clock with different settings (the current one is closed). */
  public ItsmEngine restart(Consumer<ItsmEngineBuilder> differentConfiguration) {
    engine.close();
    ItsmEngineBuilder builder = ItsmEngine.builder()
        .jdbcUrl(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .clock(clock)
        .jobExecutor(false)
        .plugin(context -> context.eventListener(events::add));
    differentConfiguration.accept(builder);
    engine = builder.build();
    return engine;
  }

  public ItsmEngine engine() {
    return engine;
  }

  public TestClock clock() {
    return clock;
  }

  public TestDatabase database() {
    return database;
  }

  /**
   * Executes every timer job that is due at the clock's current time, earliest first, until none is
   * left (a fired timer may arm another that is already due). Returns how many ran. A job that fails
   * throws, as it would have failed in the job executor.
   */
  public int fireDueTimers() {
    return fireDueTimers(null);
  }

  /**
   * Like {@link #fireDueTimers()}, but only the timers of one process instance (e.g. an incident's
   * {@code processInstanceId()}), so other tests' tickets in the same engine stay as they are.
   */
  public int fireDueTimers(String processInstanceId) {
    ManagementService management = engine.processEngine().getManagementService();
    int fired = 0;
    while (true) {
      var query = management.createJobQuery().timers().executable();
      if (processInstanceId != null) {
        query = query.processInstanceId(processInstanceId);
      }
      List<Job> due = query.orderByJobDuedate().asc().listPage(0, 100);
      if (due.isEmpty()) {
        return fired;
      }
      for (Job job : due) {
        management.executeJob(job.getId());
        fired++;
      }
      if (fired > 100_000) {
        throw new IllegalStateException("timers keep firing; a model re-arms a timer that is always due");
      }
    }
  }

  /**
   * The armed timers of a process instance: due date by timer id. Timers of the model are keyed by
   * their activity id ({@code timer_acceptance}); SLA clocks' threshold timers by {@code sla:} and
   * the clock's key as {@link dev.itsm.api.sla.SlaService#explain} takes it ({@code sla:RESOLUTION},
   * {@code sla:OLA/network-ops/RESOLUTION}).
   */
  public Map<String, Instant> timers(String processInstanceId) {
    ManagementService management = engine.processEngine().getManagementService();
    Map<String, Instant> timers = new LinkedHashMap<>();
    for (Job job : management.createJobQuery().processInstanceId(processInstanceId).timers().orderByJobDuedate().asc().list()) {
      Date due = job.getDuedate();
      String key;
      if (job.getJobDefinitionId() == null && job instanceof org.operaton.bpm.engine.impl.persistence.entity.JobEntity entity
          && dev.itsm.internal.sla.SlaTimers.JOB_TYPE.equals(entity.getJobHandlerType())) {
        key = "sla:" + slaClockKey(entity.getJobHandlerConfigurationRaw().split("\\|")[1]);
      } else {
        key = management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult().getActivityId();
      }
      timers.put(key, due == null ? null : due.toInstant());
    }
    return timers;
  }

  private String slaClockKey(String clockId) {
    javax.sql.DataSource dataSource = ((org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
        engine.processEngine().getProcessEngineConfiguration()).getDataSource();
    try (java.sql.Connection c = dataSource.getConnection();
         java.sql.PreparedStatement p = c.prepareStatement("SELECT agreement, party, kind FROM itsm_sla_clock WHERE id = ?")) {
      p.setObject(1, java.util.UUID.fromString(clockId));
      try (java.sql.ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return clockId;
        }
        return "SLA".equals(rs.getString(1)) ? rs.getString(3) : rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until events and notifications committed so far were delivered. */
  public void awaitDeliveries() {
    if (!engine.awaitDeliveries(Duration.ofSeconds(30))) {
      throw new IllegalStateException("deliveries did not finish within 30 s");
    }
  }

  /** Events delivered so far about one ticket, in delivery order (waits for pending deliveries first). */
  public List<DomainEvent> events(UUID ticketId) {
    awaitDeliveries();
    return events.stream().filter(e -> ticketId.equals(e.ticketId())).toList();
  }

  /** Every event delivered so far (waits for pending deliveries first). */
  public List<DomainEvent> events() {
    awaitDeliveries();
    return List.copyOf(events);
  }

  /** The recording notification sender (unless the test configured another sender). */
  public RecordingNotificationSender notifications() {
    awaitDeliveries();
    NotificationSender sender = ((DefaultItsmEngine) engine).runtime().notificationSender();
    if (sender instanceof RecordingNotificationSender recording) {
      return recording;
    }
    throw new IllegalStateException("the engine uses another notification sender: " + sender.getClass().getName());
  }

  /** Retries deliveries that failed and are due again at the clock's time; returns how many were tried. */
  public int redeliverDue() {
    return ((DefaultItsmEngine) engine).runtime().delivery().pollNow();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ItsmEngine.class || type == TestClock.class || type == ItsmExtension.class || type == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == ItsmEngine.class) return engine;
    if (type == TestClock.class) return clock;
    if (type == TestDatabase.class) return database;
    return this;
  }
}
