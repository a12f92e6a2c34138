package dev.itsm.bpmn.release;

import static dev.itsm.bpmn.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask.Outcome;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.release.GoDecision;
import dev.itsm.api.release.NewEnvironment;
import dev.itsm.api.release.NewRelease;
import dev.itsm.api.release.PipelineResult;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseService;
import dev.itsm.api.release.ReleaseStage;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.api.release.ReleaseType;
import dev.itsm.api.release.StageOutcome;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every bad plan, every result that does not fit and every step out of place or by the wrong person fails with a
 * typed error naming what was wrong, and writes nothing: no ticket, release, environment, result, link, audit entry,
 * event or CMDB change, and the process stays where it was.
 */
class ReleaseBadInputTest {

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

  private static int names;

  /** A unique CI name. */
  private static String name(String prefix) {
    return prefix + "-" + (++names);
  }

  // ------------------------------------------------------------------ how a refusal is checked

  /** Refused with exactly that exception type on the field; no table changed. */
  private static void refused(ThrowingCallable call, Class<? extends InvalidInputException> type, String field) {
    InvalidInputException error = nothingWritten(itsm, call, InvalidInputException.class);
    assertThat(error).as("error on %s: %s", field, error.getMessage()).isExactlyInstanceOf(type);
    assertThat(error.field()).as("field of: %s", error.getMessage()).isEqualTo(field);
  }

  /** Refused with an {@link InvalidInputException} or a subtype on the field; no table changed. */
  private static void refusedOn(ThrowingCallable call, String field) {
    InvalidInputException error = nothingWritten(itsm, call, InvalidInputException.class);
    assertThat(error.field()).as("field of: %s", error.getMessage()).isEqualTo(field);
  }

  /** Refused as out of place for the release in its state; no table changed. */
  private static void outOfPlace(ThrowingCallable call, ReleaseRecord release) {
    IllegalTransitionException error = nothingWritten(itsm, call, IllegalTransitionException.class);
    ReleaseRecord now = releases().get(RM, release.id());
    assertThat(error.ticketNumber()).isEqualTo(release.number());
    assertThat(error.state()).isEqualTo(now.state().name());
    assertThat(error.getMessage()).contains(release.number());
  }

  private static void denied(ThrowingCallable call) {
    nothingWritten(itsm, call, AccessDeniedException.class);
  }

  /** A production environment a day ahead on a new Application. */
  private static NewEnvironment production() {
    return env("production", now(), 24, app(engine(), name("prod-app")).id());
  }

  private static ChangeRequest change(String title) {
    return approvedChange(engine(), now(), title);
  }

  private static ReleaseRecord planned(String title) {
    return releases().create(RM, release(title, change(title).id()).environment(production()).build());
  }

  // ------------------------------------------------------------------ changes

  @Test
  void aReleaseNeedsChangesThatAreApprovedNamedOnceAndInNoOtherOpenRelease() {
    ChangeRequest approved = change("Approved work");
    ChangeRequest waiting = unapprovedChange(engine(), now(), "Not approved yet");
    ChangeRequest cancelled = unapprovedChange(engine(), now(), "Cancelled work");
    engine().changes().cancel(ALICE, TicketRef.of(cancelled.id()), "Not needed");
    NewEnvironment prod = production();

    refused(() -> releases().create(RM, release("No changes").environment(prod).build()), InvalidInputException.class,
        "changeIds");
    refused(() -> releases().create(RM, release("Waiting", waiting.id()).environment(prod).build()),
        InvalidValueException.class, "changeIds[0]");
    refused(() -> releases().create(RM, release("Waiting second", approved.id(), waiting.id()).environment(prod).build()),
        InvalidValueException.class, "changeIds[1]");
    refused(() -> releases().create(RM, release("Cancelled", cancelled.id()).environment(prod).build()),
        InvalidValueException.class, "changeIds[0]");
    refused(() -> releases().create(RM, release("Unknown", UUID.randomUUID()).environment(prod).build()),
        InvalidValueException.class, "changeIds[0]");
    refused(() -> releases().create(RM, release("Twice", approved.id(), approved.id()).environment(prod).build()),
        InvalidValueException.class, "changeIds[1]");
    NewRelease.Builder nullChange = release("Null change").environment(prod);
    nullChange.change(null);
    refusedOn(() -> releases().create(RM, nullChange.build()), "changeIds[0]");

    // a change in another open release
    ReleaseRecord first = releases().create(RM, release("First", approved.id()).environment(prod).build());
    ChangeRequest other = change("Other work");
    NewEnvironment second = production();
    refused(() -> releases().create(RM, release("Second", other.id(), approved.id()).environment(second).build()),
        InvalidValueException.class, "changeIds[1]");
    assertThat(first.state()).isEqualTo(ReleaseState.PLANNING);
  }

  @Test
  void changesBeingImplementedOrReviewedOrClosedSuccessfullyMayBeBundledButNotOnesBackedOut() {
    ChangeRequest implementing = change("Being implemented");
    ChangeRequest review = change("In review");
    ChangeRequest closed = change("Closed fine");
    ChangeRequest backedOut = change("Backed out");
    itsm.clock().set(implementing.plannedStart());
    engine().changes().startImplementation(CARL, TicketRef.of(implementing.id()));
    for (ChangeRequest c : List.of(review, closed)) {
      ChangeRequest started = engine().changes().startImplementation(CARL, TicketRef.of(c.id()));
      for (var task : started.tasks()) {
        engine().changes().recordTask(CARL, TicketRef.of(c.id()), task.index(), Outcome.SUCCEEDED, null);
      }
    }
    assertThat(engine().changes().close(CM, TicketRef.of(closed.id()), CloseCode.SUCCESSFUL, null).state())
        .isEqualTo(ChangeState.CLOSED);
    engine().changes().startImplementation(CARL, TicketRef.of(backedOut.id()));
    engine().changes().recordTask(CARL, TicketRef.of(backedOut.id()), 0, Outcome.FAILED, "Deployment broke the login");
    engine().changes().completeBackout(CARL, TicketRef.of(backedOut.id()), "Previous build restored");
    assertThat(engine().changes().close(CM, TicketRef.of(backedOut.id()), CloseCode.BACKED_OUT, "Retry next week").state())
        .isEqualTo(ChangeState.CLOSED);
    assertThat(engine().changes().get(CM, review.id()).state()).isEqualTo(ChangeState.REVIEW);

    NewEnvironment prod = production();
    refused(() -> releases().create(RM, release("Backed out", backedOut.id()).environment(prod).build()),
        InvalidValueException.class, "changeIds[0]");
    ReleaseRecord bundled = releases().create(RM, release("Bundled", implementing.id(), review.id(), closed.id())
        .environment(production()).build());
    assertThat(bundled.changeIds()).containsExactly(implementing.id(), review.id(), closed.id());
  }

  // ------------------------------------------------------------------ the release itself

  @Test
  void theTitleTypeAndVersionAreChecked() {
    UUID c = change("Values").id();
    NewEnvironment prod = production();
    refusedOn(() -> releases().create(RM, NewRelease.builder(" ", ReleaseType.MINOR, "2.4.0").change(c)
        .environment(prod).build()), "title");
    refused(() -> releases().create(RM, NewRelease.builder("x".repeat(201), ReleaseType.MINOR, "2.4.0").change(c)
        .environment(prod).build()), InvalidValueException.class, "title");
    refusedOn(() -> releases().create(RM, NewRelease.builder("No type", null, "2.4.0").change(c)
        .environment(prod).build()), "type");
    refusedOn(() -> releases().create(RM, NewRelease.builder("No version", ReleaseType.MINOR, null).change(c)
        .environment(prod).build()), "releaseVersion");
    refused(() -> releases().create(RM, NewRelease.builder("Spaced version", ReleaseType.MINOR, "2.4 beta").change(c)
        .environment(prod).build()), InvalidValueException.class, "releaseVersion");
    refused(() -> releases().create(RM, NewRelease.builder("Long version", ReleaseType.MINOR, "1".repeat(65)).change(c)
        .environment(prod).build()), InvalidValueException.class, "releaseVersion");
    refused(() -> releases().create(RM, NewRelease.builder("Long text", ReleaseType.MINOR, "2.4.0").change(c)
        .description("d".repeat(4001)).environment(prod).build()), InvalidValueException.class, "description");
  }

  // ------------------------------------------------------------------ environments

  @Test
  void environmentsNeedUniqueNamesAndWindowsAheadAndInOrder() {
    UUID c = change("Environments").id();
    Instant now = now();
    UUID a = app(engine(), name("env-app")).id();
    UUID b = app(engine(), name("env-app")).id();
    UUID d = app(engine(), name("env-app")).id();

    refusedOn(() -> releases().create(RM, release("None", c).build()), "environments");
    refused(() -> releases().create(RM, release("Repeat", c).environment(env("test", now, 24, a))
        .environment(env("staging", now, 48, b)).environment(env("test", now, 72, d)).build()),
        InvalidValueException.class, "environments[2].name");
    refused(() -> releases().create(RM, release("Bad name", c).environment(env("prod env", now, 24, a)).build()),
        InvalidValueException.class, "environments[0].name");
    refusedOn(() -> releases().create(RM, release("No name", c).environment(env(null, now, 24, a)).build()),
        "environments[0].name");
    Instant start = now.plus(Duration.ofDays(1));
    refused(() -> releases().create(RM, release("Empty window", c)
        .environment(NewEnvironment.of("test", start, start, a)).build()), InvalidValueException.class,
        "environments[0].windowEnd");
    refused(() -> releases().create(RM, release("Backwards window", c).environment(env("test", now, 24, a))
        .environment(NewEnvironment.of("production", start.plus(Duration.ofDays(1)), start, b)).build()),
        InvalidValueException.class, "environments[1].windowEnd");
    refused(() -> releases().create(RM, release("Past window", c)
        .environment(NewEnvironment.of("test", now.minusSeconds(60), now.plus(Duration.ofHours(1)), a)).build()),
        InvalidValueException.class, "environments[0].windowStart");
    refusedOn(() -> releases().create(RM, release("No start", c)
        .environment(NewEnvironment.of("test", null, start, a)).build()), "environments[0].windowStart");
    // production before staging
    refused(() -> releases().create(RM, release("Out of order", c).environment(env("test", now, 24, a))
        .environment(env("staging", now, 72, b)).environment(env("production", now, 48, d)).build()),
        InvalidValueException.class, "environments[2].windowStart");

    NewRelease.Builder many = release("Too many", c);
    for (int i = 0; i < 21; i++) {
      many.environment(env("env" + i, now, 24 + i, app(engine(), name("many")).id()));
    }
    refused(() -> releases().create(RM, many.build()), InvalidValueException.class, "environments");

    // windows starting together are in order
    ReleaseRecord together = releases().create(RM, release("Together", c).environment(env("east", now, 24, a))
        .environment(env("west", now, 24, b)).build());
    assertThat(together.environments()).hasSize(2);
  }

  @Test
  void environmentsNeedLiveSoftwareCisThatCarryAVersion() {
    UUID c = change("Software CIs").id();
    Instant now = now();
    UUID app = app(engine(), name("sw-app")).id();
    UUID other = app(engine(), name("sw-app")).id();
    UUID server = engine().cmdb().create(SYSTEM, NewCi.of("Server", name("sw-host"), Map.of())).id();
    Ci retired = app(engine(), name("sw-retired"));
    engine().cmdb().retire(SYSTEM, retired.ref());
    UUID unknown = UUID.randomUUID();

    refused(() -> releases().create(RM, release("Server", c).environment(env("test", now, 24, server)).build()),
        InvalidValueException.class, "environments[0].cis[0]");
    refused(() -> releases().create(RM, release("Server second", c).environment(env("test", now, 24, app))
        .environment(env("production", now, 48, other, server)).build()), InvalidValueException.class,
        "environments[1].cis[1]");
    refused(() -> releases().create(RM, release("Retired", c).environment(env("test", now, 24, retired.id())).build()),
        InvalidValueException.class, "environments[0].cis[0]");
    refused(() -> releases().create(RM, release("Unknown", c).environment(env("test", now, 24, app, unknown)).build()),
        InvalidValueException.class, "environments[0].cis[1]");
    Ci foreign = engine().cmdb().create(SYSTEM.inTenant("acme"), NewCi.of("Application", name("acme-app"),
        Map.of("softwareVersion", "1.0")));
    refused(() -> releases().create(RM, release("Foreign", c).environment(env("test", now, 24, foreign.id())).build()),
        InvalidValueException.class, "environments[0].cis[0]");
    // the subtypes of Application carry the version
    ReleaseRecord fine = releases().create(RM, release("Subtypes", c).environment(env("test", now, 24,
        software(engine(), "Portal", name("portal")).id(), software(engine(), "Platform", name("platform")).id(),
        software(engine(), "BusinessApplication", name("bizapp")).id())).build());
    assertThat(fine.environment("test").cis()).hasSize(3);
  }

  // ------------------------------------------------------------------ results

  @Test
  void resultsForAStageOrEnvironmentTheReleaseDoesNotWaitForAreRefused() {
    assertThat(ReleaseStage.parse(" Deploy ")).isEqualTo(ReleaseStage.DEPLOY);
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> ReleaseStage.parse("lint"),
        InvalidValueException.class)).satisfies(e -> {
          assertThat(e.field()).isEqualTo("stage");
          assertThat(e.getMessage()).contains("lint");
        });
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> ReleaseStage.parse(null),
        InvalidValueException.class).field()).isEqualTo("stage");

    Instant t0 = now();
    UUID testApp = app(engine(), name("res-test")).id();
    UUID prodApp = app(engine(), name("res-prod")).id();
    ReleaseRecord release = releases().create(RM, release("Results", change("Results").id())
        .environment(env("test", t0, 24, testApp)).environment(env("production", t0, 48, prodApp)).build());
    UUID id = release.id();

    // planning: nothing is built yet
    outOfPlace(() -> releases().report(PIPELINE, id, ok(ReleaseStage.BUILD, null, "b-0")), release);
    releases().startBuild(RM, release.ref());

    // building
    refused(() -> releases().report(PIPELINE, id, ok(ReleaseStage.BUILD, "test", "b-1")), InvalidValueException.class,
        "environment");
    refused(() -> releases().report(PIPELINE, id, failed(ReleaseStage.BUILD, null, null, "b-1")),
        InvalidInputException.class, "details");
    refused(() -> releases().report(PIPELINE, id, failed(ReleaseStage.BUILD, null, "  ", "b-1")),
        InvalidInputException.class, "details");
    refused(() -> releases().report(PIPELINE, id, failed(ReleaseStage.BUILD, null, "x".repeat(4001), "b-1")),
        InvalidValueException.class, "details");
    refused(() -> releases().report(PIPELINE, id, ok(ReleaseStage.BUILD, null, "r".repeat(501))),
        InvalidValueException.class, "externalRef");
    refusedOn(() -> releases().report(PIPELINE, id, new PipelineResult(null, null, StageOutcome.SUCCEEDED, null, "b-1")),
        "stage");
    refusedOn(() -> releases().report(PIPELINE, id, new PipelineResult(ReleaseStage.BUILD, null, null, null, "b-1")),
        "outcome");
    outOfPlace(() -> releases().report(PIPELINE, id, ok(ReleaseStage.TEST, null, "t-1")), release);
    nothingWritten(itsm, () -> releases().report(PIPELINE, UUID.randomUUID(), ok(ReleaseStage.BUILD, null, "b-1")),
        NotFoundException.class);
    releases().report(PIPELINE, id, ok(ReleaseStage.BUILD, null, "b-1"));

    // testing
    outOfPlace(() -> releases().report(PIPELINE, id, ok(ReleaseStage.DEPLOY, "test", "d-1")), release);
    outOfPlace(() -> releases().report(PIPELINE, id, ok(ReleaseStage.BUILD, null, "b-2")), release);
    refused(() -> releases().report(PIPELINE, id, ok(ReleaseStage.TEST, "production", "t-1")),
        InvalidValueException.class, "environment");
    releases().report(PIPELINE, id, ok(ReleaseStage.TEST, null, "t-1"));

    // deploying, the test window not open yet
    ReleaseRecord go = releases().decide(CM, TicketRef.of(id), GoDecision.GO, null);
    assertThat(go.state()).isEqualTo(ReleaseState.DEPLOYING);
    outOfPlace(() -> releases().report(PIPELINE, id, ok(ReleaseStage.DEPLOY, "test", "d-1")), release);

    // the test window open
    itsm.clock().set(go.environment("test").windowStart());
    fireDue(itsm, go);
    refused(() -> releases().report(PIPELINE, id, ok(ReleaseStage.DEPLOY, null, "d-1")), InvalidInputException.class,
        "environment");
    refused(() -> releases().report(PIPELINE, id, ok(ReleaseStage.VERIFY, null, "v-1")), InvalidInputException.class,
        "environment");
    refused(() -> releases().report(PIPELINE, id, ok(ReleaseStage.ROLLBACK, null, "r-1")), InvalidInputException.class,
        "environment");
    refused(() -> releases().report(PIPELINE, id, ok(ReleaseStage.DEPLOY, "qa", "d-1")), InvalidValueException.class,
        "environment");
    outOfPlace(() -> releases().report(PIPELINE, id, ok(ReleaseStage.DEPLOY, "production", "d-1")), release);
    outOfPlace(() -> releases().report(PIPELINE, id, ok(ReleaseStage.VERIFY, "test", "v-1")), release);
    outOfPlace(() -> releases().report(PIPELINE, id, ok(ReleaseStage.ROLLBACK, "test", "r-1")), release);
    outOfPlace(() -> releases().report(PIPELINE, id, ok(ReleaseStage.TEST, null, "t-2")), release);
    assertThat(version(engine(), testApp)).isEqualTo(OLD_VERSION);

    // the deployment itself is fine, and a repeat of it writes nothing
    releases().report(PIPELINE, id, ok(ReleaseStage.DEPLOY, "test", "d-1"));
    assertThat(version(engine(), testApp)).isEqualTo(VERSION);
    Map<String, Object> before = snapshot(itsm);
    ReleaseRecord deployed = releases().get(RM, id);
    assertThat(releases().report(PIPELINE, id, ok(ReleaseStage.DEPLOY, "test", "d-1")).version())
        .isEqualTo(deployed.version());
    assertThat(snapshot(itsm)).isEqualTo(before);
  }

  // ------------------------------------------------------------------ steps out of place

  @Test
  void stepsOutOfPlaceAreRefusedNamingWhereTheReleaseIs() {
    ReleaseRecord release = planned("Out of place");
    TicketRef ref = TicketRef.of(release.id());
    outOfPlace(() -> releases().decide(CM, ref, GoDecision.GO, null), release);
    outOfPlace(() -> releases().close(RM, ref, "done"), release);
    outOfPlace(() -> releases().publishNotes(RM, ref, null), release);
    nothingWritten(itsm, () -> releases().startBuild(RM, TicketRef.of(release.id(), release.version() + 5)),
        ConcurrentUpdateException.class);
    releases().startBuild(RM, ref);
    outOfPlace(() -> releases().startBuild(RM, ref), release);
    outOfPlace(() -> releases().decide(CM, ref, GoDecision.GO, null), release);

    ReleaseRecord awaiting = awaitingApproval(releases(), releases().get(RM, release.id()));
    refused(() -> releases().decide(CM, ref, GoDecision.NO_GO, null), InvalidInputException.class, "comment");
    refused(() -> releases().decide(CM, ref, GoDecision.NO_GO, " "), InvalidInputException.class, "comment");
    refused(() -> releases().decide(CM, ref, GoDecision.GO, "c".repeat(2001)), InvalidValueException.class, "comment");
    refusedOn(() -> releases().decide(CM, ref, null, "Decide"), "decision");
    nothingWritten(itsm, () -> releases().decide(CM, TicketRef.of(release.id(), awaiting.version() - 1), GoDecision.GO, null),
        ConcurrentUpdateException.class);
    outOfPlace(() -> releases().close(RM, ref, "done"), awaiting);
    assertThat(releases().get(RM, release.id()).state()).isEqualTo(ReleaseState.AWAITING_APPROVAL);

    ReleaseRecord deploying = releases().decide(CM, awaiting.ref(), GoDecision.GO, null);
    outOfPlace(() -> releases().cancel(RM, ref, "Too late"), deploying);
    outOfPlace(() -> releases().decide(CM, ref, GoDecision.NO_GO, "Changed my mind"), deploying);
  }

  // ------------------------------------------------------------------ access

  @Test
  void onlyReleaseManagersPlanAndOnlyApproversDecide() {
    UUID c = change("Access").id();
    NewRelease plan = release("Access", c).environment(production()).build();
    denied(() -> releases().create(BOB, plan));
    denied(() -> releases().create(DORA, plan));
    denied(() -> releases().create(ALICE, plan));
    denied(() -> releases().create(PIPELINE, plan));
    denied(() -> releases().create(CM, plan));

    ReleaseRecord release = releases().create(RM, plan);
    TicketRef ref = TicketRef.of(release.id());
    // agents read; callers do not; another tenant does not see it
    assertThat(releases().get(DORA, release.id()).number()).isEqualTo(release.number());
    assertThat(releases().results(DORA, release.id())).isEmpty();
    denied(() -> releases().get(BOB, release.id()));
    nothingWritten(itsm, () -> releases().get(Actor.builder("eve").roles(dev.itsm.api.Roles.RELEASE_MANAGER).tenant("acme")
        .build(), release.id()), NotFoundException.class);

    denied(() -> releases().startBuild(PIPELINE, ref));
    denied(() -> releases().startBuild(DORA, ref));
    denied(() -> releases().startBuild(CM, ref));
    denied(() -> releases().cancel(DORA, ref, "no"));
    denied(() -> releases().cancel(PIPELINE, ref, "no"));
    releases().startBuild(RM, ref);
    denied(() -> releases().report(DORA, release.id(), ok(ReleaseStage.BUILD, null, "b-1")));
    denied(() -> releases().report(CM, release.id(), ok(ReleaseStage.BUILD, null, "b-1")));
    denied(() -> releases().report(BOB, release.id(), ok(ReleaseStage.BUILD, null, "b-1")));
    // the pipeline and the release manager report
    releases().report(PIPELINE, release.id(), ok(ReleaseStage.BUILD, null, "b-1"));
    releases().report(RM, release.id(), ok(ReleaseStage.TEST, null, "t-1"));

    denied(() -> releases().decide(RM, ref, GoDecision.GO, null));
    denied(() -> releases().decide(REX, ref, GoDecision.GO, null));
    denied(() -> releases().decide(PIPELINE, ref, GoDecision.GO, null));
    denied(() -> releases().decide(DORA, ref, GoDecision.GO, null));
    denied(() -> releases().publishNotes(PIPELINE, ref, null));
    denied(() -> releases().publishNotes(CM, ref, null));
    assertThat(releases().decide(CM, ref, GoDecision.GO, null).state()).isEqualTo(ReleaseState.DEPLOYING);
  }

  @Test
  void theManagerAndWhoeverRecordedAReleaseMayNotDecideOnIt() {
    // rita manages what she records: neither go nor no-go is hers
    ReleaseRecord own = awaitingApproval(releases(), releases().create(RITA,
        release("Rita's own", change("Rita's own").id()).environment(production()).build()));
    assertThat(own.managerId()).isEqualTo("rita");
    assertThat(own.requesterId()).isEqualTo("rita");
    denied(() -> releases().decide(RITA, own.ref(), GoDecision.GO, null));
    denied(() -> releases().decide(RITA, own.ref(), GoDecision.NO_GO, "Not mine to stop"));

    // managed by rita, recorded by rm
    ReleaseRecord managed = awaitingApproval(releases(), releases().create(RM,
        release("Managed by rita", change("Managed by rita").id()).manager("rita").environment(production()).build()));
    assertThat(managed.managerId()).isEqualTo("rita");
    assertThat(managed.requesterId()).isEqualTo("rm");
    denied(() -> releases().decide(RITA, managed.ref(), GoDecision.GO, null));

    // recorded by rita for rm
    ReleaseRecord recorded = awaitingApproval(releases(), releases().create(RITA,
        release("Recorded by rita", change("Recorded by rita").id()).manager("rm").environment(production()).build()));
    assertThat(recorded.managerId()).isEqualTo("rm");
    assertThat(recorded.requesterId()).isEqualTo("rita");
    denied(() -> releases().decide(RITA, recorded.ref(), GoDecision.GO, null));

    // rita may decide on releases that are neither; cm on all three
    assertThat(releases().decide(CM, own.ref(), GoDecision.GO, null).decidedBy()).isEqualTo("cm");
    ReleaseRecord others = awaitingApproval(releases(), releases().create(RM,
        release("Someone else's", change("Someone else's").id()).environment(production()).build()));
    assertThat(releases().decide(RITA, others.ref(), GoDecision.NO_GO, "Wait for the audit").state())
        .isEqualTo(ReleaseState.REJECTED);
  }
}
