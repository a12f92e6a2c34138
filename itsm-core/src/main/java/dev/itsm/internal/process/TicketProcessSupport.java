package dev.itsm.internal.process;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.TicketType;
import dev.itsm.api.process.ProcessSupport;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.TicketAggregate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link ProcessSupport} for every ticket type: finds the type of the ticket a process belongs to and
 * hands the call to that type's service. Runs inside the engine command of the process step that calls
 * it, on the same unit of work as the API operation that triggered that step (or as the system actor
 * for timer jobs).
 */
public final class TicketProcessSupport implements ProcessSupport {

  /** The change-specific calls. */
  public interface ChangeSteps extends TicketProcesses {
    List<String> approvers(ItsmSession session, UUID ticketId, String board);

    void notStarted(ItsmSession session, UUID ticketId);
  }

  /** The incident-specific calls. */
  public interface IncidentSteps extends TicketProcesses {
    void acceptanceOverdue(ItsmSession session, UUID ticketId);
  }

  private final Supplier<IncidentSteps> incidents;
  private final Supplier<ChangeSteps> changes;
  private final Supplier<TicketProcesses> problems;
  private final Supplier<TicketProcesses> articles;

  /** The services are created after the process engine, so they are looked up when first needed. */
  public TicketProcessSupport(Supplier<IncidentSteps> incidents, Supplier<ChangeSteps> changes,
                              Supplier<TicketProcesses> problems, Supplier<TicketProcesses> articles) {
    this.incidents = incidents;
    this.changes = changes;
    this.problems = problems;
    this.articles = articles;
  }

  @Override
  public void enterArticleState(String articleId, String state) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(articleId);
    TicketProcesses service = articles.get();
    if (service == null) {
      throw new IllegalStateException("the ITSM engine is not started yet");
    }
    service.enterState(session, id, state);
  }

  @Override
  public void enterState(String ticketId, String state) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    service(session, id).enterState(session, id, state);
  }

  @Override
  public Date dueDate(String ticketId, String timerId) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    return Date.from(service(session, id).dueDate(session, id, timerId));
  }

  @Override
  public void acceptanceOverdue(String ticketId) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    if (service(session, id) instanceof IncidentSteps steps) {
      steps.acceptanceOverdue(session, id);
    }
  }

  @Override
  public List<String> approvers(String ticketId, String board) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    return change(session, id, "list approvers").approvers(session, id, board);
  }

  @Override
  public void changeNotStarted(String ticketId) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    change(session, id, "escalate a change not started").notStarted(session, id);
  }

  private ChangeSteps change(ItsmSession session, UUID id, String what) {
    if (service(session, id) instanceof ChangeSteps steps) {
      return steps;
    }
    throw new ItsmConfigurationException("Expected the process to " + what + " of a change, but ticket " + id
        + " is not a change");
  }

  private TicketProcesses service(ItsmSession session, UUID id) {
    TicketType type = typeOf(session, id);
    Supplier<? extends TicketProcesses> supplier = switch (type) {
      case INCIDENT -> incidents;
      case CHANGE -> changes;
      case PROBLEM -> problems;
      default -> null;
    };
    TicketProcesses service = supplier == null ? null : supplier.get();
    if (service == null) {
      throw supplier == null
          ? new ItsmConfigurationException("Expected a process of an incident, a problem or a change, but ticket " + id + " is a " + type)
          : new IllegalStateException("the ITSM engine is not started yet");
    }
    return service;
  }

  private static TicketType typeOf(ItsmSession session, UUID id) {
    TicketAggregate known = session.known(id);
    if (known instanceof ProcessTicket ticket) {
      return Map.of("incident", TicketType.INCIDENT, "change", TicketType.CHANGE, "problem", TicketType.PROBLEM).get(ticket.kind());
    }
    TicketType type = session.mapper(TicketMapper.class).selectTicketType(id);
    if (type == null) {
      throw new ItsmConfigurationException("Expected the process to belong to a ticket, but there is no ticket " + id);
    }
    return type;
  }

  private static UUID id(String ticketId) {
    try {
      return UUID.fromString(ticketId);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ItsmConfigurationException("Expected the process variable ticketId to hold a ticket id, but it is '"
          + ticketId + "'");
    }
  }
}
