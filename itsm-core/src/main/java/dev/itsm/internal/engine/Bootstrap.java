package dev.itsm.internal.engine;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.ItsmException;
import dev.itsm.api.ItsmProcessEnginePlugin;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.operaton.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.operaton.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a standalone engine (own process engine and pool) or the plugin for attach mode. */
public final class Bootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
  /**
   * Settings of the H2 databases the engine makes: wait up to 10 s for a row lock; keep parsed
   * statements of 128 distinct queries per connection (the default 8 is far fewer than the engine uses).
   */
  public static final String H2_OPTIONS = ";LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128";

  private Bootstrap() {}

  public static ItsmProcessEnginePlugin plugin(EngineSettings settings) {
    return new ItsmEnginePluginImpl(settings, false, null);
  }

  public static ItsmEngine standalone(EngineSettings settings) {
    String name = settings.engineName() != null ? settings.engineName() : "itsm-" + UUID.randomUUID();
    DataSource dataSource;
    Runnable cleanup;
    if (settings.dataSource() != null) {
      dataSource = settings.dataSource();
      cleanup = () -> { };
    } else {
      String url;
      if (settings.jdbcUrl() != null) {
        url = settings.jdbcUrl();
      } else if (settings.h2File() != null) {
        url = "jdbc:h2:file:" + settings.h2File().toAbsolutePath() + H2_OPTIONS;
      } else {
        url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS;
      }
      HikariConfig hikari = new HikariConfig();
      hikari.setPoolName(name);
      hikari.setDriverClassName(driverFor(url));
      hikari.setJdbcUrl(url);
      hikari.setUsername(settings.jdbcUser());
      hikari.setPassword(settings.jdbcPassword());
      hikari.setMaximumPoolSize(settings.jdbcPoolSize());
      hikari.setAutoCommit(true);
      HikariDataSource pool = new HikariDataSource(hikari);
      dataSource = pool;
      boolean inMemory = settings.jdbcUrl() == null && settings.h2File() == null;
      cleanup = () -> {
        if (inMemory) {
          shutdownH2(pool);
        }
        pool.close();
      };
    }

    StandaloneProcessEngineConfiguration cfg = new StandaloneProcessEngineConfiguration();
    cfg.setProcessEngineName(name);
    cfg.setDataSource(dataSource);
    cfg.setDatabaseSchemaUpdate("true");
    cfg.setHistory(settings.historyLevel());
    cfg.setIdGenerator(new StrongUuidGenerator());
    JobAcquisition.configure(cfg);
    // started below, once the ITSM services exist: a timer must never fire before they do
    cfg.setJobExecutorActivate(false);
    if (settings.jobLockTime() != null) {
      org.operaton.bpm.engine.impl.jobexecutor.DefaultJobExecutor executor =
          new org.operaton.bpm.engine.impl.jobexecutor.DefaultJobExecutor();
      executor.setLockTimeInMillis((int) settings.jobLockTime().toMillis());
      cfg.setJobExecutor(executor);
    }
    cfg.setMetricsEnabled(false);
    cfg.setTaskMetricsEnabled(false);
    // typed ITSM errors are outcomes, not engine failures; Tx logs the unexpected ones
    cfg.setEnableCmdExceptionLogging(false);
    ItsmEnginePluginImpl plugin = new ItsmEnginePluginImpl(settings, true, cleanup);
    cfg.getProcessEnginePlugins().add(plugin);
    try (StartLock ignored = StartLock.acquire(dataSource)) {
      cfg.buildProcessEngine();
    } catch (ItsmException e) {
      cleanup.run();
      throw e;
    } catch (RuntimeException e) {
      cleanup.run();
      throw new ItsmConfigurationException("Expected the process engine to start, but it failed: " + e.getMessage(), e);
    }
    if (settings.jobExecutor()) {
      cfg.getJobExecutor().start();
    }
    return plugin.itsmEngine();
  }

  private static String driverFor(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return "org.h2.Driver";
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return "org.postgresql.Driver";
    }
    throw new ItsmConfigurationException("Expected a JDBC URL of H2 (jdbc:h2:) or PostgreSQL (jdbc:postgresql:), but got " + url);
  }

  private static void shutdownH2(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      LOG.debug("Could not shut the in-memory database down", e);
    }
  }
}
