package dev.itsm.bpmn.sla;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.Actor;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.api.sla.SlaDefinitionVersion;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.api.sla.VersionPolicy;
import dev.itsm.spi.Directory;
import dev.itsm.testkit.ItsmExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SLA definitions from the host's file and API: which one a ticket gets (service, customer class,
 * priority, type; OLAs beside the SLA), versions, and what is refused.
 */
class SlaDefinitionsTest {
  static final Actor ADMIN = Actor.admin("ada");
  static final Actor GOLD_CALLER = Actor.caller("gina");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(context -> {
    context.directory(Directory.inMemory()
        .group("network-ops", List.of("alice", "carl"), List.of("mona", "mike"))
        .customerClass("gina", "gold")
        .build());
    context.calendars("calendars/office.yaml", BusinessCalendarEngineTest.resource("/calendars/office.yaml"));
    context.slaDefinitions("sla/definitions.yaml", BusinessCalendarEngineTest.resource("/sla/definitions.yaml"));
  }));

  private IncidentTicket open(Actor caller, String service, Impact impact, Urgency urgency) {
    return itsm.engine().incidents().open(caller, NewIncident.builder("Payslips missing").category("network")
        .service(service).impact(impact).urgency(urgency).build());
  }

  private List<SlaStatus> clocks(IncidentTicket inc) {
    return itsm.engine().sla().status(MANAGER, inc.id());
  }

  private static String id(SlaStatus s) {
    return s.agreement() + "/" + s.party() + "/" + s.clock() + "@" + s.definition() + " v" + s.version();
  }

  @Test
  void aTicketGetsTheMostSpecificDefinitionOfEachAgreementAndTheBuiltInsCoverTheRest() {
    IncidentTicket plain = open(CALLER, null, Impact.HIGH, Urgency.HIGH);
    assertThat(clocks(plain)).extracting(SlaDefinitionsTest::id).containsExactly(
        "SLA//RESPONSE@incident-p1 v1", "SLA//RESOLUTION@incident-p1 v1", "OLA/network-ops/RESOLUTION@network-ola v1");

    // the caller's customer class comes from the directory; gold has a milestone of its own
    IncidentTicket gold = open(GOLD_CALLER, null, Impact.LOW, Urgency.LOW);
    assertThat(gold.customerClass()).isEqualTo("gold");
    assertThat(clocks(gold)).extracting(SlaDefinitionsTest::id).containsExactly(
        "SLA//RESPONSE@gold v1", "SLA//RESOLUTION@gold v1", "SLA//callback@gold v1",
        "OLA/network-ops/RESOLUTION@network-ola v1");
    assertThat(clocks(gold).get(1).target()).isEqualTo(Duration.ofHours(2));

    // a definition naming the service beats one naming the customer class
    IncidentTicket payroll = open(GOLD_CALLER, "payroll", Impact.LOW, Urgency.LOW);
    assertThat(clocks(payroll)).extracting(SlaDefinitionsTest::id).startsWith(
        "SLA//RESPONSE@payroll-office v1", "SLA//RESOLUTION@payroll-office v1");
    assertThat(clocks(payroll).get(0).calendar()).isEqualTo("emea-office");
  }

  @Test
  void definitionsFromTheFileAreListedWithTheBuiltInsAndUnchangedOnesKeepTheirVersionAcrossRestarts() {
    var sla = itsm.engine().sla();
    assertThat(sla.definitions(ADMIN)).extracting(v -> v.definition().code() + " v" + v.version() + (v.builtIn() ? " (built in)" : ""))
        .containsExactly("gold v1", "incident-p1 v1 (built in)", "incident-p2 v1 (built in)", "incident-p3 v1 (built in)",
            "incident-p4 v1 (built in)", "incident-p5 v1 (built in)", "network-ola v1", "payroll-office v1");
    SlaDefinition ola = sla.definitions(ADMIN).stream().map(SlaDefinitionVersion::definition)
        .filter(d -> d.code().equals("network-ola")).findFirst().orElseThrow();
    assertThat(ola.agreement()).isEqualTo(Agreement.OLA);
    assertThat(ola.party()).isEqualTo("network-ops");
    assertThat(ola.target("RESOLUTION").pauseIn()).containsExactly("ON_HOLD");

    ItsmEngine restarted = itsm.restart();
    assertThat(restarted.sla().versions(ADMIN, "gold")).hasSize(1);
    // a changed built-in setting publishes a new version of the built-in definition
    restarted = itsm.restart(b -> b.sla(dev.itsm.api.sla.SlaSettings.builder()
        .target(Priority.P1, Duration.ofMinutes(5), Duration.ofHours(1)).build()));
    assertThat(restarted.sla().versions(ADMIN, "incident-p1")).extracting(SlaDefinitionVersion::version, SlaDefinitionVersion::current)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false), org.assertj.core.groups.Tuple.tuple(2, true));
    assertThat(restarted.sla().versions(ADMIN, "incident-p2")).hasSize(1);
  }

  @Test
  void aTicketKeepsTheVersionItStartedWithUnlessThePolicySaysToReevaluate() {
    var sla = itsm.engine().sla();
    SlaDefinition gold = sla.definitions(ADMIN).stream().map(SlaDefinitionVersion::definition)
        .filter(d -> d.code().equals("gold")).findFirst().orElseThrow();
    IncidentTicket before = open(GOLD_CALLER, null, Impact.LOW, Urgency.LOW);

    SlaDefinitionVersion v2 = sla.define(ADMIN, gold.toBuilder().resolution(Duration.ofHours(3)).build());
    assertThat(v2.version()).isEqualTo(2);
    assertThat(sla.define(ADMIN, gold.toBuilder().resolution(Duration.ofHours(3)).build()).version()).isEqualTo(2);
    IncidentTicket after = open(GOLD_CALLER, null, Impact.LOW, Urgency.LOW);
    assertThat(sla.status(MANAGER, before.id()).get(1)).extracting(SlaStatus::version, SlaStatus::target)
        .containsExactly(1, Duration.ofHours(2));
    assertThat(sla.status(MANAGER, after.id()).get(1)).extracting(SlaStatus::version, SlaStatus::target)
        .containsExactly(2, Duration.ofHours(3));

    // version 3 re-evaluates running clocks: both tickets move, their timers with them
    itsm.clock().advance(Duration.ofMinutes(30));
    sla.define(ADMIN, gold.toBuilder().resolution(Duration.ofHours(5)).versions(VersionPolicy.REEVALUATE).build());
    for (IncidentTicket inc : List.of(before, after)) {
      SlaStatus resolution = sla.status(MANAGER, inc.id()).get(1);
      assertThat(resolution.version()).isEqualTo(3);
      assertThat(resolution.deadline()).isEqualTo(inc.openedAt().plus(Duration.ofHours(5)));
      // its timer is at the first threshold: 75 % of five hours
      assertThat(itsm.timers(inc.processInstanceId())).containsEntry("sla:RESOLUTION",
          inc.openedAt().plus(Duration.ofMinutes(225)));
      assertThat(sla.explain(MANAGER, inc.id(), "RESOLUTION").timeline()).last()
          .satisfies(e -> assertThat(e.reason()).isEqualTo("definition gold v3 published"));
    }
    // every running clock of the definition moves, also where its target stayed the same
    assertThat(sla.status(MANAGER, before.id()).get(0)).extracting(SlaStatus::version, SlaStatus::target)
        .containsExactly(3, Duration.ofMinutes(10));
  }

  @Test
  void invalidDefinitionsAreRefusedNamingTheFieldAndNothingIsPublished() {
    var sla = itsm.engine().sla();
    assertInvalidValue(() -> SlaDefinition.builder("x").ticketTypes(TicketType.INCIDENT)
        .resolution(Duration.ZERO).build(), "targets.RESOLUTION.duration", "at least one millisecond");
    assertInvalidValue(() -> SlaDefinition.builder("x").ticketTypes(TicketType.INCIDENT)
        .resolution(Duration.ofMinutes(-5)).build(), "targets.RESOLUTION.duration", "PT-5M");
    assertInvalidValue(() -> SlaDefinition.builder("x").resolution(Duration.ofHours(1)).build(),
        "ticketTypes", "at least one ticket type");
    assertInvalidValue(() -> SlaDefinition.builder("x").ticketTypes(TicketType.INCIDENT).resolution(Duration.ofHours(1))
        .pauseIn("RESOLUTION", "WAITING").build(), "targets.RESOLUTION.pauseIn", "'WAITING'");
    assertInvalidValue(() -> SlaDefinition.builder("x").ticketTypes(TicketType.INCIDENT).resolution(Duration.ofHours(1))
        .pauseIn("RESOLUTION", "RESOLVED").build(), "targets.RESOLUTION.pauseIn", "[RESOLVED] are in both");
    assertInvalidValue(() -> SlaDefinition.builder("x").ticketTypes(TicketType.INCIDENT).build(), "targets", "none");
    assertInvalidValue(() -> SlaDefinition.builder("x").agreement(Agreement.OLA, null).ticketTypes(TicketType.INCIDENT)
        .resolution(Duration.ofHours(1)).build(), "party", "group bound by OLA x");
    assertInvalidValue(() -> SlaDefinition.builder("bad code!").build(), "code", "'bad code!'");

    SlaDefinition marsOffice = SlaDefinition.builder("mars").ticketTypes(TicketType.INCIDENT).calendar("mars-office")
        .resolution(Duration.ofHours(1)).build();
    assertInvalidValue(() -> sla.define(ADMIN, marsOffice), "calendar", "'mars-office'");
    assertThatThrownBy(() -> sla.versions(ADMIN, "mars")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> sla.define(AGENT, marsOffice)).isInstanceOf(dev.itsm.api.AccessDeniedException.class);
  }

  @Test
  void aBadDefinitionFileStopsTheEngineNamingTheEntry() {
    byte[] file = """
        definitions:
          - code: ok
            ticketTypes: [INCIDENT]
            targets: [{name: RESOLUTION, duration: PT1H}]
          - code: broken
            ticketTypes: [INCIDENT]
            targets: [{name: RESOLUTION, duration: PT0S}]
        """.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ItsmEngine.builder().plugin(c -> c.slaDefinitions("bad.yaml", file)).build())
        .isInstanceOf(ItsmConfigurationException.class)
        .hasMessageContaining("bad.yaml").hasMessageContaining("definitions[1].targets.RESOLUTION.duration");
    byte[] noTypes = "definitions: [{code: x, targets: [{name: RESOLUTION, duration: PT1H}]}]".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ItsmEngine.builder().plugin(c -> c.slaDefinitions("types.yaml", noTypes)).build())
        .isInstanceOf(ItsmConfigurationException.class).hasMessageContaining("definitions[0].ticketTypes");
    SlaDefinition unknownCalendar = SlaDefinition.builder("x").ticketTypes(TicketType.INCIDENT).calendar("nowhere")
        .resolution(Duration.ofHours(1)).build();
    assertThatThrownBy(() -> ItsmEngine.builder().plugin(c -> c.slaDefinition(unknownCalendar)).build())
        .isInstanceOf(ItsmConfigurationException.class).hasMessageContaining("'nowhere'");
  }

  @Test
  void aMilestoneIsReachedByTheApiOnceAndAManualPauseNeedsARunningClock() throws Exception {
    var sla = itsm.engine().sla();
    IncidentTicket gold = open(GOLD_CALLER, null, Impact.LOW, Urgency.LOW);
    itsm.clock().advance(Duration.ofMinutes(20));
    assertThat(sla.reach(AGENT, gold.id(), "callback").state()).isEqualTo(SlaState.MET);
    assertThatThrownBy(() -> sla.reach(AGENT, gold.id(), "callback")).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("callback clock of " + gold.number()).hasMessageContaining("MET");
    assertThatThrownBy(() -> sla.pause(AGENT, gold.id(), "callback", "waiting"))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("to be running to pause it");
    assertThatThrownBy(() -> sla.reach(AGENT, gold.id(), "survey")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("'survey'").hasMessageContaining("callback");
    assertThatThrownBy(() -> sla.pause(AGENT, gold.id(), "RESOLUTION", " "))
        .isInstanceOfSatisfying(dev.itsm.api.InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
    long events;
    try (Connection c = itsm.database().connect()) {
      events = count(c, "SELECT COUNT(*) FROM itsm_sla_event WHERE ticket_id = ?", gold.id());
    }

    SlaStatus paused = sla.pause(AGENT, gold.id(), "RESOLUTION", "customer asked to wait until Monday");
    assertThat(paused.state()).isEqualTo(SlaState.PAUSED);
    assertThat(itsm.timers(gold.processInstanceId())).doesNotContainKey("sla:RESOLUTION");   // no timer while paused
    itsm.clock().advance(Duration.ofHours(1));
    SlaStatus resumed = sla.resume(AGENT, gold.id(), "RESOLUTION");
    assertThat(resumed.deadline()).isEqualTo(gold.openedAt().plus(Duration.ofHours(3)));
    assertThat(itsm.timers(gold.processInstanceId())).containsEntry("sla:RESOLUTION",
        gold.openedAt().plus(Duration.ofMinutes(90 + 60)));
    assertThatThrownBy(() -> sla.resume(AGENT, gold.id(), "RESOLUTION")).isInstanceOf(IllegalTransitionException.class);
    try (Connection c = itsm.database().connect()) {
      assertThat(count(c, "SELECT COUNT(*) FROM itsm_sla_event WHERE ticket_id = ?", gold.id())).isEqualTo(events + 2);
    }

    // a reset starts counting again at zero; the timer follows
    itsm.clock().advance(Duration.ofMinutes(10));
    SlaStatus reset = sla.reset(AGENT, gold.id(), "RESOLUTION", "customer changed the request");
    assertThat(reset.elapsed()).isZero();
    assertThat(reset.deadline()).isEqualTo(itsm.clock().instant().plus(Duration.ofHours(2)));
    assertThat(itsm.timers(gold.processInstanceId())).containsEntry("sla:RESOLUTION",
        itsm.clock().instant().plus(Duration.ofMinutes(90)));
    assertThat(sla.explain(AGENT, gold.id(), "RESOLUTION").timeline()).last()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("manual: customer changed the request"));
    assertThatThrownBy(() -> sla.reset(AGENT, gold.id(), "callback", "again"))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("to reset it");
  }
}
