package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.process.IncidentProcess;
import dev.itsm.bpmn.support.SwitchableDirectory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.ManagementService;
import org.operaton.bpm.engine.impl.cfg.TransactionState;
import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.runtime.Job;

/**
 * The ticket row, its audit entries, its outbox entries and the process state commit in one
 * transaction. A failure injected just before the commit (after everything was written and the
 * engine step ran) must leave nothing, checked from a separate connection; so must a timer job
 * that fails. Run against a standalone engine and an engine a host built (attach mode).
 */
abstract class AtomicityContract {
  /** Every ITSM table and every Operaton runtime and history table an operation writes. */
  private static final List<String> TABLES = List.of("itsm_ticket", "itsm_incident", "itsm_ticket_ci",
      "itsm_ticket_field", "itsm_ticket_note", "itsm_sla_clock", "itsm_audit", "itsm_outbox",
      "ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_JOB", "ACT_RU_VARIABLE", "ACT_RU_EVENT_SUBSCR", "ACT_RU_IDENTITYLINK",
      "ACT_HI_PROCINST", "ACT_HI_ACTINST", "ACT_HI_TASKINST", "ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_HI_DECINST",
      "ACT_HI_DEC_IN", "ACT_HI_DEC_OUT", "ACT_HI_JOB_LOG", "ACT_HI_IDENTITYLINK", "ACT_HI_OP_LOG");

  abstract ItsmEngine engine();

  abstract Connection connect() throws SQLException;

  abstract SwitchableDirectory directory();

  abstract void advanceClock(Duration duration);

  @Test
  void aFailureJustBeforeCommitLeavesNoRowOfAnOpenedIncident() throws Exception {
    Map<String, Long> before = counts();
    AtomicReference<Map<String, Long>> seenInsideTransaction = new AtomicReference<>();

    assertThatThrownBy(() -> engine().inTransaction(() -> {
      IncidentTicket inc = openP1(engine().incidents());
      failBeforeCommit(inc, seenInsideTransaction);
      return inc;
    })).hasMessageContaining("injected failure");

    Map<String, Long> written = seenInsideTransaction.get();
    assertThat(written).as("written before the failure").containsEntry("ticket", 1L).containsEntry("clocks", 2L)
        .containsEntry("executions", 4L).containsEntry("tasks", 1L).containsEntry("timers", 2L);
    assertThat(written.get("audit")).isPositive();
    assertThat(written.get("outbox")).isPositive();
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void aFailureJustBeforeCommitLeavesATransitionUndone() throws Exception {
    IncidentTicket inc = openP1(engine().incidents());
    engine().awaitDeliveries(Duration.ofSeconds(10));
    Map<String, Long> before = counts();
    AtomicReference<Map<String, Long>> seen = new AtomicReference<>();

    assertThatThrownBy(() -> engine().inTransaction(() -> {
      IncidentTicket assigned = engine().incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
      failBeforeCommit(assigned, seen);
      return assigned;
    })).hasMessageContaining("injected failure");

    assertThat(seen.get()).containsEntry("assigned", 1L).containsEntry("timers", 3L);
    assertThat(counts()).isEqualTo(before);
    IncidentTicket stored = engine().incidents().get(MANAGER, inc.id());
    assertThat(stored).isEqualTo(inc);
    assertThat(engine().processEngine().getRuntimeService().getActiveActivityIds(inc.processInstanceId()))
        .contains(IncidentProcess.TASK_ASSIGN);
    // and the operation still works afterwards
    assertThat(engine().incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice")).state())
        .isEqualTo(IncidentState.ASSIGNED);
  }

  @Test
  void aTimerJobThatFailsLeavesNothingHalfDone() throws Exception {
    IncidentTicket inc = openP1(engine().incidents());
    inc = engine().incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = engine().incidents().acknowledge(AGENT, inc.ref());
    advanceClock(Duration.ofHours(3));
    ManagementService management = engine().processEngine().getManagementService();
    List<Job> due = management.createJobQuery().processInstanceId(inc.processInstanceId()).timers().executable()
        .orderByJobDuedate().asc().list();
    assertThat(due).hasSize(1);  // the resolution clock's, at its warning point
    management.executeJob(due.get(0).getId());  // the warning goes through and arms the breach
    advanceClock(Duration.ofHours(1));
    due = management.createJobQuery().processInstanceId(inc.processInstanceId()).timers().executable().list();
    assertThat(due).hasSize(1);
    engine().awaitDeliveries(Duration.ofSeconds(10));
    Map<String, Long> before = counts();
    before.remove("job revisions");  // a failed job records its retries and error, in a transaction of its own

    directory().failManagers(true);  // the breach action fails after it recorded the breach in memory
    try {
      Job breach = due.get(0);
      assertThatThrownBy(() -> management.executeJob(breach.getId())).hasMessageContaining("directory unavailable");
      Map<String, Long> after = counts();
      after.remove("job revisions");
      // history level full also logs the failure, again in a transaction of its own; nothing else may remain
      long failureLog;
      try (Connection c = connect()) {
        failureLog = count(c, "SELECT COUNT(*) FROM ACT_HI_JOB_LOG WHERE JOB_ID_ = ? AND JOB_STATE_ = 1", breach.getId());
      }
      assertThat(failureLog).isLessThanOrEqualTo(1);
      after.merge("ACT_HI_JOB_LOG", -failureLog, Long::sum);
      assertThat(after).isEqualTo(before);
      try (Connection c = connect()) {
        assertThat(count(c, "SELECT COUNT(*) FROM itsm_sla_clock WHERE ticket_id = ? AND breached_at IS NOT NULL", inc.id()))
            .isZero();
      }
      Job failed = management.createJobQuery().jobId(breach.getId()).singleResult();
      assertThat(failed.getRetries()).isEqualTo(2);
      assertThat(failed.getExceptionMessage()).contains("directory unavailable");
    } finally {
      directory().failManagers(false);
    }
    management.executeJob(due.get(0).getId());
    assertThat(engine().sla().status(MANAGER, inc.id()).get(1).breachedAt()).isNotNull();
  }

  /** Registers a listener that records what the transaction wrote, on its own connection, then throws. */
  private static void failBeforeCommit(IncidentTicket inc, AtomicReference<Map<String, Long>> seen) {
    var commandContext = Context.getCommandContext();
    commandContext.getTransactionContext().addTransactionListener(TransactionState.COMMITTING, context -> {
      Connection own = context.getDbSqlSession().getSqlSession().getConnection();
      Map<String, Long> counts = new LinkedHashMap<>();
      try {
        counts.put("ticket", count(own, "SELECT COUNT(*) FROM itsm_ticket WHERE id = ?", inc.id()));
        counts.put("assigned", count(own, "SELECT COUNT(*) FROM itsm_ticket WHERE id = ? AND state = 'ASSIGNED'", inc.id()));
        counts.put("clocks", count(own, "SELECT COUNT(*) FROM itsm_sla_clock WHERE ticket_id = ?", inc.id()));
        counts.put("audit", count(own, "SELECT COUNT(*) FROM itsm_audit WHERE ticket_id = ?", inc.id()));
        counts.put("outbox", count(own, "SELECT COUNT(*) FROM itsm_outbox WHERE ticket_id = ?", inc.id()));
        counts.put("executions", count(own, "SELECT COUNT(*) FROM ACT_RU_EXECUTION WHERE PROC_INST_ID_ = ?", inc.processInstanceId()));
        counts.put("tasks", count(own, "SELECT COUNT(*) FROM ACT_RU_TASK WHERE PROC_INST_ID_ = ?", inc.processInstanceId()));
        counts.put("timers", count(own, "SELECT COUNT(*) FROM ACT_RU_JOB WHERE PROCESS_INSTANCE_ID_ = ?", inc.processInstanceId()));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      seen.set(counts);
      throw new IllegalStateException("injected failure before commit");
    });
  }

  private Map<String, Long> counts() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = connect()) {
      for (String table : TABLES) {
        counts.put(table, count(c, "SELECT COUNT(*) FROM " + table));
      }
      counts.put("versions", count(c, "SELECT COALESCE(SUM(version), 0) FROM itsm_ticket"));
      counts.put("clock versions", count(c, "SELECT COALESCE(SUM(version), 0) FROM itsm_sla_clock"));
      counts.put("job revisions", count(c, "SELECT COALESCE(SUM(REV_), 0) FROM ACT_RU_JOB"));
    }
    return counts;
  }
}
