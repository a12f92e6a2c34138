package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngineBuilder;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactRule;
import dev.itsm.api.cmdb.ImpactStep;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.cmdb.RelationEnd;
import dev.itsm.api.cmdb.RelationTypeDefinition;
import dev.itsm.internal.engine.DefaultItsmEngine;
import dev.itsm.testkit.ItsmExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Impact analysis on a small trading landscape:
 * <pre>
 * Equities trading -depends-on-> order-entry -runs-on-> app-cluster &lt;-member-of- host-1, host-2
 *                                order-entry -depends-on-> orders-db -runs-on-> host-3 -located-in-> DC-1
 * Clearing -depends-on-> orders-db;  orders-db -depends-on-> order-entry (a cycle)
 * core-switch -connected-to-> host-3 (no impact)
 * </pre>
 * The analyses walk the engine's cached relation graph; {@link CmdbImpactOnTheDatabaseTest} runs
 * the same tests with the cache off, walking the database.
 */
class CmdbImpactTest {
  private static final Actor CM = Actor.configurationManager("cora");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> configure(b.plugin(DIRECTORY)));

  /** Further settings of the engine. */
  void configure(ItsmEngineBuilder builder) {}

  /** Whether the analyses are to walk the cached graph. */
  boolean cached() {
    return true;
  }

  @AfterEach
  void walkedTheExpectedGraph() {
    Map<String, Integer> graphs = ((DefaultItsmEngine) itsm.engine()).runtime().cmdbGraphs().cached();
    if (cached()) {
      assertThat(graphs).containsKey(AGENT.tenantId());
    } else {
      assertThat(graphs).isEmpty();
    }
  }

  private Ci equities;
  private Ci clearing;
  private Ci orderEntry;
  private Ci cluster;
  private Ci host1;
  private Ci host2;
  private Ci host3;
  private Ci ordersDb;
  private Ci dc;
  private Ci coreSwitch;

  private CmdbService cmdb() {
    return itsm.engine().cmdb();
  }

  private Ci ci(String type, String name) {
    return cmdb().create(CM, NewCi.of(type, name, Map.of()));
  }

  @BeforeEach
  void landscape() {
    equities = ci("BusinessService", "Equities trading");
    clearing = ci("BusinessService", "Clearing");
    orderEntry = ci("BusinessApplication", "order-entry");
    cluster = ci("Cluster", "app-cluster");
    host1 = ci("Server", "host-1");
    host2 = ci("Server", "host-2");
    host3 = ci("Server", "host-3");
    ordersDb = ci("Database", "orders-db");
    dc = ci("Location", "DC-1");
    coreSwitch = ci("NetworkDevice", "core-switch");
    cmdb().relate(CM, "depends-on", equities.id(), orderEntry.id());
    cmdb().relate(CM, "runs-on", orderEntry.id(), cluster.id());
    cmdb().relate(CM, "member-of", host1.id(), cluster.id());
    cmdb().relate(CM, "member-of", host2.id(), cluster.id());
    cmdb().relate(CM, "depends-on", orderEntry.id(), ordersDb.id());
    cmdb().relate(CM, "runs-on", ordersDb.id(), host3.id());
    cmdb().relate(CM, "located-in", host3.id(), dc.id());
    cmdb().relate(CM, "depends-on", clearing.id(), ordersDb.id());
    cmdb().relate(CM, "depends-on", ordersDb.id(), orderEntry.id());
    cmdb().relate(CM, "connected-to", coreSwitch.id(), host3.id());
  }

  @Test
  void downstreamListsEveryAffectedItemWithThePathThatExplainsIt() {
    List<ImpactedCi> impact = cmdb().impact(AGENT, ImpactQuery.downstream(host3.id()));

    assertThat(impact).extracting(ImpactedCi::name, ImpactedCi::depth).containsExactly(
        tuple("orders-db", 1), tuple("Clearing", 2), tuple("order-entry", 2), tuple("Equities trading", 3));
    assertThat(impact.get(3).path()).containsExactly(
        new ImpactStep(host3.id(), "hosts", ordersDb.id()),
        new ImpactStep(ordersDb.id(), "used-by", orderEntry.id()),
        new ImpactStep(orderEntry.id(), "used-by", equities.id()));
    // the switch is connected, but a connection carries no impact; the cycle did not loop
    assertThat(impact).extracting(ImpactedCi::name).doesNotContain("core-switch", "host-3");
  }

  @Test
  void aTypeFilterAndADepthLimitNarrowTheAnswer() {
    assertThat(cmdb().impact(AGENT, ImpactQuery.downstream(dc.id()).ofTypes("BusinessService")))
        .extracting(ImpactedCi::name, ImpactedCi::depth).containsExactly(tuple("Clearing", 3), tuple("Equities trading", 4));
    assertThat(cmdb().impact(AGENT, ImpactQuery.downstream(host3.id()).maxDepth(2)))
        .extracting(ImpactedCi::name).containsExactly("orders-db", "Clearing", "order-entry");
    assertThatThrownBy(() -> cmdb().impact(AGENT, ImpactQuery.downstream(host3.id()).maxDepth(0)))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("maxDepth"));
    assertThatThrownBy(() -> cmdb().impact(AGENT, ImpactQuery.downstream(host3.id()).ofTypes("Mainframe")))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("types"));
  }

  @Test
  void redundancyIsHonoured() {
    // one member of two down: the cluster (all members must fail) stays up
    assertThat(cmdb().impact(AGENT, ImpactQuery.downstream(host1.id()))).isEmpty();

    // with "at least 1 member down" the cluster fails, and with it the application and the service
    cmdb().defineRelationType(CM, new RelationTypeDefinition("member-of", "has-member",
        List.of("Server", "VirtualMachine", "NetworkDevice", "Storage", "Database"), List.of("Cluster"), RelationEnd.TARGET,
        ImpactRule.redundancy(1), Map.of(), false));
    assertThat(cmdb().impact(AGENT, ImpactQuery.downstream(host1.id()))).extracting(ImpactedCi::name)
        .containsExactly("app-cluster", "order-entry", "Equities trading", "orders-db", "Clearing");
  }

  @Test
  void upstreamListsTheCandidateCausesAndWhichCouldCauseItAlone() {
    List<ImpactedCi> causes = cmdb().impact(AGENT, ImpactQuery.upstream(equities.id()));

    assertThat(causes).extracting(ImpactedCi::name, ImpactedCi::alone).containsExactlyInAnyOrder(
        tuple("order-entry", true), tuple("app-cluster", true), tuple("orders-db", true),
        tuple("host-1", false), tuple("host-2", false), tuple("host-3", true), tuple("DC-1", true));
    ImpactedCi site = causes.stream().filter(c -> c.name().equals("DC-1")).findFirst().orElseThrow();
    assertThat(site.path()).extracting(ImpactStep::relation).containsExactly("depends-on", "depends-on", "runs-on", "located-in");
  }

  @Test
  void retiredItemsNeitherFailNorPassFailuresOn() {
    cmdb().retire(CM, cmdb().get(CM, ordersDb.id()).ref());
    assertThat(cmdb().impact(AGENT, ImpactQuery.downstream(host3.id()))).isEmpty();
  }
}
