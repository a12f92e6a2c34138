package dev.itsm.bpmn.incident;

import static dev.itsm.api.process.IncidentProcess.*;
import static dev.itsm.bpmn.support.Fixtures.*;
import static dev.itsm.testkit.ItsmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.itsm.api.Actor;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.testkit.TestClock;
import dev.itsm.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.util.ClockUtil;

/**
 * The bootstrap paths the test kit does not take (it always passes a JDBC URL): no settings at all,
 * an H2 file that outlives the engine, and a host's own data source. Each test closes its engines,
 * which puts the JVM-global process engine clock back as the test kit does.
 */
class EngineBootstrapTest {

  @AfterEach
  void processClockIsTheSystemClockAgain() {
    // every engine here was closed: none may leave the JVM-global clock pointing at a test clock
    assertThat(Math.abs(ClockUtil.getCurrentTime().getTime() - System.currentTimeMillis())).isLessThan(60_000);
  }

  @Test
  void anEngineWithNoSettingsRunsTheReadmeExampleOnInMemoryH2() throws Exception {
    // given
    try (ItsmEngine itsm = ItsmEngine.builder().build()) {
      Actor caller = Actor.caller("bob");
      Actor agent = Actor.agent("alice", "network-ops");
      IncidentService incidents = itsm.incidents();
      assertThat(jdbcUrl(itsm)).startsWith("jdbc:h2:mem:");

      // when
      IncidentTicket inc = incidents.open(caller, NewIncident.builder("VPN down").category("network")
          .impact(Impact.HIGH).urgency(Urgency.HIGH).build());
      inc = incidents.assign(agent, inc.ref(), Assignment.toAgent("alice"));
      inc = incidents.acknowledge(agent, inc.ref());
      inc = incidents.resolve(agent, inc.ref(), Resolution.of("FIXED", "Restarted the gateway"));

      // then
      assertThat(inc).hasState(IncidentState.RESOLVED).isAssignedTo("alice").hasGroup("network-ops");
      assertThat(inc.number()).isEqualTo("INC-000001");
      SlaStatus resolution = itsm.sla().status(agent, inc.id(), SlaKind.RESOLUTION);
      assertThat(resolution).hasState(SlaState.MET).isNotBreached().hasTarget(Duration.ofHours(4));
      assertThat(resolution.remaining()).isPositive();
      assertThat(itsm.sla().status(agent, inc.id(), SlaKind.RESPONSE)).hasState(SlaState.MET);
      assertThat(itsm.clock().instant()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
          1, java.time.temporal.ChronoUnit.MINUTES));
    }
  }

  @Test
  void twoEnginesWithNoSettingsGetADatabaseEachAndCloseItWithThem() {
    // given
    IncidentTicket first;
    try (ItsmEngine one = ItsmEngine.builder().jobExecutor(false).build();
         ItsmEngine two = ItsmEngine.builder().jobExecutor(false).build()) {
      // when
      first = openP1(one.incidents());
      IncidentTicket second = openP1(two.incidents());

      // then
      assertThat(first.number()).isEqualTo("INC-000001");
      assertThat(second.number()).isEqualTo("INC-000001");
      assertThat(one.incidents().query(MANAGER, dev.itsm.api.incident.IncidentQuery.builder().build()).items())
          .extracting(IncidentTicket::id).containsExactly(first.id());
    }
    // a new default engine starts empty again
    try (ItsmEngine again = ItsmEngine.builder().jobExecutor(false).build()) {
      assertThat(openP1(again.incidents()).number()).isEqualTo("INC-000001");
    }
  }

  @Test
  void anH2FileKeepsIncidentsTimersAndNumbersAcrossARestart(@TempDir Path dir) throws Exception {
    // given
    Path file = dir.resolve("itsm");
    TestClock clock = new TestClock();
    IncidentTicket inc;
    Map<String, Instant> timersBefore;
    try (ItsmEngine itsm = ItsmEngine.builder().h2File(file).clock(clock).jobExecutor(false).plugin(DIRECTORY).build()) {
      assertThat(jdbcUrl(itsm)).startsWith("jdbc:h2:file:");
      openP1(itsm.incidents());
      inc = openP1(itsm.incidents());
      inc = itsm.incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
      timersBefore = timers(itsm, inc.processInstanceId());
    }
    assertThat(inc.number()).isEqualTo("INC-000002");
    assertThat(timersBefore).containsKey(TIMER_ACCEPTANCE);
    assertThat(timersBefore.keySet()).filteredOn(k -> k.startsWith("sla:")).hasSize(2);   // response and resolution
    assertThat(dir.toFile().list()).anyMatch(name -> name.startsWith("itsm"));

    // when
    try (ItsmEngine itsm = ItsmEngine.builder().h2File(file).clock(clock).jobExecutor(false).plugin(DIRECTORY).build()) {
      // then
      IncidentTicket stored = itsm.incidents().get(AGENT, inc.id());
      assertThat(stored).isEqualTo(inc);
      assertThat(itsm.incidents().getByNumber(AGENT, "INC-000002").id()).isEqualTo(inc.id());
      assertThat(timers(itsm, inc.processInstanceId())).isEqualTo(timersBefore);
      IncidentTicket next = openP1(itsm.incidents());
      assertThat(next.number()).isEqualTo("INC-000003");
      // the restored process carries on
      IncidentTicket acknowledged = itsm.incidents().acknowledge(AGENT, stored.ref());
      assertThat(acknowledged).hasState(IncidentState.ACKNOWLEDGED);
    }
  }

  @Test
  void aHostDataSourceIsUsedAndLeftOpenOnClose() throws Exception {
    // given
    try (TestDatabase database = TestDatabase.create();
         HikariDataSource dataSource = pool(database)) {
      IncidentTicket inc;
      try (ItsmEngine itsm = ItsmEngine.builder().dataSource(dataSource).jobExecutor(false).plugin(DIRECTORY).build()) {
        assertThat(((ProcessEngineConfigurationImpl) itsm.processEngine().getProcessEngineConfiguration()).getDataSource())
            .isSameAs(dataSource);

        // when
        inc = openP1(itsm.incidents());
        inc = itsm.incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
        inc = itsm.incidents().acknowledge(AGENT, inc.ref());
        assertThat(inc).hasState(IncidentState.ACKNOWLEDGED);
      }

      // then: the host's pool is still open and holds what the engine committed
      assertThat(dataSource.isClosed()).isFalse();
      try (Connection connection = dataSource.getConnection()) {
        assertThat(count(connection, "SELECT COUNT(*) FROM itsm_ticket WHERE number = ?", inc.number())).isEqualTo(1);
        assertThat(count(connection, "SELECT COUNT(*) FROM act_ru_task WHERE proc_inst_id_ = ?", inc.processInstanceId()))
            .isEqualTo(1);
      }
      // and an engine built on it again finds the incident
      try (ItsmEngine itsm = ItsmEngine.builder().dataSource(dataSource).jobExecutor(false).plugin(DIRECTORY).build()) {
        assertThat(itsm.incidents().get(AGENT, inc.id())).hasState(IncidentState.ACKNOWLEDGED);
      }
    }
  }

  @Test
  void moreThanOneDataSourceSettingIsAConfigurationError(@TempDir Path dir) {
    // given
    DataSource dataSource = new org.h2.jdbcx.JdbcDataSource();

    // when / then
    assertThatThrownBy(() -> ItsmEngine.builder().dataSource(dataSource).h2File(dir.resolve("x")).build())
        .isInstanceOf(ItsmConfigurationException.class).hasMessageContaining("dataSource").hasMessageContaining("h2File");
    assertThatThrownBy(() -> ItsmEngine.builder().jdbcUrl("jdbc:h2:mem:x", "sa", "").h2File(dir.resolve("x")).build())
        .isInstanceOf(ItsmConfigurationException.class).hasMessageContaining("jdbcUrl");
    assertThatThrownBy(() -> ItsmEngine.builder().jdbcUrl("jdbc:mysql://localhost/itsm", "u", "p").build())
        .isInstanceOf(ItsmConfigurationException.class).hasMessageContaining("jdbc:mysql");
  }

  private static HikariDataSource pool(TestDatabase database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    config.setPassword(database.isPostgres() ? null : "");
    config.setMaximumPoolSize(8);
    return new HikariDataSource(config);
  }

  private static String jdbcUrl(ItsmEngine itsm) throws Exception {
    DataSource dataSource = ((ProcessEngineConfigurationImpl) itsm.processEngine().getProcessEngineConfiguration()).getDataSource();
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getURL();
    }
  }

  private static Map<String, Instant> timers(ItsmEngine itsm, String processInstanceId) {
    var management = itsm.processEngine().getManagementService();
    Map<String, Instant> timers = new java.util.TreeMap<>();
    management.createJobQuery().processInstanceId(processInstanceId).timers().list().forEach(job -> timers.put(
        job.getJobDefinitionId() == null
            ? "sla:" + ((org.operaton.bpm.engine.impl.persistence.entity.JobEntity) job).getJobHandlerConfigurationRaw()
            : management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult().getActivityId(),
        job.getDuedate().toInstant()));
    return timers;
  }
}
