package dev.itsm.internal.persistence;

import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * Binds a collection of UUIDs or texts as one SQL array parameter, for {@code column = ANY(?)}:
 * one parameter however many values (no driver limit, one statement text to plan), served from an
 * index on H2 and PostgreSQL like an IN list. Parameters only; never read back.
 */
public final class SqlArrayTypeHandler extends BaseTypeHandler<Collection<?>> {

  @Override
  public void setNonNullParameter(PreparedStatement ps, int i, Collection<?> values, JdbcType jdbcType) throws SQLException {
    boolean uuids = !values.isEmpty() && values.iterator().next() instanceof UUID;
    Array array = ps.getConnection().createArrayOf(uuids ? "uuid" : "varchar", values.toArray());
    ps.setArray(i, array);
  }

  @Override
  public Collection<?> getNullableResult(ResultSet rs, String columnName) {
    throw new UnsupportedOperationException("SQL arrays are parameters only");
  }

  @Override
  public Collection<?> getNullableResult(ResultSet rs, int columnIndex) {
    throw new UnsupportedOperationException("SQL arrays are parameters only");
  }

  @Override
  public Collection<?> getNullableResult(CallableStatement cs, int columnIndex) {
    throw new UnsupportedOperationException("SQL arrays are parameters only");
  }
}
