package dev.itsm.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A fresh, empty database for one benchmark path, and a connection pool on it: an in-memory H2
 * database, or a PostgreSQL database created for the run and dropped at {@link #close()}. Both paths
 * get pools of the same kind and size (HikariCP, auto-commit on, as the ITSM engine builds its own).
 */
final class BenchDatabase implements AutoCloseable {
  private static final Pattern SIMPLE_NAME = Pattern.compile("[a-z0-9_]{1,63}");

  private final String kind;
  private final String name;
  private final HikariDataSource pool;
  private final DataSource dataSource;
  private final String adminUrl;
  private final String user;
  private final String password;
  private final SqlCounter counter;

  private BenchDatabase(String kind, String name, HikariDataSource pool, String adminUrl, String user, String password,
                        SqlCounter counter) {
    this.kind = kind;
    this.name = name;
    this.pool = pool;
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    this.counter = counter;
    this.dataSource = counter == null ? pool : counter.wrap(pool);
  }

  /**
   * Creates the database and its pool.
   *
   * @param label   distinguishes the databases of one run, e.g. {@code itsm} or {@code bare}
   * @param counter when not null, every connection handed out is wrapped to count statements
   */
  static BenchDatabase create(BenchOptions options, String label, SqlCounter counter) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String name = ("itsm_bench_" + label + "_" + suffix).toLowerCase(Locale.ROOT);
    if (!SIMPLE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Expected a label of lower-case letters, digits and _, but got '" + label + "'");
    }
    if (options.db().equals("h2")) {
      // the URL the ITSM engine uses for its own in-memory database
      String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128";
      return new BenchDatabase("h2", name, pool(name, "org.h2.Driver", url, "sa", "", options.poolSize()), null,
          null, null, counter);
    }
    String server = options.pgUrl().endsWith("/") ? options.pgUrl() : options.pgUrl() + "/";
    String adminUrl = server + "postgres";
    execute(adminUrl, options.pgUser(), options.pgPassword(), "CREATE DATABASE " + name);
    try {
      HikariDataSource pool = pool(name, "org.postgresql.Driver", server + name, options.pgUser(), options.pgPassword(),
          options.poolSize());
      return new BenchDatabase("postgresql", name, pool, adminUrl, options.pgUser(), options.pgPassword(), counter);
    } catch (RuntimeException e) {
      execute(adminUrl, options.pgUser(), options.pgPassword(), "DROP DATABASE IF EXISTS " + name);
      throw e;
    }
  }

  private static HikariDataSource pool(String name, String driver, String url, String user, String password, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setDriverClassName(driver);
    hikari.setJdbcUrl(url);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(size);
    hikari.setAutoCommit(true);
    return new HikariDataSource(hikari);
  }

  /** The data source the path's engine runs on (wrapped by the statement counter if there is one). */
  DataSource dataSource() {
    return dataSource;
  }

  String name() {
    return name;
  }

  /** Product name and version as the JDBC driver reports them, e.g. {@code PostgreSQL 15.20 (...)}. */
  String productVersion() {
    try (Connection connection = pool.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      String version = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
      if (kind.equals("postgresql")) {
        try (Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT version()")) {
          if (rs.next()) {
            version = rs.getString(1);
          }
        }
      }
      return version + ", driver " + meta.getDriverName() + " " + meta.getDriverVersion();
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (kind.equals("h2")) {
      try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      } catch (SQLException ignored) {
        // the pool is closed next either way
      }
      pool.close();
      return;
    }
    pool.close();
    execute(adminUrl, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void execute(String url, String user, String password, String sql) {
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Expected the PostgreSQL driver on the class path, but it is missing", e);
    }
    try (Connection connection = DriverManager.getConnection(url, user, password);
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Expected the database server at " + url + " to run '" + sql + "', but it refused: "
          + e.getMessage(), e);
    }
  }
}
