package dev.itsm.internal.persistence;

import dev.itsm.api.ItsmConfigurationException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Creates and upgrades the ITSM tables with Flyway (scripts in {@code db/itsm/migration}, history in
 * {@code itsm_schema_history}). Operaton creates its own tables.
 */
public final class Migrations {
  public static final String LOCATION = "classpath:db/itsm/migration";
  /** Scripts of one database only, in a folder named by {@link Dialect#id()}: the knowledge search. */
  public static final String VENDOR_LOCATION = "classpath:db/itsm/vendor/";
  public static final String HISTORY_TABLE = "itsm_schema_history";

  private Migrations() {}

  public static void migrate(DataSource dataSource, Dialect dialect) {
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations(LOCATION, VENDOR_LOCATION + dialect.id())
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new ItsmConfigurationException("Expected to migrate the ITSM tables, but Flyway failed: " + e.getMessage(), e);
    }
  }
}
