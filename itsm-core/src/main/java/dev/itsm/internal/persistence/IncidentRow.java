package dev.itsm.internal.persistence;

import dev.itsm.api.incident.Channel;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;
import java.time.Instant;

/** An incident: the ticket base plus {@code itsm_incident}. */
public class IncidentRow extends TicketRow {
  public Impact impact;
  public Urgency urgency;
  public String category;
  public Channel channel;
  public HoldReason holdReason;
  public String holdComment;
  public String resolutionCode;
  public String resolutionText;
  public String cancelReason;
  public Instant assignedAt;
  public Instant acknowledgedAt;
  public int reopenCount;
}
