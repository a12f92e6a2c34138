package dev.itsm.internal.incident;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.internal.process.TicketProcessSupport;
import dev.itsm.internal.tx.ItsmSession;
import java.time.Instant;
import java.util.UUID;

/** The incident model's steps: state changes, timer dates and the acceptance timeout. */
final class IncidentProcessSupport implements TicketProcessSupport.IncidentSteps {
  private final IncidentServiceImpl service;

  IncidentProcessSupport(IncidentServiceImpl service) {
    this.service = service;
  }

  @Override
  public void enterState(ItsmSession session, UUID ticketId, String state) {
    IncidentState target;
    try {
      target = IncidentState.valueOf(state);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ItsmConfigurationException("Expected the process to enter an incident state "
          + java.util.Arrays.toString(IncidentState.values()) + ", but it asked for '" + state + "'");
    }
    service.lifecycle.enter(session, incident(session, ticketId), target);
  }

  @Override
  public Instant dueDate(ItsmSession session, UUID ticketId, String timerId) {
    return service.lifecycle.dueDate(incident(session, ticketId), timerId);
  }

  @Override
  public void acceptanceOverdue(ItsmSession session, UUID ticketId) {
    service.lifecycle.acceptanceOverdue(session, incident(session, ticketId));
  }

  private LoadedIncident incident(ItsmSession session, UUID id) {
    LoadedIncident incident = service.find(session, id);
    if (incident == null) {
      throw new ItsmConfigurationException("Expected the process to belong to an incident, but there is no ticket " + id);
    }
    session.changed();
    return incident;
  }
}
