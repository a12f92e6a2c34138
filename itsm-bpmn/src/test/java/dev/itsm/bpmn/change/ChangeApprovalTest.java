package dev.itsm.bpmn.change;

import static dev.itsm.bpmn.change.ChangeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.change.Approval;
import dev.itsm.api.change.ApprovalLevel;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeType;
import dev.itsm.api.change.Risk;
import dev.itsm.api.change.Vote;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.process.ChangeProcess;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Normal and emergency changes reach the approval their risk calls for, and votes decide as configured. */
class ChangeApprovalTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).changes(SETTINGS));

  private static ChangeService changes() {
    return itsm.engine().changes();
  }

  /** The change whatever its version: the votes of others moved it on. */
  private static dev.itsm.api.TicketRef ref(ChangeRequest change) {
    return dev.itsm.api.TicketRef.of(change.id());
  }

  private static List<String> openTasks(ChangeRequest change, String key) {
    return itsm.engine().processEngine().getTaskService().createTaskQuery()
        .processInstanceId(change.processInstanceId()).taskDefinitionKey(key).list().stream()
        .map(t -> t.getAssignee() == null ? "-" : t.getAssignee()).sorted().toList();
  }

  @Test
  void aLowRiskChangeNeedsTheTechnicalApprovalOfAPeerWhoNeitherRequestedNorImplementsIt() {
    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), "Raise the MTU on core links").build());
    assertThat(change.state()).isEqualTo(ChangeState.AUTHORIZATION);
    assertThat(change.risk()).isEqualTo(Risk.LOW);
    assertThat(change.type()).isEqualTo(ChangeType.NORMAL);
    assertThat(change.number()).startsWith("CHG-");
    assertThat(openTasks(change, ChangeProcess.TASK_TECHNICAL_APPROVAL)).hasSize(1);

    assertThatThrownBy(() -> changes().approve(ALICE, ref(change), null)).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("requester");
    assertThatThrownBy(() -> changes().approve(CARL, ref(change), null)).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("implementer");
    assertThatThrownBy(() -> changes().approve(DORA, ref(change), null)).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("network-ops");

    ChangeRequest approved = changes().approve(PAUL, ref(change), "Looks fine");
    assertThat(approved.state()).isEqualTo(ChangeState.SCHEDULED);
    assertThat(changes().approvals(CORA, change.id())).singleElement().satisfies(a -> {
      assertThat(a.level()).isEqualTo(ApprovalLevel.TECHNICAL);
      assertThat(a.approverId()).isEqualTo("paul");
      assertThat(a.vote()).isEqualTo(Vote.APPROVE);
      assertThat(a.comment()).isEqualTo("Looks fine");
      assertThat(a.round()).isEqualTo(1);
    });
    itsm.awaitDeliveries();
    assertThat(itsm.events(change.id())).extracting(e -> e.type() + ":" + e.data().getOrDefault("to", ""))
        .containsSubsequence(EventTypes.CHANGE_SUBMITTED + ":", EventTypes.CHANGE_STATE_CHANGED + ":AUTHORIZATION",
            EventTypes.CHANGE_VOTED + ":", EventTypes.CHANGE_STATE_CHANGED + ":SCHEDULED");
    assertThat(itsm.notifications().forTicket(change.id())).anySatisfy(n ->
        assertThat(n.recipients()).containsExactlyInAnyOrder("alice", "carl"));
  }

  @Test
  void aChangeNeedingAnOutageIsMediumRiskAndGoesToAChangeManager() {
    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), "Replace the core switch").outage(true).build());
    assertThat(change.risk()).isEqualTo(Risk.MEDIUM);
    assertThat(openTasks(change, ChangeProcess.TASK_MANAGER_APPROVAL)).hasSize(1);

    assertThatThrownBy(() -> changes().approve(PAUL, ref(change), null)).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("change manager");
    assertThat(changes().approve(CORA, ref(change), null).state()).isEqualTo(ChangeState.SCHEDULED);
  }

  @Test
  void aChangeOnACriticalServiceIsHighRiskAndEveryCabMemberMustApprove() {
    Ci app = itsm.engine().cmdb().create(dev.itsm.api.Actor.system(),
        NewCi.of("Application", "payments-api", Map.of("criticality", "low")));
    Ci service = itsm.engine().cmdb().create(dev.itsm.api.Actor.system(),
        NewCi.of("BusinessService", "Payments", Map.of("criticality", "critical")));
    itsm.engine().cmdb().relate(dev.itsm.api.Actor.system(), "depends-on", service.id(), app.id());

    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), "Upgrade the payments API")
        .affectedCi(app.id()).build());
    assertThat(change.risk()).isEqualTo(Risk.HIGH);
    // carl implements it, so he does not vote though he sits on the CAB
    assertThat(openTasks(change, ChangeProcess.TASK_CAB_APPROVAL)).containsExactly("cab1", "cab2", "cab3");
    assertThat(itsm.engine().audit().trail(CORA, change.id())).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo("risk");
      assertThat(e.newValue()).contains("HIGH").contains("criticality=critical");
    });

    assertThatThrownBy(() -> changes().approve(PAUL, ref(change), null)).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("CAB");
    ChangeRequest one = changes().approve(CAB1, ref(change), null);
    assertThat(one.state()).isEqualTo(ChangeState.AUTHORIZATION);
    assertThatThrownBy(() -> changes().approve(CAB1, ref(change), null)).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("voted already");
    changes().approve(CAB2, ref(change), "ok");
    assertThat(openTasks(change, ChangeProcess.TASK_CAB_APPROVAL)).containsExactly("cab3");
    assertThat(changes().approve(CAB3, ref(change), null).state()).isEqualTo(ChangeState.SCHEDULED);
  }

  @Test
  void oneRejectionOfTheCabEndsTheChange() {
    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), "Firewall rule overhaul").outage(true)
        .backoutPlan(null).build());
    assertThat(change.risk()).isEqualTo(Risk.HIGH);   // outage without backout plan
    changes().approve(CAB1, ref(change), null);
    assertThatThrownBy(() -> changes().reject(CAB2, ref(change), " ")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("comment");
    ChangeRequest rejected = changes().reject(CAB2, ref(change), "No backout plan");
    assertThat(rejected.state()).isEqualTo(ChangeState.REJECTED);
    assertThat(rejected.closedAt()).isNotNull();
    assertThat(openTasks(change, ChangeProcess.TASK_CAB_APPROVAL)).isEmpty();
    assertThatThrownBy(() -> changes().approve(CAB3, ref(change), null)).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("REJECTED");
  }

  @Test
  void aRequestForInformationSendsTheChangeBackToItsRequesterWhoResubmitsForANewRound() {
    ChangeRequest change = changes().submit(ALICE, normal(itsm.clock().instant(), "Move DNS to the new resolvers")
        .outage(true).build());
    ChangeRequest asked = changes().requestInformation(CORA, ref(change), "Which resolvers, and when is the cut-over?");
    assertThat(asked.state()).isEqualTo(ChangeState.INFO_REQUESTED);
    assertThat(asked.infoRequest()).contains("cut-over");
    assertThat(openTasks(change, ChangeProcess.TASK_REVISE)).hasSize(1);

    assertThatThrownBy(() -> changes().resubmit(CARL, ref(change), "10.0.0.53")).isInstanceOf(AccessDeniedException.class);
    ChangeRequest again = changes().resubmit(ALICE, ref(change), "10.0.0.53 and .54, Saturday 06:00");
    assertThat(again.state()).isEqualTo(ChangeState.AUTHORIZATION);
    assertThat(again.infoRequest()).isNull();
    assertThat(changes().approve(CORA, ref(again), null).state()).isEqualTo(ChangeState.SCHEDULED);
    assertThat(changes().approvals(CORA, change.id())).extracting(Approval::round, Approval::vote)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Vote.REQUEST_INFO),
            org.assertj.core.groups.Tuple.tuple(2, Vote.APPROVE));
  }

  @Test
  void anEmergencyChangeIsDecidedByAMajorityOfTheEcab() {
    ChangeRequest change = changes().submit(ALICE, dev.itsm.api.change.NewChange.emergency("Patch the VPN gateway CVE")
        .group("network-ops").implementer("carl").window(itsm.clock().instant().plusSeconds(60),
            itsm.clock().instant().plus(Duration.ofHours(1))).build());
    assertThat(change.state()).isEqualTo(ChangeState.AUTHORIZATION);
    assertThat(change.risk()).isNull();
    assertThat(change.type()).isEqualTo(ChangeType.EMERGENCY);
    assertThat(openTasks(change, ChangeProcess.TASK_ECAB_APPROVAL)).containsExactly("ecab1", "ecab2", "ecab3");

    changes().approve(ECAB1, ref(change), null);
    ChangeRequest decided = changes().approve(ECAB3, ref(change), null);
    assertThat(decided.state()).isEqualTo(ChangeState.SCHEDULED);
    assertThat(openTasks(change, ChangeProcess.TASK_ECAB_APPROVAL)).isEmpty();
    assertThat(itsm.timers(change.processInstanceId())).doesNotContainKey(ChangeProcess.TIMER_ECAB);
  }

  @Test
  void anEcabThatDoesNotDecideInTimeLeavesTheDecisionToAChangeManager() {
    ChangeRequest change = changes().submit(ALICE, dev.itsm.api.change.NewChange.emergency("Block the attacking range")
        .group("network-ops").implementer("carl").window(itsm.clock().instant().plusSeconds(60),
            itsm.clock().instant().plus(Duration.ofHours(8))).build());
    assertThat(itsm.timers(change.processInstanceId()))
        .containsEntry(ChangeProcess.TIMER_ECAB, itsm.clock().instant().plus(Duration.ofHours(4)));
    changes().approve(ECAB2, ref(change), null);

    itsm.clock().advance(Duration.ofHours(4));
    itsm.fireDueTimers(change.processInstanceId());

    assertThat(openTasks(change, ChangeProcess.TASK_ECAB_APPROVAL)).isEmpty();
    assertThat(openTasks(change, ChangeProcess.TASK_MANAGER_APPROVAL)).hasSize(1);
    assertThatThrownBy(() -> changes().approve(ECAB1, ref(change), null)).isInstanceOf(AccessDeniedException.class);
    assertThat(changes().approve(CORA, ref(change), "Go").state()).isEqualTo(ChangeState.SCHEDULED);
  }
}
