package dev.itsm.bpmn.problem;

import static dev.itsm.bpmn.problem.ProblemFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.problem.NewKnownError;
import dev.itsm.api.problem.ProblemProposal;
import dev.itsm.api.problem.ProblemQuery;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemResolution;
import dev.itsm.api.problem.ProblemService;
import dev.itsm.api.problem.ProblemSettings;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every bad input and every step out of place gets a typed error naming what was wrong, and nothing is written:
 * no ticket, problem, task, link, note, audit entry, event, proposal or flag, and the process stays where it was.
 */
class ProblemBadInputTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).incidents(INCIDENTS)
      .problems(ProblemSettings.defaults()));

  /** Every table a problem operation writes: ITSM and Operaton runtime and history. */
  private static final List<String> TABLES = List.of("itsm_ticket", "itsm_incident", "itsm_problem", "itsm_problem_task",
      "itsm_ticket_link", "itsm_ticket_ci", "itsm_ticket_note", "itsm_audit", "itsm_outbox", "itsm_incident_signal",
      "itsm_problem_proposal", "itsm_problem_proposal_incident", "itsm_caller_flag", "itsm_change", "itsm_change_task",
      "itsm_kb_article", "itsm_kb_version", "itsm_sla_clock",
      "ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_JOB", "ACT_RU_VARIABLE", "ACT_RU_EVENT_SUBSCR",
      "ACT_HI_PROCINST", "ACT_HI_ACTINST", "ACT_HI_TASKINST", "ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_HI_DECINST");

  /** Tables compared row by row (all columns), not only counted. */
  private static final Map<String, String> CONTENT = Map.of(
      "itsm_ticket", "SELECT * FROM itsm_ticket ORDER BY id",
      "itsm_problem", "SELECT * FROM itsm_problem ORDER BY ticket_id",
      "itsm_problem_task", "SELECT * FROM itsm_problem_task ORDER BY ticket_id, idx",
      "itsm_problem_proposal", "SELECT * FROM itsm_problem_proposal ORDER BY id",
      "itsm_caller_flag", "SELECT * FROM itsm_caller_flag ORDER BY tenant_id, caller_id",
      "ACT_RU_TASK", "SELECT ID_, TASK_DEF_KEY_, PROC_INST_ID_ FROM ACT_RU_TASK ORDER BY ID_");

  private static ProblemService problems() {
    return itsm.engine().problems();
  }

  private static IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private static Instant now() {
    return itsm.clock().instant();
  }

  private static ProblemRecord problemIn(ProblemState state, String title) {
    return ProblemFixtures.problemIn(itsm.engine(), now(), state, problem(title, "network").build());
  }

  // ------------------------------------------------------------------ how a refusal is checked

  /** Runs the call and checks the typed error on the field, its message, and that no table changed. */
  private static <E extends InvalidInputException> void refused(ThrowingCallable call, Class<E> type, String field,
                                                                String messagePart) {
    InvalidInputException error = nothingWritten(call, type);
    assertThat(error.field()).as("field").isEqualTo(field);
    assertThat(error.getMessage()).contains(messagePart);
  }

  /** Runs the call and checks it is refused as a transition of the problem in its state, and that no table changed. */
  private static void refusedInState(ThrowingCallable call, ProblemRecord problem, String messagePart) {
    IllegalTransitionException error = nothingWritten(call, IllegalTransitionException.class);
    assertThat(error.ticketNumber()).isEqualTo(problem.number());
    assertThat(error.state()).isEqualTo(problem.state().name());
    assertThat(error.getMessage()).contains(problem.number()).contains(messagePart);
  }

  private static void denied(ThrowingCallable call, Actor actor, String permission) {
    AccessDeniedException error = nothingWritten(call, AccessDeniedException.class);
    assertThat(error.getMessage()).contains("actor " + actor.id()).contains(permission);
  }

  private static <E extends ItsmException> E nothingWritten(ThrowingCallable call, Class<E> type) {
    itsm.awaitDeliveries();
    Map<String, Object> before = snapshot();
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("expected %s", type.getSimpleName()).isInstanceOf(type);
    itsm.awaitDeliveries();
    assertThat(snapshot()).as("tables after the refusal").isEqualTo(before);
    return type.cast(thrown);
  }

  private static Map<String, Object> snapshot() {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    try (Connection c = itsm.database().connect()) {
      for (String table : TABLES) {
        snapshot.put(table, dev.itsm.bpmn.support.Fixtures.count(c, "SELECT COUNT(*) FROM " + table));
      }
      snapshot.put("delivered", dev.itsm.bpmn.support.Fixtures.count(c,
          "SELECT COUNT(*) FROM itsm_outbox WHERE status = 'DELIVERED'"));
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

  // ------------------------------------------------------------------ incidents linked twice, unknown or foreign

  @Test
  void anIncidentNamedTwiceAtCreationIsRefusedOnItsSecondPlace() {
    // given an incident
    IncidentTicket incident = incident(incidents(), "Proxy drops sessions", "network");

    // when a problem names it twice, then it is refused on the second place
    refused(() -> problems().create(ALICE, problem("Proxy drops", "network").incident(incident.id()).incident(incident.id())
        .build()), InvalidValueException.class, "incidentIds[1]", "Expected each incident once, but " + incident.id()
        + " is linked twice");
    IncidentTicket other = incident(incidents(), "Proxy slow", "network");
    refused(() -> problems().create(ALICE, problem("Proxy drops", "network").incident(incident.id()).incident(other.id())
        .incident(incident.id()).build()), InvalidValueException.class, "incidentIds[2]", "linked twice");
    assertThat(problems().problemsOfIncident(ALICE, incident.id())).isEmpty();
  }

  @Test
  void anIncidentLinkedASecondTimeIsRefused() {
    // given a problem with an incident linked at its creation and one linked later
    IncidentTicket atCreation = incident(incidents(), "DHCP leases run out", "network");
    IncidentTicket later = incident(incidents(), "No IP address", "network");
    ProblemRecord problem = problems().create(ALICE, problem("DHCP pool too small", "network").incident(atCreation.id()).build());
    ProblemRecord linked = problems().linkIncident(ALICE, problem.ref(), later.id());

    // when either is linked again, then it is refused on incidentId naming the incident
    refused(() -> problems().linkIncident(ALICE, linked.ref(), atCreation.id()), InvalidValueException.class, "incidentId",
        atCreation.number() + " is linked already");
    refused(() -> problems().linkIncident(ALICE, TicketRef.of(problem.id()), later.id()), InvalidValueException.class,
        "incidentId", later.number() + " is linked already");
    assertThat(problems().get(ALICE, problem.id()).incidentIds()).containsExactly(atCreation.id(), later.id());
  }

  @Test
  void anUnknownOrForeignIncidentIsRefused() {
    // given an incident of another tenant and a problem
    IncidentTicket foreign = incidents().open(BOB.inTenant("acme"), dev.itsm.api.incident.NewIncident.builder("Acme VPN down")
        .category("network").build());
    UUID unknown = UUID.randomUUID();
    ProblemRecord problem = problemIn(ProblemState.NEW, "Firewall rule drift");

    // when they are linked, at creation or later, then they are refused naming the field
    refused(() -> problems().create(ALICE, problem("Firewall", "network").incident(unknown).build()),
        InvalidValueException.class, "incidentIds[0]", "no incident " + unknown);
    refused(() -> problems().create(ALICE, problem("Firewall", "network").incident(foreign.id()).build()),
        InvalidValueException.class, "incidentIds[0]", "Expected an incident of tenant default");
    refused(() -> problems().linkIncident(ALICE, problem.ref(), unknown), InvalidValueException.class, "incidentId",
        unknown.toString());
    refused(() -> problems().linkIncident(ALICE, problem.ref(), foreign.id()), InvalidValueException.class, "incidentId",
        foreign.id().toString());
    refused(() -> problems().linkIncident(ALICE, problem.ref(), null), InvalidInputException.class, "incidentId", "missing");
    assertThat(nothingWritten(() -> problems().problemsOfIncident(ALICE, foreign.id()), NotFoundException.class).getMessage())
        .contains(foreign.id().toString());
    assertThat(nothingWritten(() -> problems().get(ALICE, unknown), NotFoundException.class).getMessage())
        .contains(unknown.toString());
    // and a problem is no incident either
    refused(() -> problems().linkIncident(ALICE, problem.ref(), problem.id()), InvalidValueException.class, "incidentId",
        problem.id().toString());
  }

  // ------------------------------------------------------------------ configuration items

  @Test
  void aRetiredUnknownOrForeignCiIsRefused() {
    // given a retired, a foreign and an unknown CI, and a live one
    Ci live = itsm.engine().cmdb().create(CONNY, NewCi.of("Server", "dns-1", Map.of()));
    Ci retired = itsm.engine().cmdb().retire(CONNY, itsm.engine().cmdb().create(CONNY, NewCi.of("Server", "dns-old", Map.of()))
        .ref());
    Ci foreign = itsm.engine().cmdb().create(CONNY.inTenant("acme"), NewCi.of("Server", "acme-dns", Map.of()));
    UUID unknown = UUID.randomUUID();

    // when a problem names them, then each is refused on its place
    refused(() -> problems().create(ALICE, problem("DNS", "network").affectedCi(retired.id()).build()),
        InvalidValueException.class, "affectedCis[0]", "dns-old is retired");
    refused(() -> problems().create(ALICE, problem("DNS", "network").affectedCi(live.id()).affectedCi(unknown).build()),
        InvalidValueException.class, "affectedCis[1]", unknown + " is unknown");
    refused(() -> problems().create(ALICE, problem("DNS", "network").affectedCi(foreign.id()).build()),
        InvalidValueException.class, "affectedCis[0]", "is unknown");
    refused(() -> problems().create(ALICE, problem("DNS", "network").affectedCi(live.id()).affectedCi(live.id()).build()),
        InvalidValueException.class, "affectedCis[1]", "named twice");

    // and so does a known error
    ProblemRecord analysed = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "DNS answers slowly");
    refused(() -> problems().recordKnownError(PAM, analysed.ref(), new NewKnownError("Slow answers", "Cache too small",
        "Use the secondary", List.of(live.id(), retired.id()))), InvalidValueException.class, "affectedCis[1]", "retired");
    refused(() -> problems().recordKnownError(PAM, analysed.ref(), new NewKnownError("Slow answers", "Cache too small",
        "Use the secondary", List.of(unknown))), InvalidValueException.class, "affectedCis[0]", "unknown");
  }

  // ------------------------------------------------------------------ the problem's own values

  @Test
  void aTitleIsRequiredAndAtMost200Characters() {
    // given the number the next problem gets
    String before = problemIn(ProblemState.NEW, "Numbered before").number();

    // when the title is missing, blank or too long, then it is refused on title
    refused(() -> problems().create(ALICE, problem(null, "network").build()), InvalidInputException.class, "title",
        "Expected a value for title, but it is blank");
    refused(() -> problems().create(ALICE, problem("   ", "network").build()), InvalidInputException.class, "title", "blank");
    refused(() -> problems().create(ALICE, problem("x".repeat(201), "network").build()), InvalidValueException.class, "title",
        "Expected title of at most 200 characters, but it has 201");
    refused(() -> problems().create(ALICE, problem("Long description", "network").description("d".repeat(4001)).build()),
        InvalidValueException.class, "description", "at most 4000 characters, but it has 4001");

    // and no number was used up: 200 characters are fine and get the next number
    ProblemRecord longest = problems().create(ALICE, problem("y".repeat(200), "network").build());
    assertThat(longest.number()).isEqualTo(String.format("PRB-%06d", Integer.parseInt(before.substring(4)) + 1));
  }

  @Test
  void aCategoryMustBeAnIncidentCategoryAndAGroupKnown() {
    refused(() -> problems().create(ALICE, problem("Rockets", "spaceships").build()), InvalidValueException.class, "category",
        "but it is 'spaceships'");
    refused(() -> problems().create(ALICE, problem("Rockets", " ").build()), InvalidInputException.class, "category", "blank");
    refused(() -> problems().create(ALICE, problem("Rockets", "network").group("no-such-group").build()),
        InvalidValueException.class, "groupId", "no group 'no-such-group'");
    refused(() -> problems().create(ALICE, problem("Rockets", "network").impact(null).build()), InvalidInputException.class,
        "impact", "missing");
    refused(() -> problems().create(ALICE, problem("Rockets", "network").urgency(null).build()), InvalidInputException.class,
        "urgency", "missing");
    refused(() -> problems().create(ALICE, null), InvalidInputException.class, "problem", "missing");
  }

  @Test
  void anAssessmentNeedsImpactAndUrgency() {
    // given a new problem
    ProblemRecord problem = problemIn(ProblemState.NEW, "Wrong time zone on reports");

    // when it is assessed without impact or urgency, or for an unknown group, then it is refused
    refused(() -> problems().assess(PAM, problem.ref(), null, Urgency.HIGH, "network-ops", "alice"),
        InvalidInputException.class, "impact", "Expected a value for impact, but it is missing");
    refused(() -> problems().assess(PAM, problem.ref(), Impact.HIGH, null, "network-ops", "alice"),
        InvalidInputException.class, "urgency", "missing");
    refused(() -> problems().assess(PAM, problem.ref(), Impact.HIGH, Urgency.HIGH, "nobody-group", "alice"),
        InvalidValueException.class, "groupId", "nobody-group");
    refused(() -> problems().assess(PAM, problem.ref(), Impact.HIGH, Urgency.HIGH, null, "o".repeat(65)),
        InvalidValueException.class, "ownerId", "at most 64 characters");
    assertThat(problems().get(PAM, problem.id()).state()).isEqualTo(ProblemState.NEW);
  }

  @Test
  void aKnownErrorNeedsASymptomARootCauseAndAWorkaround() {
    // given a problem in analysis
    ProblemRecord problem = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "Mail stuck in the outbox");
    TicketRef ref = problem.ref();

    // when its known error lacks the workaround, then it is refused on workaround
    refused(() -> problems().recordKnownError(PAM, ref, NewKnownError.of("Mail stuck", "Broken transport rule", null)),
        InvalidInputException.class, "workaround", "Expected a value for workaround, but it is blank");
    refused(() -> problems().recordKnownError(PAM, ref, NewKnownError.of("Mail stuck", "Broken transport rule", " \t")),
        InvalidInputException.class, "workaround", "Expected a value for workaround, but it is blank");
    refused(() -> problems().recordKnownError(PAM, ref, NewKnownError.of("Mail stuck", "Broken transport rule",
        "w".repeat(4001))), InvalidValueException.class, "workaround", "at most 4000 characters");
    // the symptom or the root cause, on theirs
    refused(() -> problems().recordKnownError(PAM, ref, NewKnownError.of(null, "Broken transport rule", "Resend")),
        InvalidInputException.class, "symptom", "blank");
    refused(() -> problems().recordKnownError(PAM, ref, NewKnownError.of("", "Broken transport rule", "Resend")),
        InvalidInputException.class, "symptom", "blank");
    refused(() -> problems().recordKnownError(PAM, ref, NewKnownError.of("Mail stuck", null, "Resend")),
        InvalidInputException.class, "rootCause", "blank");
    refused(() -> problems().recordKnownError(PAM, ref, NewKnownError.of("Mail stuck", "  ", "Resend")),
        InvalidInputException.class, "rootCause", "blank");
    refused(() -> problems().recordKnownError(PAM, ref, null), InvalidInputException.class, "knownError", "missing");

    // and the problem is still in analysis, without a known error
    ProblemRecord after = problems().get(PAM, problem.id());
    assertThat(after.state()).isEqualTo(ProblemState.ROOT_CAUSE_ANALYSIS);
    assertThat(after.knownError()).isNull();
  }

  @Test
  void requiredTextsOfTheOtherStepsAreChecked() {
    // given a problem in analysis with a task
    ProblemRecord problem = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "Badge printer prints blanks");
    ProblemRecord withTask = problems().addAnalysisTask(ALICE, problem.ref(), "Check the ribbon", "carl");
    TicketRef ref = withTask.ref();

    // when a required text is missing or too long, then it is refused on its field
    refused(() -> problems().addAnalysisTask(ALICE, ref, " ", "carl"), InvalidInputException.class, "title", "blank");
    refused(() -> problems().addAnalysisTask(ALICE, ref, "t".repeat(201), "carl"), InvalidValueException.class, "title",
        "at most 200");
    refused(() -> problems().addAnalysisTask(ALICE, ref, "Check the driver", null), InvalidInputException.class,
        "assigneeId", "blank");
    refused(() -> problems().completeAnalysisTask(CARL, ref, 0, ""), InvalidInputException.class, "findings", "blank");
    refused(() -> problems().cancel(PAM, ref, null), InvalidInputException.class, "reason", "blank");
    refused(() -> problems().cancel(PAM, ref, "r".repeat(501)), InvalidValueException.class, "reason", "at most 500");
    refused(() -> problems().resolve(PAM, ref, null, "text"), InvalidInputException.class, "resolution", "missing");
    refused(() -> problems().resolve(PAM, ref, ProblemResolution.NOT_REPRODUCIBLE, "t".repeat(4001)),
        InvalidValueException.class, "text", "at most 4000");
    refused(() -> problems().completeMajorReview(PAM, ref, " "), InvalidInputException.class, "findings", "blank");
    refused(() -> problems().linkIncident(ALICE, null, UUID.randomUUID()), InvalidInputException.class, "problem", "missing");
  }

  @Test
  void aProblemHasAtMost100AnalysisTasks() {
    // given a problem in analysis with 100 tasks
    ProblemRecord problem = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "Everything is slow");
    for (int i = 0; i < 100; i++) {
      problems().addAnalysisTask(ALICE, TicketRef.of(problem.id()), "Check system " + i, "carl");
    }

    // when a 101st is added, then it is refused
    refused(() -> problems().addAnalysisTask(ALICE, TicketRef.of(problem.id()), "Check system 100", "carl"),
        InvalidValueException.class, "title", "at most 100 analysis tasks");
    assertThat(problems().get(PAM, problem.id()).tasks()).hasSize(100);
  }

  @Test
  void aFixChangeThatIsNotValidIsRefusedAndTheProblemStaysAtItsKnownError() {
    // given a known error
    ProblemRecord problem = problemIn(ProblemState.KNOWN_ERROR, "Cluster failover takes minutes");

    // when its fix is planned in the past or has no change at all, then it is refused as the change service refuses it
    Instant start = now().minus(Duration.ofHours(1));
    refused(() -> problems().requestFix(PAM, problem.ref(), NewChange.normal("Tune the heartbeat").group("network-ops")
            .implementer("carl").window(start, start.plus(Duration.ofHours(2))).backoutPlan("Undo").build()),
        InvalidValueException.class, "plannedStart", "in the past");
    refused(() -> problems().requestFix(PAM, problem.ref(), null), InvalidInputException.class, "change", "missing");
    assertThat(problems().get(PAM, problem.id()).state()).isEqualTo(ProblemState.KNOWN_ERROR);
    assertThat(problems().get(PAM, problem.id()).fixChangeIds()).isEmpty();
  }

  @Test
  void queriesWithABadPageAreRefused() {
    refused(() -> problems().query(ALICE, ProblemQuery.all().page(0, 0)), InvalidValueException.class, "limit", "from 1 to 1000");
    refused(() -> problems().query(ALICE, ProblemQuery.all().page(0, 1001)), InvalidValueException.class, "limit", "1001");
    refused(() -> problems().query(ALICE, ProblemQuery.all().page(-1, 10)), InvalidValueException.class, "offset", "-1");
    refused(() -> problems().getByNumber(ALICE, " "), InvalidInputException.class, "number", "blank");
  }

  // ------------------------------------------------------------------ who may

  @Test
  void aCallerMayNotReadOrWorkProblems() {
    // given a problem and one of bob's incidents
    ProblemRecord problem = problemIn(ProblemState.NEW, "Caller cannot see this");
    IncidentTicket own = incident(incidents(), "My laptop is slow", "network");
    TicketRef ref = problem.ref();

    // when bob, a caller, does anything with problems, then he is denied
    denied(() -> problems().create(BOB, problem("Bob's problem", "network").build()), BOB, "PROBLEM_WORK");
    denied(() -> problems().get(BOB, problem.id()), BOB, "PROBLEM_READ");
    denied(() -> problems().getByNumber(BOB, problem.number()), BOB, "PROBLEM_READ");
    denied(() -> problems().query(BOB, ProblemQuery.all()), BOB, "PROBLEM_READ");
    denied(() -> problems().problemsOfIncident(BOB, own.id()), BOB, "PROBLEM_READ");
    denied(() -> problems().linkIncident(BOB, ref, own.id()), BOB, "PROBLEM_WORK");
    denied(() -> problems().assess(BOB, ref, Impact.LOW, Urgency.LOW, null, null), BOB, "PROBLEM_MANAGE");
    denied(() -> problems().resolve(BOB, ref, ProblemResolution.DUPLICATE, null), BOB, "PROBLEM_MANAGE");
    denied(() -> problems().cancel(BOB, ref, "I do not like it"), BOB, "PROBLEM_MANAGE");
    denied(() -> problems().proposals(BOB, false), BOB, "PROBLEM_READ");
    denied(() -> problems().clearCallerFlag(BOB, "bob", "please"), BOB, "PROBLEM_MANAGE");
    assertThat(problems().get(PAM, problem.id()).state()).isEqualTo(ProblemState.NEW);
  }

  @Test
  void anAgentMayWorkButNotManageProblems() {
    // given a problem in analysis
    ProblemRecord problem = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "Agents may not manage this");
    TicketRef ref = problem.ref();

    // when alice, an agent, does what needs a problem manager, then she is denied
    denied(() -> problems().recordKnownError(ALICE, ref, NewKnownError.of("s", "c", "w")), ALICE, "PROBLEM_MANAGE");
    denied(() -> problems().resolve(ALICE, ref, ProblemResolution.NOT_REPRODUCIBLE, null), ALICE, "PROBLEM_MANAGE");
    denied(() -> problems().cancel(ALICE, ref, "Not mine"), ALICE, "PROBLEM_MANAGE");
    denied(() -> problems().completeMajorReview(ALICE, ref, "Findings"), ALICE, "PROBLEM_MANAGE");
    denied(() -> problems().acceptProposal(ALICE, UUID.randomUUID()), ALICE, "PROBLEM_MANAGE");
    denied(() -> problems().dismissProposal(ALICE, UUID.randomUUID(), "No"), ALICE, "PROBLEM_MANAGE");
    denied(() -> problems().clearCallerFlag(ALICE, "bob", "please"), ALICE, "PROBLEM_MANAGE");
  }

  @Test
  void aCallerMayNotReadWhichCallersAreFlagged() {
    // given cleo is flagged after three contacts about the vpn
    for (int i = 0; i < 3; i++) {
      incident(incidents(), CLEO, "VPN drops " + i, "dns", Impact.LOW, Urgency.LOW, "vpn");
    }
    assertThat(problems().callerFlag(DORA, "cleo")).isPresent();

    // when bob, another caller, asks who is flagged, then he is denied
    assertThatThrownBy(() -> problems().flaggedCallers(BOB)).as("bob listing the flagged callers")
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> problems().callerFlag(BOB, "cleo")).as("bob reading cleo's flag")
        .isInstanceOf(AccessDeniedException.class);
  }

  // ------------------------------------------------------------------ steps out of place

  @Test
  void eachStepIsRefusedInAStateThatDoesNotAllowIt() {
    // given problems in each state
    ProblemRecord fresh = problemIn(ProblemState.NEW, "Step check new");
    ProblemRecord assessed = problemIn(ProblemState.ASSESSED, "Step check assessed");
    ProblemRecord analysed = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "Step check analysis");
    ProblemRecord known = problemIn(ProblemState.KNOWN_ERROR, "Step check known error");
    ProblemRecord fixing = problemIn(ProblemState.FIX_IN_PROGRESS, "Step check fix");
    ProblemRecord resolved = problemIn(ProblemState.RESOLVED, "Step check resolved");
    IncidentTicket incident = incident(incidents(), "Step check incident", "network");
    Instant start = now().plus(Duration.ofDays(3));

    // when a step comes in the wrong state, then it is refused naming the problem, its state and the one needed
    refusedInState(() -> problems().assess(PAM, assessed.ref(), Impact.LOW, Urgency.LOW, null, null), assessed,
        "Expected to assess problem " + assessed.number() + " in state NEW, but it is ASSESSED");
    refusedInState(() -> problems().startAnalysis(ALICE, fresh.ref()), fresh, "in state ASSESSED, but it is NEW");
    refusedInState(() -> problems().addAnalysisTask(ALICE, assessed.ref(), "Look", "carl"), assessed,
        "in state ROOT_CAUSE_ANALYSIS, but it is ASSESSED");
    refusedInState(() -> problems().completeAnalysisTask(PAM, known.ref(), 0, "Found"), known,
        "in state ROOT_CAUSE_ANALYSIS, but it is KNOWN_ERROR");
    refusedInState(() -> problems().recordKnownError(PAM, known.ref(), NewKnownError.of("s", "c", "w")), known,
        "in state ROOT_CAUSE_ANALYSIS, but it is KNOWN_ERROR");
    refusedInState(() -> problems().publishWorkaround(PAM, analysed.ref()), analysed,
        "in state one of [KNOWN_ERROR, FIX_IN_PROGRESS], but it is ROOT_CAUSE_ANALYSIS");
    refusedInState(() -> requestFix(itsm.engine(), analysed.ref(), start, "Too early"), analysed,
        "in state KNOWN_ERROR, but it is ROOT_CAUSE_ANALYSIS");
    refusedInState(() -> requestFix(itsm.engine(), fixing.ref(), start, "A second fix at once"), fixing,
        "in state KNOWN_ERROR, but it is FIX_IN_PROGRESS");
    refusedInState(() -> problems().close(PAM, known.ref()), known, "in state RESOLVED, but it is KNOWN_ERROR");
    refusedInState(() -> problems().resolve(PAM, resolved.ref(), ProblemResolution.DUPLICATE, null), resolved,
        "Expected to resolve an open problem, but " + resolved.number() + " is RESOLVED");
    refusedInState(() -> problems().cancel(PAM, resolved.ref(), "Too late"), resolved, "is RESOLVED");
    refusedInState(() -> problems().linkIncident(ALICE, resolved.ref(), incident.id()), resolved, "is RESOLVED");
  }

  @Test
  void theWorkaroundIsPublishedOnlyOnce() {
    // given a known error whose workaround was published
    ProblemRecord problem = problemIn(ProblemState.KNOWN_ERROR, "Wifi certificate expired");
    ProblemRecord published = problems().publishWorkaround(PAM, problem.ref());

    // when it is published again, then it is refused
    refusedInState(() -> problems().publishWorkaround(PAM, published.ref()), published,
        "not to be published yet, but it was published at " + published.knownError().workaroundPublishedAt());
  }

  @Test
  void aMajorReviewIsCompletedOnlyWhenOneIsOpenAndClosingWaitsForIt() {
    // given a problem without a P1 incident
    ProblemRecord withoutReview = problemIn(ProblemState.ASSESSED, "Minor glitch");

    // when its review is completed, then it is refused: there is none
    refusedInState(() -> problems().completeMajorReview(PAM, withoutReview.ref(), "Findings"), withoutReview,
        "but it has none (no P1 incident is linked)");

    // given a resolved problem of a P1 incident whose review is open
    IncidentTicket p1 = incident(incidents(), BOB, "All printers down", "network", Impact.HIGH, Urgency.HIGH, null);
    ProblemRecord problem = problems().create(ALICE, problem("Print server crashed", "network").incident(p1.id()).build());
    ProblemRecord resolved = problems().resolve(PAM, problem.ref(), ProblemResolution.NOT_REPRODUCIBLE, "Gone after reboot");
    // closing is refused while it is open
    refusedInState(() -> problems().close(PAM, resolved.ref()), resolved, "major problem review");
    // once completed, it cannot be completed again
    ProblemRecord reviewed = problems().completeMajorReview(PAM, resolved.ref(), "Print server now monitored");
    refusedInState(() -> problems().completeMajorReview(PAM, reviewed.ref(), "Again"), reviewed, "a completed one");
  }

  // ------------------------------------------------------------------ proposals and flags

  /** A proposal on the category from three incidents. */
  private static ProblemProposal proposalOn(String category) {
    for (int i = 0; i < 3; i++) {
      incident(incidents(), "Repeated " + category + " " + i, category);
    }
    return problems().proposals(PAM, true).stream().filter(p -> p.key().equals(category)).findFirst().orElseThrow();
  }

  @Test
  void aDecidedProposalCannotBeDecidedAgain() {
    // given a dismissed and an accepted proposal
    ProblemProposal dismissed = problems().dismissProposal(PAM, proposalOn("kiosk").id(), "Kiosks were being moved");
    ProblemProposal accepted = proposalOn("lab");
    problems().acceptProposal(PAM, accepted.id());

    // when they are accepted or dismissed again, then it is refused naming the decision
    IllegalTransitionException error = nothingWritten(() -> problems().acceptProposal(PAM, dismissed.id()),
        IllegalTransitionException.class);
    assertThat(error.state()).isEqualTo("DISMISSED");
    assertThat(error.getMessage()).isEqualTo("Expected an open proposal to accept, but proposal " + dismissed.id()
        + " was dismissed by pam at " + dismissed.decidedAt());
    assertThat(nothingWritten(() -> problems().dismissProposal(PAM, dismissed.id(), "Again"), IllegalTransitionException.class)
        .getMessage()).contains("was dismissed by pam");
    assertThat(nothingWritten(() -> problems().acceptProposal(PAM, accepted.id()), IllegalTransitionException.class)
        .getMessage()).contains("was accepted by pam");
    assertThat(nothingWritten(() -> problems().dismissProposal(PAM, accepted.id(), "Changed my mind"),
        IllegalTransitionException.class).state()).isEqualTo("ACCEPTED");
  }

  @Test
  void anUnknownProposalIsNotFoundAndADismissalNeedsAReason() {
    // given an open proposal
    ProblemProposal open = proposalOn("crm");

    // when an unknown one is decided, or this one in another tenant, then it is not found
    UUID unknown = UUID.randomUUID();
    assertThat(nothingWritten(() -> problems().acceptProposal(PAM, unknown), NotFoundException.class).getMessage())
        .contains(unknown.toString());
    nothingWritten(() -> problems().dismissProposal(PAM.inTenant("acme"), open.id(), "Not ours"), NotFoundException.class);
    // a dismissal without a reason, or without a proposal, is refused on the field
    refused(() -> problems().dismissProposal(PAM, open.id(), " "), InvalidInputException.class, "reason", "blank");
    refused(() -> problems().acceptProposal(PAM, null), InvalidInputException.class, "proposalId", "missing");
    assertThat(problems().proposals(PAM, true)).extracting(ProblemProposal::id).contains(open.id());
  }

  @Test
  void clearingAFlagNeedsACallerAndAReason() {
    refused(() -> problems().clearCallerFlag(PAM, " ", "reason"), InvalidInputException.class, "callerId", "blank");
    refused(() -> problems().clearCallerFlag(PAM, "bob", null), InvalidInputException.class, "reason", "blank");
    refused(() -> problems().callerFlag(DORA, null), InvalidInputException.class, "callerId", "blank");
    assertThat(nothingWritten(() -> problems().clearCallerFlag(PAM, "never-flagged", "reason"), NotFoundException.class)
        .getMessage()).contains("never-flagged");
  }

  // ------------------------------------------------------------------ settings

  @Test
  void problemSettingsOutOfRangeAreRefusedWhenBuilt() {
    assertThatThrownBy(() -> ProblemSettings.builder().repeatedIncidents(1, Duration.ofDays(7)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("repeatedIncidents must be 0 (off) or from 2 to 1000, but is 1");
    assertThatThrownBy(() -> ProblemSettings.builder().repeatedContacts(3, Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contactPeriod must be positive");
    assertThatThrownBy(() -> ProblemSettings.builder().workaroundSimilarity(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workaroundSimilarity");
    assertThatThrownBy(() -> ProblemSettings.builder().problemManagers(" ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("problemManagers");
  }

  @Test
  void anIncidentResolutionCodeTheIncidentsDoNotKnowStopsTheEngineFromStarting() {
    // given settings that resolve linked incidents with a code incidents do not have
    ProblemSettings settings = ProblemSettings.builder().incidentResolutionCode("SOLVED_BY_MAGIC").build();
    itsm.awaitDeliveries();
    try {
      // when the engine is built with them, then it refuses to start, naming the setting and the codes
      assertThatThrownBy(() -> itsm.restart(b -> b.plugin(DIRECTORY).incidents(INCIDENTS).problems(settings)))
          .isInstanceOf(dev.itsm.api.ItsmConfigurationException.class)
          .hasMessageContaining("incidentResolutionCode")
          .hasMessageContaining("'SOLVED_BY_MAGIC'")
          .hasMessageContaining("WORKAROUND");
    } finally {
      itsm.restart(b -> b.plugin(DIRECTORY).incidents(INCIDENTS).problems(ProblemSettings.defaults()));
    }
  }
}
