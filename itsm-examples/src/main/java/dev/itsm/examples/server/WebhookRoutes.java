package dev.itsm.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.Roles;
import dev.itsm.examples.server.WebhookStore.DeliveryState;
import dev.itsm.examples.server.WebhookViews.DeliveryDetail;
import dev.itsm.examples.server.WebhookViews.DeliveryView;
import dev.itsm.examples.server.WebhookViews.EventTypesView;
import dev.itsm.examples.server.WebhookViews.WebhookView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook resource {@code /api/webhooks}: administrators register, list, read, change and delete
 * webhooks, list their deliveries by state and retry a failed one. Everyone else gets 403.
 */
final class WebhookRoutes {
  static final String BASE = "/api/webhooks";
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 200;

  private final Webhooks webhooks;
  private final JsonCodec json;

  WebhookRoutes(Webhooks webhooks, JsonCodec json) {
    this.webhooks = webhooks;
    this.json = json;
  }

  /** {@code POST /api/webhooks}: {@code secret} is generated when absent; {@code enabled} defaults to true. */
  record RegisterBody(String url, List<String> events, String description, String secret, Boolean enabled) {}

  /** {@code PATCH /api/webhooks/{id}}: absent properties stay as they are. */
  record UpdateBody(String url, List<String> events, String description, Boolean enabled) {}

  void register(RoutesConfig routes) {
    routes.post(BASE, this::create);
    routes.get(BASE, ctx -> {
      admin(ctx);
      ctx.json(new Views.Items<>(webhooks.webhooks().stream().map(WebhookView::of).toList()));
    });
    // before BASE/{id}
    routes.get(BASE + "/event-types", ctx -> {
      admin(ctx);
      ctx.json(new EventTypesView(Webhooks.EVENT_TYPES,
          java.util.stream.Stream.concat(Webhooks.EVENT_CATEGORIES.stream().map(c -> c + ".*"),
              java.util.stream.Stream.of(Webhooks.ALL_EVENTS)).toList()));
    });
    routes.get(BASE + "/{id}", ctx -> {
      admin(ctx);
      ctx.json(WebhookView.of(webhooks.webhook(id(ctx))));
    });
    routes.patch(BASE + "/{id}", this::update);
    routes.delete(BASE + "/{id}", ctx -> {
      admin(ctx);
      webhooks.delete(id(ctx));
      ctx.status(204);
    });
    routes.get(BASE + "/{id}/deliveries", this::deliveries);
    routes.get(BASE + "/{id}/deliveries/{deliveryId}", ctx -> {
      admin(ctx);
      UUID webhook = id(ctx);
      UUID delivery = Params.pathUuid(ctx.pathParam("deliveryId"), "a delivery");
      WebhookStore.Delivery found = webhooks.delivery(webhook, delivery);
      ctx.json(DeliveryDetail.of(found, payload(webhooks.deliveryBody(found.id()))));
    });
    routes.post(BASE + "/{id}/deliveries/{deliveryId}/retry", ctx -> {
      admin(ctx);
      UUID webhook = id(ctx);
      UUID delivery = Params.pathUuid(ctx.pathParam("deliveryId"), "a delivery");
      ctx.status(202).json(DeliveryView.of(webhooks.retry(webhook, delivery)));
    });
  }

  private void create(Context ctx) {
    Actor actor = admin(ctx);
    RegisterBody body = json.read(ctx.bodyAsBytes(), RegisterBody.class);
    Webhooks.Registered registered = webhooks.register(actor, body.url(), body.events(), body.description(), body.secret(),
        body.enabled());
    ctx.header("Location", BASE + "/" + registered.webhook().id());
    ctx.status(201).json(WebhookViews.Registered.of(registered));
  }

  private void update(Context ctx) {
    admin(ctx);
    UUID id = id(ctx);
    UpdateBody body = json.read(ctx.bodyAsBytes(), UpdateBody.class);
    ctx.json(WebhookView.of(webhooks.update(id, body.url(), body.events(), body.description(), body.enabled())));
  }

  private void deliveries(Context ctx) {
    admin(ctx);
    UUID id = id(ctx);
    Map<String, List<String>> params = ctx.queryParamMap();
    Set<DeliveryState> states = new LinkedHashSet<>();
    for (String value : Params.values(params, "state")) {
      try {
        states.add(DeliveryState.valueOf(value.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidValueException("state", "Expected state to be any of PENDING, DELIVERED, FAILED, but it is '"
            + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
      }
    }
    int offset = Params.integer(params, "offset", 0);
    int limit = Params.integer(params, "limit", DEFAULT_LIMIT);
    if (offset < 0) {
      throw new InvalidValueException("offset", "Expected offset of 0 or more, but it is " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidValueException("limit", "Expected limit from 1 to " + MAX_LIMIT + ", but it is " + limit);
    }
    Views.PageOf<WebhookStore.Delivery> page = webhooks.deliveries(id, new ArrayList<>(states), offset, limit);
    ctx.json(new Views.PageOf<>(page.items().stream().map(DeliveryView::of).toList(), page.total(), offset, limit));
  }

  /** The administrator making the request; anyone else is refused. */
  private static Actor admin(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    if (!actor.roles().contains(Roles.ADMIN)) {
      throw new AccessDeniedException("Expected an administrator to manage webhooks, but " + actor.id()
          + " has the roles " + new java.util.TreeSet<>(actor.roles()));
    }
    return actor;
  }

  private static UUID id(Context ctx) {
    return Params.pathUuid(ctx.pathParam("id"), "a webhook");
  }

  private com.fasterxml.jackson.databind.JsonNode payload(String body) {
    try {
      return json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Expected a stored webhook body to be JSON, but it is not", e);
    }
  }
}
