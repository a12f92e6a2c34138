package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Checks HTTP Basic credentials ({@code Authorization: Basic ...}) against {@link Credentials} (the
 * database users, or {@link DemoUsers}).
 */
final class BasicAuthenticator {
  /** Challenge sent with a 401 to clients other than the web console. */
  static final String CHALLENGE = "Basic realm=\"itsm\", charset=\"UTF-8\"";

  private static final String ACTOR = BasicAuthenticator.class.getName() + ".actor";
  private static final String SCHEME = "basic";

  private final Credentials users;

  BasicAuthenticator(Credentials users) {
    this.users = users;
  }

  /**
   * The actor authenticated for this request (by Basic credentials, an API token or a session; see
   * {@link Authenticator}).
   */
  static Actor actor(Context ctx) {
    Actor actor = ctx.attribute(ACTOR);
    if (actor == null) {
      throw new IllegalStateException("Expected an authenticated actor on " + ctx.method() + " " + ctx.path()
          + ", but the authenticator did not run");
    }
    return actor;
  }

  /** Keeps the authenticated actor on the request. */
  static void actor(Context ctx, Actor actor) {
    ctx.attribute(ACTOR, actor);
  }

  /** The actor of the credentials in an {@code Authorization} header value. */
  Actor authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new UnauthenticatedException("Expected HTTP Basic credentials, but the request has no Authorization header");
    }
    String value = authorization.trim();
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME)) {
      throw new UnauthenticatedException("Expected the Basic authentication scheme, but the request uses '" + scheme + "'");
    }
    UserPassword given = parse(value);
    try {
      return users.authenticate(given.user(), given.password())
          .orElseThrow(() -> new UnauthenticatedException("Expected a known user and their password, but the credentials do not match"));
    } finally {
      Arrays.fill(given.password(), '\0');
    }
  }

  /** A user id and password as sent. */
  record UserPassword(String user, char[] password) {}

  /** The user and password of a {@code Basic ...} header value (scheme already checked). */
  static UserPassword parse(String value) {
    int space = value.indexOf(' ');
    if (space < 0) {
      throw malformed();
    }
    String credentials = decode(value.substring(space + 1).trim());
    int colon = credentials.indexOf(':');
    if (colon < 0) {
      throw malformed();
    }
    return new UserPassword(credentials.substring(0, colon), credentials.substring(colon + 1).toCharArray());
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  private static UnauthenticatedException malformed() {
    return new UnauthenticatedException("Expected Basic credentials as base64 of 'user:password', but they are malformed");
  }
}
