package dev.itsm.internal.incident;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.process.ProcessSupport;
import dev.itsm.internal.tx.ItsmSession;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link ProcessSupport} for incident models: runs inside the engine command of the process step
 * that calls it, on the same unit of work as the API operation that triggered that step (or as the
 * system actor for timer jobs).
 */
public final class IncidentProcessSupport implements ProcessSupport {
  private final Supplier<IncidentServiceImpl> incidents;

  /** The service is created after the process engine, so it is looked up when first needed. */
  public IncidentProcessSupport(Supplier<IncidentServiceImpl> incidents) {
    this.incidents = incidents;
  }

  @Override
  public void enterState(String ticketId, String state) {
    IncidentState target;
    try {
      target = IncidentState.valueOf(state);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ItsmConfigurationException("Expected the process to enter an incident state "
          + java.util.Arrays.toString(IncidentState.values()) + ", but it asked for '" + state + "'");
    }
    ItsmSession session = ItsmSession.current();
    service().lifecycle.enter(session, incident(session, ticketId), target);
  }

  @Override
  public Date dueDate(String ticketId, String timerId) {
    ItsmSession session = ItsmSession.current();
    return Date.from(service().lifecycle.dueDate(incident(session, ticketId), timerId));
  }

  @Override
  public void acceptanceOverdue(String ticketId) {
    ItsmSession session = ItsmSession.current();
    service().lifecycle.acceptanceOverdue(session, incident(session, ticketId));
  }

  private IncidentServiceImpl service() {
    IncidentServiceImpl service = incidents.get();
    if (service == null) {
      throw new IllegalStateException("the ITSM engine is not started yet");
    }
    return service;
  }

  private LoadedIncident incident(ItsmSession session, String ticketId) {
    UUID id;
    try {
      id = UUID.fromString(ticketId);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ItsmConfigurationException("Expected the process variable ticketId to hold a ticket id, but it is '"
          + ticketId + "'");
    }
    LoadedIncident incident = service().find(session, id);
    if (incident == null) {
      throw new ItsmConfigurationException("Expected the process to belong to an incident, but there is no ticket " + id);
    }
    session.changed();
    return incident;
  }
}
