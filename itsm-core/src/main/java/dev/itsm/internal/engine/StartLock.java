package dev.itsm.internal.engine;

import dev.itsm.api.ItsmConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one standalone engine at a time start on a PostgreSQL database: creating or upgrading
 * Operaton's tables, migrating the ITSM tables and publishing definitions are not safe for two
 * nodes at once (two starts on an empty database both try to create Operaton's tables). A
 * session-level advisory lock, held on a connection of its own for the start and released when
 * the start ends or the JVM dies. Nothing to do on H2: one process owns an H2 database.
 */
final class StartLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StartLock.class);
  /** The advisory lock's key: "ITSM" in ASCII, the engine start. */
  static final long KEY = 0x4954_534DL;
  private static final StartLock NONE = new StartLock(null);

  private final Connection connection;

  private StartLock(Connection connection) {
    this.connection = connection;
  }

  static StartLock acquire(DataSource dataSource) {
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      if (!connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
        connection.close();
        return NONE;
      }
      connection.setAutoCommit(true);
      if (!call(connection, "SELECT pg_try_advisory_lock(" + KEY + ")")) {
        LOG.info("Another engine is starting on this database; waiting until it has started");
        call(connection, "SELECT pg_advisory_lock(" + KEY + ") IS NOT NULL");
      }
      return new StartLock(connection);
    } catch (SQLException e) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // the start fails with the first error
        }
      }
      throw new ItsmConfigurationException("Expected to take the start lock on the database, but: " + e.getMessage(), e);
    }
  }

  private static boolean call(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  @Override
  public void close() {
    if (connection == null) {
      return;
    }
    try (connection) {
      call(connection, "SELECT pg_advisory_unlock(" + KEY + ")");
    } catch (SQLException e) {
      LOG.warn("Could not release the start lock; it ends with the connection: {}", e.getMessage());
    }
  }
}
