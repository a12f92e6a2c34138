package dev.itsm.examples.server;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The example server's own tables (users, sessions, API tokens...), next to the engine's in the same
 * database: Flyway scripts in {@value #LOCATION}, history in {@value #HISTORY_TABLE} (apart from the
 * library's {@code itsm_schema_history}). Works on H2 and PostgreSQL.
 */
public final class ServerSchema {
  /** Where the scripts are. */
  public static final String LOCATION = "classpath:db/example-server";
  /** Flyway's history table of these scripts. */
  public static final String HISTORY_TABLE = "itsm_example_schema_history";

  private ServerSchema() {}

  /** Creates or upgrades the server's tables; safe to call on every start. */
  public static void migrate(DataSource dataSource) {
    try {
      Flyway.configure(ServerSchema.class.getClassLoader())
          .dataSource(dataSource)
          .locations(LOCATION)
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new IllegalStateException("Expected to create or upgrade the example server's tables (" + LOCATION
          + "), but Flyway failed: " + e.getMessage(), e);
    }
  }
}
