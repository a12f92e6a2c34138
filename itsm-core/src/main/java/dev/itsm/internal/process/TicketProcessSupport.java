package dev.itsm.internal.process;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.TicketType;
import dev.itsm.api.process.ProcessSupport;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.TicketAggregate;
import java.time.Instant;
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

  /** The release-specific calls. */
  public interface ReleaseCalls extends TicketProcesses {
    List<String> environments(ItsmSession session, UUID ticketId, boolean rollback);

    boolean windowOpen(ItsmSession session, UUID ticketId, String environment);

    Instant dueDate(ItsmSession session, UUID ticketId, String timerId, String environment);

    void deploymentStarts(ItsmSession session, UUID ticketId, String environment);

    void overdue(ItsmSession session, UUID ticketId, String timerId, String environment);
  }

  /** The incident-specific calls. */
  public interface IncidentSteps extends TicketProcesses {
    void acceptanceOverdue(ItsmSession session, UUID ticketId);
  }

  private final Supplier<IncidentSteps> incidents;
  private final Supplier<ChangeSteps> changes;
  private final Supplier<TicketProcesses> problems;
  private final Supplier<TicketProcesses> articles;
  private final Supplier<ReleaseCalls> releases;

  /** The services are created after the process engine, so they are looked up when first needed. */
  public TicketProcessSupport(Supplier<IncidentSteps> incidents, Supplier<ChangeSteps> changes,
                              Supplier<TicketProcesses> problems, Supplier<TicketProcesses> articles,
                              Supplier<ReleaseCalls> releases) {
    this.incidents = incidents;
    this.changes = changes;
    this.problems = problems;
    this.articles = articles;
    this.releases = releases;
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

  @Override
  public List<String> releaseEnvironments(String ticketId, boolean rollback) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    return release(session, id, "list the environments").environments(session, id, rollback);
  }

  @Override
  public boolean releaseWindowOpen(String ticketId, String environment) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    return release(session, id, "check the window").windowOpen(session, id, environment);
  }

  @Override
  public Date releaseDueDate(String ticketId, String timerId, String environment) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    return Date.from(release(session, id, "compute a timer").dueDate(session, id, timerId, environment));
  }

  @Override
  public void releaseDeploymentStarts(String ticketId, String environment) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    release(session, id, "start the deployment").deploymentStarts(session, id, environment);
  }

  @Override
  public void releaseOverdue(String ticketId, String timerId, String environment) {
    ItsmSession session = ItsmSession.current();
    UUID id = id(ticketId);
    release(session, id, "escalate an overdue stage").overdue(session, id, timerId, environment);
  }

  private ReleaseCalls release(ItsmSession session, UUID id, String what) {
    if (service(session, id) instanceof ReleaseCalls calls) {
      return calls;
    }
    throw new ItsmConfigurationException("Expected the process to " + what + " of a release, but ticket " + id
        + " is not a release");
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
      case RELEASE -> releases;
      default -> null;
    };
    TicketProcesses service = supplier == null ? null : supplier.get();
    if (service == null) {
      throw supplier == null
          ? new ItsmConfigurationException("Expected a process of an incident, a problem, a change or a release, but ticket " + id + " is a " + type)
          : new IllegalStateException("the ITSM engine is not started yet");
    }
    return service;
  }

  private static TicketType typeOf(ItsmSession session, UUID id) {
    TicketAggregate known = session.known(id);
    if (known instanceof ProcessTicket ticket) {
      return Map.of("incident", TicketType.INCIDENT, "change", TicketType.CHANGE, "problem", TicketType.PROBLEM,
          "release", TicketType.RELEASE).get(ticket.kind());
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
