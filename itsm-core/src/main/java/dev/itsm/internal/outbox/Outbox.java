package dev.itsm.internal.outbox;

import dev.itsm.api.TicketType;
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
    return event(session, ticket.tenantId, ticket.id, ticket.number, ticket.ticketType, type, data);
  }

  /**
   * Records an event about a record that is not a ticket (a knowledge article): its id and number stand in
   * the event's ticket fields, with {@code recordType} (null for one that is no ticket at all).
   */
  public static DomainEvent event(ItsmSession session, String tenantId, UUID id, String number, TicketType recordType,
                                  String type, Map<String, Object> data) {
    DomainEvent event = new DomainEvent(UUID.randomUUID(), type, tenantId, id, number, recordType, session.actor().id(),
        session.now(), data);
    session.outbox(row(session, OutboxRow.EVENT, type, tenantId, id, "event:" + event.id(), Json.write(event)));
    return event;
  }

  /**
   * Records a notification for people; nothing is written when there is nobody to tell.
   *
   * @param idempotencyKey the same key for the same fact, so a repeated attempt is recognised
   */
  public static void notify(ItsmSession session, TicketRow ticket, String type, String idempotencyKey,
                            Collection<String> recipients, String subject, String body) {
    notify(session, ticket.tenantId, ticket.id, ticket.number, type, idempotencyKey, recipients, subject, body);
  }

  /** {@link #notify(ItsmSession, TicketRow, String, String, Collection, String, String)} about a record by id and number. */
  public static void notify(ItsmSession session, String tenantId, UUID id, String number, String type, String idempotencyKey,
                            Collection<String> recipients, String subject, String body) {
    LinkedHashSet<String> to = new LinkedHashSet<>(recipients);
    to.remove(null);
    if (to.isEmpty()) {
      return;
    }
    Notification notification = new Notification(idempotencyKey, type, tenantId, new ArrayList<>(to), subject,
        body, id, number, session.now());
    session.outbox(row(session, OutboxRow.NOTIFICATION, type, tenantId, id, idempotencyKey, Json.write(notification)));
  }

  private static OutboxRow row(ItsmSession session, String kind, String type, String tenantId, UUID id, String key,
                               String payload) {
    OutboxRow row = new OutboxRow();
    row.id = UUID.randomUUID();
    row.tenantId = tenantId;
    row.kind = kind;
    row.type = type;
    row.ticketId = id;
    row.idempotencyKey = key;
    row.payload = payload;
    row.status = OutboxRow.PENDING;
    row.attempts = 0;
    row.createdAt = session.now();
    row.nextAttemptAt = row.createdAt;
    return row;
  }
}
