package dev.itsm.api.incident;

import dev.itsm.api.Priority;
import dev.itsm.api.TicketRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A snapshot of an incident as stored after the operation that returned it.
 *
 * @param number            e.g. {@code INC-000042}; unique per tenant, never reused
 * @param service           code of the affected service, or {@code null}
 * @param customerClass     the caller's customer class when opened, or {@code null}
 * @param nextSlaDue        earliest deadline of its running SLA clocks; {@code null} when none runs
 * @param processInstanceId the Operaton process instance driving the lifecycle
 * @param version           increases with every change; pass {@link #ref()} to detect lost updates
 * @param fields            custom field values by name
 */
public record IncidentTicket(UUID id, String number, String tenantId, String title, String description,
                             IncidentState state, Priority priority, Impact impact, Urgency urgency,
                             String category, Channel channel, String service, String customerClass, String callerId, String groupId, String assigneeId,
                             List<UUID> affectedCis, HoldReason holdReason, String resolutionCode,
                             String resolutionText, Instant openedAt, Instant acknowledgedAt, Instant resolvedAt,
                             Instant closedAt, Instant nextSlaDue, String processInstanceId, long version,
                             Map<String, Object> fields) {

  public IncidentTicket {
    affectedCis = List.copyOf(affectedCis);
    fields = Map.copyOf(fields);
  }

  /** A reference to this incident that fails if it changed since this snapshot. */
  public TicketRef ref() {
    return TicketRef.of(id, version);
  }
}
