package dev.itsm.bpmn.cluster;

import dev.itsm.bpmn.support.Fixtures;
import dev.itsm.spi.CustomField;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.spi.Notification;
import dev.itsm.spi.NotificationSender;
import dev.itsm.testkit.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What the engines of the multi-node tests share: the directory, a custom field {@code counter},
 * and an idempotent receiver of notifications in the test database (table {@code cluster_delivery},
 * one row per idempotency key; a send whose key is there already is recognised as a retry and
 * counted in {@code cluster_redelivery}). The receiver loses the acknowledgement of the first send
 * of every key {@link #injectsFailure} picks: it records the delivery, then throws, so the outbox
 * retries it.
 */
final class ClusterSupport {
  private ClusterSupport() {}

  static void createReceiverTables(TestDatabase database) throws SQLException {
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE cluster_delivery (idempotency_key VARCHAR(300) PRIMARY KEY, node VARCHAR(64) NOT NULL,"
          + " type VARCHAR(64) NOT NULL)");
      s.execute("CREATE TABLE cluster_redelivery (idempotency_key VARCHAR(300) NOT NULL, node VARCHAR(64) NOT NULL)");
    }
  }

  /** Whether the receiver loses the acknowledgement of the key's first send (about one key in seven). */
  static boolean injectsFailure(String idempotencyKey) {
    return Math.floorMod(idempotencyKey.hashCode(), 7) == 0;
  }

  /** The plugin every engine of a cluster test uses; the receiver writes to the given database. */
  static ItsmPlugin plugin(String jdbcUrl, String user, String node) {
    Receiver receiver = new Receiver(jdbcUrl, user, node);
    return context -> {
      context.directory(Fixtures.directory());
      context.customField(CustomField.integer("counter"));
      context.notificationSender(receiver);
    };
  }

  /** An idempotent receiver of notifications, as a host's mail gateway with a key check would be. */
  static final class Receiver implements NotificationSender {
    private final String node;
    private final HikariDataSource pool;

    Receiver(String jdbcUrl, String user, String node) {
      this.node = node;
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(jdbcUrl);
      config.setUsername(user);
      config.setMaximumPoolSize(2);
      config.setPoolName("receiver-" + node);
      this.pool = new HikariDataSource(config);
    }

    @Override
    public void send(Notification notification) throws Exception {
      String key = notification.idempotencyKey();
      try (Connection c = pool.getConnection()) {
        int inserted;
        try (PreparedStatement p = c.prepareStatement(
            "INSERT INTO cluster_delivery (idempotency_key, node, type) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
          p.setString(1, key);
          p.setString(2, node);
          p.setString(3, notification.type());
          inserted = p.executeUpdate();
        }
        if (inserted == 0) {
          try (PreparedStatement p = c.prepareStatement(
              "INSERT INTO cluster_redelivery (idempotency_key, node) VALUES (?, ?)")) {
            p.setString(1, key);
            p.setString(2, node);
            p.executeUpdate();
          }
          return;   // the same delivery again: recognised, acknowledged
        }
      }
      if (injectsFailure(key)) {
        throw new IllegalStateException("acknowledgement lost (injected) for " + key);
      }
    }
  }

  static long count(TestDatabase database, String sql) throws SQLException {
    try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Set<String> strings(TestDatabase database, String sql) throws SQLException {
    Set<String> out = new HashSet<>();
    try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Waits until the condition holds, checking twice a second; fails with the message after the timeout. */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Expected " + what + " within " + timeout + ", but it did not happen");
      }
      Thread.sleep(500);   // polling interval of the condition, not a wait for an outcome
    }
  }

  /** A condition over the database that treats a failing query as not yet. */
  static BooleanSupplier sql(SqlCondition condition) {
    return () -> {
      try {
        return condition.holds();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  @FunctionalInterface
  interface SqlCondition {
    boolean holds() throws SQLException;
  }
}
