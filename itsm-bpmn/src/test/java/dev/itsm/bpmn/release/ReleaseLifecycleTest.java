package dev.itsm.bpmn.release;

import static dev.itsm.bpmn.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.Actor;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.Roles;
import dev.itsm.api.TicketRef;
import dev.itsm.api.TicketType;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.TicketNote;
import dev.itsm.api.process.ReleaseProcess;
import dev.itsm.api.release.Environment;
import dev.itsm.api.release.EnvironmentStatus;
import dev.itsm.api.release.GoDecision;
import dev.itsm.api.release.NewEnvironment;
import dev.itsm.api.release.ReleaseQuery;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseService;
import dev.itsm.api.release.ReleaseStage;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.api.release.ReleaseType;
import dev.itsm.api.release.StageOutcome;
import dev.itsm.api.release.StageResult;
import dev.itsm.spi.Notification;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Releases from the user's side: planned with approved changes, built and tested by a pipeline, approved at the
 * go/no-go, deployed environment by environment as their windows open (the CMDB getting the new version), rolled
 * back in reverse order when a deployment or verification fails, escalated when a pipeline does not report,
 * watched through early life support, and closed once their notes are published.
 */
class ReleaseLifecycleTest {

  @RegisterExtension
  static ItsmExtension itsm = ReleaseFixtures.extension();

  private static ItsmEngine engine() {
    return itsm.engine();
  }

  private static ReleaseService releases() {
    return itsm.engine().releases();
  }

  private static Instant now() {
    return itsm.clock().instant();
  }

  private static ReleaseRecord get(ReleaseRecord release) {
    return releases().get(RM, release.id());
  }

  private static TicketRef ref(ReleaseRecord release) {
    return TicketRef.of(release.id());
  }

  private static ReleaseRecord report(ReleaseRecord release, dev.itsm.api.release.PipelineResult result) {
    return releases().report(PIPELINE, release.id(), result);
  }

  /** Opens the environment's window (moving the clock to its start when it lies ahead) and runs the due timers. */
  private static ReleaseRecord openWindow(ReleaseRecord release, String environment) {
    Instant start = get(release).environment(environment).windowStart();
    if (now().isBefore(start)) {
      itsm.clock().set(start);
    }
    fireDue(itsm, release);
    ReleaseRecord opened = get(release);
    assertThat(opened.environment(environment).status()).as("status of %s once its window opened", environment)
        .isEqualTo(EnvironmentStatus.DEPLOYING);
    return opened;
  }

  /** Opens the environment's window, then the pipeline deploys it and verifies it, half an hour each. */
  private static ReleaseRecord deployAndVerify(ReleaseRecord release, String environment) {
    openWindow(release, environment);
    itsm.clock().advance(Duration.ofMinutes(30));
    ReleaseRecord deployed = report(release, ok(ReleaseStage.DEPLOY, environment, "deploy-" + environment));
    assertThat(deployed.environment(environment).status()).isEqualTo(EnvironmentStatus.DEPLOYED);
    itsm.clock().advance(Duration.ofMinutes(30));
    ReleaseRecord verified = report(release, ok(ReleaseStage.VERIFY, environment, "verify-" + environment));
    assertThat(verified.environment(environment).status()).isEqualTo(EnvironmentStatus.VERIFIED);
    return verified;
  }

  private static List<CiChange> versionHistory(UUID ci) {
    return engine().cmdb().history(RM, ci).stream().filter(h -> "softwareVersion".equals(h.field())).toList();
  }

  private static List<String> eventTypes(ReleaseRecord release) {
    return itsm.events(release.id()).stream().map(DomainEvent::type).toList();
  }

  private static List<DomainEvent> events(ReleaseRecord release, String type) {
    return itsm.events(release.id()).stream().filter(e -> e.type().equals(type)).toList();
  }

  private static List<Notification> notifications(ReleaseRecord release, String type) {
    return itsm.notifications().forTicket(release.id()).stream().filter(n -> n.type().equals(type)).toList();
  }

  // ------------------------------------------------------------------ the whole way

  @Test
  void aReleaseIsDeployedToThreeEnvironmentsInTheirWindowsWatchedThroughEarlySupportAndClosed() {
    Instant t0 = now();
    Ci shopTest = app(engine(), "shop-test");
    Ci shopStaging = app(engine(), "shop-staging");
    Ci shopProd = app(engine(), "shop-prod");
    Ci shopPortal = software(engine(), "Portal", "shop-portal-prod");
    Ci shop = service(engine(), "Online Shop", shopProd.id());
    Ci crm = app(engine(), "crm-prod");
    ChangeRequest change = approvedChange(engine(), t0, "Shop checkout rework", shopProd.id());

    // planned by the release manager
    ReleaseRecord created = releases().create(RM, release("Shop 2.4", change.id())
        .environment(env("test", t0, 24, shopTest.id()))
        .environment(env("staging", t0, 48, shopStaging.id()))
        .environment(env("production", t0, 72, shopProd.id(), shopPortal.id())).build());
    assertThat(created.number()).matches("REL-\\d{6}");
    assertThat(created.state()).isEqualTo(ReleaseState.PLANNING);
    assertThat(created.type()).isEqualTo(ReleaseType.MINOR);
    assertThat(created.title()).isEqualTo("Shop 2.4");
    assertThat(created.releaseVersion()).isEqualTo(VERSION);
    assertThat(created.managerId()).isEqualTo("rm");
    assertThat(created.requesterId()).isEqualTo("rm");
    assertThat(created.changeIds()).containsExactly(change.id());
    assertThat(created.environments()).extracting(Environment::index, Environment::name, Environment::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "test", EnvironmentStatus.PLANNED),
            org.assertj.core.groups.Tuple.tuple(1, "staging", EnvironmentStatus.PLANNED),
            org.assertj.core.groups.Tuple.tuple(2, "production", EnvironmentStatus.PLANNED));
    assertThat(created.environment("production").cis()).containsExactly(shopProd.id(), shopPortal.id());
    assertThat(created.environment("staging").windowStart()).isEqualTo(t0.plus(Duration.ofHours(48)));
    assertThat(created.environment("staging").windowEnd()).isEqualTo(t0.plus(Duration.ofHours(52)));
    assertThat(created.affectedCis()).contains(shopTest.id(), shopStaging.id(), shopProd.id(), shopPortal.id(), shop.id())
        .doesNotContain(crm.id());
    assertThat(created.goDecision()).isNull();
    assertThat(created.supportEndsAt()).isNull();
    assertThat(openTasks(engine(), created)).containsExactly(ReleaseProcess.TASK_PLAN);
    assertThat(releases().getByNumber(CM, created.number()).id()).isEqualTo(created.id());
    assertThat(releases().query(CM, ReleaseQuery.all().bundling(change.id())).items()).extracting(ReleaseRecord::id)
        .containsExactly(created.id());
    assertThat(count(itsm, "SELECT COUNT(*) FROM itsm_ticket_link WHERE (from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?)",
        created.id(), change.id(), change.id(), created.id())).as("link between the release and its change").isPositive();

    // built and tested by the pipeline
    ReleaseRecord building = releases().startBuild(RM, created.ref());
    assertThat(building.state()).isEqualTo(ReleaseState.BUILDING);
    assertThat(building.version()).isGreaterThan(created.version());
    assertThat(openTasks(engine(), created)).containsExactly(ReleaseProcess.TASK_BUILD);
    assertThat(report(created, ok(ReleaseStage.BUILD, null, "build-101")).state()).isEqualTo(ReleaseState.TESTING);
    assertThat(openTasks(engine(), created)).containsExactly(ReleaseProcess.TASK_TEST);
    ReleaseRecord tested = report(created, ok(ReleaseStage.TEST, null, "test-101"));
    assertThat(tested.state()).isEqualTo(ReleaseState.AWAITING_APPROVAL);
    assertThat(openTasks(engine(), created)).containsExactly(ReleaseProcess.TASK_GO_NO_GO);

    // go: the first window lies ahead, so the deployment waits for it
    ReleaseRecord go = releases().decide(CM, tested.ref(), GoDecision.GO, "Go for the test window");
    assertThat(go.state()).isEqualTo(ReleaseState.DEPLOYING);
    assertThat(go.goDecision()).isEqualTo(GoDecision.GO);
    assertThat(go.decidedBy()).isEqualTo("cm");
    assertThat(go.decisionComment()).isEqualTo("Go for the test window");
    assertThat(go.environments()).extracting(Environment::status).containsOnly(EnvironmentStatus.PLANNED);
    Instant testStart = go.environment("test").windowStart();
    assertThat(itsm.timers(created.processInstanceId())).containsEntry(ReleaseProcess.TIMER_WINDOW, testStart);
    assertThat(openTasks(engine(), created)).isEmpty();
    assertThat(fireDue(itsm, created)).isZero();
    assertThat(events(created, EventTypes.RELEASE_DEPLOYMENT_STARTED)).isEmpty();
    // an incident before the early life support is not the release's
    IncidentTicket before = incident(engine(), "Shop slow before the release", shopProd.id());

    // test: the window opens, the pipeline deploys and a person verifies
    itsm.clock().set(testStart);
    assertThat(fireDue(itsm, created)).isPositive();
    ReleaseRecord deployingTest = get(created);
    assertThat(deployingTest.environment("test").status()).isEqualTo(EnvironmentStatus.DEPLOYING);
    assertThat(deployingTest.environment("test").startedAt()).isEqualTo(testStart);
    assertThat(deployingTest.environment("staging").status()).isEqualTo(EnvironmentStatus.PLANNED);
    assertThat(openTasks(engine(), created)).containsExactly(ReleaseProcess.TASK_DEPLOY);
    assertThat(taskEnvironments(engine(), created, ReleaseProcess.TASK_DEPLOY)).containsExactly("test");
    assertThat(events(created, EventTypes.RELEASE_DEPLOYMENT_STARTED)).singleElement().satisfies(e -> {
      assertThat(e.data()).containsEntry("environment", "test").containsEntry("releaseVersion", VERSION);
      assertThat(e.ticketType()).isEqualTo(TicketType.RELEASE);
      assertThat(e.ticketNumber()).isEqualTo(created.number());
    });

    Instant deployedAt = itsm.clock().advance(Duration.ofMinutes(20));
    ReleaseRecord deployedTest = report(created, ok(ReleaseStage.DEPLOY, "test", "deploy-test-7"));
    assertThat(deployedTest.state()).isEqualTo(ReleaseState.DEPLOYING);
    assertThat(deployedTest.environment("test").status()).isEqualTo(EnvironmentStatus.DEPLOYED);
    assertThat(deployedTest.environment("test").deployedAt()).isEqualTo(deployedAt);
    assertThat(version(engine(), shopTest.id())).isEqualTo(VERSION);
    assertThat(version(engine(), shopStaging.id())).isEqualTo(OLD_VERSION);
    assertThat(version(engine(), shopProd.id())).isEqualTo(OLD_VERSION);
    assertThat(versionHistory(shopTest.id())).last().satisfies(h -> {
      assertThat(h.oldValue()).isEqualTo("\"1.0.0\"");
      assertThat(h.newValue()).isEqualTo("\"2.4.0\"");
      assertThat(h.causedByType()).isEqualTo("release");
      assertThat(h.causedById()).isEqualTo(created.number());
      assertThat(h.occurredAt()).isEqualTo(deployedAt);
    });
    assertThat(openTasks(engine(), created)).containsExactly(ReleaseProcess.TASK_VERIFY);

    Instant verifiedAt = itsm.clock().advance(Duration.ofMinutes(20));
    ReleaseRecord verifiedTest = releases().report(RM, created.id(), ok(ReleaseStage.VERIFY, "test", null));
    assertThat(verifiedTest.environment("test").status()).isEqualTo(EnvironmentStatus.VERIFIED);
    assertThat(verifiedTest.environment("test").verifiedAt()).isEqualTo(verifiedAt);
    // staging waits for its own window
    assertThat(verifiedTest.environment("staging").status()).isEqualTo(EnvironmentStatus.PLANNED);
    assertThat(itsm.timers(created.processInstanceId()))
        .containsEntry(ReleaseProcess.TIMER_WINDOW, verifiedTest.environment("staging").windowStart());

    // staging and production
    ReleaseRecord staged = deployAndVerify(created, "staging");
    assertThat(staged.state()).isEqualTo(ReleaseState.DEPLOYING);
    assertThat(version(engine(), shopStaging.id())).isEqualTo(VERSION);
    assertThat(version(engine(), shopProd.id())).isEqualTo(OLD_VERSION);
    openWindow(created, "production");
    itsm.clock().advance(Duration.ofMinutes(30));
    ReleaseRecord deployedProd = report(created, ok(ReleaseStage.DEPLOY, "production", "deploy-prod-9"));
    assertThat(deployedProd.environment("production").status()).isEqualTo(EnvironmentStatus.DEPLOYED);
    assertThat(version(engine(), shopProd.id())).isEqualTo(VERSION);
    assertThat(version(engine(), shopPortal.id())).isEqualTo(VERSION);
    assertThat(version(engine(), crm.id())).isEqualTo(OLD_VERSION);
    assertThat(versionHistory(shopPortal.id())).last().satisfies(h -> {
      assertThat(h.causedByType()).isEqualTo("release");
      assertThat(h.causedById()).isEqualTo(created.number());
    });
    Instant lastVerified = itsm.clock().advance(Duration.ofMinutes(30));
    ReleaseRecord els = report(created, ok(ReleaseStage.VERIFY, "production", "verify-prod-9"));

    // early life support: 14 days by default
    assertThat(els.state()).isEqualTo(ReleaseState.EARLY_LIFE_SUPPORT);
    assertThat(els.environments()).extracting(Environment::status).containsOnly(EnvironmentStatus.VERIFIED);
    assertThat(els.supportEndsAt()).isEqualTo(lastVerified.plus(Duration.ofDays(14)));
    assertThat(itsm.timers(created.processInstanceId())).containsEntry(ReleaseProcess.TIMER_EARLY_SUPPORT, els.supportEndsAt());
    assertThat(openTasks(engine(), created)).isEmpty();

    IncidentTicket onProd = incident(engine(), "Checkout fails since this morning", shopProd.id());
    IncidentTicket elsewhere = incident(engine(), "CRM login slow", crm.id());
    itsm.clock().advance(Duration.ofHours(2));
    IncidentTicket onService = incident(engine(), "Online shop unreachable", shop.id());
    assertThat(releases().supportIncidents(RM, created.id())).containsExactly(onProd.id(), onService.id());
    assertThat(releases().supportIncidents(ABE, created.id())).containsExactly(onProd.id(), onService.id());
    // only the incidents the actor may read: none for the pipeline or a configuration manager (no
    // INCIDENT_READ), nor for an agent of a group that does not see them, though all read the release
    Actor conny = Actor.builder("conny").roles(Roles.CONFIGURATION_MANAGER).build();
    Actor ivy = Actor.agent("ivy", "identity");
    for (Actor reader : List.of(PIPELINE, conny, ivy)) {
      assertThat(releases().get(reader, created.id()).id()).as(reader.id()).isEqualTo(created.id());
      assertThat(releases().supportIncidents(reader, created.id())).as(reader.id()).isEmpty();
    }
    assertThat(engine().incidents().notes(ABE, onProd.id())).extracting(TicketNote::text)
        .anySatisfy(text -> assertThat(text).contains(created.number()));
    assertThat(engine().incidents().notes(ABE, elsewhere.id())).extracting(TicketNote::text)
        .noneSatisfy(text -> assertThat(text).contains(created.number()));
    assertThat(engine().incidents().notes(ABE, before.id())).extracting(TicketNote::text)
        .noneSatisfy(text -> assertThat(text).contains(created.number()));
    assertThat(events(created, EventTypes.RELEASE_SUPPORT_INCIDENT)).extracting(e -> e.data().get("incidentNumber"))
        .containsExactly(onProd.number(), onService.number());
    assertThat(notifications(created, EventTypes.RELEASE_SUPPORT_INCIDENT)).isNotEmpty()
        .allSatisfy(n -> assertThat(n.recipients()).contains("rm", "rex"));

    // release notes published, then the support ends
    String notes = releases().releaseNotes(CM, created.id());
    assertThat(notes).contains(created.number()).contains("Shop 2.4").contains(VERSION).contains(change.number())
        .contains("Shop checkout rework").contains("Ships Shop checkout rework").contains("Online Shop");
    assertThatThrownBy(() -> releases().close(RM, ref(created), "too early")).isInstanceOf(IllegalTransitionException.class);
    Instant publishedAt = now();
    ReleaseRecord published = releases().publishNotes(RM, ref(created), null);
    assertThat(published.notesPublishedAt()).isEqualTo(publishedAt);
    assertThat(published.state()).isEqualTo(ReleaseState.EARLY_LIFE_SUPPORT);
    assertThat(releases().releaseNotes(CM, created.id())).isEqualTo(notes);

    itsm.clock().set(els.supportEndsAt());
    assertThat(fireDue(itsm, created)).isPositive();
    ReleaseRecord review = get(created);
    assertThat(review.state()).isEqualTo(ReleaseState.REVIEW);
    assertThat(openTasks(engine(), created)).containsExactly(ReleaseProcess.TASK_CLOSE);
    IncidentTicket after = incident(engine(), "Checkout fails again", shopProd.id());
    assertThat(releases().supportIncidents(RM, created.id())).containsExactly(onProd.id(), onService.id());
    assertThat(engine().incidents().notes(ABE, after.id())).extracting(TicketNote::text)
        .noneSatisfy(text -> assertThat(text).contains(created.number()));

    ReleaseRecord closed = releases().close(RM, review.ref(), "Smooth release, two incidents in support");
    assertThat(closed.state()).isEqualTo(ReleaseState.CLOSED);
    assertThat(closed.state().isFinal()).isTrue();
    assertThat(closed.closeNotes()).isEqualTo("Smooth release, two incidents in support");
    assertThat(closed.closedAt()).isEqualTo(now());
    assertThat(running(engine(), created)).isFalse();

    // what was recorded, oldest first
    List<StageResult> results = releases().results(CM, created.id());
    assertThat(results).extracting(r -> r.stage() + ":" + Objects.toString(r.environment(), "-") + ":" + r.outcome())
        .containsExactly("BUILD:-:SUCCEEDED", "TEST:-:SUCCEEDED", "DEPLOY:test:SUCCEEDED", "VERIFY:test:SUCCEEDED",
            "DEPLOY:staging:SUCCEEDED", "VERIFY:staging:SUCCEEDED", "DEPLOY:production:SUCCEEDED",
            "VERIFY:production:SUCCEEDED");
    assertThat(results.get(0).externalRef()).isEqualTo("build-101");
    assertThat(results.get(0).reportedBy()).isEqualTo("ci");
    assertThat(results.get(3).reportedBy()).isEqualTo("rm");
    assertThat(results.get(3).reportedAt()).isEqualTo(verifiedAt);

    // the events of the whole way
    assertThat(itsm.events(created.id())).extracting(e -> e.type() + ":" + Objects.toString(e.data().get("to"), ""))
        .containsSubsequence(EventTypes.RELEASE_CREATED + ":", EventTypes.RELEASE_STATE_CHANGED + ":BUILDING",
            EventTypes.RELEASE_RESULT_RECORDED + ":", EventTypes.RELEASE_STATE_CHANGED + ":TESTING",
            EventTypes.RELEASE_STATE_CHANGED + ":AWAITING_APPROVAL", EventTypes.RELEASE_STATE_CHANGED + ":DEPLOYING",
            EventTypes.RELEASE_DEPLOYMENT_STARTED + ":", EventTypes.RELEASE_RESULT_RECORDED + ":",
            EventTypes.RELEASE_STATE_CHANGED + ":EARLY_LIFE_SUPPORT", EventTypes.RELEASE_SUPPORT_INCIDENT + ":",
            EventTypes.RELEASE_NOTES_PUBLISHED + ":", EventTypes.RELEASE_STATE_CHANGED + ":REVIEW",
            EventTypes.RELEASE_STATE_CHANGED + ":CLOSED");
    assertThat(events(created, EventTypes.RELEASE_CREATED)).singleElement().satisfies(e -> {
      assertThat(e.data()).containsEntry("releaseVersion", VERSION).containsEntry("releaseType", "MINOR");
      assertThat(e.actorId()).isEqualTo("rm");
    });
    assertThat(events(created, EventTypes.RELEASE_DEPLOYMENT_STARTED)).extracting(e -> e.data().get("environment"))
        .containsExactly("test", "staging", "production");
    assertThat(events(created, EventTypes.RELEASE_RESULT_RECORDED)).hasSize(8);
    assertThat(events(created, EventTypes.RELEASE_RESULT_RECORDED).get(0).data())
        .containsEntry("externalRef", "build-101").containsEntry("outcome", "SUCCEEDED");
    // every event went through the outbox in the transaction of its step
    assertThat(count(itsm, "SELECT COUNT(*) FROM itsm_outbox WHERE ticket_id = ? AND kind = 'EVENT'", created.id()))
        .isEqualTo(itsm.events(created.id()).size());
    assertThat(count(itsm, "SELECT COUNT(*) FROM itsm_outbox WHERE ticket_id = ? AND type = ?", created.id(),
        EventTypes.RELEASE_NOTES_PUBLISHED)).isGreaterThanOrEqualTo(1);
  }

  // ------------------------------------------------------------------ build and test

  @Test
  void failedTestsSendTheReleaseBackToTheBuildUntilABuildPassesItsTests() {
    Instant t0 = now();
    Ci api = app(engine(), "billing-api");
    ChangeRequest change = approvedChange(engine(), t0, "Billing rounding fix", api.id());
    ReleaseRecord release = releases().create(RM, release("Billing 2.4", change.id())
        .environment(env("production", t0, 24, api.id())).build());
    releases().startBuild(RM, release.ref());

    assertThat(report(release, ok(ReleaseStage.BUILD, null, "b-1")).state()).isEqualTo(ReleaseState.TESTING);
    ReleaseRecord back = report(release, failed(ReleaseStage.TEST, null, "3 of 812 tests failed", "t-1"));
    assertThat(back.state()).isEqualTo(ReleaseState.BUILDING);
    assertThat(openTasks(engine(), release)).containsExactly(ReleaseProcess.TASK_BUILD);
    // a failed build waits for the next one; without a reference both failures count
    assertThat(report(release, failed(ReleaseStage.BUILD, null, "Compiler error in Rounding.java", null)).state())
        .isEqualTo(ReleaseState.BUILDING);
    assertThat(report(release, failed(ReleaseStage.BUILD, null, "Compiler error in Rounding.java", null)).state())
        .isEqualTo(ReleaseState.BUILDING);
    assertThat(openTasks(engine(), release)).containsExactly(ReleaseProcess.TASK_BUILD);
    assertThat(report(release, ok(ReleaseStage.BUILD, null, "b-3")).state()).isEqualTo(ReleaseState.TESTING);
    ReleaseRecord passed = report(release, ok(ReleaseStage.TEST, null, "t-3"));
    assertThat(passed.state()).isEqualTo(ReleaseState.AWAITING_APPROVAL);

    assertThat(releases().results(RM, release.id()))
        .extracting(StageResult::stage, StageResult::outcome, StageResult::details)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ReleaseStage.BUILD, StageOutcome.SUCCEEDED, null),
            org.assertj.core.groups.Tuple.tuple(ReleaseStage.TEST, StageOutcome.FAILED, "3 of 812 tests failed"),
            org.assertj.core.groups.Tuple.tuple(ReleaseStage.BUILD, StageOutcome.FAILED, "Compiler error in Rounding.java"),
            org.assertj.core.groups.Tuple.tuple(ReleaseStage.BUILD, StageOutcome.FAILED, "Compiler error in Rounding.java"),
            org.assertj.core.groups.Tuple.tuple(ReleaseStage.BUILD, StageOutcome.SUCCEEDED, null),
            org.assertj.core.groups.Tuple.tuple(ReleaseStage.TEST, StageOutcome.SUCCEEDED, null));
    assertThat(itsm.events(release.id())).extracting(e -> e.type() + ":" + Objects.toString(e.data().get("to"), ""))
        .containsSubsequence(EventTypes.RELEASE_STATE_CHANGED + ":TESTING", EventTypes.RELEASE_STATE_CHANGED + ":BUILDING",
            EventTypes.RELEASE_STATE_CHANGED + ":TESTING", EventTypes.RELEASE_STATE_CHANGED + ":AWAITING_APPROVAL");
    assertThat(events(release, EventTypes.RELEASE_RESULT_RECORDED)).hasSize(6);
  }

  // ------------------------------------------------------------------ no-go

  @Test
  void aNoGoRejectsTheReleaseForGoodAndFreesItsChanges() {
    Instant t0 = now();
    Ci hr = app(engine(), "hr-portal");
    ChangeRequest change = approvedChange(engine(), t0, "HR portal redesign", hr.id());
    ReleaseRecord release = awaitingApproval(releases(), releases().create(RM, release("HR 2.4", change.id())
        .environment(env("production", t0, 24, hr.id())).build()));

    ReleaseRecord rejected = releases().decide(CM, release.ref(), GoDecision.NO_GO, "Too risky before the payroll run");
    assertThat(rejected.state()).isEqualTo(ReleaseState.REJECTED);
    assertThat(rejected.state().isFinal()).isTrue();
    assertThat(rejected.goDecision()).isEqualTo(GoDecision.NO_GO);
    assertThat(rejected.decidedBy()).isEqualTo("cm");
    assertThat(rejected.decisionComment()).isEqualTo("Too risky before the payroll run");
    assertThat(rejected.environments()).extracting(Environment::status).containsOnly(EnvironmentStatus.PLANNED);
    assertThat(running(engine(), release)).isFalse();
    assertThat(version(engine(), hr.id())).isEqualTo(OLD_VERSION);
    assertThat(itsm.events(release.id())).extracting(e -> e.type() + ":" + Objects.toString(e.data().get("to"), ""))
        .contains(EventTypes.RELEASE_STATE_CHANGED + ":REJECTED");

    assertThatThrownBy(() -> releases().decide(CM, TicketRef.of(release.id()), GoDecision.GO, null))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> releases().startBuild(RM, TicketRef.of(release.id())))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> releases().cancel(RM, TicketRef.of(release.id()), "x"))
        .isInstanceOf(IllegalTransitionException.class);
    // a rejected release is no longer open: its change can go into another release
    ReleaseRecord again = releases().create(RM, release("HR 2.4.1", change.id())
        .environment(env("production", now(), 48, hr.id())).build());
    assertThat(again.state()).isEqualTo(ReleaseState.PLANNING);
    assertThat(releases().query(RM, ReleaseQuery.all().bundling(change.id()).inStates(ReleaseState.REJECTED)).items())
        .extracting(ReleaseRecord::id).containsExactly(release.id());
  }

  // ------------------------------------------------------------------ rollback

  @Test
  void aFailedDeploymentRollsBackTheEnvironmentsDeployedBeforeItLastFirst() {
    Instant t0 = now();
    Ci payTest = app(engine(), "pay-test");
    Ci payStaging = app(engine(), "pay-staging");
    Ci payProd = app(engine(), "pay-prod");
    ChangeRequest change = approvedChange(engine(), t0, "Payments retry policy", payProd.id());
    ReleaseRecord release = awaitingApproval(releases(), releases().create(RM, release("Payments 2.4", change.id())
        .environment(env("test", t0, 24, payTest.id()))
        .environment(env("staging", t0, 48, payStaging.id()))
        .environment(env("production", t0, 72, payProd.id())).build()));
    releases().decide(CM, release.ref(), GoDecision.GO, null);
    deployAndVerify(release, "test");
    deployAndVerify(release, "staging");
    openWindow(release, "production");
    // a result for an environment not being deployed is out of place
    assertThatThrownBy(() -> report(release, ok(ReleaseStage.DEPLOY, "staging", "late-staging")))
        .isInstanceOf(IllegalTransitionException.class);

    itsm.clock().advance(Duration.ofMinutes(15));
    ReleaseRecord rolling = report(release, failed(ReleaseStage.DEPLOY, "production", "Disk full on pay-prod", "dp-1"));
    assertThat(rolling.state()).isEqualTo(ReleaseState.ROLLING_BACK);
    assertThat(rolling.rollbackReason()).contains("production").contains("Disk full on pay-prod");
    assertThat(rolling.environment("production").status()).isEqualTo(EnvironmentStatus.FAILED);
    assertThat(rolling.environment("staging").status()).isEqualTo(EnvironmentStatus.VERIFIED);
    assertThat(version(engine(), payProd.id())).isEqualTo(OLD_VERSION);
    assertThat(version(engine(), payStaging.id())).isEqualTo(VERSION);
    assertThat(version(engine(), payTest.id())).isEqualTo(VERSION);
    assertThat(openTasks(engine(), release)).containsExactly(ReleaseProcess.TASK_ROLLBACK);
    assertThat(taskEnvironments(engine(), release, ReleaseProcess.TASK_ROLLBACK)).containsExactly("staging");
    assertThat(itsm.timers(release.processInstanceId())).containsEntry(ReleaseProcess.TIMER_ROLLBACK,
        now().plus(Duration.ofHours(4)));

    // staging first: test, or a deployment, is out of place now
    assertThatThrownBy(() -> report(release, ok(ReleaseStage.ROLLBACK, "test", "rb-test")))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> report(release, ok(ReleaseStage.DEPLOY, "production", "dp-2")))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> releases().cancel(RM, TicketRef.of(release.id()), "give up"))
        .isInstanceOf(IllegalTransitionException.class);

    // a failed rollback is recorded, escalated, and the rollback waits for staging again
    long toRexBefore = itsm.notifications().forTicket(release.id()).stream().filter(n -> n.recipients().contains("rex")).count();
    ReleaseRecord stillRolling = report(release, failed(ReleaseStage.ROLLBACK, "staging", "Rollback script timed out", "rb-1"));
    assertThat(stillRolling.state()).isEqualTo(ReleaseState.ROLLING_BACK);
    assertThat(taskEnvironments(engine(), release, ReleaseProcess.TASK_ROLLBACK)).containsExactly("staging");
    assertThat(version(engine(), payStaging.id())).isEqualTo(VERSION);
    assertThat(releases().results(RM, release.id())).last().satisfies(r -> {
      assertThat(r.stage()).isEqualTo(ReleaseStage.ROLLBACK);
      assertThat(r.environment()).isEqualTo("staging");
      assertThat(r.outcome()).isEqualTo(StageOutcome.FAILED);
      assertThat(r.details()).isEqualTo("Rollback script timed out");
    });
    assertThat(itsm.notifications().forTicket(release.id()).stream().filter(n -> n.recipients().contains("rex")).count())
        .as("release managers told about the failed rollback").isGreaterThan(toRexBefore);

    Instant stagingBack = itsm.clock().advance(Duration.ofMinutes(10));
    ReleaseRecord stagingRolledBack = report(release, ok(ReleaseStage.ROLLBACK, "staging", "rb-2"));
    assertThat(stagingRolledBack.state()).isEqualTo(ReleaseState.ROLLING_BACK);
    assertThat(stagingRolledBack.environment("staging").status()).isEqualTo(EnvironmentStatus.ROLLED_BACK);
    assertThat(stagingRolledBack.environment("staging").rolledBackAt()).isEqualTo(stagingBack);
    assertThat(stagingRolledBack.environment("test").status()).isEqualTo(EnvironmentStatus.VERIFIED);
    assertThat(version(engine(), payStaging.id())).isEqualTo(OLD_VERSION);
    assertThat(version(engine(), payTest.id())).isEqualTo(VERSION);
    assertThat(versionHistory(payStaging.id())).extracting(CiChange::oldValue, CiChange::newValue, CiChange::causedByType,
        CiChange::causedById).endsWith(
        org.assertj.core.groups.Tuple.tuple("\"1.0.0\"", "\"2.4.0\"", "release", release.number()),
        org.assertj.core.groups.Tuple.tuple("\"2.4.0\"", "\"1.0.0\"", "release", release.number()));
    assertThat(taskEnvironments(engine(), release, ReleaseProcess.TASK_ROLLBACK)).containsExactly("test");
    // each environment's rollback has its own time
    assertThat(itsm.timers(release.processInstanceId())).containsEntry(ReleaseProcess.TIMER_ROLLBACK,
        stagingBack.plus(Duration.ofHours(4)));

    ReleaseRecord rolledBack = report(release, ok(ReleaseStage.ROLLBACK, "test", "rb-3"));
    assertThat(rolledBack.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(rolledBack.state().isFinal()).isTrue();
    assertThat(rolledBack.environments()).extracting(Environment::name, Environment::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("test", EnvironmentStatus.ROLLED_BACK),
        org.assertj.core.groups.Tuple.tuple("staging", EnvironmentStatus.ROLLED_BACK),
        org.assertj.core.groups.Tuple.tuple("production", EnvironmentStatus.FAILED));
    assertThat(rolledBack.rollbackReason()).contains("Disk full on pay-prod");
    assertThat(version(engine(), payTest.id())).isEqualTo(OLD_VERSION);
    assertThat(version(engine(), payProd.id())).isEqualTo(OLD_VERSION);
    assertThat(running(engine(), release)).isFalse();
    assertThat(releases().results(RM, release.id())).filteredOn(r -> r.stage() == ReleaseStage.ROLLBACK)
        .extracting(r -> r.environment() + ":" + r.outcome())
        .containsExactly("staging:FAILED", "staging:SUCCEEDED", "test:SUCCEEDED");
    assertThat(itsm.events(release.id())).extracting(e -> e.type() + ":" + Objects.toString(e.data().get("to"), ""))
        .containsSubsequence(EventTypes.RELEASE_STATE_CHANGED + ":ROLLING_BACK", EventTypes.RELEASE_STATE_CHANGED + ":ROLLED_BACK");
  }

  @Test
  void aFailedVerificationRollsBackThatEnvironmentToo() {
    Instant t0 = now();
    // the test CI has no version yet: the rollback removes the one the release gave it
    Ci wikiTest = engine().cmdb().create(SYSTEM, dev.itsm.api.cmdb.NewCi.of("Application", "wiki-test", java.util.Map.of()));
    Ci wikiProd = software(engine(), "BusinessApplication", "wiki-prod");
    ChangeRequest change = approvedChange(engine(), t0, "Wiki search", wikiProd.id());
    ReleaseRecord release = awaitingApproval(releases(), releases().create(RM, release("Wiki 2.4", change.id())
        .environment(env("test", t0, 24, wikiTest.id()))
        .environment(env("production", t0, 48, wikiProd.id())).build()));
    releases().decide(CM, release.ref(), GoDecision.GO, null);
    deployAndVerify(release, "test");
    openWindow(release, "production");
    report(release, ok(ReleaseStage.DEPLOY, "production", "dp-prod"));
    assertThat(version(engine(), wikiProd.id())).isEqualTo(VERSION);
    assertThat(itsm.timers(release.processInstanceId())).containsEntry(ReleaseProcess.TIMER_VERIFY,
        now().plus(Duration.ofHours(4)));

    itsm.clock().advance(Duration.ofMinutes(45));
    ReleaseRecord rolling = report(release, failed(ReleaseStage.VERIFY, "production", "Health check red: search 500s", "vf-1"));
    assertThat(rolling.state()).isEqualTo(ReleaseState.ROLLING_BACK);
    assertThat(rolling.rollbackReason()).contains("production").contains("Health check red: search 500s");
    assertThat(taskEnvironments(engine(), release, ReleaseProcess.TASK_ROLLBACK)).containsExactly("production");
    // the version stays until the rollback is reported
    assertThat(version(engine(), wikiProd.id())).isEqualTo(VERSION);

    ReleaseRecord prodBack = report(release, ok(ReleaseStage.ROLLBACK, "production", "rb-prod"));
    assertThat(prodBack.environment("production").status()).isEqualTo(EnvironmentStatus.ROLLED_BACK);
    assertThat(version(engine(), wikiProd.id())).isEqualTo(OLD_VERSION);
    assertThat(taskEnvironments(engine(), release, ReleaseProcess.TASK_ROLLBACK)).containsExactly("test");
    ReleaseRecord done = report(release, ok(ReleaseStage.ROLLBACK, "test", "rb-test"));
    assertThat(done.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(done.environments()).extracting(Environment::status).containsOnly(EnvironmentStatus.ROLLED_BACK);
    assertThat(engine().cmdb().get(SYSTEM, wikiTest.id()).attributes()).doesNotContainKey("softwareVersion");
    assertThat(versionHistory(wikiTest.id())).extracting(CiChange::oldValue, CiChange::newValue, CiChange::causedById)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "\"2.4.0\"", release.number()),
            org.assertj.core.groups.Tuple.tuple("\"2.4.0\"", null, release.number()));
    assertThat(running(engine(), release)).isFalse();
  }

  @Test
  void aFailedFirstDeploymentHasNothingToRollBack() {
    Instant t0 = now();
    Ci mailTest = app(engine(), "mail-test");
    Ci mailProd = app(engine(), "mail-prod");
    ChangeRequest change = approvedChange(engine(), t0, "Mail filter rules", mailProd.id());
    ReleaseRecord release = awaitingApproval(releases(), releases().create(RM, release("Mail 2.4", change.id())
        .environment(env("test", t0, 24, mailTest.id()))
        .environment(env("production", t0, 48, mailProd.id())).build()));
    releases().decide(CM, release.ref(), GoDecision.GO, null);
    openWindow(release, "test");

    ReleaseRecord ended = report(release, failed(ReleaseStage.DEPLOY, "test", "Image pull failed", "dp-1"));
    assertThat(ended.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(ended.rollbackReason()).contains("test").contains("Image pull failed");
    assertThat(ended.environment("test").status()).isEqualTo(EnvironmentStatus.FAILED);
    assertThat(ended.environment("production").status()).isEqualTo(EnvironmentStatus.PLANNED);
    assertThat(version(engine(), mailTest.id())).isEqualTo(OLD_VERSION);
    assertThat(versionHistory(mailTest.id())).isEmpty();
    assertThat(openTasks(engine(), release)).isEmpty();
    assertThat(running(engine(), release)).isFalse();
  }

  // ------------------------------------------------------------------ timeouts of the pipeline

  @Test
  void aPipelineThatDoesNotReportInTimeIsEscalatedWhileTheStageKeepsWaiting() {
    Instant t0 = now();
    Ci crmTest = app(engine(), "crm-app-test");
    Ci crmProd = app(engine(), "crm-app-prod");
    ChangeRequest change = approvedChange(engine(), t0, "CRM dedup", crmProd.id());
    ReleaseRecord release = releases().create(RM, release("CRM 2.4", change.id())
        .environment(env("test", t0, 24, crmTest.id()))
        .environment(env("production", t0, 48, crmProd.id())).build());
    Instant buildBegan = now();
    releases().startBuild(RM, release.ref());
    assertThat(itsm.timers(release.processInstanceId()))
        .containsEntry(ReleaseProcess.TIMER_BUILD, buildBegan.plus(Duration.ofHours(4)));
    int auditBefore = engine().audit().trail(RM, release.id()).size();

    // the build does not report within 4 hours
    itsm.clock().advance(Duration.ofHours(4).minusSeconds(1));
    assertThat(fireDue(itsm, release)).isZero();
    itsm.clock().advance(Duration.ofSeconds(1));
    assertThat(fireDue(itsm, release)).isEqualTo(1);
    assertThat(get(release).state()).isEqualTo(ReleaseState.BUILDING);
    assertThat(openTasks(engine(), release)).containsExactly(ReleaseProcess.TASK_BUILD);
    assertThat(events(release, EventTypes.RELEASE_PIPELINE_OVERDUE)).singleElement().satisfies(e -> {
      assertThat(String.valueOf(e.data().get("stage"))).isEqualToIgnoringCase("BUILD");
      assertThat(e.data().get("environment")).isNull();
    });
    assertThat(notifications(release, EventTypes.RELEASE_PIPELINE_OVERDUE)).singleElement()
        .satisfies(n -> assertThat(n.recipients()).contains("rm", "rex"));
    List<dev.itsm.api.AuditEntry> trail = engine().audit().trail(RM, release.id());
    assertThat(trail).hasSizeGreaterThan(auditBefore);
    assertThat(trail.subList(auditBefore, trail.size())).anySatisfy(e ->
        assertThat(e.action() + " " + e.field() + " " + e.newValue()).containsIgnoringCase("overdue"));
    // it escalates once
    itsm.clock().advance(Duration.ofHours(8));
    assertThat(fireDue(itsm, release)).isZero();

    // the late build still counts; the tests get their own timer
    Instant testBegan = now();
    assertThat(report(release, ok(ReleaseStage.BUILD, null, "late-build")).state()).isEqualTo(ReleaseState.TESTING);
    assertThat(itsm.timers(release.processInstanceId())).doesNotContainKey(ReleaseProcess.TIMER_BUILD)
        .containsEntry(ReleaseProcess.TIMER_TEST, testBegan.plus(Duration.ofHours(8)));
    report(release, ok(ReleaseStage.TEST, null, "tests"));
    assertThat(itsm.timers(release.processInstanceId())).doesNotContainKey(ReleaseProcess.TIMER_TEST);
    ReleaseRecord go = releases().decide(CM, TicketRef.of(release.id()), GoDecision.GO, null);

    // the test window opens and ends without a deployment result
    ReleaseRecord deploying = openWindow(go, "test");
    Instant windowEnd = deploying.environment("test").windowEnd();
    assertThat(itsm.timers(release.processInstanceId())).containsEntry(ReleaseProcess.TIMER_DEPLOY, windowEnd);
    itsm.clock().set(windowEnd);
    assertThat(fireDue(itsm, release)).isEqualTo(1);
    ReleaseRecord overdue = get(release);
    assertThat(overdue.state()).isEqualTo(ReleaseState.DEPLOYING);
    assertThat(overdue.environment("test").status()).isEqualTo(EnvironmentStatus.DEPLOYING);
    assertThat(events(release, EventTypes.RELEASE_PIPELINE_OVERDUE)).hasSize(2).last().satisfies(e -> {
      assertThat(String.valueOf(e.data().get("stage"))).isEqualToIgnoringCase("DEPLOY");
      assertThat(e.data()).containsEntry("environment", "test");
    });
    assertThat(notifications(release, EventTypes.RELEASE_PIPELINE_OVERDUE)).hasSize(2)
        .allSatisfy(n -> assertThat(n.recipients()).contains("rm", "rex"));

    // the late deployment proceeds, and the verification has its timer
    itsm.clock().advance(Duration.ofMinutes(5));
    ReleaseRecord late = report(release, ok(ReleaseStage.DEPLOY, "test", "late-deploy"));
    assertThat(late.environment("test").status()).isEqualTo(EnvironmentStatus.DEPLOYED);
    assertThat(version(engine(), crmTest.id())).isEqualTo(VERSION);
    assertThat(itsm.timers(release.processInstanceId())).doesNotContainKey(ReleaseProcess.TIMER_DEPLOY)
        .containsEntry(ReleaseProcess.TIMER_VERIFY, now().plus(Duration.ofHours(4)));
    itsm.clock().advance(Duration.ofHours(4));
    assertThat(fireDue(itsm, release)).isEqualTo(1);
    assertThat(events(release, EventTypes.RELEASE_PIPELINE_OVERDUE)).hasSize(3).last().satisfies(e -> {
      assertThat(String.valueOf(e.data().get("stage"))).isEqualToIgnoringCase("VERIFY");
      assertThat(e.data()).containsEntry("environment", "test");
    });
    assertThat(report(release, ok(ReleaseStage.VERIFY, "test", "late-verify")).environment("test").status())
        .isEqualTo(EnvironmentStatus.VERIFIED);
  }

  // ------------------------------------------------------------------ cancellation

  @Test
  void aReleaseCanBeCancelledUntilItsDeploymentStarts() {
    Instant t0 = now();
    Ci docs = app(engine(), "docs-site");
    ChangeRequest first = approvedChange(engine(), t0, "Docs theme", docs.id());
    ReleaseRecord planned = releases().create(RM, release("Docs 2.4", first.id())
        .environment(env("production", t0, 24, docs.id())).build());
    ReleaseRecord cancelled = releases().cancel(RM, planned.ref(), "Merged into the next release");
    assertThat(cancelled.state()).isEqualTo(ReleaseState.CANCELLED);
    assertThat(cancelled.state().isFinal()).isTrue();
    assertThat(running(engine(), planned)).isFalse();
    assertThat(itsm.events(planned.id())).extracting(e -> e.type() + ":" + Objects.toString(e.data().get("to"), ""))
        .contains(EventTypes.RELEASE_STATE_CHANGED + ":CANCELLED");

    // its change is free again; a release awaiting its go/no-go can be cancelled too
    ReleaseRecord awaiting = awaitingApproval(releases(), releases().create(RM, release("Docs 2.4 again", first.id())
        .environment(env("production", now(), 24, docs.id())).build()));
    assertThat(releases().cancel(RM, awaiting.ref(), "Postponed").state()).isEqualTo(ReleaseState.CANCELLED);
    assertThat(running(engine(), awaiting)).isFalse();

    // nor does a build waiting for its pipeline keep anything running
    ReleaseRecord building = releases().create(RM, release("Docs 2.4 building", first.id())
        .environment(env("production", now(), 24, docs.id())).build());
    releases().startBuild(RM, building.ref());
    assertThat(itsm.timers(building.processInstanceId())).containsKey(ReleaseProcess.TIMER_BUILD);
    assertThat(releases().cancel(RM, TicketRef.of(building.id()), "Wrong branch").state()).isEqualTo(ReleaseState.CANCELLED);
    assertThat(running(engine(), building)).isFalse();
    assertThatThrownBy(() -> report(building, ok(ReleaseStage.BUILD, null, "too-late")))
        .isInstanceOf(IllegalTransitionException.class);

    // once deployment began it cannot be cancelled
    ReleaseRecord going = awaitingApproval(releases(), releases().create(RM, release("Docs 2.4 third", first.id())
        .environment(env("production", now(), 24, docs.id())).build()));
    ReleaseRecord deploying = releases().decide(CM, going.ref(), GoDecision.GO, null);
    assertThatThrownBy(() -> releases().cancel(RM, deploying.ref(), "Too late"))
        .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
          assertThat(e.ticketNumber()).isEqualTo(going.number());
          assertThat(e.state()).isEqualTo("DEPLOYING");
        });
    assertThat(get(going).state()).isEqualTo(ReleaseState.DEPLOYING);
    assertThat(releases().query(CM, ReleaseQuery.all().bundling(first.id())).items()).extracting(ReleaseRecord::state)
        .containsExactly(ReleaseState.CANCELLED, ReleaseState.CANCELLED, ReleaseState.CANCELLED, ReleaseState.DEPLOYING);
  }

  // ------------------------------------------------------------------ repeated deliveries

  @Test
  void aResultDeliveredAgainChangesNothing() {
    Instant t0 = now();
    Ci search = app(engine(), "search-test");
    Ci searchProd = app(engine(), "search-prod");
    ChangeRequest change = approvedChange(engine(), t0, "Search synonyms", searchProd.id());
    ReleaseRecord release = releases().create(RM, release("Search 2.4", change.id())
        .environment(env("test", t0, 24, search.id()))
        .environment(env("production", t0, 48, searchProd.id())).build());
    releases().startBuild(RM, release.ref());

    ReleaseRecord failedOnce = report(release, failed(ReleaseStage.BUILD, null, "Flaky dependency download", "run-41"));
    ReleaseRecord repeat = report(release, failed(ReleaseStage.BUILD, null, "Flaky dependency download", "run-41"));
    assertThat(repeat.version()).isEqualTo(failedOnce.version());
    assertThat(repeat.state()).isEqualTo(ReleaseState.BUILDING);
    ReleaseRecord built = report(release, ok(ReleaseStage.BUILD, null, "run-42"));
    assertThat(built.state()).isEqualTo(ReleaseState.TESTING);
    int eventsBefore = itsm.events(release.id()).size();
    // the webhook of run 42 fires again while the tests run: still a repeat, not an out-of-place build
    ReleaseRecord again = report(release, ok(ReleaseStage.BUILD, null, "run-42"));
    assertThat(again.version()).isEqualTo(built.version());
    assertThat(again.state()).isEqualTo(ReleaseState.TESTING);
    assertThat(releases().results(RM, release.id())).extracting(StageResult::externalRef)
        .containsExactly("run-41", "run-42");
    assertThat(itsm.events(release.id())).hasSize(eventsBefore);

    report(release, ok(ReleaseStage.TEST, null, "run-42-tests"));
    releases().decide(CM, TicketRef.of(release.id()), GoDecision.GO, null);
    openWindow(release, "test");
    ReleaseRecord deployed = report(release, ok(ReleaseStage.DEPLOY, "test", "deploy-77"));
    int history = versionHistory(search.id()).size();
    int events = itsm.events(release.id()).size();
    assertThat(report(release, ok(ReleaseStage.DEPLOY, "test", "deploy-77")).version()).isEqualTo(deployed.version());
    assertThat(versionHistory(search.id())).hasSize(history);
    assertThat(itsm.events(release.id())).hasSize(events);
    // the same reference for another stage or environment is no repeat
    ReleaseRecord verified = report(release, ok(ReleaseStage.VERIFY, "test", "deploy-77"));
    assertThat(verified.environment("test").status()).isEqualTo(EnvironmentStatus.VERIFIED);
    assertThat(releases().results(RM, release.id())).extracting(r -> r.stage() + ":" + r.externalRef())
        .containsExactly("BUILD:run-41", "BUILD:run-42", "TEST:run-42-tests", "DEPLOY:deploy-77", "VERIFY:deploy-77");
  }

  // ------------------------------------------------------------------ early life support and notes

  @Test
  void theSupportPeriodOfAReleaseMayBeItsOwnAndClosureWaitsForTheNotes() {
    Instant t0 = now();
    Ci intranet = software(engine(), "Platform", "intranet-prod");
    ChangeRequest change = approvedChange(engine(), t0, "Intranet news feed", intranet.id());
    ReleaseRecord release = awaitingApproval(releases(), releases().create(RM, release("Intranet 2.4", change.id())
        .earlySupport(Duration.ofDays(2)).environment(env("production", t0, 24, intranet.id())).build()));
    releases().decide(CM, release.ref(), GoDecision.GO, null);
    deployAndVerify(release, "production");
    ReleaseRecord els = get(release);
    assertThat(els.state()).isEqualTo(ReleaseState.EARLY_LIFE_SUPPORT);
    assertThat(els.supportEndsAt()).isEqualTo(now().plus(Duration.ofDays(2)));
    assertThat(itsm.timers(release.processInstanceId())).containsEntry(ReleaseProcess.TIMER_EARLY_SUPPORT, els.supportEndsAt());

    itsm.clock().set(els.supportEndsAt().minusSeconds(1));
    assertThat(fireDue(itsm, release)).isZero();
    assertThat(get(release).state()).isEqualTo(ReleaseState.EARLY_LIFE_SUPPORT);
    itsm.clock().set(els.supportEndsAt());
    assertThat(fireDue(itsm, release)).isEqualTo(1);
    ReleaseRecord review = get(release);
    assertThat(review.state()).isEqualTo(ReleaseState.REVIEW);
    assertThat(review.notesPublishedAt()).isNull();

    // no notes published yet: it does not close, and the refusal writes nothing
    IllegalTransitionException refused = nothingWritten(itsm, () -> releases().close(RM, review.ref(), "Done"),
        IllegalTransitionException.class);
    assertThat(refused.ticketNumber()).isEqualTo(release.number());
    assertThat(refused.state()).isEqualTo("REVIEW");
    assertThat(refused.getMessage()).containsIgnoringCase("notes");
    assertThat(openTasks(engine(), release)).containsExactly(ReleaseProcess.TASK_CLOSE);

    ReleaseRecord published = releases().publishNotes(RM, review.ref(), "# Intranet 2.4\n\nA news feed.");
    assertThat(published.notesPublishedAt()).isEqualTo(now());
    assertThat(releases().releaseNotes(DORA, release.id())).isEqualTo("# Intranet 2.4\n\nA news feed.");
    assertThat(events(release, EventTypes.RELEASE_NOTES_PUBLISHED)).singleElement()
        .satisfies(e -> assertThat(e.data()).containsEntry("length", "# Intranet 2.4\n\nA news feed.".length()));
    ReleaseRecord closed = releases().close(RM, published.ref(), null);
    assertThat(closed.state()).isEqualTo(ReleaseState.CLOSED);
    assertThat(running(engine(), release)).isFalse();
    assertThatThrownBy(() -> releases().publishNotes(RM, TicketRef.of(release.id()), "late"))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> releases().close(RM, TicketRef.of(release.id()), null))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aGoInsideTheFirstWindowStartsTheDeploymentAtOnceAndNotesMayBePublishedFromTheGoNoGoOn() {
    Instant t0 = now();
    Ci kiosk = app(engine(), "kiosk-prod");
    ChangeRequest change = approvedChange(engine(), t0, "Kiosk screensaver", kiosk.id());
    // a window that starts now is not in the past
    ReleaseRecord release = releases().create(RM, release("Kiosk 2.4", change.id())
        .environment(NewEnvironment.of("production", t0, t0.plus(Duration.ofHours(6)), kiosk.id())).build());
    ReleaseRecord awaiting = awaitingApproval(releases(), release);

    // the generated notes are published for the decision, then replaced by edited ones
    ReleaseRecord generated = releases().publishNotes(RM, awaiting.ref(), null);
    assertThat(generated.notesPublishedAt()).isEqualTo(now());
    assertThat(releases().releaseNotes(CM, release.id())).contains(release.number()).contains("Kiosk screensaver");
    assertThat(itsm.notifications().forTicket(release.id()))
        .filteredOn(n -> n.type().equals(EventTypes.RELEASE_NOTES_PUBLISHED)).singleElement()
        .satisfies(n -> assertThat(n.recipients()).contains("rm", "alice"));
    itsm.clock().advance(Duration.ofMinutes(5));
    ReleaseRecord edited = releases().publishNotes(RM, generated.ref(), "Kiosk 2.4: a calmer screensaver.");
    assertThat(edited.notesPublishedAt()).isEqualTo(now());
    assertThat(releases().releaseNotes(CM, release.id())).isEqualTo("Kiosk 2.4: a calmer screensaver.");
    assertThat(events(release, EventTypes.RELEASE_NOTES_PUBLISHED)).hasSize(2);
    // published again at the same instant (a retry, a quick correction): replaced and announced again
    ReleaseRecord again = releases().publishNotes(RM, edited.ref(), "Kiosk 2.4: a calmer screensaver, and faster.");
    assertThat(again.notesPublishedAt()).isEqualTo(edited.notesPublishedAt());
    assertThat(releases().releaseNotes(CM, release.id())).isEqualTo("Kiosk 2.4: a calmer screensaver, and faster.");
    assertThat(itsm.notifications().forTicket(release.id()))
        .filteredOn(n -> n.type().equals(EventTypes.RELEASE_NOTES_PUBLISHED)).hasSize(3);
    edited = again;

    // the window opened an hour ago: the go starts the deployment in the same step
    itsm.clock().advance(Duration.ofMinutes(55));
    ReleaseRecord go = releases().decide(CM, edited.ref(), GoDecision.GO, "Inside the window");
    assertThat(go.state()).isEqualTo(ReleaseState.DEPLOYING);
    assertThat(go.environment("production").status()).isEqualTo(EnvironmentStatus.DEPLOYING);
    assertThat(go.environment("production").startedAt()).isEqualTo(now());
    assertThat(openTasks(engine(), release)).containsExactly(ReleaseProcess.TASK_DEPLOY);
    assertThat(itsm.timers(release.processInstanceId())).doesNotContainKey(ReleaseProcess.TIMER_WINDOW)
        .containsEntry(ReleaseProcess.TIMER_DEPLOY, t0.plus(Duration.ofHours(6)));
    assertThat(events(release, EventTypes.RELEASE_DEPLOYMENT_STARTED)).singleElement()
        .satisfies(e -> assertThat(e.data()).containsEntry("environment", "production"));
    assertThat(report(release, ok(ReleaseStage.DEPLOY, "production", "k-1")).environment("production").status())
        .isEqualTo(EnvironmentStatus.DEPLOYED);
    assertThat(version(engine(), kiosk.id())).isEqualTo(VERSION);
  }

  @Test
  void aChangeControlledSoftwareCiGetsAndLosesItsVersionThroughTheRelease() {
    engine().cmdb().defineType(SYSTEM, new dev.itsm.api.cmdb.CiTypeDefinition("ManagedApp", "Application", true, List.of()));
    // managed apps change only through changes: this one is installed by one, which the release then bundles
    Instant t0 = now();
    ChangeRequest install = engine().changes().submit(ALICE, dev.itsm.api.change.NewChange.normal("Install ledger-managed")
        .group("app-ops").implementer("carl").window(t0.plus(Duration.ofHours(1)), t0.plus(Duration.ofHours(2)))
        .backoutPlan("Remove it").plannedCiChange(dev.itsm.api.change.PlannedCiChange.create("m",
            dev.itsm.api.cmdb.NewCi.of("ManagedApp", "ledger-managed", java.util.Map.of("softwareVersion", OLD_VERSION))))
        .build());
    ChangeRequest scheduled = approve(engine(), install);
    itsm.clock().set(scheduled.plannedStart());
    engine().changes().startImplementation(CARL, TicketRef.of(install.id()));
    ChangeRequest implemented = engine().changes().recordTask(CARL, TicketRef.of(install.id()), 0,
        dev.itsm.api.change.ImplementationTask.Outcome.SUCCEEDED, null);
    assertThat(implemented.state()).isEqualTo(dev.itsm.api.change.ChangeState.REVIEW);
    Ci managed = engine().cmdb().query(SYSTEM, dev.itsm.api.cmdb.CiQuery.ofType("ManagedApp").named("ledger-managed"))
        .items().get(0);
    assertThatThrownBy(() -> engine().cmdb().update(SYSTEM, managed.ref(), java.util.Map.of("softwareVersion", "9.9")))
        .isInstanceOf(dev.itsm.api.ChangeControlledException.class);

    ReleaseRecord release = awaitingApproval(releases(), releases().create(RM, release("Managed 2.4", install.id())
        .environment(env("production", now(), 24, managed.id())).build()));
    releases().decide(CM, release.ref(), GoDecision.GO, null);
    openWindow(release, "production");
    report(release, ok(ReleaseStage.DEPLOY, "production", "m-1"));
    assertThat(version(engine(), managed.id())).isEqualTo(VERSION);
    ReleaseRecord rolling = report(release, failed(ReleaseStage.VERIFY, "production", "Ledger totals wrong", "m-2"));
    assertThat(rolling.state()).isEqualTo(ReleaseState.ROLLING_BACK);
    assertThat(report(release, ok(ReleaseStage.ROLLBACK, "production", "m-3")).state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(version(engine(), managed.id())).isEqualTo(OLD_VERSION);
    assertThat(versionHistory(managed.id())).extracting(CiChange::causedByType).endsWith("release", "release");
    // the release's cause authorises nothing once it is over
    assertThatThrownBy(() -> engine().causedBy(dev.itsm.api.Cause.of("release", release.number()),
        () -> engine().cmdb().update(SYSTEM, dev.itsm.api.cmdb.CiRef.of(managed.id()), java.util.Map.of("softwareVersion", "9.9"))))
        .isInstanceOf(dev.itsm.api.ChangeControlledException.class);
  }

  @Test
  void aWaitingDeploymentSurvivesARestartOfTheEngine() {
    Instant t0 = now();
    Ci booking = app(engine(), "booking-prod");
    ChangeRequest change = approvedChange(engine(), t0, "Booking calendar", booking.id());
    ReleaseRecord release = awaitingApproval(releases(), releases().create(RM, release("Booking 2.4", change.id())
        .environment(env("production", t0, 24, booking.id())).build()));
    ReleaseRecord go = releases().decide(CM, release.ref(), GoDecision.GO, null);

    itsm.restart();

    itsm.clock().set(go.environment("production").windowStart());
    assertThat(fireDue(itsm, release)).isPositive();
    assertThat(get(release).environment("production").status()).isEqualTo(EnvironmentStatus.DEPLOYING);
    assertThat(report(release, ok(ReleaseStage.DEPLOY, "production", "after-restart")).environment("production").status())
        .isEqualTo(EnvironmentStatus.DEPLOYED);
    assertThat(version(engine(), booking.id())).isEqualTo(VERSION);
  }

  @Test
  void theReleaseNotesNameTheChangesTheirServicesTheProblemsFixedAndTheKnownErrorsStillOpen() {
    Instant t0 = now();
    Ci ledger = app(engine(), "ledger-app");
    Ci ledgerApi = app(engine(), "ledger-api");
    Ci other = app(engine(), "unrelated-app");
    service(engine(), "General Ledger", ledger.id());
    // a problem whose fix is one of the release's changes
    dev.itsm.api.problem.ProblemRecord rounding = knownError(engine(), "Ledger totals off by a cent", ledger.id());
    ChangeRequest fix = approve(engine(), engine().problems().requestFix(PAM, TicketRef.of(rounding.id()),
        dev.itsm.api.change.NewChange.normal("Round half even in ledger totals").group("app-ops").implementer("carl")
            .window(t0.plus(Duration.ofHours(3)), t0.plus(Duration.ofHours(4))).backoutPlan("Redeploy 1.0.0")
            .description("Switches the rounding mode").affectedCi(ledger.id()).build()));
    // known errors: one on the release's CIs, one elsewhere
    dev.itsm.api.problem.ProblemRecord openOnApi = knownError(engine(), "Ledger API times out on month end", ledgerApi.id());
    dev.itsm.api.problem.ProblemRecord openElsewhere = knownError(engine(), "Unrelated app crashes", other.id());
    // text of users that must not become markup
    ChangeRequest tricky = approvedChange(engine(), t0, "<script>alert('x')</script> ledger export",
        "Exports the ledger\n# Injected heading", ledgerApi.id());
    ReleaseRecord release = releases().create(RM, release("Ledger 2.4", fix.id(), tricky.id())
        .environment(env("production", t0, 24, ledger.id(), ledgerApi.id())).build());

    String notes = releases().releaseNotes(CM, release.id());
    assertThat(notes.lines().filter(l -> l.startsWith("#")).findFirst()).hasValueSatisfying(heading ->
        assertThat(heading).contains(release.number()).contains("Ledger 2.4").contains(VERSION));
    assertThat(notes).contains(fix.number()).contains("Round half even in ledger totals").contains("Switches the rounding mode")
        .contains(tricky.number()).contains("ledger export").contains("Exports the ledger").contains("General Ledger")
        .contains(rounding.number())
        .contains(openOnApi.number()).doesNotContain(openElsewhere.number())
        .containsIgnoringCase("known error");
    assertThat(notes).doesNotContain("<script>");
    assertThat(notes.lines()).noneSatisfy(l -> assertThat(l.trim()).startsWith("# Injected"));
    // not before the go/no-go
    assertThatThrownBy(() -> releases().publishNotes(RM, release.ref(), null)).isInstanceOf(IllegalTransitionException.class);
    assertThat(get(release).notesPublishedAt()).isNull();
  }
}
