package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Authenticates API requests with HTTP Basic credentials against the {@link DemoUsers} and keeps the
 * resulting {@link Actor} on the request. Runs before every {@code /api} handler.
 */
final class BasicAuthenticator implements Handler {
  /** Challenge sent with every 401. */
  static final String CHALLENGE = "Basic realm=\"itsm\", charset=\"UTF-8\"";

  private static final String ACTOR = BasicAuthenticator.class.getName() + ".actor";
  private static final String SCHEME = "basic";

  private final DemoUsers users;

  BasicAuthenticator(DemoUsers users) {
    this.users = users;
  }

  @Override
  public void handle(Context ctx) {
    ctx.attribute(ACTOR, authenticate(ctx.header("Authorization")));
  }

  /** The actor authenticated for this request. */
  static Actor actor(Context ctx) {
    Actor actor = ctx.attribute(ACTOR);
    if (actor == null) {
      throw new IllegalStateException("Expected an authenticated actor on " + ctx.method() + " " + ctx.path()
          + ", but the authenticator did not run");
    }
    return actor;
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
    if (space < 0) {
      throw malformed();
    }
    String credentials = decode(value.substring(space + 1).trim());
    int colon = credentials.indexOf(':');
    if (colon < 0) {
      throw malformed();
    }
    char[] password = credentials.substring(colon + 1).toCharArray();
    try {
      return users.authenticate(credentials.substring(0, colon), password)
          .orElseThrow(() -> new UnauthenticatedException("Expected a known user and their password, but the credentials do not match"));
    } finally {
      Arrays.fill(password, '\0');
    }
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
