package dev.itsm.examples.server;

import dev.itsm.api.Page;
import dev.itsm.api.Priority;
import dev.itsm.api.incident.Channel;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NoteVisibility;
import dev.itsm.api.incident.TicketNote;
import dev.itsm.api.incident.Urgency;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** JSON response bodies: the HTTP contract, kept apart from the library's records so it changes only on purpose. */
final class Views {
  private Views() {}

  /** An incident. */
  record Incident(UUID id, String number, String title, String description, IncidentState state, Priority priority,
                  Impact impact, Urgency urgency, String category, Channel channel, String callerId, String groupId,
                  String assigneeId, List<UUID> affectedCis, HoldReason holdReason, String resolutionCode,
                  String resolutionText, Instant openedAt, Instant acknowledgedAt, Instant resolvedAt, Instant closedAt,
                  Instant nextSlaDue, String processInstanceId, long version, Map<String, Object> fields) {

    static Incident of(IncidentTicket t) {
      return new Incident(t.id(), t.number(), t.title(), t.description(), t.state(), t.priority(), t.impact(), t.urgency(),
          t.category(), t.channel(), t.callerId(), t.groupId(), t.assigneeId(), t.affectedCis(), t.holdReason(),
          t.resolutionCode(), t.resolutionText(), t.openedAt(), t.acknowledgedAt(), t.resolvedAt(), t.closedAt(),
          t.nextSlaDue(), t.processInstanceId(), t.version(), t.fields());
    }
  }

  /** A note; {@code timeSpentMinutes} is {@code null} when none was recorded. */
  record Note(UUID id, UUID incidentId, String authorId, NoteVisibility visibility, String text, Long timeSpentMinutes,
              Instant createdAt) {

    static Note of(TicketNote n) {
      return new Note(n.id(), n.ticketId(), n.authorId(), n.visibility(), n.text(),
          n.timeSpent() == null ? null : n.timeSpent().toMinutes(), n.createdAt());
    }
  }

  /** One page of a list. */
  record PageOf<T>(List<T> items, long total, int offset, int limit) {

    static <S, T> PageOf<T> of(Page<S> page, Function<S, T> view) {
      return new PageOf<>(page.items().stream().map(view).toList(), page.total(), page.offset(), page.limit());
    }
  }

  /** A whole (short) list. */
  record Items<T>(List<T> items) {}

  /** {@code GET /health}. */
  record Health(String status) {}

  /** Notifications the engine would have sent, newest first. */
  record Notifications(List<dev.itsm.spi.Notification> items) {}
}
