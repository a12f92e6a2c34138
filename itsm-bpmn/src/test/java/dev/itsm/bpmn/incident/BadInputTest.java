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
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every bad input gets a typed error that names what was wrong, and nothing is written. */
class BadInputTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  /** Every ITSM table and every Operaton runtime and history table an operation writes. */
  private static final List<String> TABLES = List.of("itsm_ticket", "itsm_incident", "itsm_ticket_ci",
      "itsm_ticket_field", "itsm_ticket_note", "itsm_sla_clock", "itsm_audit", "itsm_outbox",
      "ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_JOB", "ACT_RU_VARIABLE", "ACT_RU_EVENT_SUBSCR", "ACT_RU_IDENTITYLINK",
      "ACT_HI_PROCINST", "ACT_HI_ACTINST", "ACT_HI_TASKINST", "ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_HI_DECINST",
      "ACT_HI_DEC_IN", "ACT_HI_DEC_OUT", "ACT_HI_JOB_LOG", "ACT_HI_IDENTITYLINK", "ACT_HI_OP_LOG");

  /** Tables whose rows are compared by content (all columns), not only counted. */
  private static final Map<String, String> CONTENT = Map.of(
      "itsm_ticket", "SELECT * FROM itsm_ticket ORDER BY id",
      "itsm_incident", "SELECT * FROM itsm_incident ORDER BY ticket_id",
      "itsm_sla_clock", "SELECT * FROM itsm_sla_clock ORDER BY id",
      "itsm_ticket_field", "SELECT * FROM itsm_ticket_field ORDER BY ticket_id, field_name",
      "itsm_ticket_ci", "SELECT * FROM itsm_ticket_ci ORDER BY ticket_id, ci_id");

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
  void holdCommentOverItsColumnLimit() {
    IncidentTicket inc = acknowledged();
    expectNothingWritten(() -> incidents().hold(AGENT, inc.ref(), HoldReason.AWAITING_CALLER, "c".repeat(501)),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "comment", "Expected comment of at most 500 characters, but it has 501");
    assertThat(incidents().get(AGENT, inc.id())).isEqualTo(inc);
  }

  @Test
  void resolutionTextOverItsColumnLimit() {
    IncidentTicket inc = acknowledged();
    expectNothingWritten(() -> incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "r".repeat(4001))),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "resolution.text",
        "Expected resolution.text of at most 4000 characters, but it has 4001");
    assertThat(incidents().get(AGENT, inc.id())).isEqualTo(inc);
  }

  @Test
  void noteTextOverItsColumnLimit() {
    IncidentTicket inc = acknowledged();
    expectNothingWritten(() -> incidents().addNote(AGENT, inc.id(), NewNote.workNote("n".repeat(4001))),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "text", "Expected text of at most 4000 characters, but it has 4001");
    expectNothingWritten(() -> incidents().addNote(CALLER, inc.id(), NewNote.reply("n".repeat(4001))),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "text", "Expected text of at most 4000 characters, but it has 4001");
    assertThat(incidents().notes(AGENT, inc.id())).isEmpty();
  }

  @Test
  void reopenAndCancelReasonsOverTheirColumnLimits() {
    IncidentTicket inc = acknowledged();
    IncidentTicket resolved = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "done"));
    expectNothingWritten(() -> incidents().reopen(CALLER, resolved.ref(), "r".repeat(501)),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "reason", "Expected reason of at most 500 characters, but it has 501");
    assertThat(incidents().get(CALLER, inc.id())).isEqualTo(resolved);

    IncidentTicket other = acknowledged();
    expectNothingWritten(() -> incidents().cancel(MANAGER, other.ref(), "c".repeat(501)),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "reason", "Expected reason of at most 500 characters, but it has 501");
    assertThat(incidents().get(MANAGER, other.id())).isEqualTo(other);
  }

  @Test
  void callerGroupAndAgentIdsOverTheirColumnLimits() {
    expectNothingWritten(() -> incidents().open(AGENT, NewIncident.builder("Printer").category("hardware")
            .caller("c".repeat(65)).build()),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "callerId", "Expected callerId of at most 64 characters, but it has 65");
    expectNothingWritten(() -> incidents().open(AGENT, NewIncident.builder("Printer").category("hardware")
            .group("g".repeat(65)).build()),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "groupId", "Expected groupId of at most 64 characters, but it has 65");
    IncidentTicket inc = openP1(incidents());
    expectNothingWritten(() -> incidents().assign(MANAGER, inc.ref(), Assignment.toGroup("g".repeat(65))),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "groupId", "Expected groupId of at most 64 characters, but it has 65");
    expectNothingWritten(() -> incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("a".repeat(65))),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "agentId", "Expected agentId of at most 64 characters, but it has 65");
    expectNothingWritten(() -> incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("network-ops", "a".repeat(65))),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "agentId", "Expected agentId of at most 64 characters, but it has 65");
    assertThat(incidents().get(MANAGER, inc.id())).isEqualTo(inc);
  }

  @Test
  void textsAtTheirColumnLimitsAreStored() {
    IncidentTicket inc = incidents().open(AGENT, NewIncident.builder("t".repeat(200)).description("d".repeat(4000))
        .category("network").caller("c".repeat(64)).build());
    assertThat(inc.title()).hasSize(200);
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());
    inc = incidents().hold(AGENT, inc.ref(), HoldReason.AWAITING_VENDOR, "h".repeat(500));
    inc = incidents().resume(AGENT, inc.ref());
    assertThat(incidents().addNote(AGENT, inc.id(), NewNote.workNote("n".repeat(4000))).text()).hasSize(4000);
    inc = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "r".repeat(4000)));
    inc = incidents().reopen(MANAGER, inc.ref(), "o".repeat(500));
    IncidentTicket cancelled = incidents().cancel(MANAGER, inc.ref(), "x".repeat(500));
    assertThat(incidents().get(MANAGER, inc.id())).isEqualTo(cancelled);
  }

  @Test
  void unknownCategoryImpactAndUrgency() {
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("Printer").category("plumbing").build()),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "category", "but it is 'plumbing'");
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("Printer").category("hardware")
            .impact(Codes.parse(Impact.class, "impact", "SEVERE")).build()),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "impact", "one of HIGH, MEDIUM, LOW, but it is 'SEVERE'");
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("Printer").category("hardware")
            .urgency(Codes.parse(Urgency.class, "urgency", "SOMETIMES")).build()),
        InvalidValueException.class, ErrorCode.INVALID_VALUE, "urgency", "one of HIGH, MEDIUM, LOW, but it is 'SOMETIMES'");
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("Printer").category("hardware")
            .urgency(null).build()),
        InvalidInputException.class, ErrorCode.INVALID_INPUT, "urgency", "Expected a value for urgency");
    expectNothingWritten(() -> incidents().open(CALLER, NewIncident.builder("Printer").category("hardware")
            .impact(null).build()),
        InvalidInputException.class, ErrorCode.INVALID_INPUT, "impact", "Expected a value for impact");
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
    Map<String, Object> before = snapshot();
    E error = type.cast(org.assertj.core.api.Assertions.catchThrowable(call));
    assertThat(error).as("expected %s", type.getSimpleName()).isInstanceOf(type);
    assertThat(error.errorCode()).isEqualTo(code);
    assertThat(error.getMessage()).contains(messagePart);
    if (field != null) {
      assertThat(((InvalidInputException) error).field()).isEqualTo(field);
    }
    itsm.awaitDeliveries();
    assertThat(snapshot()).isEqualTo(before);
    return error;
  }

  /** Row counts of every table, and the full content of the ticket rows and their dependents. */
  private Map<String, Object> snapshot() {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    try (Connection c = itsm.database().connect()) {
      for (String table : TABLES) {
        snapshot.put(table, count(c, "SELECT COUNT(*) FROM " + table));
      }
      snapshot.put("versions", count(c, "SELECT COALESCE(SUM(version), 0) FROM itsm_ticket"));
      snapshot.put("delivered", count(c, "SELECT COUNT(*) FROM itsm_outbox WHERE status = 'DELIVERED'"));
      for (Map.Entry<String, String> content : CONTENT.entrySet()) {
        snapshot.put(content.getKey() + " rows", rows(c, content.getValue()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return snapshot;
  }

  private static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
