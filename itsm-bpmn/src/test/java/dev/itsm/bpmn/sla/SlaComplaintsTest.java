package dev.itsm.bpmn.sla;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.Actor;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.RecomputePolicy;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.api.sla.SlaEvent;
import dev.itsm.api.sla.SlaExplanation;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaService;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The complaints users of other service desks raise most about SLAs, each written as the scenario
 * that shows it does not happen here: pause time lost on a priority change, pending states that
 * still count, no business hours, deadlines nobody can explain.
 */
class SlaComplaintsTest {
  static final Actor ADMIN = Actor.admin("ada");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(context -> {
    context.directory(directory());
    context.calendars("calendars/office.yaml", BusinessCalendarEngineTest.resource("/calendars/office.yaml"));
  }));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private SlaService sla() {
    return itsm.engine().sla();
  }

  private IncidentTicket openMail(Impact impact, Urgency urgency) {
    return incidents().open(CALLER, NewIncident.builder("Mail stuck in outbox").category("network").service("mail")
        .impact(impact).urgency(urgency).build());
  }

  /** Opened as P3, worked on, two hours on hold, then raised to P1. */
  private IncidentTicket heldThenRaised() {
    IncidentTicket inc = open(incidents(), Impact.MEDIUM, Urgency.MEDIUM);
    assertThat(inc.priority()).isEqualTo(Priority.P3);
    inc = incidents().assign(MANAGER, inc.ref(), dev.itsm.api.incident.Assignment.toAgent("alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());
    itsm.clock().advance(Duration.ofMinutes(30));
    inc = incidents().hold(AGENT, inc.ref(), HoldReason.AWAITING_CALLER, "Asked for the error message");
    itsm.clock().advance(Duration.ofHours(2));
    inc = incidents().resume(AGENT, inc.ref());
    itsm.clock().advance(Duration.ofMinutes(30));
    return incidents().reclassify(MANAGER, inc.ref(), Impact.HIGH, Urgency.HIGH);
  }

  @Test
  void raisingThePriorityAfterAHoldKeepsTheHoldOutOfTheNewDeadline() {
    IncidentTicket inc = heldThenRaised();
    assertThat(inc.priority()).isEqualTo(Priority.P1);
    SlaStatus resolution = sla().status(AGENT, inc.id(), SlaKind.RESOLUTION);
    // P1 resolution is 4 h; one hour counted before the change, the two hours on hold never count
    assertThat(resolution.definition()).isEqualTo("incident-p1");
    assertThat(resolution.elapsed()).isEqualTo(Duration.ofHours(1));
    assertThat(resolution.pausedTotal()).isEqualTo(Duration.ofHours(2));
    assertThat(resolution.deadline()).isEqualTo(inc.openedAt().plus(Duration.ofHours(4 + 2)));
    assertThat(itsm.timers(inc.processInstanceId())).containsEntry("sla:RESOLUTION",
        inc.openedAt().plus(Duration.ofHours(3 + 2)));   // its next threshold: 75 % of 4 h, plus the hold

    // and lowering it again gives the P3 deadline back, with the same hold still out
    inc = incidents().reclassify(MANAGER, inc.ref(), Impact.MEDIUM, Urgency.MEDIUM);
    assertThat(sla().status(AGENT, inc.id(), SlaKind.RESOLUTION).deadline())
        .isEqualTo(inc.openedAt().plus(Duration.ofHours(24 + 2)));
  }

  @Test
  void underTheFromNowPolicyTheNewTargetCountsFromTheChangeAndTheHoldStaysOnTheTimeline() {
    for (Priority p : new Priority[] {Priority.P1, Priority.P3}) {
      sla().define(ADMIN, SlaDefinition.builder("mail-" + p.name().toLowerCase()).ticketTypes(TicketType.INCIDENT)
          .services("mail").priorities(p).recompute(RecomputePolicy.FROM_NOW)
          .response(Duration.ofMinutes(p == Priority.P1 ? 15 : 60))
          .resolution(Duration.ofHours(p == Priority.P1 ? 2 : 8)).build());
    }
    IncidentTicket inc = openMail(Impact.MEDIUM, Urgency.MEDIUM);
    inc = incidents().assign(MANAGER, inc.ref(), dev.itsm.api.incident.Assignment.toAgent("alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());
    inc = incidents().hold(AGENT, inc.ref(), HoldReason.AWAITING_VENDOR, "Vendor ticket 4711");
    itsm.clock().advance(Duration.ofHours(3));
    inc = incidents().resume(AGENT, inc.ref());
    itsm.clock().advance(Duration.ofHours(1));
    Instant change = itsm.clock().instant();
    inc = incidents().reclassify(MANAGER, inc.ref(), Impact.HIGH, Urgency.HIGH);

    SlaExplanation e = sla().explain(AGENT, inc.id(), "RESOLUTION");
    assertThat(e.status().definition()).isEqualTo("mail-p1");
    assertThat(e.status().deadline()).isEqualTo(change.plus(Duration.ofHours(2)));
    assertThat(e.status().pausedTotal()).isEqualTo(Duration.ofHours(3));
    assertThat(e.timeline()).extracting(SlaEvent::type).containsExactly(SlaEvent.Type.START, SlaEvent.Type.PAUSE,
        SlaEvent.Type.RESUME, SlaEvent.Type.RETARGET);
    assertThat(e.timeline().get(1).reason()).isEqualTo("state ON_HOLD: AWAITING_VENDOR");
    assertThat(e.timeline().get(3)).satisfies(r -> {
      assertThat(r.policy()).isEqualTo(RecomputePolicy.FROM_NOW);
      assertThat(r.reason()).isEqualTo("priority P3 -> P1");
      assertThat(r.definition()).isEqualTo("mail-p1");
      assertThat(r.target()).isEqualTo(Duration.ofHours(2));
    });
  }

  @Test
  void whichStatesPauseAClockIsTheDefinitionsChoice() {
    // the SLA keeps counting while the desk waits for a vendor; the network team's OLA does not
    sla().define(ADMIN, SlaDefinition.builder("mail-strict").ticketTypes(TicketType.INCIDENT).services("mail")
        .response(Duration.ofMinutes(30)).resolution(Duration.ofHours(8)).pauseIn("RESOLUTION").build());
    sla().define(ADMIN, SlaDefinition.builder("network-ola").agreement(Agreement.OLA, "network-ops")
        .ticketTypes(TicketType.INCIDENT).resolution(Duration.ofHours(6))
        .pauseIn("RESOLUTION", "ON_HOLD", "ASSIGNED").build());
    IncidentTicket inc = openMail(Impact.LOW, Urgency.LOW);
    itsm.clock().advance(Duration.ofMinutes(10));
    inc = incidents().assign(MANAGER, inc.ref(), dev.itsm.api.incident.Assignment.toAgent("alice"));
    itsm.clock().advance(Duration.ofMinutes(20));   // assigned, not yet acknowledged: the OLA does not count
    inc = incidents().acknowledge(AGENT, inc.ref());
    itsm.clock().advance(Duration.ofMinutes(30));
    inc = incidents().hold(AGENT, inc.ref(), HoldReason.AWAITING_VENDOR, "RMA");
    itsm.clock().advance(Duration.ofHours(5));

    SlaStatus slaClock = sla().status(AGENT, inc.id(), SlaKind.RESOLUTION);
    SlaStatus ola = sla().explain(AGENT, inc.id(), "OLA/network-ops/RESOLUTION").status();
    assertThat(slaClock.state()).isEqualTo(SlaState.RUNNING);
    assertThat(slaClock.elapsed()).isEqualTo(Duration.ofMinutes(60 + 300));
    assertThat(ola.state()).isEqualTo(SlaState.PAUSED);
    assertThat(ola.elapsed()).isEqualTo(Duration.ofMinutes(10 + 30));
    assertThat(ola.pausedTotal()).isEqualTo(Duration.ofMinutes(20 + 300));
    // a state's pause ends with the state, not by hand
    IncidentTicket held = inc;
    assertThatThrownBy(() -> sla().resume(AGENT, held.id(), "OLA/network-ops/RESOLUTION"))
        .isInstanceOf(dev.itsm.api.IllegalTransitionException.class).hasMessageContaining("paused by hand");
  }

  @Test
  void aChangeStartsOnlyTargetsNotYetPassedAndATargetThatAppliesAgainRunsOn() {
    sla().define(ADMIN, SlaDefinition.builder("mail-p1").ticketTypes(TicketType.INCIDENT).services("mail")
        .priorities(Priority.P1).response(Duration.ofMinutes(15)).resolution(Duration.ofHours(2))
        .milestone("callback", Duration.ofMinutes(30)).build());
    sla().define(ADMIN, SlaDefinition.builder("mail-ola-p1").agreement(Agreement.OLA, "network-ops")
        .ticketTypes(TicketType.INCIDENT).services("mail").priorities(Priority.P1)
        .response(Duration.ofMinutes(10)).resolution(Duration.ofHours(1)).build());
    IncidentTicket inc = openMail(Impact.MEDIUM, Urgency.MEDIUM);
    inc = incidents().assign(MANAGER, inc.ref(), dev.itsm.api.incident.Assignment.toAgent("alice"));
    inc = incidents().acknowledge(AGENT, inc.ref());
    itsm.clock().advance(Duration.ofMinutes(5));
    inc = incidents().reclassify(MANAGER, inc.ref(), Impact.HIGH, Urgency.HIGH);
    // the OLA's response target was passed already (acknowledged): only its resolution clock starts
    assertThat(sla().status(AGENT, inc.id())).extracting(c -> c.agreement() + "/" + c.clock() + " " + c.state())
        .containsExactly("SLA/RESPONSE MET", "SLA/RESOLUTION RUNNING", "SLA/callback RUNNING",
            "OLA/RESOLUTION RUNNING");

    itsm.clock().advance(Duration.ofMinutes(10));
    inc = incidents().reclassify(MANAGER, inc.ref(), Impact.MEDIUM, Urgency.MEDIUM);
    assertThat(sla().status(AGENT, inc.id())).extracting(c -> c.agreement() + "/" + c.clock() + " " + c.state())
        .containsExactly("SLA/RESPONSE MET", "SLA/RESOLUTION RUNNING", "SLA/callback CANCELLED",
            "OLA/RESOLUTION CANCELLED");
    itsm.clock().advance(Duration.ofMinutes(20));
    inc = incidents().reclassify(MANAGER, inc.ref(), Impact.HIGH, Urgency.HIGH);
    SlaExplanation callback = sla().explain(AGENT, inc.id(), "callback");
    assertThat(callback.status().state()).isEqualTo(SlaState.RUNNING);
    assertThat(callback.status().elapsed()).isEqualTo(Duration.ofMinutes(10));   // the cancelled 20 minutes do not count
    assertThat(callback.timeline()).extracting(SlaEvent::type).containsExactly(SlaEvent.Type.START,
        SlaEvent.Type.CANCEL, SlaEvent.Type.RESTART);
  }

  @Test
  void aResolutionTargetInOfficeHoursIsDueAfterTheWeekendAndItsTimerFiresThen() {
    sla().define(ADMIN, SlaDefinition.builder("mail-office").ticketTypes(TicketType.INCIDENT).services("mail")
        .calendar("emea-office").response(Duration.ofHours(1)).resolution(Duration.ofHours(4)).build());
    itsm.clock().set(LocalDateTime.parse("2026-11-27T16:00").atZone(BERLIN).toInstant());   // Friday, one office hour left
    IncidentTicket inc = openMail(Impact.LOW, Urgency.LOW);
    Instant due = LocalDateTime.parse("2026-11-30T11:00").atZone(BERLIN).toInstant();   // 1 h Friday + 3 h Monday
    SlaStatus resolution = sla().status(AGENT, inc.id(), SlaKind.RESOLUTION);
    assertThat(resolution.deadline()).isEqualTo(due);
    // the timers wait for the first thresholds: 75 % of 4 office hours is Monday 10:00, of one hour Friday 16:45
    assertThat(itsm.timers(inc.processInstanceId()))
        .containsEntry("sla:RESOLUTION", LocalDateTime.parse("2026-11-30T10:00").atZone(BERLIN).toInstant())
        .containsEntry("sla:RESPONSE", LocalDateTime.parse("2026-11-27T16:45").atZone(BERLIN).toInstant());

    itsm.clock().set(LocalDateTime.parse("2026-11-29T23:00").atZone(BERLIN).toInstant());   // Sunday night
    assertThat(sla().status(AGENT, inc.id(), SlaKind.RESOLUTION).elapsed()).isEqualTo(Duration.ofHours(1));
    itsm.clock().set(due.minusSeconds(60));
    itsm.fireDueTimers(inc.processInstanceId());
    assertThat(sla().status(AGENT, inc.id(), SlaKind.RESOLUTION).breachedAt()).isNull();
    assertThat(itsm.timers(inc.processInstanceId())).containsEntry("sla:RESOLUTION", due);
    itsm.clock().set(due);
    itsm.fireDueTimers(inc.processInstanceId());
    assertThat(sla().status(AGENT, inc.id(), SlaKind.RESOLUTION).breachedAt()).isEqualTo(due);
  }

  @Test
  void everyDeadlineComesWithItsTimelineAndArithmetic() {
    IncidentTicket inc = heldThenRaised();
    SlaExplanation e = sla().explain(MANAGER, inc.id(), "RESOLUTION");
    assertThat(e.timeline()).extracting(SlaEvent::type).containsExactly(SlaEvent.Type.START, SlaEvent.Type.PAUSE,
        SlaEvent.Type.RESUME, SlaEvent.Type.RETARGET);
    assertThat(e.timeline()).extracting(SlaEvent::actorId).containsExactly("bob", "alice", "alice", "mona");
    assertThat(e.counted()).extracting(SlaExplanation.Interval::business)
        .containsExactly(Duration.ofMinutes(30), Duration.ofMinutes(30));
    Instant resumed = inc.openedAt().plus(Duration.ofMinutes(150));
    assertThat(e.arithmetic()).contains(
        "definition incident-p1 v1 (SLA), target RESOLUTION = 4h on calendar 24x7",
        "elapsed = 1h; remaining = target - elapsed = 3h",
        "deadline = calendar 24x7 plus 3h30min (target 4h - 30min counted before) from " + resumed + " = "
            + inc.openedAt().plus(Duration.ofHours(6)),
        "not counted (paused or stopped) = 2h wall time");
  }
}
