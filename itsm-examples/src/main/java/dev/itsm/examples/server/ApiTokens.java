package dev.itsm.examples.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * API tokens in {@code itsm_example_api_token}: each one acts as the user who created it
 * ({@code Authorization: Bearer <token>}) until it expires or is revoked. Only the SHA-256 of a token
 * is stored; its value is shown once, when it is created.
 */
final class ApiTokens {
  /** Prefix of every token value, so that leaked tokens are easy to recognise. */
  static final String PREFIX = "itsm_";

  /** A token without its value. */
  record Token(String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {}

  /** A new token and its value (returned once, never stored). */
  record Created(Token token, String value) {}

  private final Jdbc jdbc;
  private final Clock clock;

  ApiTokens(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  /** The clock tokens expire on. */
  Clock clock() {
    return clock;
  }

  /** Creates a token of the user valid for the days given. */
  Created create(String userId, String name, int days) {
    String value = Secrets.random(PREFIX);
    Instant now = clock.instant();
    Token token = new Token(UUID.randomUUID().toString(), name, now, now.plus(Duration.ofDays(days)), null);
    jdbc.update("""
        INSERT INTO itsm_example_api_token (id, user_id, name, token_hash, created_at, expires_at)
        VALUES (?, ?, ?, ?, ?, ?)""", token.id(), userId, name, Secrets.sha256(value), now, token.expiresAt());
    return new Created(token, value);
  }

  /** The user's tokens that are not revoked (also expired ones), oldest first. */
  List<Token> list(String userId) {
    return jdbc.query("""
        SELECT id, name, created_at, expires_at, last_used_at FROM itsm_example_api_token
        WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at, id""",
        row -> new Token(row.getString(1), row.getString(2), Jdbc.instant(row, "created_at"), Jdbc.instant(row, "expires_at"),
            Jdbc.instant(row, "last_used_at")), userId);
  }

  /** Revokes the user's token; whether there was such a token not yet revoked. */
  boolean revoke(String userId, String id) {
    return jdbc.update("UPDATE itsm_example_api_token SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
        clock.instant(), id, userId) == 1;
  }

  /**
   * The user of a token value that is neither expired nor revoked, marking it as used now (to
   * {@link Sessions#LAST_USE_PRECISION}).
   */
  Optional<String> userOf(String value) {
    if (value == null || !value.startsWith(PREFIX) || value.length() > 200) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(value);
    Instant now = clock.instant();
    Optional<Use> use = jdbc.queryOne("""
        SELECT user_id, last_used_at FROM itsm_example_api_token WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?""",
        row -> new Use(row.getString(1), Jdbc.instant(row, "last_used_at")), hash, now);
    use.filter(u -> u.lastUsedAt() == null || u.lastUsedAt().isBefore(now.minus(Sessions.LAST_USE_PRECISION)))
        .ifPresent(u -> jdbc.update("UPDATE itsm_example_api_token SET last_used_at = ? WHERE token_hash = ?", now, hash));
    return use.map(Use::userId);
  }

  private record Use(String userId, Instant lastUsedAt) {}
}
