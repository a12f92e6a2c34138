package dev.itsm.internal.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.itsm.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one migration script set runs on H2 and on PostgreSQL (the suite runs on both in CI). */
class MigrationsTest {

  @Test
  void migratesAnEmptyDatabaseAndIsIdempotent() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(database.jdbcUrl());
      config.setUsername(database.user());
      try (HikariDataSource dataSource = new HikariDataSource(config)) {
        Migrations.migrate(dataSource);
        Migrations.migrate(dataSource);
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
