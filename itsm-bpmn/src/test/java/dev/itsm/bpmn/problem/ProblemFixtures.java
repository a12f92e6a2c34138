package dev.itsm.bpmn.problem;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.Roles;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.TicketNote;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.problem.NewKnownError;
import dev.itsm.api.problem.NewProblem;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemResolution;
import dev.itsm.api.problem.ProblemService;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.spi.Directory;
import dev.itsm.spi.ItsmPlugin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** People and helpers of the problem and knowledge scenarios. */
final class ProblemFixtures {
  /** A caller. */
  static final Actor BOB = Actor.caller("bob");
  static final Actor CLEO = Actor.caller("cleo");
  /** Agents of network-ops. */
  static final Actor ALICE = Actor.agent("alice", "network-ops");
  static final Actor CARL = Actor.agent("carl", "network-ops");
  static final Actor PAUL = Actor.agent("paul", "network-ops");
  /** The problem manager (also requests fix changes). */
  static final Actor PAM = Actor.builder("pam").roles(Roles.PROBLEM_MANAGER).build();
  /** A change manager, who closes changes. */
  static final Actor CORA = Actor.changeManager("cora");
  /** Knowledge: a writer and a reviewer. */
  static final Actor WENDY = Actor.agent("wendy", "service-desk");
  static final Actor KIM = Actor.builder("kim").roles(Roles.KNOWLEDGE_MANAGER).build();
  /** An agent of the service desk, where incidents of the extra categories are routed. */
  static final Actor DORA = Actor.agent("dora", "service-desk");
  /** The manager of network-ops: sees every ticket of the tenant (and reads audit trails). */
  static final Actor MONA = Actor.manager("mona", "network-ops");
  /** Maintains the CMDB. */
  static final Actor CONNY = Actor.configurationManager("conny");

  static final ItsmPlugin DIRECTORY = context -> context.directory(Directory.inMemory()
      .group("network-ops", List.of("alice", "carl", "paul"), List.of("mona"))
      .group("service-desk", List.of("dora", "wendy"), List.of("sam"))
      .group("problem-managers", List.of("pam"), List.of())
      .group("change-managers", List.of("cora"), List.of())
      .group("knowledge-reviewers", List.of("kim"), List.of())
      .build());

  /**
   * The default incident categories and many more, routed to the service desk, so that every test of a class
   * (which share one engine) can count repeats in a category of its own.
   */
  static final IncidentSettings INCIDENTS = IncidentSettings.builder().categories(categories()).build();

  private ProblemFixtures() {}

  private static String[] categories() {
    List<String> all = new ArrayList<>(IncidentSettings.DEFAULT_CATEGORIES);
    all.addAll(List.of("printing", "telephony", "storage", "backup", "wifi", "web", "payroll", "video", "badge", "erp",
        "crm", "mobile", "dns", "sso", "fileshare", "monitoring", "scanner", "kiosk", "intranet", "cad", "lab", "travel",
        "facilities", "reporting", "voip", "laptop", "tablet", "projector", "parking", "canteen", "signage", "intercom"));
    return all.toArray(String[]::new);
  }

  static IncidentTicket incident(IncidentService incidents, Actor caller, String title, String category, Impact impact,
                                 Urgency urgency, String service, UUID... cis) {
    NewIncident.Builder b = NewIncident.builder(title).caller(caller.id()).category(category).impact(impact).urgency(urgency)
        .service(service);
    for (UUID ci : cis) {
      b.affectedCi(ci);
    }
    return incidents.open(caller, b.build());
  }

  /** A low-priority incident of bob's in the category. */
  static IncidentTicket incident(IncidentService incidents, String title, String category, UUID... cis) {
    return incident(incidents, BOB, title, category, Impact.LOW, Urgency.LOW, null, cis);
  }

  /** The texts of an incident's notes as a manager sees them. */
  static List<String> noteTexts(IncidentService incidents, UUID incidentId) {
    return incidents.notes(MONA, incidentId).stream().map(TicketNote::text).toList();
  }

  /** Assigns the incident to alice, who acknowledges it. */
  static IncidentTicket acknowledged(IncidentService incidents, IncidentTicket incident) {
    incidents.assign(MONA, TicketRef.of(incident.id()), Assignment.toAgent("network-ops", "alice"));
    return incidents.acknowledge(ALICE, TicketRef.of(incident.id()));
  }

  /** A problem recorded by alice with its title and category. */
  static NewProblem.Builder problem(String title, String category) {
    return NewProblem.builder(title).category(category).impact(Impact.MEDIUM).urgency(Urgency.MEDIUM);
  }

  /** The known error recorded by {@link #problemIn} for a problem with that title. */
  static NewKnownError knownErrorOf(String title) {
    return NewKnownError.of("Symptom: " + title, "Root cause of " + title, "Workaround for " + title);
  }

  /**
   * Records the problem (alice) and drives it to the state: assessed by pam (owner alice), analysis started by
   * alice, known error recorded by pam, a fix requested by pam (window a day after {@code now}), resolved as a
   * duplicate, closed or cancelled by pam.
   */
  static ProblemRecord problemIn(ItsmEngine engine, Instant now, ProblemState state, NewProblem problem) {
    ProblemService problems = engine.problems();
    ProblemRecord p = problems.create(ALICE, problem);
    TicketRef ref = TicketRef.of(p.id());
    switch (state) {
      case NEW:
        return p;
      case CANCELLED:
        return problems.cancel(PAM, ref, "No longer relevant");
      case RESOLVED:
        return problems.resolve(PAM, ref, ProblemResolution.DUPLICATE, "Recorded twice");
      case CLOSED:
        problems.resolve(PAM, ref, ProblemResolution.DUPLICATE, "Recorded twice");
        return problems.close(PAM, ref);
      default:
        break;
    }
    p = problems.assess(PAM, ref, p.impact(), p.urgency(), "network-ops", "alice");
    if (state == ProblemState.ASSESSED) {
      return p;
    }
    p = problems.startAnalysis(ALICE, ref);
    if (state == ProblemState.ROOT_CAUSE_ANALYSIS) {
      return p;
    }
    p = problems.recordKnownError(PAM, ref, knownErrorOf(problem.title()));
    if (state == ProblemState.KNOWN_ERROR) {
      return p;
    }
    requestFix(engine, ref, now.plus(Duration.ofDays(1)), "Fix " + problem.title());
    return problems.get(PAM, p.id());
  }

  /** Pam requests a normal change as the fix: network-ops, implemented by carl in a one-hour window from start. */
  static ChangeRequest requestFix(ItsmEngine engine, TicketRef problem, Instant start, String title) {
    return engine.problems().requestFix(PAM, problem, NewChange.normal(title).group("network-ops").implementer("carl")
        .window(start, start.plus(Duration.ofHours(1))).backoutPlan("Undo " + title).build());
  }
}
