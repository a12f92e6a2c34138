package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;

/**
 * {@code /api/session}: the web console's login. {@code POST} with a user id and password starts a
 * session (cookie {@value Sessions#COOKIE}, {@code HttpOnly}, {@code SameSite=Strict}, {@code Secure}
 * unless turned off) and answers the user, roles, groups and the session's CSRF token; {@code GET}
 * answers the same for a live session; {@code DELETE} logs out.
 */
final class SessionRoutes {
  /** The path of the session resource. */
  static final String PATH = "/api/session";

  private final JsonCodec json;
  private final Authenticator authenticator;
  private final Sessions sessions;
  private final UserStore users;
  private final SecuritySettings settings;

  SessionRoutes(JsonCodec json, Authenticator authenticator, Sessions sessions, UserStore users, SecuritySettings settings) {
    this.json = json;
    this.authenticator = authenticator;
    this.sessions = sessions;
    this.users = users;
    this.settings = settings;
  }

  /** {@code POST /api/session}. */
  record Login(String username, String password) {}

  /** The signed-in user (roles and groups sorted) and the CSRF token to send with every change. */
  record SessionView(String userId, List<String> roles, List<String> groups, String csrfToken) {
    static SessionView of(Actor actor, String csrfToken) {
      return new SessionView(actor.id(), actor.roles().stream().sorted().toList(), actor.groups().stream().sorted().toList(),
          csrfToken);
    }
  }

  void register(RoutesConfig routes) {
    routes.post(PATH, this::login);
    routes.get(PATH, this::current);
    routes.delete(PATH, this::logout);
  }

  private void login(Context ctx) {
    Login login = json.read(ctx.bodyAsBytes(), Login.class);
    if (login.username() == null || login.username().isBlank()) {
      throw new InvalidInputException("username", "Expected a username, but it is missing or blank");
    }
    if (login.password() == null) {
      throw new InvalidInputException("password", "Expected a password, but it is missing");
    }
    char[] password = login.password().toCharArray();
    Actor actor;
    try {
      actor = authenticator.login(login.username(), password, ctx.ip()).orElseThrow(ApiProblemException::invalidCredentials);
    } finally {
      Arrays.fill(password, '\0');
    }
    String old = ctx.cookie(Sessions.COOKIE);
    if (old != null) {
      sessions.delete(old);
    }
    Sessions.Created created = sessions.create(actor.id());
    ctx.header("Set-Cookie", cookie(created.id(), -1));
    ctx.json(SessionView.of(actor, created.session().csrfToken()));
  }

  private void current(Context ctx) {
    Sessions.Session session = live(ctx);
    Actor actor = users.actor(session.userId())
        .orElseThrow(() -> new UnauthenticatedException("Expected the session's user to exist, but it does not"));
    ctx.json(SessionView.of(actor, session.csrfToken()));
  }

  private void logout(Context ctx) {
    String id = ctx.cookie(Sessions.COOKIE);
    if (id != null) {
      sessions.find(id).ifPresent(session -> Authenticator.requireCsrfToken(ctx, session));
      sessions.delete(id);
    }
    ctx.header("Set-Cookie", cookie("", 0));
    ctx.status(204);
  }

  private Sessions.Session live(Context ctx) {
    String id = ctx.cookie(Sessions.COOKIE);
    if (id == null) {
      throw new UnauthenticatedException("Expected a session cookie, but the request has none; log in with POST " + PATH);
    }
    return sessions.find(id)
        .orElseThrow(() -> new UnauthenticatedException("Expected a live session, but the session cookie names none (ended or logged out)"));
  }

  /** The cookie; a browser keeps it until it closes, or removes it at once with {@code maxAgeSeconds} 0 (-1: no Max-Age). */
  private String cookie(String value, long maxAgeSeconds) {
    return Sessions.COOKIE + "=" + value + "; Path=/" + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "")
        + "; HttpOnly; SameSite=Strict"
        + (settings.secureCookies() ? "; Secure" : "");
  }
}
