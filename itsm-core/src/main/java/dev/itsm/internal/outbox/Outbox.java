package dev.itsm.internal.outbox;

import dev.itsm.api.event.DomainEvent;
import dev.itsm.internal.persistence.OutboxRow;
import dev.itsm.internal.persistence.TicketRow;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.spi.Notification;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.UUID;

/** Writes domain events and notifications into the outbox of the current unit of work. */
public final class Outbox {
  private Outbox() {}

  /** Records an event about a ticket; delivered to listeners after commit. */
  public static DomainEvent event(ItsmSession session, TicketRow ticket, String type, Map<String, Object> data) {
    DomainEvent event = new DomainEvent(UUID.randomUUID(), type, ticket.tenantId, ticket.id, ticket.number,
        ticket.ticketType, session.actor().id(), session.now(), data);
    session.outbox(row(session, OutboxRow.EVENT, type, ticket, "event:" + event.id(), Json.write(event)));
    return event;
  }

  /**
   * Records a notification for people; nothing is written when there is nobody to tell.
   *
   * @param idempotencyKey the same key for the same fact, so a repeated attempt is recognised
   */
  public static void notify(ItsmSession session, TicketRow ticket, String type, String idempotencyKey,
                            Collection<String> recipients, String subject, String body) {
    LinkedHashSet<String> to = new LinkedHashSet<>(recipients);
    to.remove(null);
    if (to.isEmpty()) {
      return;
    }
    Notification notification = new Notification(idempotencyKey, type, ticket.tenantId, new ArrayList<>(to), subject,
        body, ticket.id, ticket.number, session.now());
    session.outbox(row(session, OutboxRow.NOTIFICATION, type, ticket, idempotencyKey, Json.write(notification)));
  }

  private static OutboxRow row(ItsmSession session, String kind, String type, TicketRow ticket, String key,
                               String payload) {
    OutboxRow row = new OutboxRow();
    row.id = UUID.randomUUID();
    row.tenantId = ticket.tenantId;
    row.kind = kind;
    row.type = type;
    row.ticketId = ticket.id;
    row.idempotencyKey = key;
    row.payload = payload;
    row.status = OutboxRow.PENDING;
    row.attempts = 0;
    row.createdAt = session.now();
    row.nextAttemptAt = row.createdAt;
    return row;
  }
}
