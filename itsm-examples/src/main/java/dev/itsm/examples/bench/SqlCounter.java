package dev.itsm.examples.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A diagnostic JDBC proxy: counts statements by verb and table ({@code insert ACT_HI_ACTINST}),
 * round trips (executions and batch executions), commits and connection check-outs of every
 * connection taken from the wrapped data source, on every thread, while {@link #counting} is on.
 * It adds a little work to every JDBC call, so timings taken with it installed are not comparable
 * with timings taken without.
 */
final class SqlCounter {
  private static final Pattern INSERT = Pattern.compile("^insert\\s+into\\s+([A-Za-z_][\\w.]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern UPDATE = Pattern.compile("^update\\s+([A-Za-z_][\\w.]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DELETE = Pattern.compile("^delete\\s+from\\s+([A-Za-z_][\\w.]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern FROM = Pattern.compile("\\bfrom\\s+([A-Za-z_][\\w.]*)", Pattern.CASE_INSENSITIVE);

  /** Totals that are not statements: keys of {@link #snapshot()}. */
  static final String ROUND_TRIPS = "(round trips)";
  static final String COMMITS = "(commits)";
  static final String CHECKOUTS = "(connection check-outs)";
  static final String STATEMENTS = "(statements)";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, String> keys = new ConcurrentHashMap<>();
  private volatile boolean counting;

  /** Starts or stops counting; counts are kept until {@link #reset()}. */
  void counting(boolean on) {
    this.counting = on;
  }

  void reset() {
    counts.clear();
  }

  /** Counts so far, by key, sorted by key. */
  Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((key, value) -> copy.put(key, value.sum()));
    return copy;
  }

  DataSource wrap(DataSource target) {
    return (DataSource) Proxy.newProxyInstance(SqlCounter.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          if (result instanceof Connection connection && method.getName().equals("getConnection")) {
            count(CHECKOUTS, 1);
            return connection(connection);
          }
          return result;
        });
  }

  private Connection connection(Connection target) {
    return (Connection) Proxy.newProxyInstance(SqlCounter.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          String name = method.getName();
          Object result = invoke(target, method, args);
          switch (name) {
            case "commit" -> count(COMMITS, 1);
            case "prepareStatement" -> {
              return statement(PreparedStatement.class, (Statement) result, (String) args[0]);
            }
            case "prepareCall" -> {
              return statement(CallableStatement.class, (Statement) result, (String) args[0]);
            }
            case "createStatement" -> {
              return statement(Statement.class, (Statement) result, null);
            }
            default -> { }
          }
          return result;
        });
  }

  private Statement statement(Class<? extends Statement> type, Statement target, String preparedSql) {
    InvocationHandler handler = (proxy, method, args) -> {
      String name = method.getName();
      if (name.equals("addBatch")) {
        count(key(args != null && args.length == 1 && args[0] instanceof String sql ? sql : preparedSql), 1);
      } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
        count(ROUND_TRIPS, 1);
      } else if (name.startsWith("execute")) {
        count(ROUND_TRIPS, 1);
        count(key(args != null && args.length >= 1 && args[0] instanceof String sql ? sql : preparedSql), 1);
      }
      return invoke(target, method, args);
    };
    return (Statement) Proxy.newProxyInstance(SqlCounter.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private void count(String key, long delta) {
    if (!counting) {
      return;
    }
    counts.computeIfAbsent(key, k -> new LongAdder()).add(delta);
    if (!key.startsWith("(")) {
      counts.computeIfAbsent(STATEMENTS, k -> new LongAdder()).add(delta);
    }
  }

  /** {@code verb TABLE} of a statement, e.g. {@code select ACT_RU_TASK}. */
  String key(String sql) {
    if (sql == null) {
      return "other";
    }
    return keys.computeIfAbsent(sql, SqlCounter::classify);
  }

  static String classify(String sql) {
    String s = sql.strip().replaceAll("\\s+", " ");
    Matcher m;
    if ((m = INSERT.matcher(s)).find()) {
      return "insert " + m.group(1).toUpperCase(Locale.ROOT);
    }
    if ((m = UPDATE.matcher(s)).find()) {
      return "update " + m.group(1).toUpperCase(Locale.ROOT);
    }
    if ((m = DELETE.matcher(s)).find()) {
      return "delete " + m.group(1).toUpperCase(Locale.ROOT);
    }
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("select")) {
      if (lower.contains("next value for") || lower.contains("nextval(")) {
        return "select (sequence)";
      }
      if ((m = FROM.matcher(s)).find()) {
        return "select " + m.group(1).toUpperCase(Locale.ROOT);
      }
      return "select (no table)";
    }
    int space = lower.indexOf(' ');
    return space < 0 ? lower : lower.substring(0, space);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
