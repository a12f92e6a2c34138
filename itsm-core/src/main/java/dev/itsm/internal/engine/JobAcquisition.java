package dev.itsm.internal.engine;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.internal.persistence.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * Job acquisition that stays cheap when the job table is mostly timers due later, as it is with SLA
 * clocks (two timer jobs per open incident, due in hours or days).
 *
 * <p>Operaton's acquisition query has no index to use by default: each acquisition reads the whole
 * job table to find a few due jobs, and a drain of many simultaneous timers on a large table gets
 * slower as it goes (the fired jobs' dead rows and the re-armed, not yet due ones stay in front of
 * the due ones). The standalone engine therefore acquires by due date with due dates never null,
 * and the engine creates an index on the due date, so that acquisition walks the due jobs in order
 * and stops after a page. A second index, on the lock expiry, serves the query's test for an
 * exclusive job of the same process instance in progress: without it PostgreSQL computes that set
 * once per acquisition by reading the whole table (62 ms a query at 200,000 jobs, 0.2 ms with it).
 * A host's own process engine keeps its settings; the index is created
 * there too, and docs/operations.md says how to switch acquisition the same way.
 */
public final class JobAcquisition {
  /** The index on {@code ACT_RU_JOB.DUEDATE_}. */
  public static final String INDEX = "itsm_ix_act_ru_job_due";
  /** The index on {@code ACT_RU_JOB.LOCK_EXP_TIME_} (of locked jobs only, on PostgreSQL). */
  public static final String LOCK_INDEX = "itsm_ix_act_ru_job_lock";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobAcquisition.class);

  private JobAcquisition() {}

  /** Acquire due jobs in due-date order; every new job gets a due date (now, for asynchronous continuations). */
  public static void configure(ProcessEngineConfigurationImpl cfg) {
    cfg.setJobExecutorAcquireByDueDate(true);
    cfg.setEnsureJobDueDateNotNull(true);
  }

  /**
   * Creates the two indexes if they are missing and, when due dates are never null, gives jobs an
   * earlier engine version left without one a due date of now (an acquisition that requires a due
   * date would not see them).
   */
  public static void prepare(ProcessEngineConfigurationImpl cfg, Dialect dialect) {
    DataSource dataSource = cfg.getDataSource();
    String table = (cfg.getDatabaseTablePrefix() == null ? "" : cfg.getDatabaseTablePrefix()) + "ACT_RU_JOB";
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      createIndex(c, s, "CREATE INDEX IF NOT EXISTS " + INDEX + " ON " + table + " (DUEDATE_)");
      // H2 has no partial indexes
      createIndex(c, s, "CREATE INDEX IF NOT EXISTS " + LOCK_INDEX + " ON " + table + " (LOCK_EXP_TIME_)"
          + (dialect == Dialect.POSTGRESQL ? " WHERE LOCK_EXP_TIME_ IS NOT NULL" : ""));
      if (cfg.isEnsureJobDueDateNotNull()) {
        int updated;
        try (java.sql.PreparedStatement p = c.prepareStatement("UPDATE " + table + " SET DUEDATE_ = ? WHERE DUEDATE_ IS NULL")) {
          p.setTimestamp(1, new java.sql.Timestamp(org.operaton.bpm.engine.impl.util.ClockUtil.getCurrentTime().getTime()));
          updated = p.executeUpdate();
        }
        if (updated > 0) {
          LOG.info("Gave {} jobs without a due date a due date of now, so that acquisition by due date sees them", updated);
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new ItsmConfigurationException("Expected to prepare " + table + " for job acquisition (indexes " + INDEX
          + " and " + LOCK_INDEX + ", due dates of jobs without one), but the database refused: " + e.getMessage(), e);
    }
  }

  private static void createIndex(Connection c, Statement s, String create) throws SQLException {
    try {
      s.execute(create);
    } catch (SQLException e) {
      // PostgreSQL: another node created it at the same moment, and the catalog refused the second; it exists now
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      s.execute(create);
    }
  }
}
