package dev.itsm.api;

import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.sla.SlaSettings;
import dev.itsm.internal.engine.Bootstrap;
import dev.itsm.internal.engine.EngineSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import dev.itsm.spi.ItsmPlugin;

/**
 * Configures an {@link ItsmEngine}. Every setting has a default; {@code ItsmEngine.builder().build()}
 * runs on an in-memory H2 database with the system clock and the job executor on.
 */
public final class ItsmEngineBuilder {
  private DataSource dataSource;
  private String jdbcUrl;
  private String jdbcUser;
  private String jdbcPassword;
  private Path h2File;
  private Clock clock = Clock.systemUTC();
  private String historyLevel;
  private Boolean jobExecutor;
  private String engineName;
  private final List<ItsmPlugin> plugins = new ArrayList<>();
  private boolean discoverPlugins = true;
  private SlaSettings sla = SlaSettings.defaults();
  private IncidentSettings incidents = IncidentSettings.defaults();
  private dev.itsm.api.change.ChangeSettings changes = dev.itsm.api.change.ChangeSettings.defaults();
  private dev.itsm.api.problem.ProblemSettings problems = dev.itsm.api.problem.ProblemSettings.defaults();
  private dev.itsm.api.release.ReleaseSettings releases = dev.itsm.api.release.ReleaseSettings.defaults();
  private Duration deliveryRetryInterval = Duration.ofSeconds(10);
  private int jdbcPoolSize = 20;
  private Duration cmdbGraphPollInterval = Duration.ofSeconds(2);
  private long cmdbGraphCacheLimit = -1;
  private io.micrometer.core.instrument.MeterRegistry meterRegistry;
  private Duration retention;
  private Duration jobLockTime;
  private java.time.LocalTime cleanupStart = java.time.LocalTime.of(1, 0);
  private java.time.LocalTime cleanupEnd = java.time.LocalTime.of(5, 0);

  ItsmEngineBuilder() {}

  /** Runs on the host's data source (H2 or PostgreSQL). Bring a pool larger than the job executor's threads plus your own. */
  public ItsmEngineBuilder dataSource(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    return this;
  }

  /** Runs on the database at the JDBC URL (H2 or PostgreSQL) with a pool of {@link #jdbcPoolSize} connections. */
  public ItsmEngineBuilder jdbcUrl(String url, String user, String password) {
    this.jdbcUrl = Objects.requireNonNull(url, "url");
    this.jdbcUser = user;
    this.jdbcPassword = password;
    return this;
  }

  /** Runs on an H2 database in the given file (created if missing), e.g. {@code data/itsm}. */
  public ItsmEngineBuilder h2File(Path file) {
    this.h2File = Objects.requireNonNull(file, "file");
    return this;
  }

  /** Connections of the pool made for {@link #jdbcUrl} and {@link #h2File}; default 20. */
  public ItsmEngineBuilder jdbcPoolSize(int size) {
    if (size < 2) {
      throw new IllegalArgumentException("jdbc pool size must be at least 2, but is " + size);
    }
    this.jdbcPoolSize = size;
    return this;
  }

  /**
   * The clock for SLA deadlines and timestamps. A clock other than the system clock also drives the
   * process engine's clock (which is global to the JVM): use one such engine per JVM at a time.
   */
  public ItsmEngineBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Operaton history level ({@code none}, {@code activity}, {@code audit}, {@code full}); default {@code full}. */
  public ItsmEngineBuilder historyLevel(String historyLevel) {
    this.historyLevel = Objects.requireNonNull(historyLevel, "historyLevel");
    return this;
  }

  /** Whether the job executor runs (fires timers); default {@code true}. Tests turn it off and fire jobs themselves. */
  public ItsmEngineBuilder jobExecutor(boolean activate) {
    this.jobExecutor = activate;
    return this;
  }

  /** Name of the process engine; default a unique name. */
  /**
   * How long a node's job executor holds a job it took (Operaton's lock time; default 5 minutes).
   * When a node dies, the other nodes take over its jobs, and the outbox entries it claimed for
   * delivery, after this long. Standalone mode only. See docs/operations.md, "Several nodes".
   */
  public ItsmEngineBuilder jobLockTime(Duration lockTime) {
    Objects.requireNonNull(lockTime, "jobLockTime");
    if (lockTime.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("job lock time must be at least one second, but is " + lockTime);
    }
    this.jobLockTime = lockTime;
    return this;
  }

  public ItsmEngineBuilder engineName(String engineName) {
    this.engineName = Objects.requireNonNull(engineName, "engineName");
    return this;
  }

  /** Adds a plugin; plugins run in the order added, after those found by the service loader. */
  public ItsmEngineBuilder plugin(ItsmPlugin plugin) {
    plugins.add(Objects.requireNonNull(plugin, "plugin"));
    return this;
  }

  /** Whether to load plugins (such as the shipped process pack) with the service loader; default {@code true}. */
  public ItsmEngineBuilder discoverPlugins(boolean discover) {
    this.discoverPlugins = discover;
    return this;
  }

  public ItsmEngineBuilder sla(SlaSettings sla) {
    this.sla = Objects.requireNonNull(sla, "sla");
    return this;
  }

  public ItsmEngineBuilder incidents(IncidentSettings incidents) {
    this.incidents = Objects.requireNonNull(incidents, "incidents");
    return this;
  }

  /** Change management settings (boards and their rules, standard change catalogue); {@link dev.itsm.api.change.ChangeSettings#defaults()} by default. */
  public ItsmEngineBuilder changes(dev.itsm.api.change.ChangeSettings changes) {
    this.changes = Objects.requireNonNull(changes, "changes");
    return this;
  }

  /**
   * Problem management and knowledge settings (problem managers, proactive detection, workaround offers,
   * knowledge reviewers); {@link dev.itsm.api.problem.ProblemSettings#defaults()} by default.
   */
  public ItsmEngineBuilder problems(dev.itsm.api.problem.ProblemSettings problems) {
    this.problems = Objects.requireNonNull(problems, "problems");
    return this;
  }

  /**
   * Release management settings (release managers, the CI version attribute, pipeline timeouts, early life
   * support); {@link dev.itsm.api.release.ReleaseSettings#defaults()} by default.
   */
  public ItsmEngineBuilder releases(dev.itsm.api.release.ReleaseSettings releases) {
    this.releases = Objects.requireNonNull(releases, "releases");
    return this;
  }

  /** How often undelivered events and notifications are retried at the earliest; default 10 s. */
  public ItsmEngineBuilder deliveryRetryInterval(Duration interval) {
    Objects.requireNonNull(interval, "deliveryRetryInterval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("delivery retry interval must be positive, but is " + interval);
    }
    this.deliveryRetryInterval = interval;
    return this;
  }

  /**
   * How often the engine reads the CMDB changes other engines on the same database made into its
   * cached relation graphs; default 2 s. An impact analysis walks every change committed on another
   * engine at least this long before it starts (changes made on this engine at once). Zero reads
   * them before every analysis. See docs/cmdb.md, "Caching and several nodes".
   */
  public ItsmEngineBuilder cmdbGraphPollInterval(Duration interval) {
    Objects.requireNonNull(interval, "cmdbGraphPollInterval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("CMDB graph poll interval must not be negative, but is " + interval);
    }
    this.cmdbGraphPollInterval = interval;
    return this;
  }

  /**
   * Heap the cached CMDB relation graphs of all tenants may take together, in bytes (estimated:
   * about 100 bytes an item plus 16 a relation); default a quarter of the maximum heap. A tenant
   * whose graph alone would not fit is analysed on the database. Zero turns the cache off.
   */
  public ItsmEngineBuilder cmdbGraphCacheLimit(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("CMDB graph cache limit must not be negative, but is " + bytes);
    }
    this.cmdbGraphCacheLimit = bytes;
    return this;
  }

  /**
   * Registers the engine's metrics (tickets opened and resolved, SLA warnings and breaches, due
   * jobs, outbox backlog and lag, CMDB impact analyses from the cache or the database) with the
   * host's Micrometer registry; see docs/operations.md. Without it the engine records no metrics.
   */
  public ItsmEngineBuilder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
    return this;
  }

  /**
   * Deletes closed and cancelled tickets (with their notes, audit trail, SLA clocks, fields) this
   * long after they closed, handing each to the plugin's {@link dev.itsm.spi.TicketArchiver} first
   * if there is one; and turns on Operaton's history cleanup, which removes process history after
   * the models' {@code historyTimeToLive}. Both run daily in the cleanup window. Default: keep
   * everything. See docs/operations.md, "History retention".
   *
   * @param closedTickets at least one day
   */
  public ItsmEngineBuilder retention(Duration closedTickets) {
    Objects.requireNonNull(closedTickets, "closedTickets");
    if (closedTickets.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("retention must be at least one day, but is " + closedTickets);
    }
    this.retention = closedTickets;
    return this;
  }

  /** The daily window (UTC) in which the retention and Operaton's history cleanup run; default 01:00-05:00. */
  public ItsmEngineBuilder cleanupWindow(java.time.LocalTime start, java.time.LocalTime end) {
    this.cleanupStart = Objects.requireNonNull(start, "start");
    this.cleanupEnd = Objects.requireNonNull(end, "end");
    if (start.equals(end)) {
      throw new IllegalArgumentException("cleanup window must not be empty, but starts and ends at " + start);
    }
    return this;
  }

  /**
   * Builds and starts the engine: migrates the ITSM tables, starts Operaton (creating its tables),
   * deploys the process models.
   *
   * @throws ItsmConfigurationException when the settings or a model are wrong
   */
  public ItsmEngine build() {
    int sources = (dataSource != null ? 1 : 0) + (jdbcUrl != null ? 1 : 0) + (h2File != null ? 1 : 0);
    if (sources > 1) {
      throw new ItsmConfigurationException("Expected at most one of dataSource, jdbcUrl and h2File, but " + sources + " were given");
    }
    return Bootstrap.standalone(settings());
  }

  /**
   * Builds the plugin for attach mode; see {@link ItsmProcessEnginePlugin}. Data source, history
   * level, job executor and engine name are the host engine's; setting them here is an error.
   */
  public ItsmProcessEnginePlugin buildPlugin() {
    List<String> standaloneOnly = new ArrayList<>();
    if (dataSource != null) standaloneOnly.add("dataSource");
    if (jdbcUrl != null) standaloneOnly.add("jdbcUrl");
    if (h2File != null) standaloneOnly.add("h2File");
    if (historyLevel != null) standaloneOnly.add("historyLevel");
    if (jobExecutor != null) standaloneOnly.add("jobExecutor");
    if (jobLockTime != null) standaloneOnly.add("jobLockTime");
    if (engineName != null) standaloneOnly.add("engineName");
    if (!standaloneOnly.isEmpty()) {
      throw new ItsmConfigurationException("Expected no standalone settings in attach mode (the host's engine decides them), but "
          + String.join(", ", standaloneOnly) + " were set");
    }
    return Bootstrap.plugin(settings());
  }

  private EngineSettings settings() {
    return new EngineSettings(dataSource, jdbcUrl, jdbcUser, jdbcPassword, h2File, jdbcPoolSize, clock,
        historyLevel == null ? "full" : historyLevel, jobExecutor == null || jobExecutor, engineName,
        List.copyOf(plugins), discoverPlugins, sla, incidents, changes, problems, releases, deliveryRetryInterval, cmdbGraphPollInterval,
        cmdbGraphCacheLimit, meterRegistry, retention, cleanupStart, cleanupEnd, jobLockTime);
  }
}
