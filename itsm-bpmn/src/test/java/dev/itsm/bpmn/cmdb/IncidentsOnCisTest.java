package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Resolution;
import dev.itsm.testkit.ItsmExtension;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Incidents name the configuration items they affect: only real, live ones; a CI lists its incidents. */
class IncidentsOnCisTest {
  private static final Actor CM = Actor.configurationManager("cora");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private IncidentTicket openOn(UUID... cis) {
    NewIncident.Builder incident = NewIncident.builder("Orders are slow").category("network");
    for (UUID ci : cis) {
      incident.affectedCi(ci);
    }
    return itsm.engine().incidents().open(CALLER, incident.build());
  }

  @Test
  void aCiListsTheIncidentsThatAffectIt() {
    Ci db = itsm.engine().cmdb().create(CM, NewCi.of("Database", "orders-db", Map.of()));
    Ci other = itsm.engine().cmdb().create(CM, NewCi.of("Database", "billing-db", Map.of()));
    IncidentTicket first = openOn(db.id());
    IncidentTicket second = openOn(db.id(), other.id());
    openOn(other.id());
    IncidentTicket assigned = itsm.engine().incidents().assign(MANAGER, second.ref(),
        dev.itsm.api.incident.Assignment.toAgent("alice"));
    IncidentTicket acknowledged = itsm.engine().incidents().acknowledge(AGENT, assigned.ref());
    IncidentTicket resolved = itsm.engine().incidents().resolve(AGENT, acknowledged.ref(), Resolution.of("FIXED", "index added"));

    assertThat(second.affectedCis()).containsExactly(db.id(), other.id());
    assertThat(itsm.engine().incidents().query(MANAGER, IncidentQuery.builder().affectedCi(db.id()).build()).items())
        .extracting(IncidentTicket::id).containsExactlyInAnyOrder(first.id(), second.id());
    // its open ones
    assertThat(itsm.engine().incidents().query(MANAGER, IncidentQuery.builder().affectedCi(db.id()).open().build()).items())
        .extracting(IncidentTicket::id).containsExactly(first.id());
    assertThat(resolved.state()).isEqualTo(IncidentState.RESOLVED);
  }

  @Test
  void anIncidentShowsTheServicesItsCisTakeDownTogether() {
    var cmdb = itsm.engine().cmdb();
    Ci nodeA = cmdb.create(CM, NewCi.of("Server", "node-a", Map.of()));
    Ci nodeB = cmdb.create(CM, NewCi.of("Server", "node-b", Map.of()));
    Ci cluster = cmdb.create(CM, NewCi.of("Cluster", "orders-cluster", Map.of()));
    Ci app = cmdb.create(CM, NewCi.of("BusinessApplication", "order-entry", Map.of()));
    Ci trading = cmdb.create(CM, NewCi.of("BusinessService", "Equities trading", Map.of()));
    Ci portal = cmdb.create(CM, NewCi.of("BusinessService", "Member portal", Map.of()));
    cmdb.relate(CM, "member-of", nodeA.id(), cluster.id());
    cmdb.relate(CM, "member-of", nodeB.id(), cluster.id());
    cmdb.relate(CM, "runs-on", app.id(), cluster.id());
    cmdb.relate(CM, "depends-on", trading.id(), app.id());

    // one member down: the cluster holds, no service is affected
    assertThat(cmdb.affectedServices(AGENT, openOn(nodeA.id()).affectedCis())).isEmpty();
    // both members named by one incident fail together: the cluster, the application and the service fail
    IncidentTicket both = openOn(nodeA.id(), nodeB.id(), portal.id());
    assertThat(cmdb.affectedServices(AGENT, both.affectedCis()))
        .extracting(dev.itsm.api.cmdb.ImpactedCi::name, dev.itsm.api.cmdb.ImpactedCi::depth)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Member portal", 0),
            org.assertj.core.groups.Tuple.tuple("Equities trading", 3));
    assertThat(cmdb.affectedServices(AGENT, both.affectedCis()).get(1).path())
        .extracting(dev.itsm.api.cmdb.ImpactStep::relation).containsExactly("member-of", "hosts", "used-by");
    assertThat(cmdb.affectedServices(AGENT, java.util.List.of())).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cmdb.affectedServices(AGENT, java.util.List.of(UUID.randomUUID())))
        .isInstanceOf(dev.itsm.api.NotFoundException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cmdb.affectedServices(CALLER, both.affectedCis()))
        .isInstanceOf(dev.itsm.api.AccessDeniedException.class);
  }

  @Test
  void unknownRetiredRepeatedOrForeignCisAreRefusedAndNothingIsOpened() {
    Ci db = itsm.engine().cmdb().create(CM, NewCi.of("Database", "orders-db", Map.of()));
    Ci retired = itsm.engine().cmdb().retire(CM,
        itsm.engine().cmdb().create(CM, NewCi.of("Database", "legacy-db", Map.of())).ref());
    Ci foreign = itsm.engine().cmdb().create(CM.inTenant("acme"), NewCi.of("Database", "acme-db", Map.of()));
    long before = itsm.engine().incidents().query(MANAGER, IncidentQuery.all()).total();

    assertInvalidValue(() -> openOn(UUID.randomUUID()), "affectedCis[0]", "unknown");
    assertInvalidValue(() -> openOn(db.id(), retired.id()), "affectedCis[1]", "legacy-db is retired");
    assertInvalidValue(() -> openOn(db.id(), db.id()), "affectedCis[1]", "twice");
    assertInvalidValue(() -> openOn(foreign.id()), "affectedCis[0]", "unknown");

    assertThat(itsm.engine().incidents().query(MANAGER, IncidentQuery.all()).total()).isEqualTo(before);
  }

}
