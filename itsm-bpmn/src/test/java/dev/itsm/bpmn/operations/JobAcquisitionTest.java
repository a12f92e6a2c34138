package dev.itsm.bpmn.operations;

import static dev.itsm.bpmn.support.Fixtures.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.testkit.TestClock;
import dev.itsm.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.runtime.Job;

/**
 * The job table of an ITSM database is mostly SLA timers due later: the engine acquires due jobs in
 * due-date order over an index on the due date (docs/operations.md, "Job executor"), on H2 and on
 * PostgreSQL.
 */
class JobAcquisitionTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void theEngineAcquiresByDueDateOverAnIndexOnIt() throws Exception {
    try (TestDatabase database = TestDatabase.create(); ItsmEngine itsm = engine(database, new TestClock(T0, ZoneOffset.UTC))) {
      ProcessEngineConfigurationImpl cfg = configuration(itsm);
      assertThat(cfg.isJobExecutorAcquireByDueDate()).as("acquire by due date").isTrue();
      assertThat(cfg.isEnsureJobDueDateNotNull()).as("due dates never null").isTrue();
      assertThat(indexedColumns(database, "itsm_ix_act_ru_job_due")).containsExactly("DUEDATE_");
      assertThat(indexedColumns(database, "itsm_ix_act_ru_job_lock")).containsExactly("LOCK_EXP_TIME_");

      if (database.isPostgres()) {
        // with many timers due later, the acquisition's query walks the index, not the table
        for (int i = 0; i < 200; i++) {
          itsm.incidents().open(CALLER, NewIncident.builder("Printer " + i).category("hardware").build());
        }
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
          s.execute("ANALYZE act_ru_job");
        }
        // (both the due jobs and the test for an exclusive job of the same instance in progress)
        assertThat(acquisitionPlan(database, T0)).contains("itsm_ix_act_ru_job_due", "itsm_ix_act_ru_job_lock")
            .doesNotContain("Seq Scan on act_ru_job");
      }
    }
  }

  @Test
  void jobsAnEarlierEngineLeftWithoutADueDateGetOneAtStartAndAreAcquired() throws Exception {
    TestClock clock = new TestClock(T0, ZoneOffset.UTC);
    try (TestDatabase database = TestDatabase.create()) {
      String jobId;
      try (ItsmEngine itsm = engine(database, clock)) {
        itsm.incidents().open(CALLER, NewIncident.builder("VPN down").category("network").build());
        Job job = itsm.processEngine().getManagementService().createJobQuery().orderByJobDuedate().asc().list().get(0);
        jobId = job.getId();
      }
      // as an engine without ensureJobDueDateNotNull writes an asynchronous continuation
      try (Connection c = database.connect(); PreparedStatement p = c.prepareStatement(
          "UPDATE act_ru_job SET duedate_ = NULL WHERE id_ = ?")) {
        p.setString(1, jobId);
        assertThat(p.executeUpdate()).isOne();
      }
      clock.advance(Duration.ofMinutes(5));

      try (ItsmEngine itsm = engine(database, clock)) {
        Job job = itsm.processEngine().getManagementService().createJobQuery().jobId(jobId).singleResult();
        assertThat(job.getDuedate()).isEqualTo(Date.from(clock.instant()));
        assertThat(itsm.processEngine().getManagementService().createJobQuery().executable().list())
            .extracting(Job::getId).contains(jobId);
      }
    }
  }

  private static ItsmEngine engine(TestDatabase database, TestClock clock) {
    return ItsmEngine.builder().jdbcUrl(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .clock(clock).jobExecutor(false).build();
  }

  private static ProcessEngineConfigurationImpl configuration(ItsmEngine itsm) {
    return (ProcessEngineConfigurationImpl) itsm.processEngine().getProcessEngineConfiguration();
  }

  /** The columns of an index, by name, as the database's metadata lists them (upper case). */
  private static List<String> indexedColumns(TestDatabase database, String index) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c = database.connect()) {
      String table = database.isPostgres() ? "act_ru_job" : "ACT_RU_JOB";
      try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
        while (rs.next()) {
          if (index.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
            columns.add(rs.getString("COLUMN_NAME").toUpperCase(Locale.ROOT));
          }
        }
      }
    }
    return columns;
  }

  /** PostgreSQL's plan of the acquisition query Operaton sends when it acquires by due date. */
  private static String acquisitionPlan(TestDatabase database, Instant now) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (Connection c = database.connect(); PreparedStatement p = c.prepareStatement("EXPLAIN SELECT res.id_, res.rev_,"
        + " res.duedate_, res.process_instance_id_, res.exclusive_ FROM act_ru_job res WHERE (res.retries_ > 0)"
        + " AND (res.duedate_ <= ?) AND (res.lock_owner_ IS NULL OR res.lock_exp_time_ < ?)"
        + " AND res.suspension_state_ = 1 AND ((res.exclusive_ = true AND NOT EXISTS (SELECT j2.id_ FROM act_ru_job j2"
        + " WHERE j2.process_instance_id_ = res.process_instance_id_ AND j2.exclusive_ = true"
        + " AND j2.lock_owner_ IS NOT NULL AND j2.lock_exp_time_ >= ?)) OR res.exclusive_ = false)"
        + " ORDER BY res.duedate_ ASC LIMIT 3")) {
      java.sql.Timestamp at = java.sql.Timestamp.from(now);
      p.setTimestamp(1, at);
      p.setTimestamp(2, at);
      p.setTimestamp(3, at);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }
}
