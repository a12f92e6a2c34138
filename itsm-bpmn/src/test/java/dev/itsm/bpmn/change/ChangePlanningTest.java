package dev.itsm.bpmn.change;

import static dev.itsm.bpmn.change.ChangeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.ChangeConflictException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeCalendar;
import dev.itsm.api.change.ChangeQuery;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeWindow;
import dev.itsm.api.change.Conflict;
import dev.itsm.api.change.ConflictKind;
import dev.itsm.api.change.ConflictPolicy;
import dev.itsm.api.change.WindowDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.process.ChangeProcess;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change calendar: conflicts with other changes, related CIs, maintenance and freeze windows and the
 * implementer's other work, checked at submission, approval, rescheduling and start; freeze alerts.
 */
class ChangePlanningTest {
  private static final Actor SYSTEM = Actor.system();

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).changes(SETTINGS));

  private static ChangeService changes() {
    return itsm.engine().changes();
  }

  private static TicketRef ref(ChangeRequest change) {
    return TicketRef.of(change.id());
  }

  private static Ci server(String name) {
    return itsm.engine().cmdb().create(SYSTEM, NewCi.of("Server", name, Map.of()));
  }

  /** Windows are defined per test: remove them so they do not reach into the next. */
  @AfterEach
  void removeWindows() {
    changes().calendar(CORA, day.minus(Duration.ofDays(1)), day.plus(Duration.ofDays(29))).windows()
        .forEach(w -> changes().removeWindow(CORA, w.id()));
  }

  /** Each test plans on a day of its own, a month after the previous test's, so plans of different tests never overlap. */
  private static int tests;
  private Instant day;

  @org.junit.jupiter.api.BeforeEach
  void dayOfItsOwn() {
    day = dev.itsm.testkit.TestClock.DEFAULT_START.truncatedTo(java.time.temporal.ChronoUnit.DAYS)
        .plus(Duration.ofDays(1 + 30L * tests++));
    if (itsm.clock().instant().isAfter(day)) {
      throw new IllegalStateException("the clock ran past the test's day " + day);
    }
  }

  private Instant tomorrow(int hour) {
    return day.plus(Duration.ofHours(hour));
  }

  @Test
  void overlappingChangesOnTheSameOrARelatedCiAndABusyImplementerAreListedAsWarnings() {
    Ci db = server("db-10");
    Ci app = itsm.engine().cmdb().create(SYSTEM, NewCi.of("Database", "orders-10", Map.of()));
    itsm.engine().cmdb().relate(SYSTEM, "runs-on", app.id(), db.id());
    Ci lonely = server("lonely-10");
    ChangeRequest first = changes().submit(ALICE, normal(itsm.clock().instant(), "Patch db-10")
        .window(tomorrow(2), tomorrow(4)).affectedCi(db.id()).build());

    ChangeRequest same = changes().submit(ALICE, normal(itsm.clock().instant(), "Resize db-10").implementer("paul")
        .window(tomorrow(3), tomorrow(5)).affectedCi(db.id()).build());
    ChangeRequest related = changes().submit(ALICE, normal(itsm.clock().instant(), "Vacuum orders-10").implementer("paul")
        .window(tomorrow(1), tomorrow(4)).affectedCi(app.id()).build());
    ChangeRequest busy = changes().submit(ALICE, normal(itsm.clock().instant(), "Patch lonely-10")
        .window(tomorrow(3), tomorrow(6)).affectedCi(lonely.id()).build());
    ChangeRequest later = changes().submit(ALICE, normal(itsm.clock().instant(), "Patch db-10 again").implementer("paul")
        .window(tomorrow(4), tomorrow(6)).affectedCi(db.id()).build());

    assertThat(changes().conflicts(CORA, same.id())).extracting(Conflict::kind, Conflict::otherChangeNumber, Conflict::policy)
        .contains(org.assertj.core.groups.Tuple.tuple(ConflictKind.SAME_CI, first.number(), ConflictPolicy.WARN));
    assertThat(changes().conflicts(CORA, related.id())).filteredOn(c -> c.kind() == ConflictKind.RELATED_CI)
        .extracting(Conflict::otherChangeNumber).containsExactlyInAnyOrder(first.number(), same.number());
    assertThat(changes().conflicts(CORA, busy.id())).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ConflictKind.IMPLEMENTER_BUSY);
      assertThat(c.otherChangeNumber()).isEqualTo(first.number());
      assertThat(c.reason()).contains("carl");
    });
    // later touches db-10 after first ended, but overlaps same (paul's): same CI and same implementer
    assertThat(changes().conflicts(CORA, later.id())).extracting(Conflict::kind)
        .containsExactlyInAnyOrder(ConflictKind.SAME_CI, ConflictKind.IMPLEMENTER_BUSY);
    assertThat(itsm.engine().audit().trail(CORA, same.id())).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo("conflicts");
      assertThat(e.newValue()).contains("SAME_CI").contains(first.number());
    });
    // a change that ended no longer counts
    changes().cancel(ALICE, ref(first), "not needed");
    assertThat(changes().conflicts(CORA, same.id())).extracting(Conflict::otherChangeNumber).doesNotContain(first.number());
    assertThat(changes().conflicts(CORA, first.id())).isEmpty();
  }

  @Test
  void aCiWithMaintenanceWindowsMayChangeOnlyInsideOneOfThemOrOneOfItsServices() {
    Ci host = server("host-20");
    Ci app = itsm.engine().cmdb().create(SYSTEM, NewCi.of("Application", "shop-20", Map.of()));
    Ci service = itsm.engine().cmdb().create(SYSTEM, NewCi.of("BusinessService", "Shop", Map.of()));
    itsm.engine().cmdb().relate(SYSTEM, "depends-on", service.id(), app.id());
    changes().defineWindow(CORA, WindowDefinition.maintenance("host-20 nights", host.id(), tomorrow(1), tomorrow(5)));
    changes().defineWindow(CORA, WindowDefinition.maintenance("Shop Sunday", service.id(), tomorrow(20), tomorrow(23)));
    assertThatThrownBy(() -> changes().defineWindow(PAUL, WindowDefinition.maintenance("x", host.id(), tomorrow(1), tomorrow(2))))
        .isInstanceOf(AccessDeniedException.class);

    ChangeRequest inside = changes().submit(ALICE, normal(itsm.clock().instant(), "Reboot host-20")
        .window(tomorrow(2), tomorrow(3)).affectedCi(host.id()).build());
    ChangeRequest outside = changes().submit(ALICE, normal(itsm.clock().instant(), "Reboot host-20 by day").implementer("paul")
        .window(tomorrow(10), tomorrow(11)).affectedCi(host.id()).build());
    ChangeRequest viaService = changes().submit(ALICE, normal(itsm.clock().instant(), "Deploy shop-20").implementer("alice")
        .window(tomorrow(12), tomorrow(13)).affectedCi(app.id()).build());

    assertThat(changes().conflicts(CORA, inside.id())).isEmpty();
    // back-to-back windows hold a change that spans them; windows with a gap between do not
    Ci rack = server("rack-host-20");
    changes().defineWindow(CORA, WindowDefinition.maintenance("early", rack.id(), tomorrow(1), tomorrow(3)));
    changes().defineWindow(CORA, WindowDefinition.maintenance("late", rack.id(), tomorrow(3), tomorrow(5)));
    changes().defineWindow(CORA, WindowDefinition.maintenance("evening", rack.id(), tomorrow(6), tomorrow(8)));
    ChangeRequest spanning = changes().submit(ALICE, normal(itsm.clock().instant(), "Move rack-host-20").implementer("dora")
        .window(tomorrow(2), tomorrow(4)).affectedCi(rack.id()).build());
    assertThat(changes().conflicts(CORA, spanning.id())).isEmpty();
    changes().reschedule(ALICE, ref(spanning), tomorrow(4), tomorrow(7));
    assertThat(changes().conflicts(CORA, spanning.id())).extracting(Conflict::kind)
        .containsExactly(ConflictKind.OUTSIDE_MAINTENANCE_WINDOW);
    assertThat(changes().conflicts(CORA, outside.id())).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ConflictKind.OUTSIDE_MAINTENANCE_WINDOW);
      assertThat(c.ciId()).isEqualTo(host.id());
      assertThat(c.reason()).contains("host-20 nights");
    });
    assertThat(changes().conflicts(CORA, viaService.id())).singleElement().satisfies(c ->
        assertThat(c.reason()).contains("Shop Sunday"));
    // a blocked reschedule writes nothing: the unit around it still commits
    ChangeWindow freeze = changes().defineWindow(CORA, WindowDefinition.globalFreeze("Shop freeze", tomorrow(16), tomorrow(17)));
    ChangeRequest after = itsm.engine().inTransaction(() -> {
      assertThatThrownBy(() -> changes().reschedule(ALICE, ref(viaService), tomorrow(16), tomorrow(17)))
          .isInstanceOf(ChangeConflictException.class);
      return changes().get(CORA, viaService.id());
    });
    assertThat(after.plannedStart()).isEqualTo(tomorrow(12));
    changes().removeWindow(CORA, freeze.id());
    assertThatThrownBy(() -> changes().removeWindow(CORA, freeze.id())).isInstanceOf(dev.itsm.api.NotFoundException.class);
    ChangeRequest moved = changes().reschedule(ALICE, ref(viaService), tomorrow(21), tomorrow(22));
    assertThat(moved.plannedStart()).isEqualTo(tomorrow(21));
    assertThat(changes().conflicts(CORA, viaService.id())).isEmpty();
  }

  @Test
  void aFreezeBlocksSubmissionApprovalAndStartInItsScope() {
    Ci core = server("core-30");
    Ci app = itsm.engine().cmdb().create(SYSTEM, NewCi.of("Application", "ledger-30", Map.of()));
    Ci service = itsm.engine().cmdb().create(SYSTEM, NewCi.of("BusinessService", "Ledger", Map.of()));
    itsm.engine().cmdb().relate(SYSTEM, "depends-on", service.id(), app.id());
    ChangeWindow freeze = changes().defineWindow(CORA, WindowDefinition.freeze("Ledger close", service.id(),
        tomorrow(0), tomorrow(12)));
    assertThat(freeze.ciId()).isEqualTo(service.id());

    long before = changes().query(CORA, ChangeQuery.all()).total();
    assertThatThrownBy(() -> changes().submit(ALICE, normal(itsm.clock().instant(), "Deploy ledger-30")
        .window(tomorrow(2), tomorrow(3)).affectedCi(app.id()).build()))
        .isInstanceOfSatisfying(ChangeConflictException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(dev.itsm.api.ErrorCode.CHANGE_CONFLICT);
          assertThat(e.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ConflictKind.FREEZE);
            assertThat(c.windowId()).isEqualTo(freeze.id());
          });
          assertThat(e.getMessage()).contains("Ledger close");
        });
    assertThat(changes().query(CORA, ChangeQuery.all()).total()).isEqualTo(before);
    // outside the service, the freeze does not apply
    ChangeRequest other = changes().submit(ALICE, normal(itsm.clock().instant(), "Patch core-30")
        .window(tomorrow(2), tomorrow(3)).affectedCi(core.id()).build());
    assertThat(changes().conflicts(CORA, other.id())).isEmpty();

    // a global freeze defined after submission blocks the approval, and after approval the start
    ChangeWindow global = changes().defineWindow(CORA, WindowDefinition.globalFreeze("Audit", tomorrow(2), tomorrow(2).plusSeconds(60)));
    assertThatThrownBy(() -> changes().approve(PAUL, ref(other), null)).isInstanceOf(ChangeConflictException.class)
        .hasMessageContaining("Audit");
    assertThat(changes().get(CORA, other.id()).state()).isEqualTo(ChangeState.AUTHORIZATION);
    changes().removeWindow(CORA, global.id());
    ChangeRequest scheduled = changes().approve(PAUL, ref(other), null);
    changes().defineWindow(CORA, WindowDefinition.globalFreeze("Audit again", tomorrow(2), tomorrow(3)));
    itsm.clock().set(scheduled.plannedStart());
    assertThatThrownBy(() -> changes().startImplementation(CARL, ref(other))).isInstanceOf(ChangeConflictException.class);
    assertThat(changes().get(CORA, other.id()).state()).isEqualTo(ChangeState.SCHEDULED);
  }

  @Test
  void aFreezeThatBeginsWhileAChangeIsImplementedRaisesAnAlert() {
    Ci edge = server("edge-40");
    ChangeRequest change = changes().approve(PAUL, ref(changes().submit(ALICE, normal(itsm.clock().instant(), "Rewire edge-40")
        .window(tomorrow(1), tomorrow(2)).affectedCi(edge.id()).build())), null);
    itsm.clock().set(change.plannedStart());
    changes().startImplementation(CARL, ref(change));
    ChangeRequest quiet = changes().approve(PAUL, ref(changes().submit(ALICE, normal(itsm.clock().instant(), "Later work")
        .implementer("dora").window(tomorrow(5), tomorrow(6)).build())), null);
    // the implementation overruns its window; a freeze begins at 03:00
    changes().defineWindow(CORA, WindowDefinition.globalFreeze("Quarter close", tomorrow(3), tomorrow(8)));
    itsm.clock().set(tomorrow(3));
    itsm.fireDueTimers();

    itsm.awaitDeliveries();
    assertThat(itsm.events(change.id())).extracting(e -> e.type()).contains(EventTypes.CHANGE_FREEZE_ALERT);
    assertThat(itsm.notifications().forTicket(change.id())).anySatisfy(n -> {
      assertThat(n.type()).isEqualTo(EventTypes.CHANGE_FREEZE_ALERT);
      assertThat(n.recipients()).contains("cora", "carl");
      assertThat(n.subject()).contains("Quarter close");
    });
    assertThat(itsm.events(quiet.id())).extracting(e -> e.type()).doesNotContain(EventTypes.CHANGE_FREEZE_ALERT);
    assertThat(changes().get(CORA, change.id()).state()).isEqualTo(ChangeState.IMPLEMENTING);
  }

  @Test
  void theCalendarShowsThePlannedChangesAndWindowsOfAPeriod() {
    Ci host = server("host-50");
    Instant day = tomorrow(0).plus(Duration.ofDays(10));   // also away from the windows the @AfterEach looks at
    ChangeRequest a = changes().submit(ALICE, normal(itsm.clock().instant(), "Calendar A").window(day.plus(Duration.ofHours(1)),
        day.plus(Duration.ofHours(2))).build());
    ChangeRequest b = changes().submit(ALICE, normal(itsm.clock().instant(), "Calendar B").implementer("paul")
        .window(day.plus(Duration.ofHours(3)), day.plus(Duration.ofHours(4))).build());
    ChangeRequest gone = changes().submit(ALICE, normal(itsm.clock().instant(), "Calendar C").implementer("alice")
        .window(day.plus(Duration.ofHours(1)), day.plus(Duration.ofHours(5))).build());
    changes().cancel(ALICE, ref(gone), "no");
    ChangeWindow window = changes().defineWindow(CORA, WindowDefinition.maintenance("host-50", host.id(),
        day, day.plus(Duration.ofHours(6))));

    ChangeCalendar calendar = changes().calendar(DORA, day, day.plus(Duration.ofDays(1)));
    assertThat(calendar.changes()).extracting(ChangeRequest::id).containsExactly(a.id(), b.id());
    assertThat(calendar.windows()).containsExactly(window);
    assertThatThrownBy(() -> changes().calendar(DORA, day, day.plus(Duration.ofDays(400))))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("366 days");
    assertThatThrownBy(() -> changes().defineWindow(CORA, WindowDefinition.maintenance("x", null, day, day.plusSeconds(1))))
        .isInstanceOfSatisfying(dev.itsm.api.InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ciId"));
    assertThatThrownBy(() -> changes().defineWindow(CORA, WindowDefinition.globalFreeze("x", day, day)))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("end after");
  }

  @Test
  void reschedulingMovesTheEscalationTimerAndIsCheckedLikeASubmission() {
    ChangeRequest change = changes().approve(PAUL, ref(changes().submit(ALICE, normal(itsm.clock().instant(), "Move me")
        .window(tomorrow(1), tomorrow(2)).build())), null);
    ChangeRequest moved = changes().reschedule(ALICE, ref(change), tomorrow(7), tomorrow(9));
    assertThat(moved.state()).isEqualTo(ChangeState.SCHEDULED);
    assertThat(itsm.timers(change.processInstanceId())).containsEntry(ChangeProcess.TIMER_NOT_STARTED, tomorrow(9));
    assertThatThrownBy(() -> changes().reschedule(ALICE, ref(change), tomorrow(9), tomorrow(7)))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("end after");
    assertThatThrownBy(() -> changes().reschedule(ALICE, ref(change), itsm.clock().instant().minusSeconds(1), tomorrow(7)))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("past");
    assertThatThrownBy(() -> changes().reschedule(DORA, ref(change), tomorrow(7), tomorrow(8)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(changes().get(CORA, change.id()).plannedEnd()).isEqualTo(tomorrow(9));
    List<ChangeWindow> none = changes().calendar(CORA, tomorrow(0), tomorrow(23)).windows();
    assertThat(none).isEmpty();
  }
}
