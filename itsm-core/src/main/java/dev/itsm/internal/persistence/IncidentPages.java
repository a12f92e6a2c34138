package dev.itsm.internal.persistence;

import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import dev.itsm.api.incident.Channel;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.exceptions.PersistenceException;

/**
 * The incident query (a page of incidents, and the number of matches) in plain JDBC: the SQL built
 * from {@link IncidentCriteria} and the rows read by column position. This is the service desk's
 * queue, the most frequent read; MyBatis's dynamic SQL and reflective row mapping took a third of
 * its time at a million tickets (docs/benchmarks.md). Every value is bound as a parameter except
 * what never comes from a caller's text: ticket states (names of the state enum), page bounds
 * (checked integers, literals so that PostgreSQL settles on one plan) and the ORDER BY expression
 * (chosen from an enum).
 */
public final class IncidentPages {
  /** The columns of an {@link IncidentRow}, in the order {@link #row} reads them. */
  private static final String COLUMNS = "t.id, t.tenant_id, t.ticket_type, t.number, t.number_seq, t.title,"
      + " t.description, t.state, t.priority, t.group_id, t.assignee_id, t.caller_id, t.service, t.customer_class,"
      + " t.process_instance_id, t.next_sla_due, t.opened_at, t.updated_at, t.resolved_at, t.closed_at, t.created_by,"
      + " t.updated_by, t.version, t.has_cis, t.has_fields, i.impact, i.urgency, i.category, i.channel, i.hold_reason,"
      + " i.hold_comment, i.resolution_code, i.resolution_text, i.cancel_reason, i.assigned_at, i.acknowledged_at,"
      + " i.reopen_count";

  /** Instants as every other statement of the engine writes and reads them (UTC). */
  private static final InstantTypeHandler INSTANTS = new InstantTypeHandler();

  private IncidentPages() {}

  /** The page the criteria select: {@code limit} rows from {@code offset}, in {@code orderBy} order. */
  public static List<IncidentRow> page(Connection connection, IncidentCriteria criteria) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder(1024).append("SELECT ").append(COLUMNS)
        .append(" FROM itsm_ticket t JOIN itsm_incident i ON i.ticket_id = t.id");
    where(sql, params, criteria);
    sql.append(" ORDER BY ").append(criteria.orderBy)
        .append(" LIMIT ").append(criteria.limit).append(" OFFSET ").append(criteria.offset);
    try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rs = statement.executeQuery()) {
      List<IncidentRow> rows = new ArrayList<>(Math.min(criteria.limit, 1000));
      while (rs.next()) {
        rows.add(row(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new PersistenceException("Expected to read a page of incidents, but the database failed: " + e.getMessage(), e);
    }
  }

  /** How many incidents the criteria select. */
  public static long count(Connection connection, IncidentCriteria criteria) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder(512).append("SELECT COUNT(*) FROM itsm_ticket t");
    where(sql, params, criteria);
    try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new PersistenceException("Expected to count incidents, but the database failed: " + e.getMessage(), e);
    }
  }

  private static void where(StringBuilder sql, List<Object> params, IncidentCriteria c) {
    sql.append(" WHERE t.tenant_id = ? AND t.ticket_type = 'INCIDENT'");
    params.add(c.tenantId);
    if (c.restricted) {
      sql.append(" AND (t.caller_id = ?");
      params.add(c.actorId);
      if (c.groupVisibility) {
        sql.append(" OR t.assignee_id = ?");
        params.add(c.actorId);
        if (!c.actorGroups.isEmpty()) {
          sql.append(" OR t.group_id IN ");
          in(sql, params, c.actorGroups);
        }
      }
      sql.append(')');
    }
    if (!c.states.isEmpty()) {
      // names of the state enum, as literals: a constant list the planner reads like the SQL a DBA writes
      sql.append(" AND t.state IN (");
      for (int i = 0; i < c.states.size(); i++) {
        String state = c.states.get(i);
        if (!state.chars().allMatch(ch -> ch == '_' || (ch >= 'A' && ch <= 'Z'))) {
          throw new IllegalArgumentException("not a state name: " + state);
        }
        sql.append(i == 0 ? "'" : ", '").append(state).append('\'');
      }
      sql.append(')');
    }
    if (!c.groupIds.isEmpty()) {
      sql.append(" AND t.group_id IN ");
      in(sql, params, c.groupIds);
    }
    if (c.assigneeId != null) {
      sql.append(" AND t.assignee_id = ?");
      params.add(c.assigneeId);
    }
    if (c.callerId != null) {
      sql.append(" AND t.caller_id = ?");
      params.add(c.callerId);
    }
    if (c.affectedCi != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM itsm_ticket_ci tc WHERE tc.ticket_id = t.id AND tc.ci_id = ?)");
      params.add(c.affectedCi);
    }
    if (!c.priorities.isEmpty()) {
      sql.append(" AND t.priority IN ");
      in(sql, params, c.priorities);
    }
    if (c.slaAtRisk) {
      sql.append(" AND EXISTS (SELECT 1 FROM itsm_sla_clock c WHERE c.ticket_id = t.id AND c.stopped_at IS NULL"
          + " AND (c.warned_at IS NOT NULL OR c.breached_at IS NOT NULL OR c.warning_at <= ?))");
      params.add(c.now);
    }
    if (c.slaBreached) {
      sql.append(" AND EXISTS (SELECT 1 FROM itsm_sla_clock c WHERE c.ticket_id = t.id"
          + " AND (c.breached_at IS NOT NULL OR c.deadline <= ?))");
      params.add(c.now);
    }
    for (IncidentCriteria.FieldCriterion f : c.fields) {
      // the column comes from the field's declared type (CustomFields.criterion), never from input
      sql.append(" AND EXISTS (SELECT 1 FROM itsm_ticket_field f WHERE f.ticket_id = t.id AND f.field_name = ?");
      params.add(f.name);
      if (f.value != null) {
        sql.append(" AND f.").append(f.column).append(" = ?");
        params.add(f.value);
      }
      if (f.from != null) {
        sql.append(" AND f.").append(f.column).append(" >= ?");
        params.add(f.from);
      }
      if (f.to != null) {
        sql.append(" AND f.").append(f.column).append(" < ?");
        params.add(f.to);
      }
      sql.append(')');
    }
  }

  private static void in(StringBuilder sql, List<Object> params, List<String> values) {
    sql.append('(');
    for (int i = 0; i < values.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
      params.add(values.get(i));
    }
    sql.append(')');
  }

  private static PreparedStatement prepare(Connection connection, StringBuilder sql, List<Object> params)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql.toString());
    try {
      for (int i = 0; i < params.size(); i++) {
        Object value = params.get(i);
        if (value instanceof String s) {
          statement.setString(i + 1, s);
        } else if (value instanceof Instant instant) {
          INSTANTS.setNonNullParameter(statement, i + 1, instant, null);
        } else {
          statement.setObject(i + 1, value);   // UUID, BigDecimal, Boolean: native on H2 and PostgreSQL
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  private static IncidentRow row(ResultSet rs) throws SQLException {
    IncidentRow r = new IncidentRow();
    r.id = rs.getObject(1, UUID.class);
    r.tenantId = rs.getString(2);
    r.ticketType = TicketType.valueOf(rs.getString(3));
    r.number = rs.getString(4);
    r.numberSeq = rs.getLong(5);
    r.title = rs.getString(6);
    r.description = rs.getString(7);
    r.state = rs.getString(8);
    r.priority = Priority.valueOf(rs.getString(9));
    r.groupId = rs.getString(10);
    r.assigneeId = rs.getString(11);
    r.callerId = rs.getString(12);
    r.service = rs.getString(13);
    r.customerClass = rs.getString(14);
    r.processInstanceId = rs.getString(15);
    r.nextSlaDue = instant(rs, 16);
    r.openedAt = instant(rs, 17);
    r.updatedAt = instant(rs, 18);
    r.resolvedAt = instant(rs, 19);
    r.closedAt = instant(rs, 20);
    r.createdBy = rs.getString(21);
    r.updatedBy = rs.getString(22);
    r.version = rs.getLong(23);
    r.hasCis = rs.getBoolean(24);
    r.hasFields = rs.getBoolean(25);
    r.impact = Impact.valueOf(rs.getString(26));
    r.urgency = Urgency.valueOf(rs.getString(27));
    r.category = rs.getString(28);
    r.channel = Channel.valueOf(rs.getString(29));
    String holdReason = rs.getString(30);
    r.holdReason = holdReason == null ? null : HoldReason.valueOf(holdReason);
    r.holdComment = rs.getString(31);
    r.resolutionCode = rs.getString(32);
    r.resolutionText = rs.getString(33);
    r.cancelReason = rs.getString(34);
    r.assignedAt = instant(rs, 35);
    r.acknowledgedAt = instant(rs, 36);
    r.reopenCount = rs.getInt(37);
    return r;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return INSTANTS.getNullableResult(rs, column);
  }
}
