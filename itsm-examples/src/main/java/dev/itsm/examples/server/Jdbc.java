package dev.itsm.examples.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Small JDBC helpers for the server's own tables; database failures become {@link IllegalStateException}s (a 500). */
final class Jdbc {
  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Reads one row per result. */
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Work inside one transaction. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
    return inConnection(connection -> query(connection, sql, mapper, parameters));
  }

  <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
    List<T> rows = query(sql, mapper, parameters);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  int update(String sql, Object... parameters) {
    return inConnection(connection -> update(connection, sql, parameters));
  }

  static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
      List<T> result = new ArrayList<>();
      while (rows.next()) {
        result.add(mapper.map(rows));
      }
      return result;
    }
  }

  static int update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  /** Runs the work in one transaction, rolled back if it fails. */
  <T> T inTransaction(Work<T> work) {
    return inConnection(connection -> {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    });
  }

  private <T> T inConnection(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("Expected the example server's tables to answer, but the database failed: " + e.getMessage(), e);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < parameters.length; i++) {
        Object value = parameters[i];
        statement.setObject(i + 1, value instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : value);
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /** A timestamp column as an instant ({@code null} stays {@code null}). */
  static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
