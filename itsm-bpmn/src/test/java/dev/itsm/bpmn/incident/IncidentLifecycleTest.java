package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static dev.itsm.testkit.ItsmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.itsm.api.AuditEntry;
import dev.itsm.api.Priority;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.process.IncidentProcess;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.operaton.bpm.engine.runtime.ProcessInstance;

class IncidentLifecycleTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  @Test
  void shouldRunAnIncidentFromOpenToClosed() {
    // given
    IncidentTicket inc = openP1(incidents());
    assertThat(inc).hasState(IncidentState.NEW).hasPriority(Priority.P1).hasGroup("network-ops")
        .hasNumberWithPrefix("INC").hasVersion(1);
    assertThat(inc.callerId()).isEqualTo("bob");

    // when / then
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    assertThat(inc).hasState(IncidentState.ASSIGNED).isAssignedTo("alice").hasVersion(2);
    inc = incidents().acknowledge(AGENT, inc.ref());
    assertThat(inc).hasState(IncidentState.ACKNOWLEDGED).hasVersion(3);
    assertThat(inc.acknowledgedAt()).isEqualTo(itsm.clock().instant());
    inc = incidents().startWork(AGENT, inc.ref());
    assertThat(inc).hasState(IncidentState.IN_PROGRESS);
    inc = incidents().hold(AGENT, inc.ref(), HoldReason.AWAITING_CALLER, "need the error message");
    assertThat(inc).hasState(IncidentState.ON_HOLD);
    assertThat(inc.holdReason()).isEqualTo(HoldReason.AWAITING_CALLER);
    inc = incidents().resume(AGENT, inc.ref());
    assertThat(inc).hasState(IncidentState.IN_PROGRESS);
    assertThat(inc.holdReason()).isNull();
    inc = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "Replaced the gateway's power supply"));
    assertThat(inc).hasState(IncidentState.RESOLVED);
    assertThat(inc.resolutionCode()).isEqualTo("FIXED");
    inc = incidents().close(CALLER, inc.ref());
    assertThat(inc).hasState(IncidentState.CLOSED).hasVersion(8);
    assertThat(inc.closedAt()).isNotNull();

    // the stored ticket is what the operations returned
    assertThat(incidents().get(AGENT, inc.id())).isEqualTo(inc);
    assertThat(incidents().getByNumber(AGENT, inc.number())).isEqualTo(inc);

    // the process ended with the ticket
    ProcessInstance instance = itsm.engine().processEngine().getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(inc.processInstanceId()).singleResult();
    assertThat(instance).isNull();

    List<String> types = itsm.events(inc.id()).stream().map(DomainEvent::type).toList();
    assertThat(types).containsExactly(EventTypes.INCIDENT_OPENED, EventTypes.INCIDENT_ASSIGNED,
        EventTypes.INCIDENT_ACKNOWLEDGED, EventTypes.INCIDENT_WORK_STARTED, EventTypes.INCIDENT_ON_HOLD,
        EventTypes.INCIDENT_RESUMED, EventTypes.INCIDENT_RESOLVED, EventTypes.INCIDENT_CLOSED);
  }

  @Test
  void ticketAndProcessInstanceReferToEachOther() {
    IncidentTicket inc = openP1(incidents());
    var runtime = itsm.engine().processEngine().getRuntimeService();
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(inc.processInstanceId()).singleResult();
    assertThat(instance.getBusinessKey()).isEqualTo(inc.id().toString());
    assertThat(instance.getProcessDefinitionId()).startsWith(IncidentProcess.PROCESS_KEY + ":");
    assertThat(runtime.getVariable(instance.getId(), IncidentProcess.VAR_TICKET_ID)).isEqualTo(inc.id().toString());
    assertThat(runtime.getActiveActivityIds(instance.getId())).contains(IncidentProcess.TASK_ASSIGN);
  }

  @Test
  void everyChangeIsAuditedWithActorAndOldAndNewValues() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());

    List<AuditEntry> trail = itsm.engine().audit().trail(MANAGER, inc.id());
    assertThat(trail).extracting(AuditEntry::actorId, AuditEntry::field, AuditEntry::oldValue, AuditEntry::newValue)
        .contains(
            tuple("bob", "state", null, "NEW"),
            tuple("mona", "assigneeId", null, "alice"),
            tuple("mona", "state", "NEW", "ASSIGNED"),
            tuple("alice", "state", "ASSIGNED", "ACKNOWLEDGED"));
    assertThat(trail).allSatisfy(e -> assertThat(e.occurredAt()).isNotNull());
    assertThat(trail).filteredOn(e -> "state".equals(e.field())).extracting(AuditEntry::newValue)
        .containsExactly("NEW", "ASSIGNED", "ACKNOWLEDGED");
  }

  @Test
  void numbersIncreaseAndAreNeverReused() {
    IncidentTicket first = openP1(incidents());
    IncidentTicket second = openP1(incidents());
    long a = Long.parseLong(first.number().substring(4));
    long b = Long.parseLong(second.number().substring(4));
    assertThat(b).isGreaterThan(a);
    assertThat(second.number()).matches("INC-\\d{6}");
  }

  @Test
  void routingDecidesTheGroupFromTheCategoryUnlessOneIsGiven() {
    IncidentTicket mail = incidents().open(CALLER, NewIncident.builder("Mailbox full").category("email").build());
    assertThat(mail).hasGroup("messaging");
    IncidentTicket other = incidents().open(CALLER, NewIncident.builder("Odd noise").category("other").build());
    assertThat(other).hasGroup("service-desk");
    IncidentTicket given = incidents().open(DESK_AGENT, NewIncident.builder("Printer jam").category("hardware")
        .group("service-desk").caller("bob").build());
    assertThat(given).hasGroup("service-desk");
    assertThat(given.callerId()).isEqualTo("bob");
  }

  @Test
  void reclassifyingChangesThePriorityAndAuditsIt() {
    IncidentTicket inc = open(incidents(), Impact.LOW, Urgency.LOW);
    assertThat(inc).hasPriority(Priority.P5);
    inc = incidents().reclassify(AGENT, inc.ref(), Impact.HIGH, Urgency.MEDIUM);
    assertThat(inc).hasPriority(Priority.P2);
    assertThat(inc.impact()).isEqualTo(Impact.HIGH);
    List<AuditEntry> trail = itsm.engine().audit().trail(AGENT, inc.id());
    assertThat(trail).extracting(AuditEntry::field, AuditEntry::oldValue, AuditEntry::newValue)
        .contains(tuple("priority", "P5", "P2"), tuple("impact", "LOW", "HIGH"), tuple("urgency", "LOW", "MEDIUM"));
    assertThat(itsm.events(inc.id())).extracting(DomainEvent::type).contains(EventTypes.INCIDENT_PRIORITY_CHANGED);
  }

  @Test
  void reassigningRoutesToTheNewGroupAndKeepsTheState() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toGroup("service-desk"));
    assertThat(inc).hasState(IncidentState.NEW).hasGroup("service-desk");
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("network-ops", "alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());
    inc = incidents().startWork(AGENT, inc.ref());
    IncidentTicket moved = incidents().assign(AGENT, inc.ref(), Assignment.toAgent("carl"));
    assertThat(moved).hasState(IncidentState.IN_PROGRESS).isAssignedTo("carl").hasGroup("network-ops");
    assertThat(itsm.events(moved.id())).extracting(DomainEvent::type)
        .containsSubsequence(EventTypes.INCIDENT_REASSIGNED, EventTypes.INCIDENT_ASSIGNED, EventTypes.INCIDENT_REASSIGNED);
    assertThat(itsm.notifications().to("carl")).anySatisfy(n -> assertThat(n.ticketId()).isEqualTo(moved.id()));
  }

  @Test
  void reopenResumesWorkWithinTheWindow() {
    IncidentTicket inc = resolvedP1();
    itsm.clock().advance(Duration.ofDays(1));
    inc = incidents().reopen(CALLER, inc.ref(), "Still broken after the reboot");
    assertThat(inc).hasState(IncidentState.IN_PROGRESS);
    assertThat(inc.resolutionCode()).isNull();
    assertThat(inc.resolvedAt()).isNull();
    inc = incidents().resolve(AGENT, inc.ref(), Resolution.of("FIXED", "Replaced the cable"));
    assertThat(inc).hasState(IncidentState.RESOLVED);
    assertThat(itsm.events(inc.id())).extracting(DomainEvent::type).contains(EventTypes.INCIDENT_REOPENED);
  }

  @Test
  void cancelEndsTheProcessFromAnyOpenState() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = incidents().cancel(CALLER, inc.ref(), "Works again");
    assertThat(inc).hasState(IncidentState.CANCELLED);
    assertThat(itsm.timers(inc.processInstanceId())).isEmpty();
    assertThat(itsm.engine().processEngine().getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(inc.processInstanceId()).count()).isZero();
  }

  @Test
  void callerIsNotifiedOfTheResolutionAndAgentOfTheAssignment() {
    IncidentTicket inc = resolvedP1();
    assertThat(itsm.notifications().forTicket(inc.id()))
        .extracting(n -> n.type(), n -> n.recipients())
        .contains(tuple(EventTypes.INCIDENT_ASSIGNED, List.of("alice")), tuple(EventTypes.INCIDENT_RESOLVED, List.of("bob")));
  }

  @Test
  void unknownIdIsNotFound() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> incidents().get(AGENT, UUID.randomUUID()))
        .isInstanceOf(dev.itsm.api.NotFoundException.class).hasMessageContaining("visible to alice");
  }

  private IncidentTicket resolvedP1() {
    IncidentTicket inc = openP1(incidents());
    inc = incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());
    return incidents().resolve(AGENT, inc.ref(), Resolution.of("WORKAROUND", "Use the backup gateway"));
  }
}
