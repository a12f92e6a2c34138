package dev.itsm.bpmn.sla;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.AuditEntry;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.process.IncidentProcess;
import dev.itsm.api.sla.SlaAction;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.api.sla.SlaEvent;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaSettings;
import dev.itsm.spi.Directory;
import dev.itsm.spi.Notification;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thresholds with actions, escalation chains and the group-misses alert, as a host configures them:
 * every action happens once, at its threshold, and is recorded on the ticket.
 */
class SlaEscalationTest {
  static final Actor ADMIN = Actor.admin("ada");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b
      .sla(SlaSettings.builder().groupAlert(2, Duration.ofDays(1)).build())
      .plugin(context -> {
        context.directory(Directory.inMemory()
            .group("network-ops", List.of("alice", "carl"), List.of("mona", "mike"))
            .group("network-l2", List.of("nina"), List.of("nora"))
            .group("infra-leads", List.of("ivan"), List.of("iris"))
            .escalationChain("network-ops", "network-l2", "infra-leads")
            .build());
        context.slaDefinition(SlaDefinition.builder("vpn").ticketTypes(TicketType.INCIDENT).services("vpn")
            .response(Duration.ofMinutes(30)).resolution(Duration.ofHours(10))
            .threshold(50, SlaAction.NOTIFY_ASSIGNEE)
            .threshold(75, SlaAction.NOTIFY_MANAGERS)
            .threshold(90, SlaAction.ESCALATE)
            .threshold(100, SlaAction.RAISE_PRIORITY, SlaAction.MAJOR_REVIEW)
            .threshold(150, SlaAction.ESCALATE)
            .build());
      }));

  private IncidentTicket openVpn() {
    IncidentTicket inc = itsm.engine().incidents().open(CALLER, NewIncident.builder("VPN drops every hour")
        .category("network").service("vpn").impact(Impact.MEDIUM).urgency(Urgency.MEDIUM).build());
    inc = itsm.engine().incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    return itsm.engine().incidents().acknowledge(AGENT, inc.ref());
  }

  private List<String> recipients(IncidentTicket inc, String subjectPart) {
    itsm.awaitDeliveries();
    return itsm.notifications().forTicket(inc.id()).stream().filter(n -> n.subject().contains(subjectPart))
        .flatMap(n -> n.recipients().stream()).toList();
  }

  @Test
  void eachThresholdRunsItsActionsOnceAtItsPointAndRecordsThemOnTheTicket() {
    IncidentTicket inc = openVpn();
    Instant t0 = inc.openedAt();
    assertThat(itsm.timers(inc.processInstanceId())).containsEntry("sla:RESOLUTION", t0.plus(Duration.ofHours(5)));

    itsm.clock().set(t0.plus(Duration.ofHours(5)));
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isEqualTo(1);
    assertThat(recipients(inc, "50 % used")).containsExactly("alice");
    assertThat(itsm.timers(inc.processInstanceId())).containsEntry("sla:RESOLUTION", t0.plus(Duration.ofMinutes(450)));

    itsm.clock().set(t0.plus(Duration.ofMinutes(450)));
    itsm.fireDueTimers(inc.processInstanceId());
    assertThat(recipients(inc, "75 % used")).containsExactly("mona", "mike");

    itsm.clock().set(t0.plus(Duration.ofHours(9)));
    itsm.fireDueTimers(inc.processInstanceId());
    IncidentTicket escalated = itsm.engine().incidents().get(MANAGER, inc.id());
    assertThat(escalated.groupId()).isEqualTo("network-l2");
    assertThat(escalated.assigneeId()).isEqualTo("alice");
    assertThat(recipients(inc, "90 % used")).containsExactly("nora");

    itsm.clock().set(t0.plus(Duration.ofHours(10)));
    itsm.fireDueTimers(inc.processInstanceId());
    IncidentTicket raised = itsm.engine().incidents().get(MANAGER, inc.id());
    assertThat(raised.priority()).isEqualTo(Priority.P2);
    assertThat(itsm.engine().sla().status(MANAGER, inc.id(), SlaKind.RESOLUTION).breachedAt())
        .isEqualTo(t0.plus(Duration.ofHours(10)));
    assertThat(itsm.engine().processEngine().getTaskService().createTaskQuery().processInstanceId(inc.processInstanceId())
        .taskDefinitionKey(IncidentProcess.TASK_MAJOR_REVIEW).count()).isEqualTo(1);
    assertThat(recipients(inc, "target breached")).containsExactly("nora");

    // past the breach the chain goes on; at its end the last group's managers hear of it
    itsm.clock().set(t0.plus(Duration.ofHours(15)));
    itsm.fireDueTimers(inc.processInstanceId());
    assertThat(itsm.engine().incidents().get(MANAGER, inc.id()).groupId()).isEqualTo("infra-leads");
    assertThat(itsm.timers(inc.processInstanceId())).doesNotContainKey("sla:RESOLUTION");
    assertThat(itsm.fireDueTimers(inc.processInstanceId())).isZero();

    List<String> actions = itsm.engine().audit().trail(MANAGER, inc.id()).stream()
        .filter(e -> e.action().equals("sla-action")).map(e -> e.field() + " " + e.newValue()).toList();
    assertThat(actions).containsExactly(
        "sla.RESOLUTION.50%.NOTIFY_ASSIGNEE alice",
        "sla.RESOLUTION.75%.NOTIFY_MANAGERS mona,mike",
        "sla.RESOLUTION.90%.ESCALATE network-ops -> network-l2",
        "sla.RESOLUTION.100%.RAISE_PRIORITY P3 -> P2",
        "sla.RESOLUTION.100%.MAJOR_REVIEW review task opened",
        "sla.RESOLUTION.150%.ESCALATE network-l2 -> infra-leads");
    assertThat(itsm.engine().sla().explain(MANAGER, inc.id(), "RESOLUTION").timeline())
        .filteredOn(e -> e.type() == SlaEvent.Type.THRESHOLD || e.type() == SlaEvent.Type.BREACH)
        .extracting(SlaEvent::percent).containsExactly(50, 75, 90, 100, 150);
    assertThat(itsm.engine().audit().trail(MANAGER, inc.id())).extracting(AuditEntry::field)
        .contains("groupId", "priority");
  }

  @Test
  void aGroupThatMissesTooManyTargetsAlertsItsManagersOncePerPeriod() {
    // three P1 incidents routed to network-ops that nobody acknowledges: each misses its 15-minute response target
    List<IncidentTicket> tickets = List.of(openP1(itsm.engine().incidents()), openP1(itsm.engine().incidents()),
        openP1(itsm.engine().incidents()));
    itsm.clock().set(tickets.get(0).openedAt().plus(Duration.ofMinutes(15)));
    itsm.fireDueTimers(tickets.get(0).processInstanceId());
    assertThat(alerts()).isEmpty();   // one miss: below the rule's two

    itsm.fireDueTimers(tickets.get(1).processInstanceId());
    itsm.fireDueTimers(tickets.get(2).processInstanceId());
    assertThat(alerts()).singleElement().satisfies(n -> {
      assertThat(n.recipients()).containsExactly("mona", "mike");
      assertThat(n.subject()).startsWith("Group network-ops missed 2 SLA targets since");
    });
    assertThat(itsm.events(tickets.get(1).id())).extracting(e -> e.type()).contains(EventTypes.SLA_GROUP_ALERT);
  }

  private List<Notification> alerts() {
    itsm.awaitDeliveries();
    return itsm.notifications().sent().stream().filter(n -> n.type().equals(EventTypes.SLA_GROUP_ALERT)).toList();
  }
}
