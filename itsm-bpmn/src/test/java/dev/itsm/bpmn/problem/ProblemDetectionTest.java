package dev.itsm.bpmn.problem;

import static dev.itsm.bpmn.problem.ProblemFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngineBuilder;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketRef;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NoteVisibility;
import dev.itsm.api.incident.TicketNote;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.problem.CallerFlag;
import dev.itsm.api.problem.NewKnownError;
import dev.itsm.api.problem.NewProblem;
import dev.itsm.api.problem.ProblemProposal;
import dev.itsm.api.problem.ProblemProposal.Basis;
import dev.itsm.api.problem.ProblemProposal.Status;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemResolution;
import dev.itsm.api.problem.ProblemService;
import dev.itsm.api.problem.ProblemSettings;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.api.problem.WorkaroundOffer;
import dev.itsm.spi.Notification;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proactive detection from the host's side: repeated incidents in a category or on a CI propose a problem, which
 * the problem manager accepts or dismisses; a caller's repeated contacts about a service warn the desk and flag the
 * caller; a published known error offers its workaround on matching new incidents.
 *
 * <p>The tests share one engine: each counts in categories, CIs and callers of its own.
 */
class ProblemDetectionTest {

  /** 3 incidents within 7 days propose; 3 contacts within 30 days flag. */
  private static final ProblemSettings DETECTION = ProblemSettings.builder()
      .repeatedIncidents(3, Duration.ofDays(7))
      .repeatedContacts(3, Duration.ofDays(30))
      .build();

  private static final Consumer<ItsmEngineBuilder> CONFIGURATION =
      b -> b.plugin(DIRECTORY).incidents(INCIDENTS).problems(DETECTION);

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(CONFIGURATION);

  private static ProblemService problems() {
    return itsm.engine().problems();
  }

  private static IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private static Instant now() {
    return itsm.clock().instant();
  }

  /** Incidents opened in one instant have no order: the tests that check the order open them a minute apart. */
  private static void aMinuteLater() {
    itsm.clock().advance(Duration.ofMinutes(1));
  }

  /** Every proposal (open or decided) on the category or CI, newest first. */
  private static List<ProblemProposal> proposalsOn(String key) {
    return problems().proposals(PAM, false).stream().filter(p -> p.key().equals(key)).toList();
  }

  private static List<DomainEvent> events(UUID ticketId, String type) {
    return itsm.events(ticketId).stream().filter(e -> e.type().equals(type)).toList();
  }

  private static List<Notification> notifications(UUID ticketId, String type) {
    return itsm.notifications().forTicket(ticketId).stream().filter(n -> n.type().equals(type)).toList();
  }

  private static String data(DomainEvent event, String key) {
    return String.valueOf(event.data().get(key));
  }

  private static Ci server(String name) {
    return itsm.engine().cmdb().create(CONNY, NewCi.of("Server", name, Map.of()));
  }

  // ------------------------------------------------------------------ repeated incidents in a category

  @Test
  void threeIncidentsInACategoryWithinThePeriodProposeAProblem() {
    // given two printing incidents two days apart
    IncidentTicket first = incident(incidents(), "Printer on floor 2 jams", "printing");
    itsm.clock().advance(Duration.ofDays(2));
    IncidentTicket second = incident(incidents(), "Badge printer offline", "printing");
    assertThat(proposalsOn("printing")).isEmpty();
    itsm.clock().advance(Duration.ofDays(2));

    // when a third comes within the seven days
    IncidentTicket third = incident(incidents(), "Printing from SAP fails", "printing");

    // then a problem is proposed on the category with the three incidents, oldest first
    assertThat(proposalsOn("printing")).singleElement().satisfies(p -> {
      assertThat(p.basis()).isEqualTo(Basis.CATEGORY);
      assertThat(p.status()).isEqualTo(Status.OPEN);
      assertThat(p.incidentIds()).containsExactly(first.id(), second.id(), third.id());
      assertThat(p.proposedAt()).isEqualTo(now());
      assertThat(p.decidedBy()).isNull();
      assertThat(p.problemId()).isNull();
    });
    assertThat(problems().proposals(PAM, true)).extracting(ProblemProposal::key).contains("printing");
    // the event is on the incident that completed the count
    assertThat(events(third.id(), EventTypes.PROBLEM_PROPOSED)).singleElement().satisfies(e -> {
      assertThat(data(e, "basis")).isEqualTo("CATEGORY");
      assertThat(data(e, "key")).isEqualTo("printing");
      assertThat(data(e, "incidents")).isEqualTo("3");
      assertThat(data(e, "proposalId")).isEqualTo(proposalsOn("printing").get(0).id().toString());
    });
    assertThat(events(first.id(), EventTypes.PROBLEM_PROPOSED)).isEmpty();
    assertThat(events(second.id(), EventTypes.PROBLEM_PROPOSED)).isEmpty();
    // and the problem managers are told
    assertThat(notifications(third.id(), EventTypes.PROBLEM_PROPOSED)).singleElement().satisfies(n -> {
      assertThat(n.recipients()).containsExactly("pam");
      assertThat(n.subject()).isEqualTo("Problem proposed: 3 incidents in category printing");
      assertThat(n.body()).contains(third.number());
    });
  }

  @Test
  void aFourthIncidentJoinsTheOpenProposalInsteadOfProposingAgain() {
    // given an open proposal on telephony
    IncidentTicket first = incident(incidents(), "Desk phone dead", "telephony");
    aMinuteLater();
    IncidentTicket second = incident(incidents(), "No dial tone", "telephony");
    aMinuteLater();
    IncidentTicket third = incident(incidents(), "Phones reboot", "telephony");
    ProblemProposal proposal = proposalsOn("telephony").get(0);
    itsm.clock().advance(Duration.ofDays(10));   // even after the period: an open proposal collects

    // when a fourth telephony incident is opened
    IncidentTicket fourth = incident(incidents(), "Conference phone crackles", "telephony");

    // then it joins the proposal: still one, with four incidents, told once
    assertThat(proposalsOn("telephony")).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo(proposal.id());
      assertThat(p.status()).isEqualTo(Status.OPEN);
      assertThat(p.incidentIds()).containsExactly(first.id(), second.id(), third.id(), fourth.id());
    });
    assertThat(events(fourth.id(), EventTypes.PROBLEM_PROPOSED)).isEmpty();
    assertThat(notifications(fourth.id(), EventTypes.PROBLEM_PROPOSED)).isEmpty();
  }

  @Test
  void incidentsSpreadBeyondThePeriodProposeNothing() {
    // given storage incidents four days apart: never three within seven days
    incident(incidents(), "Share full", "storage");
    itsm.clock().advance(Duration.ofDays(4));
    IncidentTicket second = incident(incidents(), "Quota exceeded", "storage");
    itsm.clock().advance(Duration.ofDays(4));

    // when the third comes eight days after the first
    IncidentTicket third = incident(incidents(), "Disk slow", "storage");

    // then nothing is proposed
    assertThat(proposalsOn("storage")).isEmpty();
    assertThat(events(third.id(), EventTypes.PROBLEM_PROPOSED)).isEmpty();

    // and a fourth two days later, within seven days of the second and third, proposes with those three
    itsm.clock().advance(Duration.ofDays(2));
    IncidentTicket fourth = incident(incidents(), "NAS unreachable", "storage");
    assertThat(proposalsOn("storage")).singleElement()
        .satisfies(p -> assertThat(p.incidentIds()).containsExactly(second.id(), third.id(), fourth.id()));
  }

  // ------------------------------------------------------------------ repeated incidents on a CI

  @Test
  void threeIncidentsOnOneCiWithinThePeriodProposeAProblemOnIt() {
    // given a mail relay and incidents of different categories on it
    Ci relay = server("mail-relay-1");
    IncidentTicket first = incident(incidents(), "Mails delayed", "voip", relay.id());
    itsm.clock().advance(Duration.ofDays(1));
    IncidentTicket second = incident(incidents(), "Voicemail to mail broken", "intercom", relay.id());
    assertThat(proposalsOn(relay.id().toString())).isEmpty();
    itsm.clock().advance(Duration.ofDays(1));

    // when the third incident on the relay is opened
    IncidentTicket third = incident(incidents(), "Door camera alerts missing", "signage", relay.id());

    // then a problem is proposed on the CI
    assertThat(proposalsOn(relay.id().toString())).singleElement().satisfies(p -> {
      assertThat(p.basis()).isEqualTo(Basis.CI);
      assertThat(p.status()).isEqualTo(Status.OPEN);
      assertThat(p.incidentIds()).containsExactly(first.id(), second.id(), third.id());
    });
    assertThat(events(third.id(), EventTypes.PROBLEM_PROPOSED)).singleElement()
        .satisfies(e -> assertThat(data(e, "basis")).isEqualTo("CI"));
    assertThat(notifications(third.id(), EventTypes.PROBLEM_PROPOSED)).singleElement().satisfies(n -> {
      assertThat(n.recipients()).containsExactly("pam");
      assertThat(n.subject()).isEqualTo("Problem proposed: 3 incidents on CI " + relay.id());
    });
    // none on the three categories, which each had one incident
    assertThat(proposalsOn("voip")).isEmpty();
  }

  @Test
  void incidentsOnACiSpreadBeyondThePeriodProposeNothing() {
    // given a file server with incidents five days apart
    Ci files = server("file-server-7");
    incident(incidents(), "Share slow", "hardware", files.id());
    itsm.clock().advance(Duration.ofDays(5));
    incident(incidents(), "Share slow again", "software", files.id());
    itsm.clock().advance(Duration.ofDays(5));

    // when the third comes ten days after the first
    incident(incidents(), "Share slow once more", "database", files.id());

    // then nothing is proposed on it
    assertThat(proposalsOn(files.id().toString())).isEmpty();
  }

  // ------------------------------------------------------------------ accepting and dismissing

  @Test
  void acceptingAProposalRecordsAProblemFromItsIncidents() {
    // given a proposal on scanners; the second incident is the worst (P2)
    IncidentTicket first = incident(incidents(), BOB, "Scanner jams", "scanner", Impact.LOW, Urgency.LOW, null);
    aMinuteLater();
    IncidentTicket second = incident(incidents(), CLEO, "No scanner works", "scanner", Impact.MEDIUM, Urgency.HIGH, null);
    aMinuteLater();
    IncidentTicket third = incident(incidents(), BOB, "Scan to mail slow", "scanner", Impact.LOW, Urgency.MEDIUM, null);
    ProblemProposal proposal = proposalsOn("scanner").get(0);
    itsm.clock().advance(Duration.ofHours(2));

    // when pam accepts it
    ProblemRecord problem = problems().acceptProposal(PAM, proposal.id());

    // then a new problem is recorded from the incidents, impact and urgency of the worst
    assertThat(problem.state()).isEqualTo(ProblemState.NEW);
    assertThat(problem.title()).isEqualTo("Repeated incidents in category scanner");
    assertThat(problem.category()).isEqualTo("scanner");
    assertThat(problem.affectedCis()).isEmpty();
    assertThat(problem.incidentIds()).containsExactly(first.id(), second.id(), third.id());
    assertThat(problem.impact()).isEqualTo(Impact.MEDIUM);
    assertThat(problem.urgency()).isEqualTo(Urgency.HIGH);
    assertThat(problem.priority()).isEqualTo(Priority.P2);
    assertThat(problem.reportedBy()).isEqualTo("pam");
    assertThat(problem.majorReview()).isNull();
    assertThat(problems().problemsOfIncident(MONA, second.id())).containsExactly(problem.id());
    // the proposal is accepted and points at it
    assertThat(proposalsOn("scanner")).singleElement().satisfies(p -> {
      assertThat(p.status()).isEqualTo(Status.ACCEPTED);
      assertThat(p.problemId()).isEqualTo(problem.id());
      assertThat(p.decidedBy()).isEqualTo("pam");
      assertThat(p.decidedAt()).isEqualTo(now());
      assertThat(p.incidentIds()).containsExactly(first.id(), second.id(), third.id());
    });
    assertThat(problems().proposals(PAM, true)).extracting(ProblemProposal::id).doesNotContain(proposal.id());
    assertThat(events(problem.id(), EventTypes.PROBLEM_CREATED)).singleElement().satisfies(e -> {
      assertThat(data(e, "proposalId")).isEqualTo(proposal.id().toString());
      assertThat(data(e, "incidents")).isEqualTo("3");
    });
    assertThat(events(problem.id(), EventTypes.PROBLEM_INCIDENT_LINKED)).hasSize(3);
  }

  @Test
  void acceptingTakesImpactAndUrgencyOfTheWorstIncident() {
    // given a proposal on kiosks: a P4 (medium impact, low urgency), a P3 (low impact, high urgency) and a P5
    IncidentTicket p4 = incident(incidents(), BOB, "Kiosk screen dim", "kiosk", Impact.MEDIUM, Urgency.LOW, null);
    IncidentTicket p3 = incident(incidents(), BOB, "Kiosk card reader", "kiosk", Impact.LOW, Urgency.HIGH, null);
    IncidentTicket p5 = incident(incidents(), BOB, "Kiosk slow", "kiosk", Impact.LOW, Urgency.LOW, null);
    assertThat(List.of(p4.priority(), p3.priority(), p5.priority())).containsExactly(Priority.P4, Priority.P3, Priority.P5);

    // when pam accepts it
    ProblemRecord problem = problems().acceptProposal(PAM, proposalsOn("kiosk").get(0).id());

    // then the problem has the impact and urgency of the worst incident, the P3, and so its priority
    assertThat(problem.priority()).isEqualTo(Priority.P3);
    assertThat(problem.impact()).isEqualTo(Impact.LOW);
    assertThat(problem.urgency()).isEqualTo(Urgency.HIGH);
  }

  @Test
  void acceptingACiProposalRecordsAProblemOnTheCiNamedAfterIt() {
    // given a proposal on an application
    Ci app = itsm.engine().cmdb().create(CONNY, NewCi.of("Application", "orders-app", Map.of()));
    IncidentTicket first = incident(incidents(), "Orders slow", "cad", app.id());
    aMinuteLater();
    IncidentTicket second = incident(incidents(), "Orders time out", "lab", app.id());
    aMinuteLater();
    IncidentTicket third = incident(incidents(), "Orders lost", "travel", app.id());
    ProblemProposal proposal = proposalsOn(app.id().toString()).get(0);

    // when pam accepts it
    ProblemRecord problem = problems().acceptProposal(PAM, proposal.id());

    // then the problem is on the CI, named after it, without a category
    assertThat(problem.title()).isEqualTo("Repeated incidents on orders-app");
    assertThat(problem.affectedCis()).containsExactly(app.id());
    assertThat(problem.category()).isNull();
    assertThat(problem.incidentIds()).containsExactly(first.id(), second.id(), third.id());
    assertThat(proposalsOn(app.id().toString()).get(0).problemId()).isEqualTo(problem.id());
  }

  @Test
  void dismissingAProposalRecordsTheReasonAndOnlyIncidentsAfterTheDecisionCountAgain() {
    // given a proposal on badge readers
    incident(incidents(), "Badge reader A dead", "badge");
    itsm.clock().advance(Duration.ofHours(1));
    incident(incidents(), "Badge reader B dead", "badge");
    itsm.clock().advance(Duration.ofHours(1));
    incident(incidents(), "Badge reader C dead", "badge");
    ProblemProposal proposal = proposalsOn("badge").get(0);
    itsm.clock().advance(Duration.ofHours(1));

    // when pam dismisses it
    ProblemProposal dismissed = problems().dismissProposal(PAM, proposal.id(), "Power cut in building C, not a problem");

    // then it is dismissed with the reason
    assertThat(dismissed.status()).isEqualTo(Status.DISMISSED);
    assertThat(dismissed.reason()).isEqualTo("Power cut in building C, not a problem");
    assertThat(dismissed.decidedBy()).isEqualTo("pam");
    assertThat(dismissed.decidedAt()).isEqualTo(now());
    assertThat(dismissed.problemId()).isNull();
    assertThat(dismissed.incidentIds()).hasSize(3);
    assertThat(problems().proposals(PAM, true)).extracting(ProblemProposal::id).doesNotContain(proposal.id());

    // and the next two badge incidents (with the three before, five within the period) propose nothing
    itsm.clock().advance(Duration.ofHours(1));
    IncidentTicket fourth = incident(incidents(), "Badge reader D dead", "badge");
    aMinuteLater();
    IncidentTicket fifth = incident(incidents(), "Badge reader E dead", "badge");
    aMinuteLater();
    assertThat(proposalsOn("badge")).extracting(ProblemProposal::status).containsExactly(Status.DISMISSED);

    // only the third after the decision proposes again, with the incidents after it
    IncidentTicket sixth = incident(incidents(), "Badge reader F dead", "badge");
    List<ProblemProposal> all = proposalsOn("badge");
    assertThat(all).hasSize(2);
    assertThat(all.get(0).status()).isEqualTo(Status.OPEN);
    assertThat(all.get(0).incidentIds()).containsExactly(fourth.id(), fifth.id(), sixth.id());
  }

  @Test
  void anOpenProblemInTheCategorySuppressesNewProposalsUntilItIsNoLongerOpen() {
    // given an open problem on wifi
    ProblemRecord problem = problems().create(ALICE, problem("Wifi drops in the east wing", "wifi").build());

    // when three wifi incidents come
    IncidentTicket first = incident(incidents(), "Wifi drops", "wifi");
    aMinuteLater();
    IncidentTicket second = incident(incidents(), "Wifi slow", "wifi");
    aMinuteLater();
    IncidentTicket third = incident(incidents(), "No wifi", "wifi");

    // then nothing is proposed: the problem is being worked
    assertThat(proposalsOn("wifi")).isEmpty();
    assertThat(events(third.id(), EventTypes.PROBLEM_PROPOSED)).isEmpty();

    // once it is cancelled, the next repeat proposes again
    problems().cancel(PAM, TicketRef.of(problem.id()), "Recorded on the wrong site");
    aMinuteLater();
    IncidentTicket fourth = incident(incidents(), "Wifi gone", "wifi");
    assertThat(proposalsOn("wifi")).singleElement()
        .satisfies(p -> assertThat(p.incidentIds()).containsExactly(first.id(), second.id(), third.id(), fourth.id()));
  }

  @Test
  void anOpenProblemOnTheCiSuppressesNewProposalsOnIt() {
    // given an open problem on a database server
    Ci db = server("db-server-3");
    problems().create(ALICE, NewProblem.builder("Database server reboots").affectedCi(db.id()).build());

    // when three incidents on it come
    incident(incidents(), "Reports fail", "access", db.id());
    incident(incidents(), "Reports fail again", "email", db.id());
    IncidentTicket third = incident(incidents(), "Reports fail once more", "other", db.id());

    // then nothing is proposed on the CI
    assertThat(proposalsOn(db.id().toString())).isEmpty();
    assertThat(events(third.id(), EventTypes.PROBLEM_PROPOSED)).isEmpty();
  }

  @Test
  void repeatedIncidentsZeroTurnsTheDetectionOff() {
    // given an engine with the detection of repeated incidents off
    itsm.awaitDeliveries();
    itsm.restart(b -> b.plugin(DIRECTORY).incidents(INCIDENTS).problems(ProblemSettings.builder()
        .repeatedIncidents(0, Duration.ofDays(7)).repeatedContacts(3, Duration.ofDays(30)).build()));
    try {
      // when four payroll incidents come on one server within a day
      Ci payroll = server("payroll-host");
      IncidentTicket last = null;
      for (int i = 0; i < 4; i++) {
        last = incident(incidents(), "Payslips missing " + i, "payroll", payroll.id());
      }

      // then nothing is proposed, neither on the category nor on the CI
      assertThat(proposalsOn("payroll")).isEmpty();
      assertThat(proposalsOn(payroll.id().toString())).isEmpty();
      assertThat(events(last.id(), EventTypes.PROBLEM_PROPOSED)).isEmpty();
    } finally {
      itsm.awaitDeliveries();
      itsm.restart(CONFIGURATION);
    }
  }

  @Test
  void eachTenantCountsItsOwnIncidents() {
    // given two parking incidents in the default tenant and two in tenant acme
    Actor acmeCaller = BOB.inTenant("acme");
    incident(incidents(), "Barrier stuck", "parking");
    incident(incidents(), "Ticket machine broken", "parking");
    incident(incidents(), acmeCaller, "Barrier stuck", "parking", Impact.LOW, Urgency.LOW, null);
    incident(incidents(), acmeCaller, "Gate does not open", "parking", Impact.LOW, Urgency.LOW, null);
    assertThat(proposalsOn("parking")).isEmpty();

    // when acme has a third
    IncidentTicket third = incident(incidents(), acmeCaller, "Card not read", "parking", Impact.LOW, Urgency.LOW, null);

    // then only acme gets a proposal, of its own three incidents
    assertThat(proposalsOn("parking")).isEmpty();
    assertThat(problems().proposals(PAM.inTenant("acme"), true)).filteredOn(p -> p.key().equals("parking")).singleElement()
        .satisfies(p -> assertThat(p.incidentIds()).hasSize(3).contains(third.id()));
  }

  // ------------------------------------------------------------------ repeated contacts

  /** Three incidents of the caller about service vpn, a day apart, in the category. */
  private static List<IncidentTicket> threeVpnContacts(Actor caller, String category) {
    IncidentTicket first = incident(incidents(), caller, "VPN drops", category, Impact.LOW, Urgency.LOW, "vpn");
    itsm.clock().advance(Duration.ofDays(1));
    IncidentTicket second = incident(incidents(), caller, "VPN drops again", category, Impact.LOW, Urgency.LOW, "vpn");
    itsm.clock().advance(Duration.ofDays(1));
    IncidentTicket third = incident(incidents(), caller, "VPN still drops", category, Impact.LOW, Urgency.LOW, "vpn");
    return List.of(first, second, third);
  }

  private static List<String> workNotes(Actor agent, UUID incidentId) {
    return incidents().notes(agent, incidentId).stream().filter(n -> n.visibility() == NoteVisibility.WORK_NOTE)
        .map(TicketNote::text).toList();
  }

  @Test
  void threeContactsOfACallerAboutAServiceWithinThePeriodWarnTheDeskAndFlagTheCaller() {
    // given vic opened two incidents about the vpn ten days apart
    Actor vic = Actor.caller("vic");
    IncidentTicket first = incident(incidents(), vic, "VPN drops", "dns", Impact.LOW, Urgency.LOW, "vpn");
    itsm.clock().advance(Duration.ofDays(10));
    IncidentTicket second = incident(incidents(), vic, "VPN drops again", "dns", Impact.LOW, Urgency.LOW, "vpn");
    itsm.clock().advance(Duration.ofDays(10));
    assertThat(problems().callerFlag(DORA, "vic")).isEmpty();

    // when vic opens a third within thirty days
    IncidentTicket third = incident(incidents(), vic, "VPN does not connect", "dns", Impact.LOW, Urgency.LOW, "vpn");

    // then the agents of the incident's group see a work note naming the three incidents
    assertThat(workNotes(DORA, third.id())).singleElement().isEqualTo("Repeated contact: caller vic opened 3 incidents "
        + "about service vpn within 30 days (" + first.number() + ", " + second.number() + ", " + third.number()
        + "). The caller is flagged as sensitive.");
    assertThat(workNotes(DORA, first.id())).isEmpty();
    assertThat(workNotes(DORA, second.id())).isEmpty();
    // which the caller does not see
    assertThat(incidents().notes(vic, third.id())).extracting(TicketNote::text)
        .noneSatisfy(t -> assertThat(t).contains("Repeated contact"));
    // an event on the incident
    assertThat(events(third.id(), EventTypes.INCIDENT_REPEAT_CONTACT)).singleElement().satisfies(e -> {
      assertThat(data(e, "callerId")).isEqualTo("vic");
      assertThat(data(e, "service")).isEqualTo("vpn");
      assertThat(data(e, "contacts")).isEqualTo("3");
    });
    assertThat(events(second.id(), EventTypes.INCIDENT_REPEAT_CONTACT)).isEmpty();
    // the members of the group (service-desk: dora and wendy) are told
    assertThat(third.groupId()).isEqualTo("service-desk");
    assertThat(notifications(third.id(), EventTypes.INCIDENT_REPEAT_CONTACT)).singleElement().satisfies(n -> {
      assertThat(n.recipients()).containsExactlyInAnyOrder("dora", "wendy");
      assertThat(n.subject()).isEqualTo("Repeated contact on " + third.number() + ": vic (3 about vpn)");
    });
    // and the caller is flagged
    assertThat(problems().callerFlag(DORA, "vic")).contains(new CallerFlag("vic", "vpn", 3, now()));
    assertThat(problems().flaggedCallers(DORA)).extracting(CallerFlag::callerId).contains("vic");
    // the incident as open returned it is still current: the warning did not change it
    assertThat(incidents().get(DORA, third.id())).isEqualTo(third);
  }

  @Test
  void contactsSpreadBeyondThePeriodDoNotFlagTheCaller() {
    // given uma's incidents about the vpn twenty days apart
    Actor uma = Actor.caller("uma");
    incident(incidents(), uma, "VPN drops", "monitoring", Impact.LOW, Urgency.LOW, "vpn");
    itsm.clock().advance(Duration.ofDays(20));
    incident(incidents(), uma, "VPN drops again", "monitoring", Impact.LOW, Urgency.LOW, "vpn");
    itsm.clock().advance(Duration.ofDays(20));

    // when the third comes forty days after the first
    IncidentTicket third = incident(incidents(), uma, "VPN drops once more", "monitoring", Impact.LOW, Urgency.LOW, "vpn");

    // then she is not flagged and the desk is not warned
    assertThat(problems().callerFlag(DORA, "uma")).isEmpty();
    assertThat(workNotes(DORA, third.id())).isEmpty();
    assertThat(events(third.id(), EventTypes.INCIDENT_REPEAT_CONTACT)).isEmpty();
  }

  @Test
  void contactsAboutDifferentServicesDoNotFlagTheCaller() {
    // given ned's incidents about three services
    Actor ned = Actor.caller("ned");
    incident(incidents(), ned, "VPN drops", "intranet", Impact.LOW, Urgency.LOW, "vpn");
    incident(incidents(), ned, "Mail slow", "intranet", Impact.LOW, Urgency.LOW, "email");

    // when a third is about yet another service
    IncidentTicket third = incident(incidents(), ned, "Intranet down", "intranet", Impact.LOW, Urgency.LOW, "intranet");

    // then he is not flagged
    assertThat(problems().callerFlag(DORA, "ned")).isEmpty();
    assertThat(events(third.id(), EventTypes.INCIDENT_REPEAT_CONTACT)).isEmpty();
  }

  @Test
  void aFlaggedCallersNextIncidentAboutAnyServiceCarriesASensitiveCallerNote() {
    // given wes is flagged after three contacts about the vpn
    Actor wes = Actor.caller("wes");
    threeVpnContacts(wes, "sso");
    Instant flaggedAt = now();
    itsm.clock().advance(Duration.ofDays(1));

    // when he opens an incident about mail, and one about no service at all
    IncidentTicket mail = incident(incidents(), wes, "Mailbox full", "fileshare", Impact.LOW, Urgency.LOW, "email");
    IncidentTicket other = incident(incidents(), wes, "Mouse broken", "fileshare", Impact.LOW, Urgency.LOW, null);

    // then the agent sees on both that he is a sensitive caller
    String note = "Sensitive caller: wes was flagged on " + flaggedAt + " after 3 contacts about service vpn.";
    assertThat(workNotes(DORA, mail.id())).containsExactly(note);
    assertThat(workNotes(DORA, other.id())).containsExactly(note);
    // another caller's incident has no such note
    IncidentTicket cleos = incident(incidents(), CLEO, "Mailbox full", "fileshare", Impact.LOW, Urgency.LOW, "email");
    assertThat(workNotes(DORA, cleos.id())).isEmpty();
  }

  @Test
  void aFlaggedCallersNextIncidentAboutTheSameServiceAlsoCarriesASensitiveCallerNote() {
    // given xavi is flagged after three contacts about the vpn
    Actor xavi = Actor.caller("xavi");
    threeVpnContacts(xavi, "reporting");
    Instant flaggedAt = now();
    itsm.clock().advance(Duration.ofDays(1));

    // when he opens a fourth incident about the vpn
    IncidentTicket fourth = incident(incidents(), xavi, "VPN broken", "reporting", Impact.LOW, Urgency.LOW, "vpn");

    // then the desk is warned of the repeat again, the flag keeps its date and counts four contacts
    assertThat(workNotes(DORA, fourth.id())).anySatisfy(t -> assertThat(t).startsWith("Repeated contact: caller xavi opened 4"));
    assertThat(problems().callerFlag(DORA, "xavi")).contains(new CallerFlag("xavi", "vpn", 4, flaggedAt));
    // and, as on every later incident of a flagged caller, the agent sees the "Sensitive caller" note
    assertThat(workNotes(DORA, fourth.id())).anySatisfy(t -> assertThat(t).startsWith("Sensitive caller: xavi was flagged on "
        + flaggedAt));
  }

  @Test
  void clearingAFlagRemovesItAndItsNotes() {
    // given xena is flagged
    Actor xena = Actor.caller("xena");
    threeVpnContacts(xena, "facilities");
    assertThat(problems().callerFlag(DORA, "xena")).isPresent();

    // when pam clears the flag
    problems().clearCallerFlag(PAM, "xena", "Talked to her; the vpn client was replaced");

    // then she is not flagged any more, and her next incident carries no note
    assertThat(problems().callerFlag(DORA, "xena")).isEmpty();
    assertThat(problems().flaggedCallers(DORA)).extracting(CallerFlag::callerId).doesNotContain("xena");
    IncidentTicket next = incident(incidents(), xena, "Printer out of toner", "facilities", Impact.LOW, Urgency.LOW, "print");
    assertThat(workNotes(DORA, next.id())).isEmpty();
    // and clearing again finds no flag
    assertThatThrownBy(() -> problems().clearCallerFlag(PAM, "xena", "again"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("xena");
  }

  @Test
  void afterAFlagIsClearedOnlyLaterContactsCountTowardsANewOne() {
    // given yara is flagged after three contacts about the vpn, and pam clears the flag
    Actor yara = Actor.caller("yara");
    threeVpnContacts(yara, "facilities");
    problems().clearCallerFlag(PAM, "yara", "Client replaced");
    itsm.clock().advance(Duration.ofHours(1));

    // when she contacts the desk about the vpn twice more within the period
    IncidentTicket fourth = incident(incidents(), yara, "VPN slow", "facilities", Impact.LOW, Urgency.LOW, "vpn");
    IncidentTicket fifth = incident(incidents(), yara, "VPN slow again", "facilities", Impact.LOW, Urgency.LOW, "vpn");

    // then she is not flagged again: the contacts before the clearing no longer count
    assertThat(workNotes(DORA, fourth.id())).isEmpty();
    assertThat(workNotes(DORA, fifth.id())).isEmpty();
    assertThat(problems().callerFlag(DORA, "yara")).isEmpty();

    // and a third contact after the clearing flags her again
    IncidentTicket sixth = incident(incidents(), yara, "VPN down", "facilities", Impact.LOW, Urgency.LOW, "vpn");
    assertThat(workNotes(DORA, sixth.id())).anySatisfy(t -> assertThat(t).startsWith("Repeated contact: caller yara opened 3"));
    assertThat(problems().callerFlag(DORA, "yara")).hasValueSatisfying(f -> assertThat(f.contacts()).isEqualTo(3));
  }

  @Test
  void clearingTheFlagOfACallerNeverFlaggedIsNotFound() {
    assertThatThrownBy(() -> problems().clearCallerFlag(PAM, "nobody-flagged", "just in case"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Expected caller nobody-flagged to be flagged in tenant default, but the caller is not");
  }

  @Test
  void flaggedCallersListsTheFlaggedCallersMostRecentlyFlaggedFirst() {
    // given yan is flagged, and a day later zoe
    threeVpnContacts(Actor.caller("yan"), "canteen");
    Instant yanFlagged = now();
    itsm.clock().advance(Duration.ofDays(1));
    threeVpnContacts(Actor.caller("zoe"), "canteen");
    Instant zoeFlagged = now();
    // and quinn contacted the desk only twice
    incident(incidents(), Actor.caller("quinn"), "VPN drops", "canteen", Impact.LOW, Urgency.LOW, "vpn");
    incident(incidents(), Actor.caller("quinn"), "VPN drops", "canteen", Impact.LOW, Urgency.LOW, "vpn");

    // when an agent lists the flagged callers
    List<CallerFlag> flagged = problems().flaggedCallers(DORA).stream()
        .filter(f -> List.of("yan", "zoe", "quinn").contains(f.callerId())).toList();

    // then zoe comes before yan, and quinn is not there
    assertThat(flagged).containsExactly(new CallerFlag("zoe", "vpn", 3, zoeFlagged), new CallerFlag("yan", "vpn", 3, yanFlagged));
  }

  // ------------------------------------------------------------------ workaround offers

  /** A problem in the category (and on the CIs) with a published known error. */
  private static ProblemRecord publishedKnownError(String title, String category, String symptom, String workaround,
                                                   UUID... cis) {
    NewProblem.Builder b = NewProblem.builder(title).category(category);
    for (UUID ci : cis) {
      b.affectedCi(ci);
    }
    ProblemRecord p = problems().create(ALICE, b.build());
    TicketRef ref = TicketRef.of(p.id());
    problems().assess(PAM, ref, Impact.MEDIUM, Urgency.MEDIUM, "network-ops", "alice");
    problems().startAnalysis(ALICE, ref);
    problems().recordKnownError(PAM, ref, NewKnownError.of(symptom, "Root cause of " + title, workaround));
    return problems().publishWorkaround(PAM, ref);
  }

  @Test
  void aPublishedKnownErrorOffersItsWorkaroundOnANewIncidentOfTheCategoryWithSimilarText() {
    // given a published known error on video calls
    ProblemRecord known = publishedKnownError("Video calls freeze", "video", "Video calls freeze after ten minutes",
        "Restart the video client");

    // when an incident with similar words is opened in the category
    IncidentTicket similar = incident(incidents(), "Video calls freeze in meetings", "video");

    // then the workaround is offered as a work note, an event and by workaroundsFor
    assertThat(workNotes(DORA, similar.id())).containsExactly("Known error " + known.number()
        + " may be the cause (same category, similarity 0.75). Workaround: Restart the video client");
    assertThat(events(similar.id(), EventTypes.INCIDENT_WORKAROUND_OFFERED)).singleElement().satisfies(e -> {
      assertThat(data(e, "problemId")).isEqualTo(known.id().toString());
      assertThat(data(e, "problemNumber")).isEqualTo(known.number());
    });
    assertThat(incidents().get(DORA, similar.id())).isEqualTo(similar);
    assertThat(problems().workaroundsFor(DORA, similar.id())).singleElement().satisfies(o -> {
      assertThat(o.problemId()).isEqualTo(known.id());
      assertThat(o.problemNumber()).isEqualTo(known.number());
      assertThat(o.workaround()).isEqualTo("Restart the video client");
      assertThat(o.symptom()).isEqualTo("Video calls freeze after ten minutes");
      assertThat(o.articleId()).isEqualTo(known.knownError().articleId());
      assertThat(o.sameCi()).isFalse();
      assertThat(o.similarity()).isCloseTo(0.75, within(1e-9));
    });
  }

  @Test
  void severalMatchingKnownErrorsAreAllOfferedTheBestMatchFirst() {
    // given two published known errors on laptops
    ProblemRecord battery = publishedKnownError("Laptop battery drains fast", "laptop", "Battery drains within two hours",
        "Lower the screen brightness");
    ProblemRecord fan = publishedKnownError("Laptop fan noisy", "laptop", "Fan loud under load", "Update the BIOS");

    // when an incident names words of both, more of the battery's
    IncidentTicket incident = incident(incidents(), "Laptop battery drains fast and fan loud", "laptop");

    // then both are offered, the battery first, each as a work note
    assertThat(problems().workaroundsFor(DORA, incident.id())).extracting(WorkaroundOffer::problemId)
        .containsExactly(battery.id(), fan.id());
    assertThat(workNotes(DORA, incident.id())).hasSize(2)
        .anySatisfy(t -> assertThat(t).startsWith("Known error " + battery.number() + " may be the cause (same category, "
            + "similarity 0.67). Workaround: Lower the screen brightness"))
        .anySatisfy(t -> assertThat(t).startsWith("Known error " + fan.number() + " may be the cause (same category, "
            + "similarity 0.50). Workaround: Update the BIOS"));
    assertThat(events(incident.id(), EventTypes.INCIDENT_WORKAROUND_OFFERED)).hasSize(2);
  }

  @Test
  void aPublishedKnownErrorIsNotOfferedOnAnIncidentWithUnrelatedText() {
    // given a published known error on video calls
    publishedKnownError("Video recordings missing", "mobile", "Recordings of video meetings missing",
        "Download from the backup portal");

    // when an unrelated incident of the category is opened
    IncidentTicket unrelated = incident(incidents(), "Headset battery empty", "mobile");

    // then nothing is offered
    assertThat(workNotes(DORA, unrelated.id())).isEmpty();
    assertThat(events(unrelated.id(), EventTypes.INCIDENT_WORKAROUND_OFFERED)).isEmpty();
    assertThat(problems().workaroundsFor(DORA, unrelated.id())).isEmpty();
  }

  @Test
  void aPublishedKnownErrorIsOfferedOnAnIncidentOnTheSameCiInAnotherCategory() {
    // given a published known error on a web server, in the web category
    Ci web = server("web-frontend-2");
    ProblemRecord known = publishedKnownError("Checkout page times out", "web", "Checkout page times out under load",
        "Retry after a minute", web.id());

    // when an incident on that server is opened in another category
    IncidentTicket onCi = incident(incidents(), "Checkout times out", "backup", web.id());

    // then the workaround is offered as matching on the CI
    assertThat(problems().workaroundsFor(DORA, onCi.id())).singleElement().satisfies(o -> {
      assertThat(o.problemId()).isEqualTo(known.id());
      assertThat(o.sameCi()).isTrue();
    });
    assertThat(workNotes(DORA, onCi.id())).singleElement()
        .satisfies(t -> assertThat(t).startsWith("Known error " + known.number() + " may be the cause (same CI"));
  }

  @Test
  void aClosedProblemNoLongerOffersItsWorkaround() {
    // given a published known error that is offered on matching incidents
    ProblemRecord known = publishedKnownError("ERP invoices stuck", "erp", "Invoices stuck in the ERP queue",
        "Release them from the queue monitor");
    IncidentTicket before = incident(incidents(), "ERP invoices stuck", "erp");
    assertThat(problems().workaroundsFor(DORA, before.id())).extracting(WorkaroundOffer::problemId).containsExactly(known.id());
    // still while it is resolved with the workaround accepted
    problems().resolve(PAM, TicketRef.of(known.id()), ProblemResolution.WORKAROUND_ACCEPTED, "We live with it");
    IncidentTicket resolvedMeanwhile = incident(incidents(), "ERP invoices stuck again", "erp");
    assertThat(problems().workaroundsFor(DORA, resolvedMeanwhile.id())).extracting(WorkaroundOffer::problemId)
        .containsExactly(known.id());

    // when the problem is closed
    problems().close(PAM, TicketRef.of(known.id()));

    // then a new matching incident gets nothing
    IncidentTicket after = incident(incidents(), "ERP invoices stuck in queue", "erp");
    assertThat(workNotes(DORA, after.id())).isEmpty();
    assertThat(events(after.id(), EventTypes.INCIDENT_WORKAROUND_OFFERED)).isEmpty();
    assertThat(problems().workaroundsFor(DORA, after.id())).isEmpty();
    assertThat(problems().workaroundsFor(DORA, before.id())).isEmpty();
  }

  @Test
  void aCancelledProblemNoLongerOffersItsWorkaround() {
    // given a published known error that is offered on matching incidents
    ProblemRecord known = publishedKnownError("CRM contacts missing", "crm", "Contacts missing in the CRM",
        "Reload the contact list");
    IncidentTicket before = incident(incidents(), "CRM contacts missing", "crm");
    assertThat(problems().workaroundsFor(DORA, before.id())).extracting(WorkaroundOffer::problemId).containsExactly(known.id());

    // when the problem is cancelled
    problems().cancel(PAM, TicketRef.of(known.id()), "Duplicate of the CRM migration problem");

    // then a new matching incident gets nothing
    IncidentTicket after = incident(incidents(), "CRM contacts missing again", "crm");
    assertThat(workNotes(DORA, after.id())).isEmpty();
    assertThat(events(after.id(), EventTypes.INCIDENT_WORKAROUND_OFFERED)).isEmpty();
    assertThat(problems().workaroundsFor(DORA, after.id())).isEmpty();
  }
}
