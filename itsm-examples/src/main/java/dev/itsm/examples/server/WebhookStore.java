package dev.itsm.examples.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The webhook tables of the example server ({@code itsm_example_webhook} and
 * {@code itsm_example_webhook_delivery}, migration {@code db/example-server/V2__webhooks.sql}) over
 * plain JDBC, each statement in its own auto-committed unit. The same SQL runs on H2 and PostgreSQL.
 */
final class WebhookStore {
  /** SQL state of a unique (and, for 23503, foreign) key violation on H2 and PostgreSQL. */
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private static final String WEBHOOK_COLUMNS =
      "id, url, events, description, secret, enabled, created_by, created_at, updated_at";
  private static final String DELIVERY_COLUMNS = "d.id, d.webhook_id, d.event_id, d.event_type, d.ticket_id, d.ticket_number,"
      + " d.state, d.attempts, d.max_attempts, d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error,"
      + " d.delivered_at, d.created_at";

  private final DataSource dataSource;

  WebhookStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A registered webhook, with its secret. */
  record Webhook(UUID id, String url, List<String> events, String description, String secret, boolean enabled,
                 String createdBy, Instant createdAt, Instant updatedAt) {}

  /** A delivery as listed (without the body). */
  record Delivery(UUID id, UUID webhookId, UUID eventId, String eventType, UUID ticketId, String ticketNumber,
                  DeliveryState state, int attempts, int maxAttempts, Instant nextAttemptAt, Instant lastAttemptAt,
                  Integer lastStatus, String lastError, Instant deliveredAt, Instant createdAt) {}

  /** What the sender needs for one attempt. */
  record Due(UUID id, UUID webhookId, String url, String secret, String eventType, String body, int attempts,
             int maxAttempts) {}

  /** The state of a delivery. */
  enum DeliveryState {
    /** Waiting for its first attempt or a retry at {@code nextAttemptAt}. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Every attempt failed; only a retry by hand sends it again. */
    FAILED
  }

  // ------------------------------------------------------------------ webhooks

  void insert(Webhook webhook) {
    update("INSERT INTO itsm_example_webhook (" + WEBHOOK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", p -> {
      p.setObject(1, webhook.id());
      p.setString(2, webhook.url());
      p.setString(3, String.join(" ", webhook.events()));
      p.setString(4, webhook.description());
      p.setString(5, webhook.secret());
      p.setBoolean(6, webhook.enabled());
      p.setString(7, webhook.createdBy());
      p.setObject(8, time(webhook.createdAt()));
      p.setObject(9, time(webhook.updatedAt()));
    });
  }

  /** Writes url, events, description, enabled and updated_at; false when the webhook is gone. */
  boolean update(Webhook webhook) {
    return update("UPDATE itsm_example_webhook SET url = ?, events = ?, description = ?, enabled = ?, updated_at = ?"
        + " WHERE id = ?", p -> {
          p.setString(1, webhook.url());
          p.setString(2, String.join(" ", webhook.events()));
          p.setString(3, webhook.description());
          p.setBoolean(4, webhook.enabled());
          p.setObject(5, time(webhook.updatedAt()));
          p.setObject(6, webhook.id());
        }) == 1;
  }

  /** Deletes the webhook and its deliveries; false when there is none. */
  boolean delete(UUID id) {
    return update("DELETE FROM itsm_example_webhook WHERE id = ?", p -> p.setObject(1, id)) == 1;
  }

  Optional<Webhook> webhook(UUID id) {
    List<Webhook> found = query("SELECT " + WEBHOOK_COLUMNS + " FROM itsm_example_webhook WHERE id = ?",
        p -> p.setObject(1, id), WebhookStore::webhook);
    return found.stream().findFirst();
  }

  /** Every webhook, oldest first. */
  List<Webhook> webhooks() {
    return query("SELECT " + WEBHOOK_COLUMNS + " FROM itsm_example_webhook ORDER BY created_at, id", p -> { },
        WebhookStore::webhook);
  }

  /** The enabled webhooks, which receive new events. */
  List<Webhook> enabledWebhooks() {
    return query("SELECT " + WEBHOOK_COLUMNS + " FROM itsm_example_webhook WHERE enabled = ?",
        p -> p.setBoolean(1, true), WebhookStore::webhook);
  }

  // ------------------------------------------------------------------ deliveries

  /**
   * Records a pending delivery of an event to a webhook, due at {@code now}; false when that event
   * was recorded for that webhook already (a redelivery), or the webhook was deleted meanwhile.
   */
  boolean insertDelivery(UUID id, UUID webhookId, UUID eventId, String eventType, UUID ticketId, String ticketNumber,
                         String body, int maxAttempts, Instant now) {
    try {
      return update("INSERT INTO itsm_example_webhook_delivery (id, webhook_id, event_id, event_type, ticket_id,"
          + " ticket_number, body, state, attempts, max_attempts, next_attempt_at, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", p -> {
            p.setObject(1, id);
            p.setObject(2, webhookId);
            p.setObject(3, eventId);
            p.setString(4, eventType);
            if (ticketId == null) {
              p.setNull(5, Types.OTHER);
            } else {
              p.setObject(5, ticketId);
            }
            p.setString(6, ticketNumber);
            p.setString(7, body);
            p.setString(8, DeliveryState.PENDING.name());
            p.setInt(9, maxAttempts);
            p.setObject(10, time(now));
            p.setObject(11, time(now));
          }) == 1;
    } catch (StoreException e) {
      String state = e.getCause().getSQLState();
      if (UNIQUE_VIOLATION.equals(state) || FOREIGN_KEY_VIOLATION.equals(state)) {
        return false;
      }
      throw e;
    }
  }

  /** Pending deliveries of enabled webhooks due at {@code now}, the longest due first. */
  List<Due> due(Instant now, int limit) {
    return query("SELECT d.id, d.webhook_id, w.url, w.secret, d.event_type, d.body, d.attempts, d.max_attempts"
            + " FROM itsm_example_webhook_delivery d JOIN itsm_example_webhook w ON w.id = d.webhook_id"
            + " WHERE d.state = ? AND d.next_attempt_at <= ? AND w.enabled = ?"
            + " ORDER BY d.next_attempt_at, d.created_at, d.id",
        p -> {
          p.setString(1, DeliveryState.PENDING.name());
          p.setObject(2, time(now));
          p.setBoolean(3, true);
          p.setMaxRows(limit);
        },
        rs -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8)));
  }

  /**
   * Records an attempt of a pending delivery that had {@code attemptsBefore} attempts: its new
   * state, the receiver's status (or null when none answered), the error and when to try next
   * (null unless still pending). False when someone else recorded an attempt meanwhile.
   */
  boolean recordAttempt(UUID id, int attemptsBefore, DeliveryState state, Integer status, String error, Instant at,
                        Instant next) {
    return update("UPDATE itsm_example_webhook_delivery SET state = ?, attempts = ?, last_status = ?, last_error = ?,"
        + " last_attempt_at = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ? AND state = ? AND attempts = ?", p -> {
          p.setString(1, state.name());
          p.setInt(2, attemptsBefore + 1);
          if (status == null) {
            p.setNull(3, Types.INTEGER);
          } else {
            p.setInt(3, status);
          }
          p.setString(4, error);
          p.setObject(5, time(at));
          p.setObject(6, time(next));
          p.setObject(7, state == DeliveryState.DELIVERED ? time(at) : null);
          p.setObject(8, id);
          p.setString(9, DeliveryState.PENDING.name());
          p.setInt(10, attemptsBefore);
        }) == 1;
  }

  /**
   * Puts a failed delivery of the webhook back in line for one more attempt at {@code now}; false
   * when the webhook has no failed delivery of that id.
   */
  boolean retry(UUID webhookId, UUID id, Instant now) {
    return update("UPDATE itsm_example_webhook_delivery SET state = ?, next_attempt_at = ?, max_attempts = attempts + 1"
        + " WHERE id = ? AND webhook_id = ? AND state = ?", p -> {
          p.setString(1, DeliveryState.PENDING.name());
          p.setObject(2, time(now));
          p.setObject(3, id);
          p.setObject(4, webhookId);
          p.setString(5, DeliveryState.FAILED.name());
        }) == 1;
  }

  Optional<Delivery> delivery(UUID webhookId, UUID id) {
    return query("SELECT " + DELIVERY_COLUMNS + " FROM itsm_example_webhook_delivery d WHERE d.id = ? AND d.webhook_id = ?",
        p -> {
          p.setObject(1, id);
          p.setObject(2, webhookId);
        }, WebhookStore::delivery).stream().findFirst();
  }

  /** The body of a delivery. */
  Optional<String> body(UUID id) {
    return query("SELECT body FROM itsm_example_webhook_delivery WHERE id = ?", p -> p.setObject(1, id),
        rs -> rs.getString(1)).stream().findFirst();
  }

  /** A page of a webhook's deliveries in any of the states (all when empty), newest first. */
  List<Delivery> deliveries(UUID webhookId, Collection<DeliveryState> states, int offset, int limit) {
    return query("SELECT " + DELIVERY_COLUMNS + " FROM itsm_example_webhook_delivery d WHERE d.webhook_id = ?"
            + stateFilter(states) + " ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?",
        p -> {
          int i = bindStates(p, webhookId, states);
          p.setInt(i, limit);
          p.setInt(i + 1, offset);
        }, WebhookStore::delivery);
  }

  /** How many deliveries of the webhook are in any of the states (all when empty). */
  long countDeliveries(UUID webhookId, Collection<DeliveryState> states) {
    return query("SELECT COUNT(*) FROM itsm_example_webhook_delivery d WHERE d.webhook_id = ?" + stateFilter(states),
        p -> bindStates(p, webhookId, states), rs -> rs.getLong(1)).get(0);
  }

  private static String stateFilter(Collection<DeliveryState> states) {
    return states.isEmpty() ? ""
        : " AND d.state IN (" + states.stream().map(s -> "?").collect(Collectors.joining(", ")) + ")";
  }

  private static int bindStates(PreparedStatement p, UUID webhookId, Collection<DeliveryState> states) throws SQLException {
    p.setObject(1, webhookId);
    int i = 2;
    for (DeliveryState state : states) {
      p.setString(i++, state.name());
    }
    return i;
  }

  // ------------------------------------------------------------------ mapping

  private static Webhook webhook(ResultSet rs) throws SQLException {
    String events = rs.getString(3);
    return new Webhook(rs.getObject(1, UUID.class), rs.getString(2),
        events.isEmpty() ? List.of() : List.copyOf(Arrays.asList(events.split(" "))), rs.getString(4), rs.getString(5),
        rs.getBoolean(6), rs.getString(7), instant(rs, 8), instant(rs, 9));
  }

  private static Delivery delivery(ResultSet rs) throws SQLException {
    int status = rs.getInt(12);
    Integer lastStatus = rs.wasNull() ? null : status;
    return new Delivery(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
        rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6), DeliveryState.valueOf(rs.getString(7)),
        rs.getInt(8), rs.getInt(9), instant(rs, 10), instant(rs, 11), lastStatus, rs.getString(13), instant(rs, 14),
        instant(rs, 15));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
  }

  // ------------------------------------------------------------------ JDBC

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private int update(String sql, Binder binder) {
    try (Connection c = connection(); PreparedStatement p = c.prepareStatement(sql)) {
      binder.bind(p);
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
    try (Connection c = connection(); PreparedStatement p = c.prepareStatement(sql)) {
      binder.bind(p);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  private Connection connection() throws SQLException {
    Connection c = dataSource.getConnection();
    if (!c.getAutoCommit()) {
      c.setAutoCommit(true);
    }
    return c;
  }

  /** A failed statement on the webhook tables (a server error, not a client's). */
  static final class StoreException extends RuntimeException {
    StoreException(SQLException cause) {
      super("Expected the webhook tables to answer, but the database failed: " + cause.getMessage(), cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
