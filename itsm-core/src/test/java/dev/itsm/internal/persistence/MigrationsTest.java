package dev.itsm.internal.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.internal.sla.SlaClock;
import dev.itsm.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.session.SqlSession;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The one migration script set runs on H2 and on PostgreSQL (the suite runs on both in CI). */
class MigrationsTest {
  private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

  /**
   * Clocks written before timelines existed (schema 7) get a timeline that gives the same figures:
   * a running clock with pauses behind it, a paused one and a stopped one.
   */
  @Test
  void clocksFromBeforeTimelinesKeepTheirFigures() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(database.jdbcUrl());
      config.setUsername(database.user());
      try (HikariDataSource dataSource = new HikariDataSource(config)) {
        Flyway.configure(Migrations.class.getClassLoader()).dataSource(dataSource).locations(Migrations.LOCATION)
            .table(Migrations.HISTORY_TABLE).target("7").load().migrate();
        UUID ticket = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
          try (PreparedStatement p = c.prepareStatement("INSERT INTO itsm_ticket (id, tenant_id, ticket_type, number, "
              + "number_seq, title, state, priority, caller_id, opened_at, updated_at, created_by, updated_by, version) "
              + "VALUES (?, 'default', 'INCIDENT', 'INC-000001', 1, 't', 'IN_PROGRESS', 'P3', 'bob', ?, ?, 'bob', 'bob', 1)")) {
            p.setObject(1, ticket);
            p.setObject(2, T0.atOffset(ZoneOffset.UTC));
            p.setObject(3, T0.atOffset(ZoneOffset.UTC));
            p.executeUpdate();
          }
          // running, 20 minutes paused in the past; paused since 09:00 after 10 paused minutes; stopped at 10:00
          insertClock(c, ticket, "RESOLUTION", Duration.ofMinutes(20), null, null, null);
          insertClock(c, ticket, "RESPONSE", Duration.ofMinutes(10), T0.plusSeconds(3600), null, null);
          insertClock(c, ticket, "CALLBACK", Duration.ZERO, null, T0.plusSeconds(7200), "MET");
        }
        Migrations.migrate(dataSource, Dialect.detect(dataSource));
        Persistence persistence = new Persistence(dataSource, Dialect.detect(dataSource));
        Instant now = T0.plusSeconds(4 * 3600);
        try (Connection c = dataSource.getConnection(); SqlSession session = persistence.open(c)) {
          SlaClockMapper mapper = session.getMapper(SlaClockMapper.class);
          List<SlaEventRow> events = mapper.selectEvents(ticket);
          Map<String, SlaStatus> byName = new java.util.HashMap<>();
          for (SlaClockRow row : mapper.selectClocks(ticket)) {
            SlaClock clock = SlaClock.load(row, events.stream().filter(e -> e.clockId.equals(row.id)).toList(),
                name -> BusinessCalendar.always());
            byName.put(clock.name(), clock.status(now));
            assertThat(row.eventCount).isEqualTo(events.stream().filter(e -> e.clockId.equals(row.id))
                .mapToInt(e -> e.seq).max().orElse(0));
            if (clock.name().equals("RESPONSE")) {
              assertThat(clock.pending(now)).isEmpty();   // paused
              assertThat(clock.thresholds()).containsExactly(75, 100);
            }
            if (clock.name().equals("RESOLUTION")) {
              // its warning was recorded before timelines: only the breach is still pending
              assertThat(clock.pending(now)).extracting(SlaClock.Due::percent).containsExactly(100);
            }
          }
          assertThat(byName.get("RESOLUTION").elapsed()).isEqualTo(Duration.ofMinutes(240 - 20));
          assertThat(byName.get("RESOLUTION").state()).isEqualTo(SlaState.RUNNING);
          assertThat(byName.get("RESPONSE").elapsed()).isEqualTo(Duration.ofMinutes(60 - 10));
          assertThat(byName.get("RESPONSE").state()).isEqualTo(SlaState.PAUSED);
          assertThat(byName.get("CALLBACK").elapsed()).isEqualTo(Duration.ofMinutes(120));
          assertThat(byName.get("CALLBACK").state()).isEqualTo(SlaState.MET);
        }
      }
    }
  }

  private static void insertClock(Connection c, UUID ticket, String kind, Duration pausedTotal, Instant pausedSince,
                                  Instant stoppedAt, String stopReason) throws Exception {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO itsm_sla_clock (id, tenant_id, ticket_id, kind, target_ms, "
        + "warning_ratio, started_at, paused_since, paused_total_ms, stopped_at, stop_reason, warned_at, version) "
        + "VALUES (?, 'default', ?, ?, 86400000, 0.75, ?, ?, ?, ?, ?, ?, 1)")) {
      p.setObject(1, UUID.randomUUID());
      p.setObject(2, ticket);
      p.setString(3, kind);
      p.setObject(4, T0.atOffset(ZoneOffset.UTC));
      p.setObject(5, pausedSince == null ? null : pausedSince.atOffset(ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
      p.setLong(6, pausedTotal.toMillis());
      p.setObject(7, stoppedAt == null ? null : stoppedAt.atOffset(ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
      p.setString(8, stopReason);
      p.setObject(9, kind.equals("RESOLUTION") ? T0.plusSeconds(60).atOffset(ZoneOffset.UTC) : null,
          java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
      p.executeUpdate();
    }
  }

  @Test
  void migratesAnEmptyDatabaseAndIsIdempotent() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(database.jdbcUrl());
      config.setUsername(database.user());
      try (HikariDataSource dataSource = new HikariDataSource(config)) {
        Migrations.migrate(dataSource, Dialect.detect(dataSource));
        Migrations.migrate(dataSource, Dialect.detect(dataSource));
        assertThat(Dialect.detect(dataSource)).isEqualTo(database.isPostgres() ? Dialect.POSTGRESQL : Dialect.H2);
        try (Connection c = dataSource.getConnection()) {
          for (String table : List.of("itsm_ticket", "itsm_incident", "itsm_ticket_ci", "itsm_ticket_field",
              "itsm_ticket_note", "itsm_sla_clock", "itsm_audit", "itsm_outbox")) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
              assertThat(rs.next()).as(table).isTrue();
            }
          }
          try (ResultSet rs = c.createStatement().executeQuery(
              "SELECT COUNT(*) FROM \"" + Migrations.HISTORY_TABLE + "\" WHERE \"success\" = TRUE AND \"version\" = '1'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
          }
        }
      }
    }
  }
}
