package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.spi.Notification;
import dev.itsm.spi.RecordingNotificationSender;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code GET /api/notifications}: what the engine's recording notification sender was given, newest
 * first; the signed-in user sees the notifications addressed to them, an administrator all of them.
 * The demo has no mail server, so this is where its SLA warnings, breaches and escalations show.
 */
final class NotificationRoutes {
  static final String BASE = "/api/notifications";

  private final RecordingNotificationSender notifications;

  NotificationRoutes(RecordingNotificationSender notifications) {
    this.notifications = notifications;
  }

  void register(RoutesConfig routes) {
    routes.get(BASE, this::list);
  }

  private void list(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    List<Notification> visible = new ArrayList<>(
        actor.roles().contains(Roles.ADMIN) ? notifications.sent() : notifications.to(actor.id()));
    Collections.reverse(visible);
    ctx.json(new Views.Notifications(visible));
  }
}
