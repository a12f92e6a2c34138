package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Resolution;
import dev.itsm.testkit.ItsmExtension;
import dev.itsm.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incident reports find the tickets of their period through an index: opened in the period
 * (volume report, the SLA report's late segment owners) and resolved in it (technician report).
 * Runs on H2, and on PostgreSQL with {@code -Ditsm.test.db=postgresql}, where the plans are checked too.
 */
class ReportIndexesTest {
  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  @Test
  void theTicketsOfAPeriodAreReadThroughAnIndexLedByTheTenant() throws Exception {
    TestDatabase database = itsm.database();
    assertThat(indexedColumns(database, "ix_itsm_ticket_opened")).containsExactly("TENANT_ID", "OPENED_AT", "TICKET_TYPE");
    assertThat(indexedColumns(database, "ix_itsm_ticket_resolved")).containsExactly("TENANT_ID", "TICKET_TYPE", "RESOLVED_AT");

    if (database.isPostgres()) {
      // an incident an hour, each resolved by one of two agents at once
      IncidentService incidents = itsm.engine().incidents();
      for (int i = 0; i < 30; i++) {
        Actor agent = i % 2 == 0 ? AGENT : OTHER_AGENT;
        IncidentTicket inc = incidents.open(CALLER, NewIncident.builder("Switch " + i).category("network").build());
        inc = incidents.assign(MANAGER, inc.ref(), Assignment.toAgent(agent.id()));
        inc = incidents.acknowledge(agent, inc.ref());
        incidents.resolve(agent, inc.ref(), Resolution.of("FIXED", "done"));
        itsm.clock().advance(Duration.ofHours(1));
      }
      Instant to = itsm.clock().instant();
      Instant from = to.minus(Duration.ofHours(2));
      // the statements of the reports (TicketMapper.xml, SlaClockMapper.xml), with the table scan ruled out
      // so that the plan shows which index serves them even on a small table
      assertThat(plan(database, "SELECT t.service, COUNT(*) FROM itsm_ticket t WHERE t.tenant_id = ?"
          + " AND t.ticket_type = 'INCIDENT' AND t.opened_at >= ? AND t.opened_at < ? GROUP BY t.service", from, to))
          .contains("ix_itsm_ticket_opened");
      assertThat(plan(database, "SELECT DISTINCT s.ticket_id FROM itsm_sla_stamp s JOIN itsm_ticket t ON t.id = s.ticket_id"
          + " WHERE t.tenant_id = ? AND t.opened_at >= ? AND t.opened_at < ?", from, to))
          .contains("ix_itsm_ticket_opened");
      assertThat(plan(database, "SELECT t.assignee_id, COUNT(*) FROM itsm_ticket t WHERE t.tenant_id = ?"
          + " AND t.ticket_type = 'INCIDENT' AND t.assignee_id IS NOT NULL AND t.resolved_at >= ? AND t.resolved_at < ?"
          + " GROUP BY t.assignee_id", from, to))
          .contains("ix_itsm_ticket_resolved");
    }
  }

  /** The columns of an index of {@code itsm_ticket}, in order, as the database's metadata lists them (upper case). */
  private static List<String> indexedColumns(TestDatabase database, String index) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c = database.connect()) {
      String table = database.isPostgres() ? "itsm_ticket" : "ITSM_TICKET";
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

  /** PostgreSQL's plan of a statement on the default tenant's tickets of {@code [from, to)}. */
  private static String plan(TestDatabase database, String sql, Instant from, Instant to) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (Connection c = database.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE itsm_ticket");
        s.execute("SET enable_seqscan = off");
      }
      try (PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
        p.setString(1, CALLER.tenantId());
        p.setTimestamp(2, java.sql.Timestamp.from(from));
        p.setTimestamp(3, java.sql.Timestamp.from(to));
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    return plan.toString();
  }
}
