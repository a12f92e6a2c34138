package dev.itsm.bpmn.problem;

import static dev.itsm.bpmn.problem.ProblemFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask.Outcome;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.TicketNote;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.knowledge.Article;
import dev.itsm.api.knowledge.ArticleState;
import dev.itsm.api.problem.MajorReview;
import dev.itsm.api.problem.NewKnownError;
import dev.itsm.api.problem.NewProblem;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemResolution;
import dev.itsm.api.problem.ProblemService;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.spi.Notification;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A problem from its incidents to its closure: assessment, parallel analysis tasks, the known error and its
 * workaround, the fix through a change, resolution of the incidents and the major review.
 */
class ProblemLifecycleTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private static ProblemService problems() {
    return itsm.engine().problems();
  }

  private static IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private static IncidentTicket worked(IncidentTicket incident) {
    TicketRef ref = TicketRef.of(incident.id());
    incidents().assign(ALICE, ref, Assignment.toAgent("network-ops", "alice"));
    return incidents().acknowledge(ALICE, ref);
  }

  @Test
  void problemFromIncidentsRunsThroughKnownErrorAndFixToClosure() {
    // given two incidents about the VPN, one of them a P1 being worked
    IncidentTicket first = worked(incident(incidents(), BOB, "VPN drops every hour", "network", Impact.HIGH, Urgency.HIGH, "vpn"));
    IncidentTicket second = incident(incidents(), CLEO, "VPN disconnects", "network", Impact.LOW, Urgency.MEDIUM, "vpn");
    assertThat(first.priority()).isEqualTo(Priority.P1);

    // when alice records a problem from them
    ProblemRecord problem = problems().create(ALICE, NewProblem.builder("VPN tunnel drops").category("network")
        .impact(Impact.MEDIUM).urgency(Urgency.HIGH).incident(first.id()).incident(second.id()).build());

    // then it is new, linked to both, and the P1 opened the major review
    assertThat(problem.state()).isEqualTo(ProblemState.NEW);
    assertThat(problem.number()).startsWith("PRB-");
    assertThat(problem.incidentIds()).containsExactly(first.id(), second.id());
    assertThat(problem.majorReview()).isEqualTo(MajorReview.OPEN);
    assertThat(problems().problemsOfIncident(ALICE, first.id())).containsExactly(problem.id());

    // assessment, analysis with two parallel tasks, known error
    TicketRef ref = TicketRef.of(problem.id());
    problem = problems().assess(PAM, ref, Impact.HIGH, Urgency.HIGH, "network-ops", "alice");
    assertThat(problem.state()).isEqualTo(ProblemState.ASSESSED);
    assertThat(problem.priority()).isEqualTo(Priority.P1);
    problems().startAnalysis(ALICE, ref);
    problems().addAnalysisTask(ALICE, ref, "Read the concentrator logs", "carl");
    problem = problems().addAnalysisTask(ALICE, ref, "Reproduce with a test client", "paul");
    assertThat(problem.tasks()).extracting(t -> t.assigneeId()).containsExactly("carl", "paul");
    problems().completeAnalysisTask(PAUL, ref, 1, "Drops after 60 minutes idle");
    assertThatThrownBy(() -> problems().recordKnownError(PAM, ref, NewKnownError.of("s", "c", "w")))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("[0]");
    problems().completeAnalysisTask(CARL, ref, 0, "Idle timeout of 3600 s on the concentrator");
    problem = problems().recordKnownError(PAM, ref, NewKnownError.of("The VPN connection drops after an hour",
        "Idle timeout of the concentrator", "Reconnect, or keep a ping running"));
    assertThat(problem.state()).isEqualTo(ProblemState.KNOWN_ERROR);

    // publishing the workaround attaches it to the open incidents and publishes an article
    ProblemRecord published = problems().publishWorkaround(PAM, ref);
    assertThat(published.knownError().articleId()).isNotNull();
    assertThat(incidents().notes(ALICE, second.id())).extracting(TicketNote::text)
        .anySatisfy(t -> assertThat(t).contains("keep a ping running"));
    Article article = itsm.engine().knowledge().get(BOB, published.knownError().articleId());
    assertThat(article.state()).isEqualTo(ArticleState.PUBLISHED);
    assertThat(article.approvedBy()).isEqualTo("pam");
    assertThat(itsm.engine().knowledge().search(BOB, "VPN concentrator timeout", null, 5))
        .extracting(h -> h.articleId()).containsExactly(article.id());

    // a new matching incident gets the workaround offered
    IncidentTicket third = incident(incidents(), BOB, "VPN connection drops", "network", Impact.LOW, Urgency.LOW, null);
    assertThat(incidents().notes(ALICE, third.id())).extracting(TicketNote::text)
        .anySatisfy(t -> assertThat(t).contains(published.number()).contains("keep a ping running"));
    assertThat(problems().workaroundsFor(ALICE, third.id())).extracting(o -> o.problemId()).containsExactly(published.id());

    // the fix goes through a change linked both ways
    Instant start = itsm.clock().instant().plus(Duration.ofDays(1));
    ChangeRequest fix = problems().requestFix(PAM, ref, NewChange.normal("Raise the VPN idle timeout").group("network-ops")
        .implementer("carl").window(start, start.plus(Duration.ofHours(1))).backoutPlan("Set it back").build());
    assertThat(problems().get(PAM, published.id()).state()).isEqualTo(ProblemState.FIX_IN_PROGRESS);
    assertThat(problems().get(PAM, published.id()).fixChangeIds()).containsExactly(fix.id());
    ChangeService changes = itsm.engine().changes();
    assertThat(changes.fixedProblems(CORA, fix.id())).containsExactly(published.id());
    assertThatThrownBy(() -> problems().resolve(PAM, ref, ProblemResolution.FIXED, null))
        .isInstanceOf(dev.itsm.api.InvalidValueException.class).hasMessageContaining(fix.number());
    TicketRef change = TicketRef.of(fix.id());
    changes.approve(PAUL, change, null);
    itsm.clock().set(start);
    changes.startImplementation(CARL, change);
    changes.recordTask(CARL, change, 0, Outcome.SUCCEEDED, null);
    changes.close(CORA, change, CloseCode.SUCCESSFUL, null);

    // resolving resolves the incident being worked and tells the callers
    problem = problems().resolve(PAM, ref, ProblemResolution.FIXED, "Idle timeout raised to 8 hours");
    assertThat(problem.state()).isEqualTo(ProblemState.RESOLVED);
    assertThat(incidents().get(ALICE, first.id()).state()).isEqualTo(IncidentState.RESOLVED);
    assertThat(incidents().get(ALICE, second.id()).state()).isEqualTo(IncidentState.NEW);
    itsm.awaitDeliveries();
    assertThat(itsm.notifications().sent()).filteredOn(n -> n.subject().contains("underlying problem is resolved"))
        .extracting(Notification::recipients).containsExactlyInAnyOrder(List.of("bob"), List.of("cleo"));

    // closing waits for the major review
    assertThatThrownBy(() -> problems().close(PAM, ref)).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("major problem review");
    problems().completeMajorReview(PAM, ref, "Monitoring of idle drops added");
    problem = problems().close(PAM, ref);
    assertThat(problem.state()).isEqualTo(ProblemState.CLOSED);
    assertThat(itsm.events(problem.id())).extracting(e -> e.type()).contains(EventTypes.PROBLEM_CREATED,
        EventTypes.PROBLEM_MAJOR_REVIEW_OPENED, EventTypes.PROBLEM_WORKAROUND_PUBLISHED, EventTypes.PROBLEM_FIX_REQUESTED,
        EventTypes.PROBLEM_FIX_ENDED, EventTypes.PROBLEM_STATE_CHANGED);
  }
}
