package dev.itsm.bpmn.release;

import static dev.itsm.bpmn.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.ChangeConflictException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.ChangeWindow;
import dev.itsm.api.change.Conflict;
import dev.itsm.api.change.ConflictKind;
import dev.itsm.api.change.ConflictPolicy;
import dev.itsm.api.change.WindowDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.release.GoDecision;
import dev.itsm.api.release.NewEnvironment;
import dev.itsm.api.release.ReleaseCalendar;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseService;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.testkit.ItsmExtension;
import dev.itsm.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Releases on the change calendar: freeze windows (global, or of a service) that overlap an environment's deployment
 * window are conflicts with the policy the change settings give freezes (by default they block: the release is
 * neither planned nor approved), and the release calendar lists the deployment windows with their conflicts and the
 * freezes.
 */
class ReleaseCalendarTest {

  @RegisterExtension
  static ItsmExtension itsm = ReleaseFixtures.extension();

  private static ItsmEngine engine() {
    return itsm.engine();
  }

  private static ReleaseService releases() {
    return itsm.engine().releases();
  }

  private static ChangeService changes() {
    return itsm.engine().changes();
  }

  /** Each test plans a month after the previous test's, so plans and freezes of different tests never overlap. */
  private static int tests;
  private Instant day;

  @BeforeEach
  void monthOfItsOwn() {
    day = TestClock.DEFAULT_START.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2 + 30L * tests++));
    if (itsm.clock().instant().isAfter(day.minus(Duration.ofDays(1)))) {
      throw new IllegalStateException("the clock ran past the test's month " + day);
    }
  }

  /** Freezes are defined per test: remove them so they do not reach into the next. */
  @AfterEach
  void removeWindows() {
    changes().calendar(CM, day.minus(Duration.ofDays(2)), day.plus(Duration.ofDays(28))).windows()
        .forEach(w -> changes().removeWindow(CM, w.id()));
  }

  private Instant at(int hour) {
    return day.plus(Duration.ofHours(hour));
  }

  @Test
  void aBlockingFreezeOverlappingADeploymentWindowRefusesThePlanAndWritesNothing() {
    Ci shopTest = app(engine(), "cal-shop-test");
    Ci shopProd = app(engine(), "cal-shop-prod");
    Ci other = app(engine(), "cal-other-prod");
    Ci shop = service(engine(), "Calendar shop", shopProd.id());
    var change = approvedChange(engine(), itsm.clock().instant(), "Calendar shop work", shopProd.id());
    ChangeWindow peak = changes().defineWindow(CM, WindowDefinition.freeze("Shop peak season", shop.id(), at(30), at(40)));

    // production overlaps the shop's freeze
    ChangeConflictException blocked = nothingWritten(itsm, () -> releases().create(RM, release("Blocked", change.id())
        .environment(NewEnvironment.of("test", at(2), at(6), shopTest.id()))
        .environment(NewEnvironment.of("production", at(38), at(42), shopProd.id())).build()), ChangeConflictException.class);
    assertThat(blocked.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ConflictKind.FREEZE);
      assertThat(c.policy()).isEqualTo(ConflictPolicy.BLOCK);
      assertThat(c.windowId()).isEqualTo(peak.id());
    });
    assertThat(blocked.getMessage()).contains("Shop peak season");

    // back to back with the freeze is no overlap; outside the service the freeze does not apply
    ReleaseRecord after = releases().create(RM, release("After the peak", change.id())
        .environment(NewEnvironment.of("test", at(2), at(6), shopTest.id()))
        .environment(NewEnvironment.of("production", at(40), at(44), shopProd.id())).build());
    assertThat(releases().conflicts(CM, after.id())).isEmpty();
    var otherChange = approvedChange(engine(), itsm.clock().instant(), "Calendar other work", other.id());
    ReleaseRecord elsewhere = releases().create(RM, release("Elsewhere", otherChange.id())
        .environment(NewEnvironment.of("production", at(32), at(36), other.id())).build());
    assertThat(releases().conflicts(CM, elsewhere.id())).isEmpty();

    // a global freeze applies to everything
    ChangeWindow audit = changes().defineWindow(CM, WindowDefinition.globalFreeze("Year-end audit", at(3), at(4)));
    var third = approvedChange(engine(), itsm.clock().instant(), "Calendar third work", shopTest.id());
    ChangeConflictException global = nothingWritten(itsm, () -> releases().create(RM, release("Audit", third.id())
        .environment(NewEnvironment.of("test", at(1), at(5), shopTest.id())).build()), ChangeConflictException.class);
    assertThat(global.conflicts()).extracting(Conflict::windowId).containsExactly(audit.id());
  }

  @Test
  void aFreezeDefinedAfterPlanningIsListedAndBlocksTheGoUntilItIsLifted() {
    Ci crmTest = app(engine(), "cal-crm-test");
    Ci crmProd = app(engine(), "cal-crm-prod");
    var change = approvedChange(engine(), itsm.clock().instant(), "Calendar CRM work", crmProd.id());
    ReleaseRecord release = releases().create(RM, release("CRM on the calendar", change.id())
        .environment(NewEnvironment.of("test", at(2), at(6), crmTest.id()))
        .environment(NewEnvironment.of("production", at(26), at(30), crmProd.id())).build());
    assertThat(releases().conflicts(CM, release.id())).isEmpty();

    ChangeWindow freeze = changes().defineWindow(CM, WindowDefinition.globalFreeze("Quarter close", at(24), at(28)));
    assertThat(releases().conflicts(CM, release.id())).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ConflictKind.FREEZE);
      assertThat(c.policy()).isEqualTo(ConflictPolicy.BLOCK);
      assertThat(c.windowId()).isEqualTo(freeze.id());
      assertThat(c.reason()).contains("Quarter close");
    });

    // the calendar: both windows of the release, the conflict on production, and the freeze
    ReleaseCalendar calendar = releases().calendar(DORA, day, day.plus(Duration.ofDays(2)));
    assertThat(calendar.deployments()).filteredOn(d -> d.releaseId().equals(release.id()))
        .extracting(ReleaseCalendar.Deployment::environment).containsExactly("test", "production");
    assertThat(calendar.deployments()).filteredOn(d -> d.releaseId().equals(release.id())).allSatisfy(d -> {
      assertThat(d.releaseNumber()).isEqualTo(release.number());
      assertThat(d.releaseVersion()).isEqualTo(VERSION);
      assertThat(d.state()).isEqualTo(ReleaseState.PLANNING);
    });
    ReleaseCalendar.Deployment test = calendar.deployments().stream()
        .filter(d -> d.releaseId().equals(release.id()) && d.environment().equals("test")).findFirst().orElseThrow();
    ReleaseCalendar.Deployment production = calendar.deployments().stream()
        .filter(d -> d.releaseId().equals(release.id()) && d.environment().equals("production")).findFirst().orElseThrow();
    assertThat(test.conflicts()).isEmpty();
    assertThat(test.windowStart()).isEqualTo(at(2));
    assertThat(production.windowEnd()).isEqualTo(at(30));
    assertThat(production.conflicts()).extracting(Conflict::windowId).containsExactly(freeze.id());
    assertThat(calendar.freezes()).extracting(ChangeWindow::id).containsExactly(freeze.id());
    // a period that holds only the test window
    assertThat(releases().calendar(DORA, at(0), at(12)).deployments()).extracting(ReleaseCalendar.Deployment::environment)
        .containsExactly("test");

    // the go is blocked and writes nothing
    ReleaseRecord awaiting = awaitingApproval(releases(), release);
    ChangeConflictException blocked = nothingWritten(itsm,
        () -> releases().decide(CM, awaiting.ref(), GoDecision.GO, null), ChangeConflictException.class);
    assertThat(blocked.getMessage()).contains("Quarter close");
    assertThat(releases().get(CM, release.id()).state()).isEqualTo(ReleaseState.AWAITING_APPROVAL);
    assertThat(releases().get(CM, release.id()).goDecision()).isNull();
    // a no-go is not blocked by a freeze, but this one waits: the freeze is lifted and the go goes through
    changes().removeWindow(CM, freeze.id());
    assertThat(releases().conflicts(CM, release.id())).isEmpty();
    assertThat(releases().decide(CM, TicketRef.of(release.id()), GoDecision.GO, null).state())
        .isEqualTo(ReleaseState.DEPLOYING);
  }

  @Test
  void theCalendarListsTheWindowsOfLiveReleasesByStart() {
    Ci a = app(engine(), "cal-a");
    Ci b = app(engine(), "cal-b");
    var first = approvedChange(engine(), itsm.clock().instant(), "Calendar A", a.id());
    var second = approvedChange(engine(), itsm.clock().instant(), "Calendar B", b.id());
    var third = approvedChange(engine(), itsm.clock().instant(), "Calendar C", b.id());
    ReleaseRecord late = releases().create(RM, release("Late", first.id())
        .environment(NewEnvironment.of("production", at(20), at(22), a.id())).build());
    ReleaseRecord early = releases().create(RM, release("Early", second.id())
        .environment(NewEnvironment.of("production", at(4), at(6), b.id())).build());
    ReleaseRecord gone = releases().create(RM, release("Gone", third.id())
        .environment(NewEnvironment.of("production", at(10), at(12), b.id())).build());
    releases().cancel(RM, gone.ref(), "Not needed");

    ReleaseCalendar calendar = releases().calendar(RM, day, day.plus(Duration.ofDays(1)));
    assertThat(calendar.from()).isEqualTo(day);
    assertThat(calendar.deployments()).extracting(ReleaseCalendar.Deployment::releaseId)
        .containsExactly(early.id(), late.id());
    assertThat(calendar.freezes()).isEmpty();
    nothingWritten(itsm, () -> releases().calendar(RM, day, day.plus(Duration.ofDays(367))), InvalidValueException.class);
    nothingWritten(itsm, () -> releases().calendar(RM, day, day), InvalidValueException.class);
    nothingWritten(itsm, () -> releases().calendar(BOB, day, day.plus(Duration.ofDays(1))),
        dev.itsm.api.AccessDeniedException.class);
  }
}
