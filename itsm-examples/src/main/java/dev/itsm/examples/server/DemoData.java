package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Channel;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo incidents in each state of the lifecycle (NEW, ASSIGNED, IN_PROGRESS, ON_HOLD, RESOLVED,
 * CLOSED, CANCELLED), worked through the public API by the {@link DemoUsers#standard() demo users},
 * so their audit trails, notes and SLA clocks are real. Loaded only into a database without
 * incidents: restarting on the same database adds nothing.
 */
public final class DemoData {
  private final ItsmEngine engine;
  private final DemoUsers users;

  /**
   * @param users must hold the users of {@link DemoUsers#standard()}
   */
  public DemoData(ItsmEngine engine, DemoUsers users) {
    this.engine = engine;
    this.users = users;
  }

  /**
   * Loads the demo incidents unless the default tenant has incidents already; returns those created
   * (none when skipped). All of it is one unit of work: a crash while loading leaves nothing, and
   * the next start loads it again.
   */
  public List<IncidentTicket> loadIfEmpty() {
    return engine.inTransaction(() -> {
      long existing = incidents().query(Actor.system(), IncidentQuery.builder().page(0, 1).build()).total();
      return existing > 0 ? List.<IncidentTicket>of() : load();
    });
  }

  private List<IncidentTicket> load() {
    Actor carol = actor("carol");
    Actor dave = actor("dave");
    Actor alice = actor("alice");
    Actor bob = actor("bob");
    Actor ida = actor("ida");
    Actor eric = actor("eric");
    Actor dora = actor("dora");
    Actor sue = actor("sue");
    List<IncidentTicket> created = new ArrayList<>();

    created.add(open(carol, incident("VPN gateway drops every connection after a few minutes", "network", Impact.HIGH,
        Urgency.HIGH, Channel.PHONE)));
    created.add(open(dave, incident("Printer on floor 3 jams on duplex jobs", "hardware", Impact.LOW, Urgency.LOW,
        Channel.PORTAL)));

    IncidentTicket payroll = open(carol, incident("Cannot log in to the payroll portal", "access", Impact.MEDIUM,
        Urgency.HIGH, Channel.EMAIL));
    created.add(incidents().assign(ida, payroll.ref(), Assignment.toAgent("identity", "ida")));

    IncidentTicket outlook = open(dave, incident("Outlook crashes when opening shared calendars", "email", Impact.MEDIUM,
        Urgency.MEDIUM, Channel.CHAT));
    outlook = startWork(eric, incidents().assign(eric, outlook.ref(), Assignment.toAgent("messaging", "eric")));
    incidents().addNote(eric, outlook.id(), NewNote.workNote("Reproduced with the shared calendar of the sales team",
        Duration.ofMinutes(20)));
    incidents().addNote(eric, outlook.id(), NewNote.reply("We can reproduce it and are working on a fix."));
    created.add(outlook);

    IncidentTicket battery = open(carol, incident("Laptop battery is swelling", "hardware", Impact.LOW, Urgency.HIGH,
        Channel.WALK_IN));
    battery = startWork(bob, incidents().assign(bob, battery.ref(), Assignment.toAgent("desktop-support", "bob")));
    created.add(incidents().hold(bob, battery.ref(), HoldReason.AWAITING_VENDOR, "Replacement battery ordered"));

    IncidentTicket crm = open(dave, incident("CRM reports time out", "database", Impact.HIGH, Urgency.MEDIUM,
        Channel.MONITORING));
    crm = startWork(dora, incidents().assign(dora, crm.ref(), Assignment.toAgent("dba", "dora")));
    created.add(incidents().resolve(dora, crm.ref(), Resolution.of("FIXED", "Added the missing index on orders.customer_id")));

    IncidentTicket wifi = open(carol, incident("Guest Wi-Fi asks for a password", "network", Impact.LOW, Urgency.MEDIUM,
        Channel.PORTAL));
    wifi = startWork(alice, incidents().assign(alice, wifi.ref(), Assignment.toAgent("network-ops", "alice")));
    wifi = incidents().resolve(alice, wifi.ref(), Resolution.of("USER_ERROR", "The guest network is 'Visitors', not 'Staff'"));
    created.add(incidents().close(carol, wifi.ref()));

    IncidentTicket duplicate = open(dave, incident("Printer jams again", "other", Impact.LOW, Urgency.LOW, Channel.EMAIL));
    created.add(incidents().cancel(sue, duplicate.ref(), "Duplicate of the printer incident reported earlier"));
    return List.copyOf(created);
  }

  private IncidentTicket startWork(Actor agent, IncidentTicket assigned) {
    return incidents().startWork(agent, incidents().acknowledge(agent, assigned.ref()).ref());
  }

  private IncidentTicket open(Actor caller, NewIncident incident) {
    return incidents().open(caller, incident);
  }

  private static NewIncident incident(String title, String category, Impact impact, Urgency urgency, Channel channel) {
    return NewIncident.builder(title).category(category).impact(impact).urgency(urgency).channel(channel).build();
  }

  private Actor actor(String id) {
    return users.user(id).actor();
  }

  private IncidentService incidents() {
    return engine.incidents();
  }
}
