package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Roles;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.problem.NewProblem;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may read and change what, across the services: the read-only view of incidents that change,
 * problem, release and knowledge managers have, the incident an actor links to a problem or change
 * (only one it may see), SLA definitions (SLA_READ) and the reports that name people (managers and
 * administrators only).
 */
class RoleAccessTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private static final Actor PAM = Actor.builder("pam").roles(Roles.PROBLEM_MANAGER).build();
  private static final Actor CHRIS = Actor.builder("chris").roles(Roles.CHANGE_MANAGER).build();
  private static final Actor RITA = Actor.builder("rita").roles(Roles.RELEASE_MANAGER).build();
  private static final Actor KAI = Actor.builder("kai").roles(Roles.KNOWLEDGE_MANAGER).build();
  private static final Actor CORA = Actor.builder("cora").roles(Roles.CONFIGURATION_MANAGER).build();
  private static final Actor ADMIN = Actor.admin("ada");
  private static final Actor DESK_CALLER = Actor.caller("dave");

  @Test
  void changeProblemReleaseAndKnowledgeManagersReadEveryIncidentButChangeNone() {
    IncidentTicket bobs = openP1(itsm.engine().incidents());
    for (Actor reader : List.of(PAM, CHRIS, RITA, KAI)) {
      assertThat(itsm.engine().incidents().get(reader, bobs.id()).id()).as(reader.id()).isEqualTo(bobs.id());
      assertThat(itsm.engine().incidents().getByNumber(reader, bobs.number()).id()).isEqualTo(bobs.id());
      assertThat(itsm.engine().incidents().query(reader, IncidentQuery.builder().page(0, 100).build()).items())
          .extracting(IncidentTicket::id).contains(bobs.id());
      assertThat(itsm.engine().incidents().notes(reader, bobs.id())).isEmpty();
    }
    // the problem manager may work incidents (INCIDENT_WORK), but not another caller's: she only reads it
    assertThatThrownBy(() -> itsm.engine().incidents().addNote(PAM, bobs.id(), NewNote.workNote("looked at it")))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("let it only read it");
    assertThatThrownBy(() -> itsm.engine().incidents().resolve(PAM, bobs.ref(), Resolution.of("FIXED", "done")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(itsm.engine().incidents().get(MANAGER, bobs.id()).version()).isEqualTo(bobs.version());
    // the configuration manager has no INCIDENT_READ; callers still see only their own
    assertThatThrownBy(() -> itsm.engine().incidents().get(CORA, bobs.id())).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> itsm.engine().incidents().get(DESK_CALLER, bobs.id())).isInstanceOf(NotFoundException.class);
    // an incident the problem manager reported herself she may change like any caller
    IncidentTicket own = itsm.engine().incidents().open(Actor.builder("pam").roles(Roles.PROBLEM_MANAGER, Roles.CALLER).build(),
        NewIncident.builder("My laptop").category("hardware").build());
    assertThat(itsm.engine().incidents().addNote(PAM, own.id(), NewNote.workNote("mine")).text()).isEqualTo("mine");
  }

  @Test
  void aProblemManagerReadsTheIncidentsOfHerProblems() {
    IncidentTicket bobs = openP1(itsm.engine().incidents());
    ProblemRecord problem = itsm.engine().problems().create(AGENT, NewProblem.builder("Gateway drops").category("network")
        .incident(bobs.id()).build());
    assertThat(itsm.engine().problems().problemsOfIncident(PAM, bobs.id())).containsExactly(problem.id());
    assertThat(itsm.engine().incidents().get(PAM, bobs.id()).title()).isEqualTo(bobs.title());
  }

  @Test
  void problemsOfAnIncidentNeedAnIncidentTheActorSeesAndAnUnknownOneIsNotFound() {
    IncidentTicket bobs = openP1(itsm.engine().incidents());
    itsm.engine().problems().create(AGENT, NewProblem.builder("Gateway drops").category("network").incident(bobs.id()).build());
    Actor deskAgent = Actor.agent("dan", "desktop-support");
    assertThatThrownBy(() -> itsm.engine().problems().problemsOfIncident(deskAgent, bobs.id()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("visible to dan");
    UUID unknown = UUID.randomUUID();
    assertThatThrownBy(() -> itsm.engine().problems().problemsOfIncident(AGENT, unknown))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown.toString());
    assertThat(itsm.engine().problems().problemsOfIncident(AGENT, bobs.id())).hasSize(1);
  }

  @Test
  void anActorLinksToAProblemOnlyAnIncidentItSees() {
    IncidentTicket bobs = openP1(itsm.engine().incidents());
    Actor deskAgent = Actor.agent("dan", "desktop-support");
    ProblemRecord problem = itsm.engine().problems().create(deskAgent, NewProblem.builder("Printers").category("hardware").build());
    assertInvalidValue(() -> itsm.engine().problems().linkIncident(deskAgent, problem.ref(), bobs.id()), "incidentId",
        "there is no incident " + bobs.id());
    assertInvalidValue(() -> itsm.engine().problems().create(deskAgent, NewProblem.builder("Printers").category("hardware")
        .incident(bobs.id()).build()), "incidentIds[0]", "there is no incident " + bobs.id());
    assertThat(itsm.engine().problems().get(deskAgent, problem.id()).version()).isEqualTo(problem.version());
    assertThat(itsm.engine().problems().problemsOfIncident(AGENT, bobs.id())).isEmpty();
    // the problem manager reads every incident, so she may link it
    assertThat(itsm.engine().problems().linkIncident(PAM, problem.ref(), bobs.id()).id()).isEqualTo(problem.id());
    assertThat(itsm.engine().problems().problemsOfIncident(AGENT, bobs.id())).containsExactly(problem.id());
  }

  @Test
  void anActorLinksToAChangeOnlyAnIncidentItSees() {
    IncidentTicket bobs = openP1(itsm.engine().incidents());
    Actor deskAgent = Actor.agent("dan", "desktop-support");
    Instant start = itsm.clock().instant().plus(Duration.ofDays(2));
    ChangeRequest change = itsm.engine().changes().submit(deskAgent, NewChange.normal("Swap the printer")
        .group("desktop-support").implementer("dan").window(start, start.plus(Duration.ofHours(1))).backoutPlan("Put the old one back").build());
    assertInvalidValue(() -> itsm.engine().changes().linkCausedIncident(deskAgent, change.id(), bobs.id()), "incidentId",
        "there is no incident " + bobs.id());
    // an incident the agent sees gets past that check (and fails on the change never implemented)
    assertThatThrownBy(() -> itsm.engine().changes().linkCausedIncident(AGENT, change.id(), bobs.id()))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("never implemented");
    assertThat(itsm.engine().changes().causedIncidents(MANAGER, change.id())).isEmpty();
  }

  @Test
  void slaDefinitionsNeedSlaRead() {
    for (Actor reader : List.of(AGENT, MANAGER, ADMIN)) {
      assertThat(itsm.engine().sla().definitions(reader)).as(reader.id()).isNotEmpty();
    }
    String code = itsm.engine().sla().definitions(AGENT).get(0).definition().code();
    assertThat(itsm.engine().sla().versions(AGENT, code)).isNotEmpty();
    for (Actor other : List.of(CALLER, CORA, PAM, Actor.builder("ci-bot").roles(Roles.RELEASE_PIPELINE).build())) {
      assertThatThrownBy(() -> itsm.engine().sla().definitions(other)).as(other.id())
          .isInstanceOf(AccessDeniedException.class).hasMessageContaining("SLA_READ");
      assertThatThrownBy(() -> itsm.engine().sla().versions(other, code)).isInstanceOf(AccessDeniedException.class);
    }
  }

  @Test
  void reportsThatNamePeopleAreForManagersAndAdministrators() {
    Instant to = itsm.clock().instant().plusSeconds(1);
    Instant from = to.minus(Duration.ofDays(7));
    for (Actor reader : List.of(MANAGER, ADMIN)) {
      assertThat(itsm.engine().incidents().technicianReport(reader, from, to).rows()).isEmpty();
      assertThat(itsm.engine().incidents().workload(reader, from, to)).isEmpty();
    }
    for (Actor other : List.of(PAM, CHRIS, RITA)) {   // they have REPORT_READ, for the reports without names
      assertThatThrownBy(() -> itsm.engine().incidents().technicianReport(other, from, to)).as(other.id())
          .isInstanceOf(AccessDeniedException.class).hasMessageContaining("technician report");
      assertThatThrownBy(() -> itsm.engine().incidents().workload(other, from, to))
          .isInstanceOf(AccessDeniedException.class).hasMessageContaining("workload report");
      assertThat(itsm.engine().changes().report(other, from, to)).isNotNull();
    }
    assertThatThrownBy(() -> itsm.engine().incidents().technicianReport(AGENT, from, to))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("REPORT_READ");
  }
}
