package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.ItsmProcessEnginePlugin;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Resolution;
import dev.itsm.bpmn.support.Fixtures;
import dev.itsm.bpmn.support.SwitchableDirectory;
import dev.itsm.testkit.TestClock;
import dev.itsm.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.ProcessEngineConfiguration;
import org.operaton.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * Attach mode: the host builds its own Operaton engine (its own pool, history level and settings)
 * and adds the ITSM plugin. The atomicity contract holds there too.
 */
class AttachModeTest extends AtomicityContract {
  private static final SwitchableDirectory DIRECTORY = new SwitchableDirectory(Fixtures.directory());
  private static TestDatabase database;
  private static HikariDataSource hostPool;
  private static ProcessEngine hostEngine;
  private static ItsmEngine itsm;
  private static final TestClock CLOCK = new TestClock();

  @BeforeAll
  static void hostBuildsItsEngine() {
    database = TestDatabase.create();
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(database.jdbcUrl());
    pool.setUsername(database.user());
    pool.setMaximumPoolSize(8);
    hostPool = new HikariDataSource(pool);

    StandaloneProcessEngineConfiguration host = new StandaloneProcessEngineConfiguration();
    host.setProcessEngineName("host-engine");
    host.setDataSource(hostPool);
    host.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
    host.setHistory(ProcessEngineConfiguration.HISTORY_AUDIT);
    host.setJobExecutorActivate(false);
    ItsmProcessEnginePlugin plugin = ItsmEngine.builder().clock(CLOCK)
        .plugin(context -> context.directory(DIRECTORY)).buildPlugin();
    host.getProcessEnginePlugins().add(plugin);
    hostEngine = host.buildProcessEngine();
    itsm = plugin.itsmEngine();
  }

  @AfterAll
  static void hostShutsDown() {
    itsm.close();
    hostEngine.close();
    hostPool.close();
    database.close();
  }

  @Test
  void theHostsEngineRunsIncidentsWithItsOwnSettings() {
    assertThat(itsm.processEngine()).isSameAs(hostEngine);
    assertThat(hostEngine.getProcessEngineConfiguration().getHistory()).isEqualTo("audit");
    IncidentTicket inc = openP1(itsm.incidents());
    inc = itsm.incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = itsm.incidents().acknowledge(AGENT, inc.ref());
    inc = itsm.incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "done"));
    assertThat(inc.state()).isEqualTo(IncidentState.RESOLVED);
    // history level "audit" keeps no variable updates, as the host chose
    assertThat(hostEngine.getHistoryService().createHistoricDetailQuery().count()).isZero();
  }

  @Test
  void standaloneSettingsAreRefusedInAttachMode() {
    assertThatThrownBy(() -> ItsmEngine.builder().historyLevel("full").jobExecutor(true).jobLockTime(Duration.ofSeconds(5)).buildPlugin())
        .isInstanceOf(ItsmConfigurationException.class).hasMessageContaining("historyLevel, jobExecutor, jobLockTime were set");
  }

  @Test
  void aPluginIsNotAnEngineBeforeTheHostBuiltIt() {
    ItsmProcessEnginePlugin unused = ItsmEngine.builder().buildPlugin();
    assertThatThrownBy(unused::itsmEngine).isInstanceOf(IllegalStateException.class);
  }

  @Override
  ItsmEngine engine() {
    return itsm;
  }

  @Override
  Connection connect() throws SQLException {
    return database.connect();
  }

  @Override
  SwitchableDirectory directory() {
    return DIRECTORY;
  }

  @Override
  void advanceClock(Duration duration) {
    CLOCK.advance(duration);
  }
}
