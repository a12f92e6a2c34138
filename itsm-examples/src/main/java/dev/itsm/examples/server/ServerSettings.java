package dev.itsm.examples.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.itsm.api.ItsmEngineBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the example server, from command-line options or, where an option is absent, the
 * environment. Parsing fails with an {@link IllegalArgumentException} whose message says which
 * option is wrong; {@link #USAGE} lists them.
 *
 * @param host         address to listen on; default {@code 127.0.0.1} (the demo passwords are public)
 * @param port         HTTP port; 0 picks a free one; default 8080
 * @param data         H2 database file (without {@code .mv.db}); default {@code data/itsm}
 * @param jdbcUrl      a PostgreSQL (or H2) JDBC URL used instead of the H2 file; {@code null} if not given
 * @param jdbcUser     user for {@code jdbcUrl}; may be {@code null}
 * @param jdbcPassword password for {@code jdbcUrl}; may be {@code null}; never printed
 * @param demo         whether to add the demo users (to an empty user table) and demo incidents (to an empty
 *                     database); default {@code true}
 * @param secureCookies whether the session cookie is {@code Secure}; default {@code true}
 * @param help         whether {@code --help} was asked for
 */
public record ServerSettings(String host, int port, Path data, String jdbcUrl, String jdbcUser, String jdbcPassword,
                             boolean demo, boolean secureCookies, boolean help) {

  /** What {@code --help} prints. */
  public static final String USAGE = """
      Usage: ExampleServer [options]   (each option may also come from the environment variable shown)
        --host <address>         ITSM_HOST          address to listen on (default 127.0.0.1)
        --port <port>            ITSM_PORT          HTTP port, 0 = any free port (default 8080)
        --data <path>            ITSM_DATA          H2 database file (default data/itsm)
        --jdbc-url <url>         ITSM_JDBC_URL      use this database (e.g. PostgreSQL) instead of the H2 file
        --jdbc-user <user>       ITSM_JDBC_USER     user for --jdbc-url
        --jdbc-password <pw>     ITSM_JDBC_PASSWORD password for --jdbc-url (prefer the environment variable)
        --demo <true|false>      ITSM_DEMO          add the demo users and incidents to an empty database (default true)
        --secure-cookies <bool>  ITSM_SECURE_COOKIES session cookie only over HTTPS (and localhost) (default true)
        --help                                      print this and exit
      Commands:
        ExampleServer create-admin <id> [--data ... | --jdbc-url ...]
                                 adds an administrator; password from ITSM_ADMIN_PASSWORD or the first line of stdin
      """;

  private static final Map<String, String> OPTIONS = Map.of(
      "host", "ITSM_HOST", "port", "ITSM_PORT", "data", "ITSM_DATA", "jdbc-url", "ITSM_JDBC_URL",
      "jdbc-user", "ITSM_JDBC_USER", "jdbc-password", "ITSM_JDBC_PASSWORD", "demo", "ITSM_DEMO",
      "secure-cookies", "ITSM_SECURE_COOKIES");

  /** Reads the settings; options ({@code --port 8080} or {@code --port=8080}) win over environment variables. */
  public static ServerSettings parse(String[] args, Map<String, String> env) {
    Map<String, String> given = new LinkedHashMap<>();
    OPTIONS.forEach((option, variable) -> {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        given.put(option, value.trim());
      }
    });
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Expected an option like --port, but got '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      String option = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (!OPTIONS.containsKey(option)) {
        throw new IllegalArgumentException("Expected one of the options --" + String.join(", --", OPTIONS.keySet().stream().sorted().toList())
            + ", but got '--" + option + "'");
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("Expected a value after --" + option + ", but there is none");
      }
      given.put(option, value.trim());
    }
    return of(given, help);
  }

  private static ServerSettings of(Map<String, String> given, boolean help) {
    String jdbcUrl = given.get("jdbc-url");
    if (jdbcUrl != null && given.containsKey("data")) {
      throw new IllegalArgumentException("Expected either --data (an H2 file) or --jdbc-url, but both are given");
    }
    if (jdbcUrl == null && (given.containsKey("jdbc-user") || given.containsKey("jdbc-password"))) {
      throw new IllegalArgumentException("Expected --jdbc-user and --jdbc-password only with --jdbc-url, but there is no --jdbc-url");
    }
    return new ServerSettings(given.getOrDefault("host", "127.0.0.1"), port(given.getOrDefault("port", "8080")),
        Path.of(given.getOrDefault("data", "data/itsm")), jdbcUrl, given.get("jdbc-user"), given.get("jdbc-password"),
        bool("demo", given.getOrDefault("demo", "true")), bool("secure-cookies", given.getOrDefault("secure-cookies", "true")), help);
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Expected --port to be a number from 0 to 65535, but it is '" + text + "'");
  }

  private static boolean bool(String option, String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("Expected --" + option + " to be true or false, but it is '" + text + "'");
    };
  }

  /** Points the engine builder at the database of these settings. */
  public ItsmEngineBuilder database(ItsmEngineBuilder builder) {
    return jdbcUrl != null ? builder.jdbcUrl(jdbcUrl, jdbcUser, jdbcPassword) : builder.h2File(data.toAbsolutePath());
  }

  /**
   * A connection pool to the database of these settings, for the engine and the server's own tables
   * alike ({@code size} connections; the caller closes it after the engine).
   */
  public HikariDataSource dataSource(int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("itsm-example-server");
    String url = jdbcUrl != null ? jdbcUrl : "jdbc:h2:file:" + data.toAbsolutePath() + ";LOCK_TIMEOUT=10000";
    config.setJdbcUrl(url);
    config.setDriverClassName(url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver");
    config.setUsername(jdbcUrl != null ? jdbcUser : null);
    config.setPassword(jdbcUrl != null ? jdbcPassword : null);
    config.setMaximumPoolSize(size);
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }

  /** Which database, for the start-up message (never the password). */
  public String databaseDescription() {
    return jdbcUrl != null ? jdbcUrl + (jdbcUser == null ? "" : " as " + jdbcUser) : "H2 file " + data.toAbsolutePath();
  }

  /** Does not print the password. */
  @Override
  public String toString() {
    return "ServerSettings[host=" + host + ", port=" + port + ", database=" + databaseDescription() + ", demo=" + demo + "]";
  }
}
