package dev.itsm.bpmn.change;

import static dev.itsm.bpmn.change.ChangeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.Cause;
import dev.itsm.api.ChangeControlledException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeQuery;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeType;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask.Outcome;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.change.PlannedCiChange;
import dev.itsm.api.change.PlannedCiChange.CiEnd;
import dev.itsm.api.change.Risk;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.process.ChangeProcess;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Changes from scheduling to closure: implementation tasks in steps, the planned CMDB changes applied
 * with the success, backout on failure, the emergency retrospective, escalation and cancellation.
 */
class ChangeImplementationTest {
  private static final Actor SYSTEM = Actor.system();

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).changes(SETTINGS));

  @BeforeAll
  static void changeControlledRouters() {
    itsm.engine().cmdb().defineType(SYSTEM, new CiTypeDefinition("Router", "NetworkDevice", true,
        List.of(AttributeDefinition.string("firmware"), AttributeDefinition.integer("ports"))));
  }

  private static ChangeService changes() {
    return itsm.engine().changes();
  }

  private static CmdbService cmdb() {
    return itsm.engine().cmdb();
  }

  private static TicketRef ref(ChangeRequest change) {
    return TicketRef.of(change.id());
  }

  private static Ci createRouter(String name) {
    // routers are change controlled: the test creates them through an implemented change of its own
    ChangeRequest setup = changes().submit(ALICE, normal(itsm.clock().instant(), "Install " + name)
        .plannedCiChange(PlannedCiChange.create("r", NewCi.of("Router", name, Map.of("firmware", "1.0", "ports", 24))))
        .build());
    implement(changes().approve(PAUL, ref(setup), null));
    return cmdb().query(SYSTEM, dev.itsm.api.cmdb.CiQuery.ofType("Router").named(name)).items().get(0);
  }

  /** Moves the clock to the change's start, starts it and records every task as succeeded. */
  private static ChangeRequest implement(ChangeRequest scheduled) {
    if (itsm.clock().instant().isBefore(scheduled.plannedStart())) {
      itsm.clock().set(scheduled.plannedStart());
    }
    ChangeRequest change = changes().startImplementation(CARL, ref(scheduled));
    for (var task : change.tasks()) {
      change = changes().recordTask(CARL, ref(change), task.index(), Outcome.SUCCEEDED, null);
    }
    return change;
  }

  @Test
  void aStandardChangeNeedsNoApprovalAndRunsItsTemplateTasksInOrder() {
    Instant start = itsm.clock().instant().plus(Duration.ofHours(1));
    ChangeRequest change = changes().submit(ALICE, NewChange.standard("restart-web").group("network-ops").implementer("carl")
        .window(start, start.plus(Duration.ofHours(1))).build());
    assertThat(change.state()).isEqualTo(ChangeState.SCHEDULED);
    assertThat(change.type()).isEqualTo(ChangeType.STANDARD);
    assertThat(change.title()).isEqualTo("Restart a web server");
    assertThat(change.risk()).isNull();
    assertThat(change.tasks()).extracting(t -> t.title() + "@" + t.step()).containsExactly("Drain@1", "Restart@2", "Verify@3");

    assertThatThrownBy(() -> changes().startImplementation(CARL, ref(change))).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("planned start " + start);
    itsm.clock().set(start);
    assertThatThrownBy(() -> changes().startImplementation(DORA, ref(change))).isInstanceOf(AccessDeniedException.class);
    ChangeRequest started = changes().startImplementation(CARL, ref(change));
    assertThat(started.state()).isEqualTo(ChangeState.IMPLEMENTING);

    assertThatThrownBy(() -> changes().recordTask(CARL, ref(change), 1, Outcome.SUCCEEDED, null))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("step 1").hasMessageContaining("'Drain' is open");
    changes().recordTask(CARL, ref(change), 0, Outcome.SUCCEEDED, "drained");
    assertThatThrownBy(() -> changes().recordTask(CARL, ref(change), 0, Outcome.SUCCEEDED, null))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("to be open");
    changes().recordTask(PAUL, ref(change), 1, Outcome.SUCCEEDED, null);   // a member of the group may too
    ChangeRequest implemented = changes().recordTask(CARL, ref(change), 2, Outcome.SUCCEEDED, null);
    assertThat(implemented.state()).isEqualTo(ChangeState.REVIEW);
    assertThat(implemented.tasks()).allSatisfy(t -> assertThat(t.outcome()).isEqualTo(Outcome.SUCCEEDED));
    assertThat(implemented.tasks().get(0).note()).isEqualTo("drained");
    assertThat(implemented.tasks().get(1).doneBy()).isEqualTo("paul");

    assertThatThrownBy(() -> changes().close(CARL, ref(change), CloseCode.SUCCESSFUL, null))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> changes().close(CORA, ref(change), CloseCode.BACKED_OUT, "x"))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("SUCCEEDED");
    ChangeRequest closed = changes().close(CORA, ref(change), CloseCode.SUCCESSFUL, null);
    assertThat(closed.state()).isEqualTo(ChangeState.CLOSED);
    assertThat(closed.closeCode()).isEqualTo(CloseCode.SUCCESSFUL);
    assertThat(closed.closedAt()).isEqualTo(itsm.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(itsm.engine().processEngine().getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(change.processInstanceId()).count()).isZero();
  }

  @Test
  void plannedCmdbChangesAreAppliedWithTheSuccessInOneTransactionAndPointAtTheChange() {
    Ci edge = createRouter("edge-01");
    Ci core = createRouter("core-01");
    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), "Upgrade the edge firmware")
        .plannedCiChange(PlannedCiChange.update(edge.id(), Map.of("firmware", "2.1")))
        .plannedCiChange(PlannedCiChange.create("vm", NewCi.of("VirtualMachine", "edge-monitor", Map.of("vcpus", 2))))
        .plannedCiChange(PlannedCiChange.relate("connected-to", CiEnd.planned("vm"), CiEnd.of(edge.id())))
        .plannedCiChange(PlannedCiChange.retire(core.id()))
        .build());
    assertThat(change.affectedCis()).containsExactly(edge.id(), core.id());
    assertThat(change.plannedCiChanges()).hasSize(4).first().satisfies(p ->
        assertThat(((PlannedCiChange.Update) p).attributes()).containsEntry("firmware", "2.1"));

    // nothing changes before the implementation succeeds, and routers change only through an implementing change
    assertThatThrownBy(() -> cmdb().update(SYSTEM, edge.ref(), Map.of("firmware", "9"))).isInstanceOf(ChangeControlledException.class);
    ChangeRequest scheduled = changes().approve(PAUL, ref(change), null);
    assertThatThrownBy(() -> itsm.engine().causedBy(Cause.of("change", change.number()),
        () -> cmdb().update(SYSTEM, edge.ref(), Map.of("firmware", "9")))).isInstanceOf(ChangeControlledException.class)
        .hasMessageContaining(change.number());
    assertThat(cmdb().get(SYSTEM, edge.id()).attributes()).containsEntry("firmware", "1.0");

    itsm.clock().set(scheduled.plannedStart());
    assertThatThrownBy(() -> changes().startImplementation(PAUL, ref(change))).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("paul approved it");
    changes().startImplementation(CARL, ref(change));
    // others may not, even under its cause
    assertThatThrownBy(() -> itsm.engine().causedBy(Cause.of("change", change.number()),
        () -> cmdb().update(Actor.configurationManager("cm"), edge.ref(), Map.of("ports", 12))))
        .isInstanceOf(ChangeControlledException.class);
    // while it is implemented, its implementer may adjust the items it names by hand under its cause
    Ci adjusted = itsm.engine().causedBy(Cause.of("change", change.number()),
        () -> cmdb().update(Actor.builder("carl").roles("agent", "configuration-manager").groups("network-ops").build(),
            edge.ref(), Map.of("ports", 48)));
    assertThat(adjusted.attributes()).containsEntry("ports", 48L);
    ChangeRequest done = changes().recordTask(CARL, ref(change), 0, Outcome.SUCCEEDED, null);

    assertThat(done.state()).isEqualTo(ChangeState.REVIEW);
    assertThat(done.ciChangesAppliedAt()).isNotNull();
    assertThat(cmdb().get(SYSTEM, edge.id()).attributes()).containsEntry("firmware", "2.1");
    assertThat(cmdb().get(SYSTEM, core.id()).state()).isEqualTo(CiState.RETIRED);
    Ci vm = cmdb().query(SYSTEM, dev.itsm.api.cmdb.CiQuery.ofType("VirtualMachine").named("edge-monitor")).items().get(0);
    assertThat(cmdb().relations(SYSTEM, vm.id())).singleElement().satisfies(r -> {
      assertThat(r.type()).isEqualTo("connected-to");
      assertThat(r.targetId()).isEqualTo(edge.id());
    });
    assertThat(cmdb().history(SYSTEM, edge.id())).filteredOn(h -> "firmware".equals(h.field()))
        .last().satisfies(h -> {
          assertThat(h.newValue()).isEqualTo("\"2.1\"");
          assertThat(h.causedByType()).isEqualTo("change");
          assertThat(h.causedById()).isEqualTo(change.number());
        });
    itsm.awaitDeliveries();
    assertThat(itsm.events(change.id())).anySatisfy(e -> {
      assertThat(e.type()).isEqualTo(EventTypes.CHANGE_CI_CHANGES_APPLIED);
      assertThat(e.data()).containsEntry("count", 4);
    });
    // after the implementation, its cause no longer authorises anything
    assertThatThrownBy(() -> itsm.engine().causedBy(Cause.of("change", change.number()),
        () -> cmdb().update(SYSTEM, dev.itsm.api.cmdb.CiRef.of(edge.id()), Map.of("firmware", "9"))))
        .isInstanceOf(ChangeControlledException.class);
  }

  @Test
  void aPlannedChangeThatNoLongerFitsFailsTheLastTaskAndLeavesEverythingAsItWas() {
    Ci edge = createRouter("edge-02");
    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), "Retire edge-02")
        .plannedCiChange(PlannedCiChange.update(edge.id(), Map.of("firmware", "3.0")))
        .plannedCiChange(PlannedCiChange.retire(edge.id())).build());
    ChangeRequest other = changes().submit(ALICE, normal(itsm.clock().instant(), "Retire edge-02 sooner")
        .plannedCiChange(PlannedCiChange.retire(edge.id())).build());
    implement(changes().approve(PAUL, ref(other), null));
    assertThat(cmdb().get(SYSTEM, edge.id()).state()).isEqualTo(CiState.RETIRED);

    changes().approve(PAUL, ref(change), null);
    changes().startImplementation(CARL, ref(change));
    assertThatThrownBy(() -> changes().recordTask(CARL, ref(change), 0, Outcome.SUCCEEDED, null))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("edge-02").hasMessageContaining("RETIRED");

    ChangeRequest unchanged = changes().get(CORA, change.id());
    assertThat(unchanged.state()).isEqualTo(ChangeState.IMPLEMENTING);
    assertThat(unchanged.tasks().get(0).outcome()).isNull();
    assertThat(unchanged.ciChangesAppliedAt()).isNull();
    assertThat(cmdb().get(SYSTEM, edge.id()).attributes()).containsEntry("firmware", "1.0");
  }

  @Test
  void aFailedTaskSkipsTheRestRunsTheBackoutAndCountsAgainstLaterChangesOnTheSameItems() {
    Ci edge = createRouter("edge-03");
    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), "Enable BGP on edge-03")
        .affectedCi(edge.id()).task("Configure", 1).task("Verify peers", 2)
        .plannedCiChange(PlannedCiChange.update(edge.id(), Map.of("firmware", "4.0"))).build());
    assertThat(change.risk()).isEqualTo(Risk.LOW);
    implementStartOnly(changes().approve(PAUL, ref(change), null));
    assertThatThrownBy(() -> changes().recordTask(CARL, ref(change), 0, Outcome.FAILED, null))
        .isInstanceOf(dev.itsm.api.InvalidInputException.class).hasMessageContaining("note");
    ChangeRequest failed = changes().recordTask(CARL, ref(change), 0, Outcome.FAILED, "Peers flapped");
    assertThat(failed.state()).isEqualTo(ChangeState.BACKING_OUT);
    assertThat(failed.tasks()).extracting(t -> t.outcome()).containsExactly(Outcome.FAILED, Outcome.SKIPPED);
    assertThat(cmdb().get(SYSTEM, edge.id()).attributes()).containsEntry("firmware", "1.0");

    ChangeRequest reviewed = changes().completeBackout(CARL, ref(change), "Configuration restored");
    assertThat(reviewed.state()).isEqualTo(ChangeState.REVIEW);
    assertThatThrownBy(() -> changes().close(CORA, ref(change), CloseCode.SUCCESSFUL, null))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("FAILED");
    ChangeRequest closed = changes().close(CORA, ref(change), CloseCode.BACKED_OUT, "Peering needs a maintenance window");
    assertThat(closed.closeCode()).isEqualTo(CloseCode.BACKED_OUT);

    ChangeRequest next = changes().submit(ALICE, normal(itsm.clock().instant(), "Enable BGP on edge-03, again")
        .affectedCi(edge.id()).build());
    assertThat(next.risk()).isEqualTo(Risk.MEDIUM);
    assertThat(itsm.engine().audit().trail(CORA, next.id())).anySatisfy(e ->
        assertThat(e.newValue()).contains("failedChanges=1"));
  }

  private static void implementStartOnly(ChangeRequest scheduled) {
    itsm.clock().set(scheduled.plannedStart());
    changes().startImplementation(CARL, ref(scheduled));
  }

  @Test
  void anEmergencyChangeGetsARetrospectiveByAChangeManagerBeforeItsReview() {
    Instant now = itsm.clock().instant();
    ChangeRequest change = changes().submit(ALICE, NewChange.emergency("Rotate the leaked VPN key").group("network-ops")
        .implementer("carl").window(now.plusSeconds(60), now.plus(Duration.ofHours(1))).build());
    changes().approve(ECAB1, ref(change), null);
    implement(changes().approve(ECAB2, ref(change), null));
    ChangeRequest review = changes().get(CORA, change.id());
    assertThat(review.state()).isEqualTo(ChangeState.REVIEW);

    assertThatThrownBy(() -> changes().close(CORA, ref(change), CloseCode.SUCCESSFUL, null))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining(ChangeProcess.TASK_RETROSPECTIVE);
    assertThatThrownBy(() -> changes().recordRetrospective(Actor.changeManager("carl"), ref(change), "fine"))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("implementer");
    ChangeRequest retro = changes().recordRetrospective(CORA, ref(change), "Key rotation should be a standard change");
    assertThat(retro.retrospective()).contains("standard change");
    assertThat(changes().close(CORA, ref(change), CloseCode.SUCCESSFUL, null).state()).isEqualTo(ChangeState.CLOSED);
  }

  @Test
  void aScheduledChangeNotStartedByTheEndOfItsWindowIsEscalatedToTheChangeManagers() {
    ChangeRequest change = changes().approve(PAUL, ref(changes().submit(ALICE,
        normal(itsm.clock().instant(), "Swap the spine switch optics").build())), null);
    assertThat(itsm.timers(change.processInstanceId())).containsEntry(ChangeProcess.TIMER_NOT_STARTED, change.plannedEnd());

    itsm.clock().set(change.plannedEnd());
    itsm.fireDueTimers(change.processInstanceId());

    assertThat(changes().get(CORA, change.id()).state()).isEqualTo(ChangeState.SCHEDULED);
    itsm.awaitDeliveries();
    assertThat(itsm.events(change.id())).extracting(e -> e.type()).contains(EventTypes.CHANGE_NOT_STARTED);
    assertThat(itsm.notifications().forTicket(change.id())).anySatisfy(n -> {
      assertThat(n.type()).isEqualTo(EventTypes.CHANGE_NOT_STARTED);
      assertThat(n.recipients()).contains("cora", "alice", "carl");
    });
    // it can still start late
    assertThat(changes().startImplementation(CARL, ref(change)).state()).isEqualTo(ChangeState.IMPLEMENTING);
  }

  @Test
  void aChangeCanBeCancelledUntilItsImplementationStarts() {
    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), "Re-cable rack 12").outage(true)
        .backoutPlan(null).build());
    assertThatThrownBy(() -> changes().cancel(DORA, ref(change), "not needed")).isInstanceOf(AccessDeniedException.class);
    ChangeRequest cancelled = changes().cancel(ALICE, ref(change), "Rack moves next month");
    assertThat(cancelled.state()).isEqualTo(ChangeState.CANCELLED);
    assertThat(cancelled.closeCode()).isEqualTo(CloseCode.CANCELLED);
    assertThat(itsm.engine().processEngine().getTaskService().createTaskQuery()
        .processInstanceId(change.processInstanceId()).count()).isZero();

    ChangeRequest running = changes().submit(ALICE, normal(itsm.clock().instant(), "Re-cable rack 13").build());
    implementStartOnly(changes().approve(PAUL, ref(running), null));
    assertThatThrownBy(() -> changes().cancel(CORA, ref(running), "too late")).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("IMPLEMENTING");
  }

  @Test
  void changesAreQueriedByStateTypeRequesterItemAndWindow() {
    Ci edge = createRouter("edge-04");
    Instant now = itsm.clock().instant();
    Instant nextWeek = now.plus(Duration.ofDays(7));
    ChangeRequest a = changes().submit(ALICE, normal(now, "Query A").affectedCi(edge.id()).build());
    ChangeRequest b = changes().submit(CARL, normal(now, "Query B").implementer("alice")
        .window(nextWeek, nextWeek.plus(Duration.ofHours(1))).build());

    assertThat(changes().query(CORA, ChangeQuery.all().affecting(edge.id()).inStates(ChangeState.AUTHORIZATION)).items())
        .extracting(ChangeRequest::id).containsExactly(a.id());
    assertThat(changes().query(CORA, ChangeQuery.all().requestedBy("carl").ofTypes(ChangeType.NORMAL)).items())
        .extracting(ChangeRequest::id).contains(b.id()).doesNotContain(a.id());
    assertThat(changes().query(CORA, ChangeQuery.all().during(nextWeek.minusSeconds(1), nextWeek.plusSeconds(1))).items())
        .extracting(ChangeRequest::id).containsExactly(b.id());
    assertThat(changes().getByNumber(CORA, b.number()).id()).isEqualTo(b.id());
    assertThatThrownBy(() -> changes().query(CORA, ChangeQuery.all().during(nextWeek, now)))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("period");
    assertThatThrownBy(() -> changes().get(Actor.caller("bob"), a.id())).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> changes().get(Actor.builder("eve").roles("agent").tenant("other").build(), a.id()))
        .isInstanceOf(dev.itsm.api.NotFoundException.class);
  }
}
