package dev.itsm.bpmn.problem;

import static dev.itsm.bpmn.problem.ProblemFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.AuditEntry;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmEngineBuilder;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Page;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask.Outcome;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.problem.MajorReview;
import dev.itsm.api.problem.NewKnownError;
import dev.itsm.api.problem.NewProblem;
import dev.itsm.api.problem.ProblemQuery;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemResolution;
import dev.itsm.api.problem.ProblemService;
import dev.itsm.api.problem.ProblemSettings;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.api.process.ProblemProcess;
import dev.itsm.spi.Notification;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lifecycle paths besides the straight one: fixes that fail, the resolutions and what they do to the linked
 * incidents, cancelling, incidents linked later, analysis tasks, lost updates, queries and the audit trail.
 */
class ProblemPathsTest {

  private static final Consumer<ItsmEngineBuilder> CONFIGURATION =
      b -> b.plugin(DIRECTORY).incidents(INCIDENTS).problems(ProblemSettings.defaults());

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(CONFIGURATION);

  private static ProblemService problems() {
    return itsm.engine().problems();
  }

  private static IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private static ChangeService changes() {
    return itsm.engine().changes();
  }

  private static Instant now() {
    return itsm.clock().instant();
  }

  private static ProblemRecord problemIn(ProblemState state, String title) {
    return ProblemFixtures.problemIn(itsm.engine(), now(), state, problem(title, "network").build());
  }

  private static ProblemRecord reloaded(ProblemRecord problem) {
    return problems().get(PAM, problem.id());
  }

  private static List<DomainEvent> events(UUID ticketId, String type) {
    return itsm.events(ticketId).stream().filter(e -> e.type().equals(type)).toList();
  }

  private static String data(DomainEvent event, String key) {
    return String.valueOf(event.data().get(key));
  }

  /** The user tasks the problem's process waits at. */
  private static List<String> waitsAt(ProblemRecord problem) {
    return itsm.engine().processEngine().getTaskService().createTaskQuery().processInstanceId(problem.processInstanceId())
        .list().stream().map(t -> t.getTaskDefinitionKey()).sorted().toList();
  }

  private static boolean processEnded(ProblemRecord problem) {
    return itsm.engine().processEngine().getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(problem.processInstanceId()).count() == 0;
  }

  /** The transitions "FROM>TO" of the problem's state-changed events. */
  private static List<String> transitions(ProblemRecord problem) {
    return events(problem.id(), EventTypes.PROBLEM_STATE_CHANGED).stream()
        .map(e -> data(e, "from") + ">" + data(e, "to")).toList();
  }

  // ------------------------------------------------------------------ fixes that do not succeed

  @Test
  void aRejectedFixSendsTheProblemBackToItsKnownErrorWhereASecondFixCanBeRequested() {
    // given a known error whose fix waits for its technical approval
    ProblemRecord problem = problemIn(ProblemState.KNOWN_ERROR, "Backups overrun the night");
    ChangeRequest fix = requestFix(itsm.engine(), problem.ref(), now().plus(Duration.ofDays(1)), "Move the backup window");
    assertThat(reloaded(problem).state()).isEqualTo(ProblemState.FIX_IN_PROGRESS);

    // when paul rejects the change
    changes().reject(PAUL, TicketRef.of(fix.id()), "Collides with the month-end run");

    // then the problem is back at its known error, and says how the fix ended
    ProblemRecord back = reloaded(problem);
    assertThat(back.state()).isEqualTo(ProblemState.KNOWN_ERROR);
    assertThat(back.fixChangeIds()).containsExactly(fix.id());
    assertThat(waitsAt(back)).containsExactly(ProblemProcess.TASK_KNOWN_ERROR);
    assertThat(events(problem.id(), EventTypes.PROBLEM_FIX_ENDED)).singleElement().satisfies(e -> {
      assertThat(data(e, "changeId")).isEqualTo(fix.id().toString());
      assertThat(data(e, "changeNumber")).isEqualTo(fix.number());
      assertThat(data(e, "outcome")).isEqualTo("REJECTED");
      assertThat(data(e, "success")).isEqualTo("false");
    });
    assertThat(transitions(problem)).endsWith("KNOWN_ERROR>FIX_IN_PROGRESS", "FIX_IN_PROGRESS>KNOWN_ERROR");
    assertThat(itsm.notifications().forTicket(problem.id())).filteredOn(n -> n.type().equals(EventTypes.PROBLEM_FIX_ENDED))
        .singleElement().satisfies(n -> {
          assertThat(n.recipients()).containsExactlyInAnyOrder("pam", "alice");
          assertThat(n.subject()).isEqualTo("Fix " + fix.number() + " of " + problem.number()
              + " ended REJECTED: back to the known error");
        });

    // and a second fix can be requested
    ChangeRequest second = requestFix(itsm.engine(), back.ref(), now().plus(Duration.ofDays(2)), "Split the backup job");
    ProblemRecord fixing = reloaded(problem);
    assertThat(fixing.state()).isEqualTo(ProblemState.FIX_IN_PROGRESS);
    assertThat(fixing.fixChangeIds()).containsExactly(fix.id(), second.id());
    assertThat(changes().fixedProblems(CORA, second.id())).containsExactly(problem.id());
  }

  @ParameterizedTest
  @EnumSource(value = CloseCode.class, names = {"FAILED", "BACKED_OUT"})
  void aFixThatFailsAndIsBackedOutSendsTheProblemBackToItsKnownError(CloseCode code) {
    // given a known error with an approved fix
    ProblemRecord problem = problemIn(ProblemState.KNOWN_ERROR, "Certificate renewal breaks the proxy " + code);
    Instant start = now().plus(Duration.ofDays(1));
    ChangeRequest fix = requestFix(itsm.engine(), problem.ref(), start, "Automate the renewal " + code);
    TicketRef change = TicketRef.of(fix.id());
    changes().approve(PAUL, change, null);

    // when carl's implementation fails and is backed out
    itsm.clock().set(start);
    changes().startImplementation(CARL, change);
    changes().recordTask(CARL, change, 0, Outcome.FAILED, "The proxy did not reload");
    changes().completeBackout(CARL, change, "Old certificate restored");
    assertThat(reloaded(problem).state()).isEqualTo(ProblemState.FIX_IN_PROGRESS);
    changes().close(CORA, change, code, "Needs another approach");

    // then the problem is back at its known error
    assertThat(reloaded(problem).state()).isEqualTo(ProblemState.KNOWN_ERROR);
    assertThat(events(problem.id(), EventTypes.PROBLEM_FIX_ENDED)).singleElement().satisfies(e -> {
      assertThat(data(e, "outcome")).isEqualTo(code.name());
      assertThat(data(e, "success")).isEqualTo("false");
    });
    // where another fix can be requested
    requestFix(itsm.engine(), reloaded(problem).ref(), now().plus(Duration.ofDays(1)), "Renew by hand " + code);
    assertThat(reloaded(problem).state()).isEqualTo(ProblemState.FIX_IN_PROGRESS);
  }

  @Test
  void aCancelledFixSendsTheProblemBackToItsKnownError() {
    // given a known error with a fix waiting for approval
    ProblemRecord problem = problemIn(ProblemState.KNOWN_ERROR, "Laptops lose the domain trust");
    ChangeRequest fix = requestFix(itsm.engine(), problem.ref(), now().plus(Duration.ofDays(1)), "Rejoin all laptops");

    // when pam, who requested it, cancels the change
    ChangeRequest cancelled = changes().cancel(PAM, TicketRef.of(fix.id()), "Superseded by the new image");

    // then the problem is back at its known error
    assertThat(cancelled.state()).isEqualTo(ChangeState.CANCELLED);
    assertThat(reloaded(problem).state()).isEqualTo(ProblemState.KNOWN_ERROR);
    assertThat(events(problem.id(), EventTypes.PROBLEM_FIX_ENDED)).singleElement().satisfies(e -> {
      assertThat(data(e, "outcome")).isEqualTo("CANCELLED");
      assertThat(data(e, "success")).isEqualTo("false");
    });
  }

  @Test
  void aFixClosedSuccessfullyWithIssuesLetsTheProblemBeResolvedAsFixed() {
    // given a known error with an approved fix
    ProblemRecord problem = problemIn(ProblemState.KNOWN_ERROR, "Scheduler skips jobs");
    Instant start = now().plus(Duration.ofDays(1));
    ChangeRequest fix = requestFix(itsm.engine(), problem.ref(), start, "Patch the scheduler");
    TicketRef change = TicketRef.of(fix.id());
    changes().approve(PAUL, change, null);

    // when it is implemented and closed successfully with issues
    itsm.clock().set(start);
    changes().startImplementation(CARL, change);
    changes().recordTask(CARL, change, 0, Outcome.SUCCEEDED, null);
    changes().close(CORA, change, CloseCode.SUCCESSFUL_WITH_ISSUES, "Took longer than planned");

    // then the problem stays in its fix, the managers are asked to resolve it, and FIXED is accepted
    assertThat(reloaded(problem).state()).isEqualTo(ProblemState.FIX_IN_PROGRESS);
    assertThat(events(problem.id(), EventTypes.PROBLEM_FIX_ENDED)).singleElement().satisfies(e -> {
      assertThat(data(e, "outcome")).isEqualTo("SUCCESSFUL_WITH_ISSUES");
      assertThat(data(e, "success")).isEqualTo("true");
    });
    assertThat(itsm.notifications().forTicket(problem.id())).extracting(Notification::subject)
        .contains("Fix " + fix.number() + " of " + problem.number() + " succeeded: resolve the problem");
    ProblemRecord resolved = problems().resolve(PAM, reloaded(problem).ref(), ProblemResolution.FIXED, "Scheduler patched");
    assertThat(resolved.state()).isEqualTo(ProblemState.RESOLVED);
    assertThat(resolved.resolution()).isEqualTo(ProblemResolution.FIXED);
  }

  @Test
  void aFixThatEndsAfterItsProblemWasCancelledLeavesTheProblemAlone() {
    // given a problem cancelled while its fix waits for approval
    ProblemRecord problem = problemIn(ProblemState.FIX_IN_PROGRESS, "Old fax server crashes");
    UUID fix = problem.fixChangeIds().get(0);
    problems().cancel(PAM, problem.ref(), "The fax server is decommissioned");

    // when the fix is rejected
    changes().reject(PAUL, TicketRef.of(fix), "Not needed any more");

    // then the problem stays cancelled
    assertThat(reloaded(problem).state()).isEqualTo(ProblemState.CANCELLED);
    assertThat(events(problem.id(), EventTypes.PROBLEM_FIX_ENDED)).isEmpty();
  }

  // ------------------------------------------------------------------ resolutions

  @Test
  void workaroundAcceptedResolvesAKnownErrorWhichThenCloses() {
    // given a known error
    ProblemRecord problem = problemIn(ProblemState.KNOWN_ERROR, "Excel add-in crashes");

    // when pam resolves it accepting the workaround
    ProblemRecord resolved = problems().resolve(PAM, problem.ref(), ProblemResolution.WORKAROUND_ACCEPTED,
        "Vendor will not fix; users disable the add-in");

    // then it is resolved and waits for its closure
    assertThat(resolved.state()).isEqualTo(ProblemState.RESOLVED);
    assertThat(resolved.resolution()).isEqualTo(ProblemResolution.WORKAROUND_ACCEPTED);
    assertThat(resolved.resolutionText()).isEqualTo("Vendor will not fix; users disable the add-in");
    assertThat(resolved.resolvedAt()).isEqualTo(now());
    assertThat(resolved.closedAt()).isNull();
    assertThat(resolved.knownError().workaround()).isEqualTo("Workaround for Excel add-in crashes");
    assertThat(waitsAt(resolved)).containsExactly(ProblemProcess.TASK_CLOSE);
    assertThat(events(problem.id(), EventTypes.PROBLEM_STATE_CHANGED)).last().satisfies(e -> {
      assertThat(data(e, "from")).isEqualTo("KNOWN_ERROR");
      assertThat(data(e, "to")).isEqualTo("RESOLVED");
      assertThat(data(e, "resolution")).isEqualTo("WORKAROUND_ACCEPTED");
    });
    itsm.clock().advance(Duration.ofHours(1));
    ProblemRecord closed = problems().close(PAM, resolved.ref());
    assertThat(closed.state()).isEqualTo(ProblemState.CLOSED);
    assertThat(closed.closedAt()).isEqualTo(now());
    assertThat(processEnded(closed)).isTrue();
  }

  @Test
  void notReproducibleResolvesAProblemInAnalysisEvenWithAnOpenTask() {
    // given a problem in analysis with an open task
    ProblemRecord problem = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "Random logouts");
    problems().addAnalysisTask(ALICE, problem.ref(), "Collect session logs", "carl");

    // when pam resolves it as not reproducible
    ProblemRecord resolved = problems().resolve(PAM, TicketRef.of(problem.id()), ProblemResolution.NOT_REPRODUCIBLE, null);

    // then it is resolved; the task stays as it was
    assertThat(resolved.state()).isEqualTo(ProblemState.RESOLVED);
    assertThat(resolved.resolution()).isEqualTo(ProblemResolution.NOT_REPRODUCIBLE);
    assertThat(resolved.resolutionText()).isNull();
    assertThat(resolved.tasks()).singleElement().satisfies(t -> assertThat(t.isDone()).isFalse());
    assertThat(transitions(problem)).endsWith("ROOT_CAUSE_ANALYSIS>RESOLVED");
    assertThat(waitsAt(resolved)).containsExactly(ProblemProcess.TASK_CLOSE);
  }

  @Test
  void duplicateResolvesANewProblem() {
    // given a new problem
    ProblemRecord problem = problemIn(ProblemState.NEW, "Teams status wrong");

    // when pam resolves it as a duplicate
    ProblemRecord resolved = problems().resolve(PAM, problem.ref(), ProblemResolution.DUPLICATE, "Same as the presence problem");

    // then it is resolved from NEW
    assertThat(resolved.state()).isEqualTo(ProblemState.RESOLVED);
    assertThat(resolved.resolution()).isEqualTo(ProblemResolution.DUPLICATE);
    assertThat(transitions(problem)).containsExactly("NEW>RESOLVED");
    assertThat(waitsAt(resolved)).containsExactly(ProblemProcess.TASK_CLOSE);
  }

  @ParameterizedTest
  @EnumSource(value = ProblemState.class, names = {"NEW", "ASSESSED", "ROOT_CAUSE_ANALYSIS", "KNOWN_ERROR", "FIX_IN_PROGRESS"})
  void resolvingIsAcceptedFromEveryOpenState(ProblemState state) {
    // given a problem in the open state
    ProblemRecord problem = problemIn(state, "Resolvable from " + state);

    // when it is resolved as not reproducible
    ProblemRecord resolved = problems().resolve(PAM, problem.ref(), ProblemResolution.NOT_REPRODUCIBLE, "Gone");

    // then it is resolved from there
    assertThat(resolved.state()).isEqualTo(ProblemState.RESOLVED);
    assertThat(transitions(problem)).last().isEqualTo(state + ">RESOLVED");
  }

  @Test
  void fixedIsRefusedWithoutAFixChangeThatClosedSuccessfully() {
    // given a known error without a fix
    ProblemRecord problem = problemIn(ProblemState.KNOWN_ERROR, "Print spooler hangs");

    // when pam resolves it as fixed, then it is refused naming the fix changes
    assertThatThrownBy(() -> problems().resolve(PAM, problem.ref(), ProblemResolution.FIXED, "Fixed"))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.field()).isEqualTo("resolution");
          assertThat(e.getMessage()).isEqualTo("Expected a fix change of problem " + problem.number()
              + " closed successfully to resolve it as FIXED, but its fix changes are none");
        });
    // nor while the fix waits for approval
    ChangeRequest fix = requestFix(itsm.engine(), problem.ref(), now().plus(Duration.ofDays(1)), "Replace the spooler");
    assertThatThrownBy(() -> problems().resolve(PAM, TicketRef.of(problem.id()), ProblemResolution.FIXED, "Fixed"))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.field()).isEqualTo("resolution");
          assertThat(e.getMessage()).contains("[" + fix.number() + " AUTHORIZATION]");
        });
    // nor after it was rejected
    changes().reject(PAUL, TicketRef.of(fix.id()), "Spooler is end of life");
    assertThatThrownBy(() -> problems().resolve(PAM, TicketRef.of(problem.id()), ProblemResolution.FIXED, "Fixed"))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.getMessage())
            .contains("[" + fix.number() + " REJECTED]"));
    assertThat(reloaded(problem).state()).isEqualTo(ProblemState.KNOWN_ERROR);
    assertThat(reloaded(problem).resolution()).isNull();
  }

  // ------------------------------------------------------------------ the linked incidents on resolution

  /** An incident of the caller brought to the state by alice (and mona, who assigns and cancels). */
  private static IncidentTicket incidentIn(IncidentState state, Actor caller) {
    IncidentTicket incident = incident(incidents(), caller, "Outlook freezes for " + caller.id(), "network", Impact.LOW,
        Urgency.LOW, null);
    TicketRef ref = TicketRef.of(incident.id());
    switch (state) {
      case NEW:
        return incident;
      case CANCELLED:
        return incidents().cancel(MONA, ref, "Opened by mistake");
      default:
        break;
    }
    incidents().assign(MONA, ref, Assignment.toAgent("network-ops", "alice"));
    if (state == IncidentState.ASSIGNED) {
      return incidents().get(MONA, incident.id());
    }
    incident = incidents().acknowledge(ALICE, ref);
    return switch (state) {
      case ACKNOWLEDGED -> incident;
      case IN_PROGRESS -> incidents().startWork(ALICE, ref);
      case ON_HOLD -> incidents().hold(ALICE, ref, HoldReason.AWAITING_VENDOR, "Waiting for the vendor's patch");
      case RESOLVED -> incidents().resolve(ALICE, ref, Resolution.of("WORKAROUND", "Safe mode helps"));
      case CLOSED -> {
        incidents().resolve(ALICE, ref, Resolution.of("WORKAROUND", "Safe mode helps"));
        yield incidents().close(caller, ref);
      }
      default -> throw new IllegalArgumentException(state.name());
    };
  }

  private static List<String> toldProblemResolved(UUID incidentId) {
    return itsm.notifications().forTicket(incidentId).stream()
        .filter(n -> n.subject().endsWith("the underlying problem is resolved"))
        .flatMap(n -> n.recipients().stream()).toList();
  }

  @Test
  void resolvingResolvesTheLinkedIncidentsBeingWorkedResumingThoseOnHoldAndTellsTheirCallers() {
    // given a known error linked to incidents in every state, each of its own caller
    Map<IncidentState, IncidentTicket> linked = new java.util.EnumMap<>(IncidentState.class);
    for (IncidentState state : IncidentState.values()) {
      linked.put(state, incidentIn(state, Actor.caller("caller-" + state.name().toLowerCase())));
    }
    NewProblem.Builder builder = problem("Outlook freezes on start", "network");
    linked.values().forEach(i -> builder.incident(i.id()));
    ProblemRecord problem = ProblemFixtures.problemIn(itsm.engine(), now(), ProblemState.KNOWN_ERROR, builder.build());

    // when pam resolves it, accepting the workaround
    problems().resolve(PAM, problem.ref(), ProblemResolution.WORKAROUND_ACCEPTED, "Start in safe mode");

    // then the incidents being worked are resolved with the configured code and a text naming the problem
    String text = "Resolved with problem " + problem.number() + " (WORKAROUND_ACCEPTED): Start in safe mode";
    for (IncidentState worked : List.of(IncidentState.ACKNOWLEDGED, IncidentState.IN_PROGRESS, IncidentState.ON_HOLD)) {
      IncidentTicket incident = incidents().get(MONA, linked.get(worked).id());
      assertThat(incident.state()).as("incident that was %s", worked).isEqualTo(IncidentState.RESOLVED);
      assertThat(incident.resolutionCode()).isEqualTo("FIXED");
      assertThat(incident.resolutionText()).isEqualTo(text);
    }
    // the one on hold was resumed first, by the system on behalf of the problem
    List<AuditEntry> held = itsm.engine().audit().trail(MONA, linked.get(IncidentState.ON_HOLD).id());
    assertThat(held).filteredOn(a -> "state".equals(a.field()) && "system".equals(a.actorId()))
        .extracting(AuditEntry::oldValue, AuditEntry::newValue, AuditEntry::causedByType, AuditEntry::causedById)
        .containsExactly(tuple("ON_HOLD", "IN_PROGRESS", "problem", problem.number()),
            tuple("IN_PROGRESS", "RESOLVED", "problem", problem.number()));
    // the others are left as they are
    for (IncidentState left : List.of(IncidentState.NEW, IncidentState.ASSIGNED, IncidentState.CANCELLED, IncidentState.CLOSED)) {
      assertThat(incidents().get(MONA, linked.get(left).id()).state()).as("incident that was %s", left).isEqualTo(left);
    }
    assertThat(incidents().get(MONA, linked.get(IncidentState.RESOLVED).id()).resolutionCode()).isEqualTo("WORKAROUND");
    // the callers of every incident not closed or cancelled are told
    for (IncidentState state : IncidentState.values()) {
      List<String> told = toldProblemResolved(linked.get(state).id());
      if (state == IncidentState.CLOSED || state == IncidentState.CANCELLED) {
        assertThat(told).as("callers told of the %s incident", state).isEmpty();
      } else {
        assertThat(told).as("callers told of the %s incident", state).containsExactly("caller-" + state.name().toLowerCase());
      }
    }
  }

  @Test
  void withoutResolvingLinkedIncidentsResolvingLeavesThemAloneButStillTellsTheirCallers() {
    // given an engine that does not resolve linked incidents
    itsm.awaitDeliveries();
    itsm.restart(b -> b.plugin(DIRECTORY).incidents(INCIDENTS)
        .problems(ProblemSettings.builder().resolveLinkedIncidents(false).build()));
    try {
      IncidentTicket working = incidentIn(IncidentState.IN_PROGRESS, Actor.caller("gil"));
      IncidentTicket held = incidentIn(IncidentState.ON_HOLD, Actor.caller("hal"));
      IncidentTicket fresh = incidentIn(IncidentState.NEW, Actor.caller("ina"));
      ProblemRecord problem = problems().create(ALICE, problem("Calendar sync fails", "network")
          .incident(working.id()).incident(held.id()).incident(fresh.id()).build());

      // when pam resolves the problem
      problems().resolve(PAM, problem.ref(), ProblemResolution.NOT_REPRODUCIBLE, "Cannot reproduce since the update");

      // then the incidents stay where they are
      assertThat(incidents().get(MONA, working.id()).state()).isEqualTo(IncidentState.IN_PROGRESS);
      assertThat(incidents().get(MONA, held.id()).state()).isEqualTo(IncidentState.ON_HOLD);
      assertThat(incidents().get(MONA, fresh.id()).state()).isEqualTo(IncidentState.NEW);
      // but their callers are told
      assertThat(toldProblemResolved(working.id())).containsExactly("gil");
      assertThat(toldProblemResolved(held.id())).containsExactly("hal");
      assertThat(toldProblemResolved(fresh.id())).containsExactly("ina");
    } finally {
      itsm.awaitDeliveries();
      itsm.restart(CONFIGURATION);
    }
  }

  // ------------------------------------------------------------------ cancelling, and nothing after the end

  @ParameterizedTest
  @EnumSource(value = ProblemState.class, names = {"NEW", "ASSESSED", "ROOT_CAUSE_ANALYSIS", "KNOWN_ERROR", "FIX_IN_PROGRESS"})
  void cancellingIsAcceptedFromEveryOpenState(ProblemState state) {
    // given a problem in the open state
    ProblemRecord problem = problemIn(state, "Cancelled from " + state);
    itsm.clock().advance(Duration.ofMinutes(5));

    // when pam cancels it
    ProblemRecord cancelled = problems().cancel(PAM, problem.ref(), "Caused by the retired proxy");

    // then it is cancelled, its process ended, and the reason is audited
    assertThat(cancelled.state()).isEqualTo(ProblemState.CANCELLED);
    assertThat(cancelled.closedAt()).isEqualTo(now());
    assertThat(cancelled.resolvedAt()).isNull();
    assertThat(processEnded(cancelled)).isTrue();
    assertThat(transitions(problem)).last().isEqualTo(state + ">CANCELLED");
    assertThat(itsm.engine().audit().trail(PAM, problem.id()))
        .filteredOn(a -> "cancelReason".equals(a.field())).singleElement()
        .satisfies(a -> assertThat(a.newValue()).isEqualTo("Caused by the retired proxy"));
  }

  /** Every operation on the problem, each of which must be refused once it ended. */
  private static Map<String, ThrowingCallable> everyOperation(ProblemRecord problem, UUID incidentId) {
    TicketRef ref = TicketRef.of(problem.id());
    Map<String, ThrowingCallable> calls = new java.util.LinkedHashMap<>();
    calls.put("assess", () -> problems().assess(PAM, ref, Impact.HIGH, Urgency.HIGH, null, null));
    calls.put("startAnalysis", () -> problems().startAnalysis(ALICE, ref));
    calls.put("addAnalysisTask", () -> problems().addAnalysisTask(ALICE, ref, "Look again", "carl"));
    calls.put("completeAnalysisTask", () -> problems().completeAnalysisTask(PAM, ref, 0, "Found it"));
    calls.put("recordKnownError", () -> problems().recordKnownError(PAM, ref, NewKnownError.of("s", "c", "w")));
    calls.put("publishWorkaround", () -> problems().publishWorkaround(PAM, ref));
    calls.put("requestFix", () -> requestFix(itsm.engine(), ref, now().plus(Duration.ofDays(1)), "Late fix"));
    calls.put("resolve", () -> problems().resolve(PAM, ref, ProblemResolution.NOT_REPRODUCIBLE, null));
    calls.put("close", () -> problems().close(PAM, ref));
    calls.put("cancel", () -> problems().cancel(PAM, ref, "again"));
    calls.put("linkIncident", () -> problems().linkIncident(ALICE, ref, incidentId));
    calls.put("completeMajorReview", () -> problems().completeMajorReview(PAM, ref, "Findings"));
    return calls;
  }

  @ParameterizedTest
  @EnumSource(value = ProblemState.class, names = {"CLOSED", "CANCELLED"})
  void noOperationIsAcceptedOnceTheProblemEnded(ProblemState end) {
    // given a problem that ended
    ProblemRecord problem = problemIn(end, "Ended as " + end);
    IncidentTicket incident = incident(incidents(), "Late incident", "network");

    // when anything is done to it, then it is refused naming the problem and its state
    everyOperation(problem, incident.id()).forEach((operation, call) ->
        assertThatThrownBy(call).as(operation).isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
          assertThat(e.ticketNumber()).as(operation).isEqualTo(problem.number());
          assertThat(e.state()).as(operation).isEqualTo(end.name());
          assertThat(e.getMessage()).as(operation).contains(problem.number());
        }));
    ProblemRecord after = reloaded(problem);
    assertThat(after.state()).isEqualTo(end);
    assertThat(after.version()).isEqualTo(problem.version());
    assertThat(after.incidentIds()).isEmpty();
  }

  @Test
  void aCancelledProblemWithAnOpenMajorReviewAcceptsNoReview() {
    // given a problem of a P1 incident, cancelled while its major review is open
    IncidentTicket p1 = incident(incidents(), BOB, "Core switch down", "network", Impact.HIGH, Urgency.HIGH, null);
    ProblemRecord problem = problems().create(ALICE, problem("Core switch reboots", "network").incident(p1.id()).build());
    assertThat(problem.majorReview()).isEqualTo(MajorReview.OPEN);
    ProblemRecord cancelled = problems().cancel(PAM, problem.ref(), "Hardware replaced under the vendor contract");

    // when pam completes the review, then it is refused
    assertThatThrownBy(() -> problems().completeMajorReview(PAM, cancelled.ref(), "Nothing to add"))
        .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
          assertThat(e.ticketNumber()).isEqualTo(problem.number());
          assertThat(e.state()).isEqualTo("CANCELLED");
        });
    assertThat(processEnded(cancelled)).isTrue();
  }

  // ------------------------------------------------------------------ incidents linked later

  @Test
  void aP1IncidentLinkedLaterOpensTheMajorReviewOnce() {
    // given a problem without incidents, and a P3 incident linked to it
    ProblemRecord problem = problemIn(ProblemState.ASSESSED, "Storage array latency");
    IncidentTicket p3 = incident(incidents(), BOB, "Reports slow", "network", Impact.MEDIUM, Urgency.MEDIUM, null);
    problem = problems().linkIncident(ALICE, problem.ref(), p3.id());
    assertThat(problem.majorReview()).isNull();
    assertThat(waitsAt(problem)).containsExactly(ProblemProcess.TASK_INVESTIGATE);

    // when a P1 incident is linked
    IncidentTicket p1 = incident(incidents(), BOB, "Trading halted", "network", Impact.HIGH, Urgency.HIGH, null);
    problem = problems().linkIncident(ALICE, problem.ref(), p1.id());

    // then the major review opens beside the work, and the problem managers are told
    assertThat(problem.majorReview()).isEqualTo(MajorReview.OPEN);
    assertThat(problem.state()).isEqualTo(ProblemState.ASSESSED);
    assertThat(waitsAt(problem)).containsExactly(ProblemProcess.TASK_INVESTIGATE, ProblemProcess.TASK_MAJOR_REVIEW);
    assertThat(events(problem.id(), EventTypes.PROBLEM_MAJOR_REVIEW_OPENED)).singleElement()
        .satisfies(e -> assertThat(data(e, "incidentId")).isEqualTo(p1.id().toString()));
    String number = problem.number();
    assertThat(itsm.notifications().forTicket(problem.id()))
        .filteredOn(n -> n.type().equals(EventTypes.PROBLEM_MAJOR_REVIEW_OPENED)).singleElement().satisfies(n -> {
          assertThat(n.recipients()).containsExactly("pam");
          assertThat(n.subject()).isEqualTo("Major problem review: " + number + " is linked to P1 incident " + p1.number());
        });

    // a second P1 does not open another
    IncidentTicket secondP1 = incident(incidents(), CLEO, "Settlement halted", "network", Impact.HIGH, Urgency.HIGH, null);
    problem = problems().linkIncident(ALICE, problem.ref(), secondP1.id());
    assertThat(problem.incidentIds()).containsExactly(p3.id(), p1.id(), secondP1.id());
    assertThat(events(problem.id(), EventTypes.PROBLEM_MAJOR_REVIEW_OPENED)).hasSize(1);
    assertThat(waitsAt(problem)).containsExactly(ProblemProcess.TASK_INVESTIGATE, ProblemProcess.TASK_MAJOR_REVIEW);

    // nor a third once the review is done
    problem = problems().completeMajorReview(PAM, problem.ref(), "Storage alarms now page the on-call");
    assertThat(problem.majorReview()).isEqualTo(MajorReview.DONE);
    assertThat(problem.majorReviewFindings()).isEqualTo("Storage alarms now page the on-call");
    IncidentTicket thirdP1 = incident(incidents(), CLEO, "Payments halted", "network", Impact.HIGH, Urgency.HIGH, null);
    problem = problems().linkIncident(ALICE, problem.ref(), thirdP1.id());
    assertThat(problem.majorReview()).isEqualTo(MajorReview.DONE);
    assertThat(events(problem.id(), EventTypes.PROBLEM_MAJOR_REVIEW_OPENED)).hasSize(1);
    assertThat(waitsAt(problem)).containsExactly(ProblemProcess.TASK_INVESTIGATE);
  }

  @Test
  void anIncidentLinkedAfterTheWorkaroundWasPublishedGetsTheWorkaround() {
    // given a known error whose workaround is published
    ProblemRecord problem = ProblemFixtures.problemIn(itsm.engine(), now(), ProblemState.KNOWN_ERROR,
        problem("Label printer skips labels", "printing").build());
    problem = problems().publishWorkaround(PAM, problem.ref());

    // when an open incident is linked, and a resolved one
    IncidentTicket open = incidentIn(IncidentState.IN_PROGRESS, Actor.caller("jo"));
    IncidentTicket resolved = incidentIn(IncidentState.RESOLVED, Actor.caller("kai"));
    problem = problems().linkIncident(ALICE, problem.ref(), open.id());
    problems().linkIncident(ALICE, problem.ref(), resolved.id());

    // then the open one gets the workaround as a work note, the resolved one does not
    String note = "Workaround from known error " + problem.number() + " (Label printer skips labels): "
        + "Workaround for Label printer skips labels";
    assertThat(noteTexts(incidents(), open.id())).containsOnlyOnce(note);
    assertThat(noteTexts(incidents(), resolved.id())).doesNotContain(note);
  }

  @Test
  void anIncidentIsLinkedToSeveralProblemsInTheOrderItWasLinked() {
    // given an incident and two problems
    IncidentTicket incident = incident(incidents(), "Share drive slow", "network");
    ProblemRecord first = problemIn(ProblemState.NEW, "File server CPU high");
    ProblemRecord second = problemIn(ProblemState.ASSESSED, "Antivirus scans shares");

    // when it is linked to both
    problems().linkIncident(ALICE, first.ref(), incident.id());
    problems().linkIncident(ALICE, second.ref(), incident.id());

    // then the incident lists both, and the link is audited on the incident
    assertThat(problems().problemsOfIncident(ALICE, incident.id())).containsExactly(first.id(), second.id());
    assertThat(itsm.engine().audit().trail(MONA, incident.id())).filteredOn(a -> "problem".equals(a.field()))
        .extracting(AuditEntry::newValue).containsExactly(first.number(), second.number());
  }

  // ------------------------------------------------------------------ analysis tasks

  @Test
  void anAgentMayNotCompleteAnotherOnesTaskButTheProblemManagerMay() {
    // given a task of carl's
    ProblemRecord problem = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "Wrong prices in the shop");
    problem = problems().addAnalysisTask(ALICE, problem.ref(), "Compare the price feeds", "carl");

    String number = problem.number();
    assertThat(itsm.notifications().to("carl")).extracting(Notification::subject)
        .contains("Analysis task on " + number + ": Compare the price feeds");

    // when paul completes it, then he is refused and the task stays open
    TicketRef ref = problem.ref();
    assertThatThrownBy(() -> problems().completeAnalysisTask(PAUL, ref, 0, "Feeds differ"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("Expected the assignee carl or a problem manager to complete task 0 of problem " + problem.number()
            + ", but paul is neither");
    assertThat(reloaded(problem).tasks().get(0).isDone()).isFalse();

    // but pam may
    ProblemRecord done = problems().completeAnalysisTask(PAM, ref, 0, "The second feed is a day late");
    assertThat(done.tasks()).singleElement().satisfies(t -> {
      assertThat(t.isDone()).isTrue();
      assertThat(t.doneBy()).isEqualTo("pam");
      assertThat(t.findings()).isEqualTo("The second feed is a day late");
      assertThat(t.doneAt()).isEqualTo(now());
      assertThat(t.assigneeId()).isEqualTo("carl");
    });
  }

  @Test
  void aTaskIsCompletedOnlyOnce() {
    // given a task carl completed
    ProblemRecord problem = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "Night batch aborts");
    problems().addAnalysisTask(ALICE, problem.ref(), "Read the batch logs", "carl");
    ProblemRecord done = problems().completeAnalysisTask(CARL, TicketRef.of(problem.id()), 0, "Out of memory at 02:10");

    // when he completes it again, then it is refused and the findings stay
    assertThatThrownBy(() -> problems().completeAnalysisTask(CARL, done.ref(), 0, "Something else"))
        .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
          assertThat(e.ticketNumber()).isEqualTo(problem.number());
          assertThat(e.getMessage()).contains("task 0").contains("was completed by carl");
        });
    assertThat(reloaded(problem).tasks().get(0).findings()).isEqualTo("Out of memory at 02:10");
    assertThat(reloaded(problem).version()).isEqualTo(done.version());
  }

  @Test
  void aTaskIndexOutOfRangeIsRefused() {
    // given a problem with one task
    ProblemRecord problem = problemIn(ProblemState.ROOT_CAUSE_ANALYSIS, "Slow logons");
    ProblemRecord withTask = problems().addAnalysisTask(ALICE, problem.ref(), "Trace a logon", "carl");

    // when a task before the first or after the last is completed, then it is refused on taskIndex
    for (int index : new int[] {-1, 1, 99}) {
      assertThatThrownBy(() -> problems().completeAnalysisTask(CARL, withTask.ref(), index, "x"))
          .isInstanceOfSatisfying(InvalidValueException.class, e -> {
            assertThat(e.field()).isEqualTo("taskIndex");
            assertThat(e.getMessage()).isEqualTo("Expected a task index from 0 to 0 of problem " + problem.number()
                + ", but it is " + index);
          });
    }
    assertThat(reloaded(problem).version()).isEqualTo(withTask.version());
  }

  // ------------------------------------------------------------------ lost updates

  @Test
  void aStaleVersionIsRefusedWithConcurrentUpdate() {
    // given a problem pam assessed after alice read it
    ProblemRecord read = problemIn(ProblemState.NEW, "Clock drift on servers");
    assertThat(reloaded(read).version()).isEqualTo(read.version());
    ProblemRecord assessed = problems().assess(PAM, read.ref(), Impact.HIGH, Urgency.LOW, "network-ops", "alice");
    assertThat(assessed.version()).isGreaterThan(read.version());
    assertThat(reloaded(read).version()).isEqualTo(assessed.version());

    // when alice works on her stale copy, then it is refused
    assertThatThrownBy(() -> problems().startAnalysis(ALICE, read.ref()))
        .isInstanceOf(ConcurrentUpdateException.class)
        .hasMessageContaining(read.number())
        .hasMessageContaining("version " + read.version());
    assertThatThrownBy(() -> problems().linkIncident(ALICE, TicketRef.of(read.id(), read.version()),
        incident(incidents(), "Kerberos errors", "network").id())).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(reloaded(read).state()).isEqualTo(ProblemState.ASSESSED);
    assertThat(reloaded(read).incidentIds()).isEmpty();

    // with the current version it works
    assertThat(problems().startAnalysis(ALICE, assessed.ref()).state()).isEqualTo(ProblemState.ROOT_CAUSE_ANALYSIS);
  }

  @Test
  void everyStepReturnsTheVersionItStoredAndEachChangeRaisesIt() {
    // given a problem and an incident
    IncidentTicket incident = incident(incidents(), "Roaming profile lost", "network");
    ProblemRecord problem = problems().create(ALICE, problem("Roaming profiles lost", "network").build());
    List<Long> versions = new java.util.ArrayList<>(List.of(problem.version()));

    // when it is worked step by step, each with the version the step before returned
    List<java.util.function.Function<TicketRef, ProblemRecord>> steps = List.of(
        ref -> problems().linkIncident(ALICE, ref, incident.id()),
        ref -> problems().assess(PAM, ref, Impact.MEDIUM, Urgency.HIGH, "network-ops", "alice"),
        ref -> problems().startAnalysis(ALICE, ref),
        ref -> problems().addAnalysisTask(ALICE, ref, "Check the profile server", "carl"),
        ref -> problems().completeAnalysisTask(CARL, ref, 0, "Disk full"),
        ref -> problems().recordKnownError(PAM, ref, NewKnownError.of("Profiles lost", "Disk full", "Log on twice")),
        ref -> problems().publishWorkaround(PAM, ref),
        ref -> problems().resolve(PAM, ref, ProblemResolution.WORKAROUND_ACCEPTED, "Disk grown"),
        ref -> problems().close(PAM, ref));
    for (java.util.function.Function<TicketRef, ProblemRecord> step : steps) {
      problem = step.apply(problem.ref());
      // then what it returns is what is stored, and newer than before
      assertThat(reloaded(problem)).isEqualTo(problem);
      versions.add(problem.version());
    }
    assertThat(versions).isSorted().doesNotHaveDuplicates();
    assertThat(problem.state()).isEqualTo(ProblemState.CLOSED);
  }

  @Test
  void theWorkaroundCanBePublishedWhileTheFixIsInProgress() {
    // given a problem whose fix is in progress, linked to an open incident
    IncidentTicket incident = incidentIn(IncidentState.IN_PROGRESS, Actor.caller("lou"));
    ProblemRecord problem = ProblemFixtures.problemIn(itsm.engine(), now(), ProblemState.FIX_IN_PROGRESS,
        problem("Search index stale", "network").incident(incident.id()).build());

    // when pam publishes the workaround
    ProblemRecord published = problems().publishWorkaround(PAM, problem.ref());

    // then it is published and the incident has it, and the problem is still fixing
    assertThat(published.state()).isEqualTo(ProblemState.FIX_IN_PROGRESS);
    assertThat(published.knownError().workaroundPublishedAt()).isEqualTo(now());
    assertThat(published.knownError().articleId()).isNotNull();
    assertThat(noteTexts(incidents(), incident.id())).contains("Workaround from known error " + problem.number()
        + " (Search index stale): Workaround for Search index stale");
    assertThat(events(problem.id(), EventTypes.PROBLEM_WORKAROUND_PUBLISHED)).singleElement()
        .satisfies(e -> assertThat(data(e, "incidents")).isEqualTo("1"));
  }

  // ------------------------------------------------------------------ reading

  @Test
  void queryFiltersByStateCategoryAndAffectedCiAndPagesByPriorityThenNumber() {
    // given four lab problems of different priorities and states, one on a CI
    Ci analyser = itsm.engine().cmdb().create(CONNY, NewCi.of("Server", "lab-analyser", Map.of()));
    ProblemRecord p3 = problems().create(ALICE, problem("Analyser results late", "lab").build());
    ProblemRecord p1 = problems().create(ALICE, problem("Analyser down", "lab").impact(Impact.HIGH).urgency(Urgency.HIGH).build());
    p1 = problems().assess(PAM, p1.ref(), Impact.HIGH, Urgency.HIGH, null, null);
    ProblemRecord p5 = problems().create(ALICE, problem("Analyser label typo", "lab").impact(Impact.LOW).urgency(Urgency.LOW)
        .affectedCi(analyser.id()).build());
    ProblemRecord p2 = problems().create(ALICE, problem("Analyser loses samples", "lab").impact(Impact.HIGH)
        .urgency(Urgency.MEDIUM).build());
    p2 = problems().cancel(PAM, p2.ref(), "Recorded on the wrong lab");
    assertThat(List.of(p1.priority(), p2.priority(), p3.priority(), p5.priority()))
        .containsExactly(Priority.P1, Priority.P2, Priority.P3, Priority.P5);

    // when the lab problems are read in pages of two
    Page<ProblemRecord> first = problems().query(ALICE, ProblemQuery.all().inCategory("lab").page(0, 2));
    Page<ProblemRecord> second = problems().query(ALICE, ProblemQuery.all().inCategory("lab").page(2, 2));

    // then they come by priority, four in all
    assertThat(first.items()).extracting(ProblemRecord::id).containsExactly(p1.id(), p2.id());
    assertThat(first.total()).isEqualTo(4);
    assertThat(first.hasMore()).isTrue();
    assertThat(second.items()).extracting(ProblemRecord::id).containsExactly(p3.id(), p5.id());
    assertThat(second.hasMore()).isFalse();
    // by state
    assertThat(problems().query(ALICE, ProblemQuery.all().inCategory("lab").inStates(ProblemState.NEW)).items())
        .extracting(ProblemRecord::id).containsExactly(p3.id(), p5.id());
    assertThat(problems().query(ALICE, ProblemQuery.all().inCategory("lab")
            .inStates(ProblemState.ASSESSED, ProblemState.CANCELLED)).items())
        .extracting(ProblemRecord::id).containsExactly(p1.id(), p2.id());
    // by affected CI, with the record as get returns it
    Page<ProblemRecord> onCi = problems().query(ALICE, ProblemQuery.all().affecting(analyser.id()));
    assertThat(onCi.items()).containsExactly(problems().get(ALICE, p5.id()));
    assertThat(onCi.total()).isEqualTo(1);
  }

  @Test
  void aProblemIsFoundByItsNumberInItsTenantOnly() {
    // given a problem
    ProblemRecord problem = problemIn(ProblemState.ASSESSED, "Backup tapes unreadable");

    // when it is read by its number, then it is the same record as by its id
    assertThat(problems().getByNumber(CORA, problem.number())).isEqualTo(problems().get(CORA, problem.id()));
    assertThat(problems().getByNumber(CORA, problem.number()).state()).isEqualTo(ProblemState.ASSESSED);
    // an unknown number, or the number in another tenant, is not found
    assertThatThrownBy(() -> problems().getByNumber(CORA, "PRB-999999")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("PRB-999999");
    assertThatThrownBy(() -> problems().getByNumber(CORA.inTenant("acme"), problem.number()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> problems().get(CORA.inTenant("acme"), problem.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void problemsOfAnotherTenantAreNumberedAndListedApart() {
    // given a problem in the default tenant
    ProblemRecord ours = problemIn(ProblemState.NEW, "Our intranet is slow");
    Actor acmeAlice = ALICE.inTenant("acme");

    // when acme records its first problems
    ProblemRecord first = problems().create(acmeAlice, problem("Acme intranet is slow", "network").build());
    ProblemRecord second = problems().create(acmeAlice, problem("Acme intranet is down", "network").build());

    // then they are numbered from one in acme, and each tenant lists only its own
    assertThat(first.number()).isEqualTo("PRB-000001");
    assertThat(second.number()).isEqualTo("PRB-000002");
    assertThat(first.tenantId()).isEqualTo("acme");
    assertThat(problems().query(acmeAlice, ProblemQuery.all()).items()).extracting(ProblemRecord::id)
        .containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(problems().query(ALICE, ProblemQuery.all().page(0, 1000)).items()).extracting(ProblemRecord::id)
        .contains(ours.id()).doesNotContain(first.id(), second.id());
    assertThat(problems().getByNumber(acmeAlice, "PRB-000001").id()).isEqualTo(first.id());
  }

  @Test
  void theAuditTrailOfAProblemShowsWhoMovedItThroughItsStates() {
    // given a problem taken from NEW to CLOSED
    ProblemRecord problem = problemIn(ProblemState.KNOWN_ERROR, "Monitoring floods the mailbox");
    problems().resolve(PAM, problem.ref(), ProblemResolution.WORKAROUND_ACCEPTED, "Mail rule filters the floods");
    problems().close(PAM, TicketRef.of(problem.id()));

    // when pam reads its audit trail
    List<AuditEntry> trail = itsm.engine().audit().trail(PAM, problem.id());

    // then it shows each state change, oldest first, with who made it
    assertThat(trail).filteredOn(a -> "state".equals(a.field()))
        .extracting(AuditEntry::oldValue, AuditEntry::newValue, AuditEntry::actorId)
        .containsExactly(
            tuple(null, "NEW", "alice"),
            tuple("NEW", "ASSESSED", "pam"),
            tuple("ASSESSED", "ROOT_CAUSE_ANALYSIS", "alice"),
            tuple("ROOT_CAUSE_ANALYSIS", "KNOWN_ERROR", "pam"),
            tuple("KNOWN_ERROR", "RESOLVED", "pam"),
            tuple("RESOLVED", "CLOSED", "pam"));
    // and the values set on the way
    assertThat(trail).extracting(AuditEntry::field)
        .contains("groupId", "ownerId", "symptom", "rootCause", "workaround", "resolution",
            "resolutionText", "resolvedAt", "closedAt");
    assertThat(trail).filteredOn(a -> "workaround".equals(a.field())).singleElement()
        .satisfies(a -> assertThat(a.newValue()).isEqualTo("Workaround for Monitoring floods the mailbox"));
    assertThat(trail).allSatisfy(a -> assertThat(a.ticketId()).isEqualTo(problem.id()));
  }
}
