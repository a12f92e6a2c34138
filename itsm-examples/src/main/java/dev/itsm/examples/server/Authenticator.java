package dev.itsm.examples.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.itsm.api.Actor;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates every {@code /api} request (except {@code /api/session}, which handles logins itself)
 * and keeps the {@link Actor} on it ({@link BasicAuthenticator#actor(Context)}):
 * <ul>
 *   <li>{@code Authorization: Basic ...} against the database users. Verified credentials are cached
 *       for a minute under an HMAC of user and password (with a key only this process knows), so
 *       Argon2id does not run on every request; failures count towards the {@link LoginThrottle}.</li>
 *   <li>{@code Authorization: Bearer <token>}: an {@link ApiTokens API token}, neither expired nor revoked.</li>
 *   <li>the {@value Sessions#COOKIE} cookie of a live {@link Sessions session}; a request other than
 *       GET, HEAD or OPTIONS must then carry the session's CSRF token in {@code X-CSRF-Token}.</li>
 * </ul>
 */
final class Authenticator implements Handler {
  /** Header carrying the session's CSRF token. */
  static final String CSRF_HEADER = "X-CSRF-Token";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Duration CACHE_TIME = Duration.ofMinutes(1);

  private final UserStore users;
  private final Sessions sessions;
  private final ApiTokens tokens;
  private final LoginThrottle throttle;
  private final Cache<String, Actor> verified = Caffeine.newBuilder().expireAfterWrite(CACHE_TIME).maximumSize(10_000).build();
  private final SecretKeySpec cacheKey;

  Authenticator(UserStore users, Sessions sessions, ApiTokens tokens, LoginThrottle throttle) {
    this.users = users;
    this.sessions = sessions;
    this.tokens = tokens;
    this.throttle = throttle;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
  }

  @Override
  public void handle(Context ctx) {
    if (ctx.path().equals(SessionRoutes.PATH)) {
      return;
    }
    String authorization = ctx.header("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      BasicAuthenticator.actor(ctx, fromHeader(ctx, authorization.trim()));
      return;
    }
    String cookie = ctx.cookie(Sessions.COOKIE);
    if (cookie != null) {
      Sessions.Session session = sessions.find(cookie)
          .orElseThrow(() -> new UnauthenticatedException("Expected a live session, but the session cookie names none (ended or logged out)"));
      requireCsrfToken(ctx, session);
      BasicAuthenticator.actor(ctx, users.actor(session.userId())
          .orElseThrow(() -> new UnauthenticatedException("Expected the session's user to exist, but it does not")));
      return;
    }
    throw new UnauthenticatedException(
        "Expected HTTP Basic credentials, an API token or a session cookie, but the request has no Authorization header");
  }

  /** Refuses a change (not GET, HEAD or OPTIONS) without the session's CSRF token. */
  static void requireCsrfToken(Context ctx, Sessions.Session session) {
    if (SAFE_METHODS.contains(ctx.method().name())) {
      return;
    }
    String given = ctx.header(CSRF_HEADER);
    if (given == null || given.isBlank()) {
      throw ApiProblemException.csrfTokenInvalid(true);
    }
    if (!Secrets.equal(given.trim(), session.csrfToken())) {
      throw ApiProblemException.csrfTokenInvalid(false);
    }
  }

  private Actor fromHeader(Context ctx, String value) {
    int space = value.indexOf(' ');
    String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "basic" -> basic(ctx, value);
      case "bearer" -> tokens.userOf(value.substring(space < 0 ? value.length() : space + 1).trim())
          .flatMap(users::actor)
          .orElseThrow(() -> new UnauthenticatedException("Expected a valid API token, but it is unknown, expired or revoked"));
      default -> throw new UnauthenticatedException("Expected the Basic or Bearer authentication scheme, but the request uses '"
          + (space < 0 ? value : value.substring(0, space)) + "'");
    };
  }

  private Actor basic(Context ctx, String value) {
    BasicAuthenticator.UserPassword given = BasicAuthenticator.parse(value);
    try {
      return login(given.user(), given.password(), ctx.ip())
          .orElseThrow(() -> new UnauthenticatedException("Expected a known user and their password, but the credentials do not match"));
    } finally {
      Arrays.fill(given.password(), '\0');
    }
  }

  /**
   * Checks a user id and password (throttled: 429 when there were too many failures); the user's
   * actor, or empty when they do not match.
   */
  Optional<Actor> login(String userId, char[] password, String address) {
    throttle.check(userId, address);
    String key = cacheKey(userId, password);
    Actor cached = verified.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Actor> actor = users.authenticate(userId, password);
    if (actor.isPresent()) {
      throttle.succeeded(userId);
      verified.put(key, actor.get());
    } else {
      throttle.failed(userId, address);
    }
    return actor;
  }

  private String cacheKey(String userId, char[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(cacheKey);
      mac.update(userId.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
      byte[] bytes = Arrays.copyOf(encoded.array(), encoded.limit());
      Arrays.fill(encoded.array(), (byte) 0);
      try {
        return HexFormat.of().formatHex(mac.doFinal(bytes));
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Expected the JDK to provide HmacSHA256, but it does not", e);
    }
  }
}
