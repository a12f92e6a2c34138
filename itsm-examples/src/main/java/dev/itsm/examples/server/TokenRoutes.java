package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/tokens}: the caller's API tokens. {@code POST} creates one ({@code name},
 * {@code expiresInDays} from 1 to {@value #MAX_DAYS}, default {@value #DEFAULT_DAYS}) and shows its value
 * this once; {@code GET} lists them without values; {@code DELETE /api/tokens/{id}} revokes one.
 */
final class TokenRoutes {
  static final String BASE = "/api/tokens";
  static final int DEFAULT_DAYS = 30;
  static final int MAX_DAYS = 365;
  static final int MAX_NAME = 100;

  private final JsonCodec json;
  private final ApiTokens tokens;

  TokenRoutes(JsonCodec json, ApiTokens tokens) {
    this.json = json;
    this.tokens = tokens;
  }

  /** {@code POST /api/tokens}. */
  record NewToken(String name, Integer expiresInDays) {}

  /** A created token with its value, shown only in this response. */
  record CreatedToken(String id, String name, String token, Instant createdAt, Instant expiresAt) {}

  /** A token without its value. */
  record TokenView(String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt, boolean expired) {}

  /** {@code GET /api/tokens}. */
  record TokenList(List<TokenView> items) {}

  void register(RoutesConfig routes) {
    routes.post(BASE, this::create);
    routes.get(BASE, this::list);
    routes.delete(BASE + "/{id}", this::revoke);
  }

  private void create(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    NewToken body = json.read(ctx.bodyAsBytes(), NewToken.class);
    String name = body.name() == null ? null : body.name().strip();
    if (name == null || name.isEmpty()) {
      throw new InvalidInputException("name", "Expected a name for the token, but it is missing or blank");
    }
    if (name.length() > MAX_NAME) {
      throw new InvalidValueException("name", "Expected a name of at most " + MAX_NAME + " characters, but it has " + name.length());
    }
    int days = body.expiresInDays() == null ? DEFAULT_DAYS : body.expiresInDays();
    if (days < 1 || days > MAX_DAYS) {
      throw new InvalidValueException("expiresInDays", "Expected expiresInDays from 1 to " + MAX_DAYS + ", but it is " + days);
    }
    ApiTokens.Created created = tokens.create(actor.id(), name, days);
    ApiTokens.Token token = created.token();
    ctx.header("Location", BASE + "/" + token.id());
    ctx.status(201).json(new CreatedToken(token.id(), token.name(), created.value(), token.createdAt(), token.expiresAt()));
  }

  private void list(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    Instant now = tokens.clock().instant();
    ctx.json(new TokenList(tokens.list(actor.id()).stream()
        .map(t -> new TokenView(t.id(), t.name(), t.createdAt(), t.expiresAt(), t.lastUsedAt(), !now.isBefore(t.expiresAt())))
        .toList()));
  }

  private void revoke(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    String id = ctx.pathParam("id");
    if (!tokens.revoke(actor.id(), id)) {
      throw new NotFoundException("Expected an API token '" + id + "' of " + actor.id() + ", but there is none (or it is revoked)");
    }
    ctx.status(204);
  }
}
