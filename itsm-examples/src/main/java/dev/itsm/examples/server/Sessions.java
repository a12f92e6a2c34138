package dev.itsm.examples.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Login sessions of the web console in {@code itsm_example_session}: the cookie value is random and
 * stored only as its SHA-256; each session has its own CSRF token. A session ends after
 * {@link SecuritySettings#sessionIdleTimeout()} without a request or {@link SecuritySettings#sessionLifetime()}
 * after the login, whichever comes first, on the given clock.
 */
final class Sessions {
  /** Name of the session cookie. */
  static final String COOKIE = "ITSM_SESSION";

  /** A live session. */
  record Session(String userId, String csrfToken, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {}

  /** A new session and the cookie value that names it (not stored). */
  record Created(String id, Session session) {}

  private final Jdbc jdbc;
  private final Clock clock;
  private final SecuritySettings settings;

  Sessions(DataSource dataSource, Clock clock, SecuritySettings settings) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
    this.settings = settings;
  }

  /** Starts a session for the user (and deletes the sessions that have ended meanwhile). */
  Created create(String userId) {
    deleteEnded();
    String id = Secrets.random("");
    Instant now = clock.instant();
    Session session = new Session(userId, Secrets.random(""), now, now, now.plus(settings.sessionLifetime()));
    jdbc.update("""
        INSERT INTO itsm_example_session (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
        VALUES (?, ?, ?, ?, ?, ?)""", Secrets.sha256(id), userId, session.csrfToken(), now, now, session.expiresAt());
    return new Created(id, session);
  }

  /**
   * How precisely the last use of a session or an API token is kept: it is written at most once in
   * this time, so that the requests of one client do not each write (and queue on) its row.
   */
  static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

  /**
   * The live session the cookie value names, marked as used now (to {@link #LAST_USE_PRECISION});
   * ended sessions are deleted.
   */
  Optional<Session> find(String id) {
    if (id == null || id.isBlank() || id.length() > 100) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(id);
    Optional<Session> found = jdbc.queryOne("""
        SELECT user_id, csrf_token, created_at, last_seen_at, expires_at FROM itsm_example_session WHERE id_hash = ?""",
        row -> new Session(row.getString(1), row.getString(2), Jdbc.instant(row, "created_at"), Jdbc.instant(row, "last_seen_at"),
            Jdbc.instant(row, "expires_at")), hash);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Session session = found.get();
    Instant now = clock.instant();
    if (!now.isBefore(session.expiresAt()) || !now.isBefore(session.lastSeenAt().plus(settings.sessionIdleTimeout()))) {
      jdbc.update("DELETE FROM itsm_example_session WHERE id_hash = ?", hash);
      return Optional.empty();
    }
    if (session.lastSeenAt().isBefore(now.minus(LAST_USE_PRECISION))) {
      jdbc.update("UPDATE itsm_example_session SET last_seen_at = ? WHERE id_hash = ?", now, hash);
    }
    return Optional.of(session);
  }

  /** Ends the session the cookie value names (nothing if there is none). */
  void delete(String id) {
    if (id != null && !id.isBlank()) {
      jdbc.update("DELETE FROM itsm_example_session WHERE id_hash = ?", Secrets.sha256(id));
    }
  }

  /** Deletes sessions that ended before now; returns how many. */
  int deleteEnded() {
    Instant now = clock.instant();
    return jdbc.update("DELETE FROM itsm_example_session WHERE expires_at <= ? OR last_seen_at <= ?", now,
        now.minus(settings.sessionIdleTimeout()));
  }
}
