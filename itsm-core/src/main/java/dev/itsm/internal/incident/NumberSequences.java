package dev.itsm.internal.incident;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.TicketType;
import dev.itsm.internal.persistence.SequenceMapper;
import dev.itsm.internal.tx.ItsmSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Ticket numbers from one database sequence per ticket type and tenant: never reused, unique across
 * nodes, never blocking another transaction. Sequences of the default tenant come with the schema;
 * others are created on first use on a separate connection (DDL must not end the operation's
 * transaction).
 */
public final class NumberSequences {
  private static final Pattern SIMPLE_TENANT = Pattern.compile("[a-z0-9]{1,32}");

  private final DataSource dataSource;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public NumberSequences(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The next number, e.g. {@code INC-000042}; returns the sequence value and the formatted number. */
  public Numbered next(ItsmSession session, String tenantId, TicketType type) {
    String name = sequenceName(tenantId, type);
    ensure(name);
    long value = session.mapper(SequenceMapper.class).nextValue(name);
    return new Numbered(value, String.format(Locale.ROOT, "%s-%06d", type.prefix(), value));
  }

  public record Numbered(long value, String number) {}

  static String sequenceName(String tenantId, TicketType type) {
    String token = SIMPLE_TENANT.matcher(tenantId).matches() ? tenantId : "h" + hash(tenantId);
    return "itsm_seq_" + type.prefix().toLowerCase(Locale.ROOT) + "_" + token;
  }

  private void ensure(String name) {
    if (known.contains(name)) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE SEQUENCE IF NOT EXISTS " + name + " START WITH 1");
      } catch (SQLException raced) {
        // another node created it at the same moment; it exists now either way
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE SEQUENCE IF NOT EXISTS " + name + " START WITH 1");
        }
      }
    } catch (SQLException e) {
      throw new ItsmConfigurationException("Expected to create the number sequence " + name + ", but the database refused: "
          + e.getMessage(), e);
    }
    known.add(name);
  }

  private static String hash(String tenantId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(tenantId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
