package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Codes;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.ErrorCode;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every bad input gets a typed error that names what was wrong, and nothing is written. */
class BadInputTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private static final List<String> TABLES = List.of("itsm_ticket", "itsm_incident", "itsm_audit", "itsm_outbox",
      "itsm_sla_clock", "itsm_ticket_note", "ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_JOB", "ACT_HI_PROCINST");

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  @Test
  void blankTitle() {
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("   ").category("network").build()),
        InvalidInputException.class, ErrorCode.INVALID_INPUT, "title", "Expected a value for title, but it is blank");
  }

  @Test
  void titleAndDescriptionOverTheirColumnLimits() {
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("x".repeat(201)).category("network").build()),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "title", "at most 200 characters, but it has 201");
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("Printer").category("hardware")
            .description("y".repeat(4001)).build()),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "description", "at most 4000 characters, but it has 4001");
  }

  @Test
  void unknownCategoryImpactAndUrgency() {
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("Printer").category("plumbing").build()),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "category", "but it is 'plumbing'");
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("Printer").category("hardware")
            .impact(Codes.parse(Impact.class, "impact", "SEVERE")).build()),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "impact", "one of HIGH, MEDIUM, LOW, but it is 'SEVERE'");
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("Printer").category("hardware")
            .urgency(null).build()),
        InvalidInputException.class, ErrorCode.INVALID_INPUT, "urgency", "Expected a value for urgency");
    assertThat(Codes.parse(Urgency.class, "urgency", "low")).isEqualTo(Urgency.LOW);
  }

  @Test
  void unknownIncident() {
    UUID unknown = UUID.randomUUID();
    expectNothingWritten(() -> incidents().assign(MANAGER, TicketRef.of(unknown), Assignment.toAgent("alice")),
        NotFoundException.class, ErrorCode.NOT_FOUND, null, unknown.toString());
    expectNothingWritten(() -> incidents().getByNumber(MANAGER, "INC-999999"),
        NotFoundException.class, ErrorCode.NOT_FOUND, null, "INC-999999");
  }

  @Test
  void illegalTransitionNamesTheTicketItsStateAndWhatWasExpected() {
    IncidentTicket inc = openP1(incidents());
    IllegalTransitionException e = expectNothingWritten(() -> incidents().acknowledge(AGENT, inc.ref()),
        IllegalTransitionException.class, ErrorCode.ILLEGAL_TRANSITION, null,
        "Expected to acknowledge incident " + inc.number() + " in state ASSIGNED, but it is NEW");
    assertThat(e.ticketNumber()).isEqualTo(inc.number());
    assertThat(e.state()).isEqualTo("NEW");
    expectNothingWritten(() -> incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "x")),
        IllegalTransitionException.class, ErrorCode.ILLEGAL_TRANSITION, null,
        "in state one of [ACKNOWLEDGED, IN_PROGRESS], but it is NEW");
    assertThat(incidents().get(AGENT, inc.id())).isEqualTo(inc);
  }

  @Test
  void holdWithoutReason() {
    IncidentTicket inc = acknowledged();
    expectNothingWritten(() -> incidents().hold(AGENT, inc.ref(), null, "waiting"),
        InvalidInputException.class, ErrorCode.INVALID_INPUT, "reason", "Expected a value for reason");
  }

  @Test
  void resolveWithoutOrWithAnUnknownResolutionCode() {
    IncidentTicket inc = acknowledged();
    expectNothingWritten(() -> incidents().resolve(AGENT, inc.ref(), Resolution.of(null, "fixed it")),
        InvalidInputException.class, ErrorCode.INVALID_INPUT, "resolution.code", "blank");
    expectNothingWritten(() -> incidents().resolve(AGENT, inc.ref(), Resolution.of("MAGIC", "fixed it")),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "resolution.code", "but it is 'MAGIC'");
  }

  @Test
  void actorWithoutTheRole() {
    IncidentTicket inc = openP1(incidents());
    expectNothingWritten(() -> incidents().assign(CALLER, inc.ref(), Assignment.toAgent("alice")),
        AccessDeniedException.class, ErrorCode.ACCESS_DENIED, null, "Expected actor bob to have a role granting INCIDENT_ASSIGN");
    expectNothingWritten(() -> incidents().addNote(CALLER, inc.id(), NewNote.workNote("internal")),
        AccessDeniedException.class, ErrorCode.ACCESS_DENIED, null, "INCIDENT_WORK_NOTE");
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("For a friend").category("network")
            .caller("cleo").build()),
        AccessDeniedException.class, ErrorCode.ACCESS_DENIED, null, "for themselves");
    IncidentTicket assigned = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    expectNothingWritten(() -> incidents().acknowledge(OTHER_AGENT, assigned.ref()),
        AccessDeniedException.class, ErrorCode.ACCESS_DENIED, null, "Expected the assignee alice or a manager");
  }

  @Test
  void unknownGroupOrAgentOutsideTheGroup() {
    IncidentTicket inc = openP1(incidents());
    expectNothingWritten(() -> incidents().assign(MANAGER, inc.ref(), Assignment.toGroup("nobody")),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "groupId", "no group 'nobody'");
    expectNothingWritten(() -> incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("network-ops", "dora")),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "agentId", "dora is not one");
  }

  @Test
  void staleVersionIsAConflict() {
    IncidentTicket inc = openP1(incidents());
    IncidentTicket assigned = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    expectNothingWritten(() -> incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("carl")),
        ConcurrentUpdateException.class, ErrorCode.CONFLICT, null,
        "Expected incident " + inc.number() + " at version 1, but it is at version 2");
    assertThat(incidents().get(MANAGER, inc.id())).isEqualTo(assigned);
  }

  @Test
  void reopenAfterTheWindowIsRefused() {
    IncidentTicket inc = acknowledged();
    IncidentTicket resolved = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "done"));
    itsm.clock().advance(Duration.ofDays(6));
    expectNothingWritten(() -> incidents().reopen(CALLER, resolved.ref(), "still broken"),
        IllegalTransitionException.class, ErrorCode.ILLEGAL_TRANSITION, null, "within PT120H of its resolution");
    expectNothingWritten(() -> incidents().reopen(CALLER, resolved.ref(), " "),
        InvalidInputException.class, ErrorCode.INVALID_INPUT, "reason", "blank");
  }

  @Test
  void notesOnClosedIncidentsAndNegativeTimeSpent() {
    IncidentTicket inc = acknowledged();
    expectNothingWritten(() -> incidents().addNote(AGENT, inc.id(), NewNote.workNote("x", Duration.ofMinutes(-5))),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "timeSpent", "PT-5M");
    IncidentTicket cancelled = incidents().cancel(MANAGER, inc.ref(), "duplicate");
    expectNothingWritten(() -> incidents().addNote(AGENT, cancelled.id(), NewNote.workNote("late note")),
        IllegalTransitionException.class, ErrorCode.ILLEGAL_TRANSITION, null, "but it is CANCELLED");
  }

  private IncidentTicket acknowledged() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    return incidents().acknowledge(AGENT, inc.ref());
  }

  /** Runs the call, checks the typed error, and that no table changed. */
  private <E extends ItsmException> E expectNothingWritten(ThrowingCallable call, Class<E> type, ErrorCode code,
                                                         String field, String messagePart) {
    itsm.awaitDeliveries();
    Map<String, Long> before = counts();
    E error = type.cast(org.assertj.core.api.Assertions.catchThrowable(call));
    assertThat(error).as("expected %s", type.getSimpleName()).isInstanceOf(type);
    assertThat(error.errorCode()).isEqualTo(code);
    assertThat(error.getMessage()).contains(messagePart);
    if (field != null) {
      assertThat(((InvalidInputException) error).field()).isEqualTo(field);
    }
    itsm.awaitDeliveries();
    assertThat(counts()).isEqualTo(before);
    return error;
  }

  private Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = itsm.database().connect()) {
      for (String table : TABLES) {
        counts.put(table, count(c, "SELECT COUNT(*) FROM " + table));
      }
      counts.put("versions", count(c, "SELECT COALESCE(SUM(version), 0) FROM itsm_ticket"));
      counts.put("delivered", count(c, "SELECT COUNT(*) FROM itsm_outbox WHERE status = 'DELIVERED'"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return counts;
  }
}
