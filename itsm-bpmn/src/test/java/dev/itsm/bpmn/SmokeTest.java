package dev.itsm.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.incident.*;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {
  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create();

  @Test
  void lifecycle() {
    Actor caller = Actor.caller("bob");
    Actor agent = Actor.agent("alice", "network-ops");
    IncidentService incidents = itsm.engine().incidents();
    IncidentTicket inc = incidents.open(caller, NewIncident.builder("VPN down").category("network")
        .impact(Impact.HIGH).urgency(Urgency.HIGH).build());
    System.out.println(inc);
    System.out.println(itsm.timers(inc.processInstanceId()));
    inc = incidents.assign(agent, inc.ref(), Assignment.toAgent("alice"));
    System.out.println(inc.state() + " " + itsm.timers(inc.processInstanceId()));
    inc = incidents.acknowledge(agent, inc.ref());
    System.out.println(inc.state() + " " + itsm.timers(inc.processInstanceId()));
    inc = incidents.startWork(agent, inc.ref());
    inc = incidents.hold(agent, inc.ref(), HoldReason.AWAITING_CALLER, "asked for logs");
    System.out.println(inc.state() + " " + itsm.timers(inc.processInstanceId()));
    itsm.clock().advance(Duration.ofMinutes(30));
    inc = incidents.resume(agent, inc.ref());
    System.out.println(inc.state() + " " + itsm.timers(inc.processInstanceId()));
    inc = incidents.resolve(agent, inc.ref(), Resolution.of("FIXED", "rebooted"));
    System.out.println(inc.state() + " " + itsm.timers(inc.processInstanceId()));
    inc = incidents.close(caller, inc.ref());
    System.out.println(inc.state() + " " + itsm.timers(inc.processInstanceId()));
    System.out.println(itsm.engine().sla().status(agent, inc.id()));
    System.out.println(itsm.events(inc.id()).stream().map(e -> e.type()).toList());
    System.out.println(itsm.engine().audit().trail(agent, inc.id()).size());
    assertThat(inc.state()).isEqualTo(IncidentState.CLOSED);
  }
}
