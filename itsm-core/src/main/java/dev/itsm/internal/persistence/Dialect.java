package dev.itsm.internal.persistence;

import dev.itsm.api.ItsmConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The databases the engine supports; the id is MyBatis' {@code databaseId}. */
public enum Dialect {
  H2("h2"),
  POSTGRESQL("postgresql");

  private final String id;

  Dialect(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Detects the dialect from the database product name. */
  public static Dialect detect(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName();
      String p = product.toLowerCase(Locale.ROOT);
      if (p.contains("h2")) {
        return H2;
      }
      if (p.contains("postgres")) {
        return POSTGRESQL;
      }
      throw new ItsmConfigurationException("Expected an H2 or PostgreSQL database, but the data source is " + product);
    } catch (SQLException e) {
      throw new ItsmConfigurationException("Cannot connect to the database to detect its kind: " + e.getMessage(), e);
    }
  }
}
