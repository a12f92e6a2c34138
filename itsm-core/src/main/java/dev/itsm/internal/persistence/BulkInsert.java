package dev.itsm.internal.persistence;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.apache.ibatis.exceptions.PersistenceException;
import org.postgresql.PGConnection;

/**
 * New rows of the CMDB's large tables (items, their history, unique values, relations) written many
 * at a time, for the import, on the connection of the current unit of work: through {@code COPY} on
 * PostgreSQL, which the server loads several times faster than the same rows as INSERT statements,
 * and as one JDBC batch of INSERTs elsewhere (also on a PostgreSQL connection that does not unwrap
 * to the driver's own). The rows are written when a method returns; a failure fails the unit.
 */
public final class BulkInsert {
  private final Connection connection;
  private final Dialect dialect;

  public BulkInsert(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  public void items(List<CiRow> rows) {
    write("itsm_ci", List.of("id", "tenant_id", "type_name", "name", "state", "attributes", "created_at", "created_by",
        "updated_at", "updated_by", "version", "ident_key"), rows, r -> new Object[] {r.id, r.tenantId, r.typeName, r.name,
        r.state, r.attributes, r.createdAt, r.createdBy, r.updatedAt, r.updatedBy, r.version, r.identKey});
  }

  /** Writes the history rows, numbering them first from the global order in list order. */
  public void history(List<CiHistoryRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    long[] seq = nextOrder(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).seq = seq[i];
    }
    write("itsm_ci_history", List.of("tenant_id", "ci_id", "seq", "occurred_at", "actor_id", "action", "field", "old_value",
        "new_value", "caused_by_type", "caused_by_id", "version"), rows, r -> new Object[] {r.tenantId, r.ciId, r.seq,
        r.occurredAt, r.actorId, r.action, r.field, r.oldValue, r.newValue, r.causedByType, r.causedById, r.version});
  }

  public void uniques(List<UniqueRow> rows) {
    write("itsm_ci_unique", List.of("tenant_id", "scope_type", "attr_name", "attr_value", "ci_id"), rows,
        r -> new Object[] {r.tenantId, r.scopeType, r.attrName, r.attrValue, r.ciId});
  }

  public void relations(List<RelationRow> rows) {
    write("itsm_ci_relation", List.of("id", "tenant_id", "type_name", "source_id", "target_id", "created_at", "created_by"),
        rows, r -> new Object[] {r.id, r.tenantId, r.typeName, r.sourceId, r.targetId, r.createdAt, r.createdBy});
  }

  /** {@code count} values of the sequence that orders history rows, ascending. */
  private long[] nextOrder(int count) {
    String sql = dialect == Dialect.POSTGRESQL
        ? "SELECT nextval('itsm_order_seq') FROM generate_series(1, ?)"
        : "SELECT NEXT VALUE FOR itsm_order_seq FROM SYSTEM_RANGE(1, ?)";
    long[] values = new long[count];
    try (PreparedStatement q = connection.prepareStatement(sql)) {
      q.setInt(1, count);
      try (ResultSet rs = q.executeQuery()) {
        for (int i = 0; i < count && rs.next(); i++) {
          values[i] = rs.getLong(1);
        }
      }
    } catch (SQLException e) {
      throw failure("number " + count + " history rows", e);
    }
    java.util.Arrays.sort(values);
    return values;
  }

  private <R> void write(String table, List<String> columns, List<R> rows, Function<R, Object[]> values) {
    if (rows.isEmpty()) {
      return;
    }
    try {
      PGConnection pg = dialect == Dialect.POSTGRESQL && connection.isWrapperFor(PGConnection.class)
          ? connection.unwrap(PGConnection.class) : null;
      if (pg != null) {
        copy(pg, table, columns, rows, values);
      } else {
        batch(table, columns, rows, values);
      }
    } catch (SQLException | IOException e) {
      throw failure("insert " + rows.size() + " rows into " + table, e);
    }
  }

  private <R> void copy(PGConnection pg, String table, List<String> columns, List<R> rows, Function<R, Object[]> values)
      throws SQLException, IOException {
    StringBuilder text = new StringBuilder(rows.size() * 256);
    for (R row : rows) {
      Object[] v = values.apply(row);
      for (int i = 0; i < v.length; i++) {
        if (i > 0) {
          text.append('\t');
        }
        copyValue(text, v[i]);
      }
      text.append('\n');
    }
    pg.getCopyAPI().copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN",
        new StringReader(text.toString()));
  }

  /** A value in COPY's text format: {@code \N} for null, backslash escapes for the characters that delimit. */
  private static void copyValue(StringBuilder text, Object value) {
    if (value == null) {
      text.append("\\N");
      return;
    }
    String s = value instanceof Instant instant ? instant.toString() : value.toString();
    if (!needsEscape(s)) {
      text.append(s);
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> text.append(c);
      }
    }
  }

  private static boolean needsEscape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\n' || c == '\r' || c == '\t') {
        return true;
      }
    }
    return false;
  }

  private <R> void batch(String table, List<String> columns, List<R> rows, Function<R, Object[]> values) throws SQLException {
    String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (R row : rows) {
        Object[] v = values.apply(row);
        for (int i = 0; i < v.length; i++) {
          Object value = v[i];
          if (value == null) {
            insert.setNull(i + 1, Types.VARCHAR);   // only text columns of these tables are optional
          } else if (value instanceof Instant instant) {
            insert.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
          } else if (value instanceof UUID || value instanceof Number) {
            insert.setObject(i + 1, value);
          } else {
            insert.setString(i + 1, (String) value);
          }
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static PersistenceException failure(String what, Exception e) {
    return new PersistenceException("Expected to " + what + ", but the database refused: " + e.getMessage(), e);
  }
}
