package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.Actor;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.testkit.ItsmExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TenancyAndVisibilityTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private static final Actor ACME_CALLER = Actor.caller("bob").inTenant("acme");
  private static final Actor ACME_MANAGER = Actor.manager("mona", "network-ops").inTenant("acme");
  private static final Actor GLOBEX_MANAGER = Actor.manager("mona", "network-ops").inTenant("globex");

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  @Test
  void anActorOfOneTenantNeverSeesOrChangesAnotherTenantsIncidents() {
    IncidentTicket acme = incidents().open(ACME_CALLER, NewIncident.builder("Acme VPN down").category("network").build());
    assertThat(acme.tenantId()).isEqualTo("acme");

    assertThatThrownBy(() -> incidents().get(GLOBEX_MANAGER, acme.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> incidents().getByNumber(GLOBEX_MANAGER, acme.number())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> incidents().assign(GLOBEX_MANAGER, acme.ref(), Assignment.toAgent("alice")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> itsm.engine().sla().status(GLOBEX_MANAGER, acme.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> itsm.engine().audit().trail(GLOBEX_MANAGER, acme.id())).isInstanceOf(NotFoundException.class);
    assertThat(incidents().query(GLOBEX_MANAGER, IncidentQuery.all()).items()).extracting(IncidentTicket::id)
        .doesNotContain(acme.id());
    assertThat(incidents().query(ACME_MANAGER, IncidentQuery.all()).items()).extracting(IncidentTicket::id)
        .contains(acme.id());
    assertThat(incidents().get(ACME_MANAGER, acme.id())).isEqualTo(acme);
  }

  @Test
  void eachTenantHasItsOwnNumberSequence() {
    Actor initech = Actor.caller("ivan").inTenant("initech");
    Actor weird = Actor.caller("wanda").inTenant("Tenant With Spaces & Symbols!");
    IncidentTicket first = incidents().open(initech, NewIncident.builder("Stapler missing").category("hardware").build());
    IncidentTicket other = incidents().open(weird, NewIncident.builder("Printer on fire").category("hardware").build());
    assertThat(first.number()).isEqualTo("INC-000001");
    assertThat(other.number()).isEqualTo("INC-000001");
    assertThat(incidents().open(initech, NewIncident.builder("Again").category("hardware").build()).number())
        .isEqualTo("INC-000002");
  }

  @Test
  void callersSeeTheirOwnAgentsTheirGroupsAndManagersTheWholeTenant() {
    IncidentTicket bobs = openP1(incidents());
    IncidentTicket cleos = incidents().open(OTHER_CALLER, NewIncident.builder("Laptop broken").category("hardware").build());

    assertThat(visibleTo(CALLER)).contains(bobs).doesNotContain(cleos);
    assertThatThrownBy(() -> incidents().get(CALLER, cleos.id())).isInstanceOf(NotFoundException.class);
    assertThat(visibleTo(AGENT)).contains(bobs).doesNotContain(cleos);   // network-ops only
    assertThat(visibleTo(Actor.agent("dan", "desktop-support"))).contains(cleos).doesNotContain(bobs);
    assertThat(visibleTo(MANAGER)).contains(bobs, cleos);

    // an agent outside the group sees an incident once it is assigned to them
    IncidentTicket moved = incidents().assign(MANAGER, cleos.ref(), Assignment.toAgent("desktop-support", "dan"));
    assertThat(incidents().get(Actor.agent("dan"), moved.id()).assigneeId()).isEqualTo("dan");
  }

  private List<IncidentTicket> visibleTo(Actor actor) {
    return incidents().query(actor, IncidentQuery.builder().page(0, 1000).build()).items();
  }
}
