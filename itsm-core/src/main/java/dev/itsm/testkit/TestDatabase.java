package dev.itsm.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database for one test class (or one test), dropped on {@link #close()}: an
 * in-memory H2 database by default, or a new PostgreSQL database when the system property
 * {@code itsm.test.db=postgresql} is set ({@code itsm.test.pg.url}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/}, and {@code itsm.test.pg.user}, default {@code postgres},
 * say where). The database outlives engines built on it, so a test can restart an engine.
 */
public final class TestDatabase implements AutoCloseable {
  private final boolean postgres;
  private final String name;
  private final String url;
  private final String user;
  private final String adminUrl;

  private TestDatabase(boolean postgres, String name, String url, String user, String adminUrl) {
    this.postgres = postgres;
    this.name = name;
    this.url = url;
    this.user = user;
    this.adminUrl = adminUrl;
  }

  /** A new database of the kind the system properties select. */
  public static TestDatabase create() {
    String kind = System.getProperty("itsm.test.db", "h2").toLowerCase(Locale.ROOT);
    String name = "itsm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    if (kind.startsWith("postgres")) {
      String base = System.getProperty("itsm.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/");
      String user = System.getProperty("itsm.test.pg.user", "postgres");
      String root = base.endsWith("/") ? base : base + "/";
      try (Connection admin = DriverManager.getConnection(root + "postgres", user, null);
           Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("Expected to create test database " + name + " at " + root
            + ", but PostgreSQL refused: " + e.getMessage(), e);
      }
      return new TestDatabase(true, name, root + name, user, root + "postgres");
    }
    if (!kind.equals("h2")) {
      throw new IllegalArgumentException("itsm.test.db must be h2 or postgresql, but is " + kind);
    }
    return new TestDatabase(false, name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128", "sa", null);
  }

  /** Whether this is a PostgreSQL database (else H2). */
  public boolean isPostgres() {
    return postgres;
  }

  public String jdbcUrl() {
    return url;
  }

  public String user() {
    return user;
  }

  /** A new connection of its own (auto-commit), e.g. to check from outside the engine what was committed. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, postgres ? null : "");
  }

  /** Drops the database. */
  @Override
  public void close() {
    try {
      if (postgres) {
        try (Connection admin = DriverManager.getConnection(adminUrl, user, null);
             Statement statement = admin.createStatement()) {
          statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
      } else {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
          statement.execute("SHUTDOWN");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Expected to drop test database " + name + ", but: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return (postgres ? "PostgreSQL " : "H2 ") + name;
  }
}
