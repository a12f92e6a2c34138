package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.itsm.api.Actor;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactStep;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.cmdb.Relation;
import dev.itsm.internal.cmdb.GraphCache;
import dev.itsm.internal.engine.DefaultItsmEngine;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read after write on one engine with a cached relation graph: every change is walked by the next
 * analysis. The poll interval is a day, so what the analyses see after the first one comes from the
 * engine's own commits, not from reading the change log.
 * <pre>
 * Payments -depends-on-> pay-app -runs-on-> host-1
 * </pre>
 */
class CmdbGraphCacheTest {
  private static final Actor CM = Actor.configurationManager("cora");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).cmdbGraphPollInterval(Duration.ofDays(1)));

  private Ci payments;
  private Ci app;
  private Ci host;
  private Ci db;

  private CmdbService cmdb() {
    return itsm.engine().cmdb();
  }

  private GraphCache graphs() {
    return ((DefaultItsmEngine) itsm.engine()).runtime().cmdbGraphs();
  }

  private Ci ci(String type, String name) {
    return cmdb().create(CM, NewCi.of(type, name, Map.of()));
  }

  private List<String> downstreamOf(Ci ci) {
    return cmdb().impact(AGENT, ImpactQuery.downstream(ci.id())).stream().map(ImpactedCi::name).toList();
  }

  @BeforeEach
  void landscape() {
    payments = ci("BusinessService", "Payments");
    app = ci("BusinessApplication", "pay-app");
    host = ci("Server", "host-1");
    db = ci("Database", "pay-db");
    cmdb().relate(CM, "depends-on", payments.id(), app.id());
    cmdb().relate(CM, "runs-on", app.id(), host.id());
    assertThat(downstreamOf(host)).containsExactly("pay-app", "Payments");
    assertThat(graphs().cached()).containsEntry(AGENT.tenantId(), 4);
  }

  @Test
  void aRelationIsWalkedByTheNextAnalysis() {
    cmdb().relate(CM, "runs-on", db.id(), host.id());

    assertThat(downstreamOf(host)).containsExactly("pay-app", "pay-db", "Payments");
  }

  @Test
  void aRemovedRelationIsNotWalkedByTheNextAnalysis() {
    Relation hosting = cmdb().relations(CM, app.id()).stream().filter(r -> r.type().equals("runs-on")).findFirst().orElseThrow();

    cmdb().unrelate(CM, hosting.id());

    assertThat(downstreamOf(host)).isEmpty();
    assertThat(cmdb().impact(AGENT, ImpactQuery.upstream(payments.id()))).extracting(ImpactedCi::name).containsExactly("pay-app");
  }

  @Test
  void aRetiredItemNeitherFailsNorPassesTheFailureOnInTheNextAnalysis() {
    cmdb().retire(CM, cmdb().get(CM, app.id()).ref());

    assertThat(downstreamOf(host)).isEmpty();
  }

  @Test
  void aRenamedItemIsReportedUnderItsNewName() {
    cmdb().update(CM, cmdb().get(CM, app.id()).ref(), Map.of("name", "payments-app"));

    List<ImpactedCi> impact = cmdb().impact(AGENT, ImpactQuery.downstream(host.id()));
    assertThat(impact).extracting(ImpactedCi::name, ImpactedCi::depth).containsExactly(tuple("payments-app", 1), tuple("Payments", 2));
    assertThat(impact.get(1).path()).containsExactly(new ImpactStep(host.id(), "hosts", app.id()),
        new ImpactStep(app.id(), "used-by", payments.id()));
  }

  @Test
  void itemsCreatedAfterTheGraphWasLoadedAreWalkedAndCanBeAnalysed() {
    Ci reporting = ci("BusinessService", "Reporting");
    assertThat(cmdb().impact(AGENT, ImpactQuery.upstream(reporting.id()))).isEmpty();

    cmdb().relate(CM, "depends-on", reporting.id(), app.id());

    assertThat(downstreamOf(host)).containsExactly("pay-app", "Payments", "Reporting");
    assertThat(cmdb().impact(AGENT, ImpactQuery.upstream(reporting.id()))).extracting(ImpactedCi::name)
        .containsExactly("pay-app", "host-1");
    assertThat(graphs().cached()).containsEntry(AGENT.tenantId(), 5);
  }

  @Test
  void aUnitThatChangesTheGraphWalksItsOwnWritesAndARollbackLeavesTheCacheAsItWas() {
    assertThatThrownBy(() -> itsm.engine().inTransaction(() -> {
      cmdb().relate(CM, "runs-on", db.id(), host.id());
      assertThat(downstreamOf(host)).containsExactly("pay-app", "pay-db", "Payments");
      throw new IllegalStateException("changed my mind");
    })).hasMessageContaining("changed my mind");

    assertThat(downstreamOf(host)).containsExactly("pay-app", "Payments");
  }

  @Test
  void everyWriteThatChangesTheGraphLogsTheItemsItTouchedOnceAndOthersLogNothing() throws Exception {
    long before = logRows();

    itsm.engine().inTransaction(() -> {
      cmdb().relate(CM, "runs-on", db.id(), host.id());
      cmdb().relate(CM, "depends-on", payments.id(), db.id());
    });
    assertThat(logRows() - before).as("pay-db, host-1, Payments").isEqualTo(3);
    cmdb().update(CM, cmdb().get(CM, db.id()).ref(), Map.of("name", "payments-db"));
    cmdb().update(CM, cmdb().get(CM, db.id()).ref(), Map.of("engine", "PostgreSQL"));
    cmdb().changeState(CM, cmdb().get(CM, db.id()).ref(), CiState.IN_MAINTENANCE);
    ci("Server", "host-2");
    assertThat(logRows() - before).as("and the rename").isEqualTo(4);

    assertThat(downstreamOf(host)).containsExactly("pay-app", "payments-db", "Payments");
  }

  @Test
  void tenantsHaveGraphsOfTheirOwn() {
    Actor acmeCm = Actor.builder("cid").roles("configuration-manager").tenant("acme").build();
    Actor acmeAgent = Actor.builder("al").roles("agent").groups("network-ops").tenant("acme").build();
    Ci acmeHost = cmdb().create(acmeCm, NewCi.of("Server", "acme-host", Map.of()));
    Ci acmeApp = cmdb().create(acmeCm, NewCi.of("Application", "acme-app", Map.of()));
    cmdb().relate(acmeCm, "runs-on", acmeApp.id(), acmeHost.id());

    assertThat(cmdb().impact(acmeAgent, ImpactQuery.downstream(acmeHost.id()))).extracting(ImpactedCi::name)
        .containsExactly("acme-app");
    assertThat(graphs().cached()).containsOnly(Map.entry(AGENT.tenantId(), 4), Map.entry("acme", 2));
  }

  @Test
  void aGraphOverTheCacheLimitIsWalkedOnTheDatabase() {
    itsm.restart(b -> b.plugin(DIRECTORY).cmdbGraphCacheLimit(1));

    assertThat(downstreamOf(host)).containsExactly("pay-app", "Payments");
    cmdb().relate(CM, "runs-on", db.id(), host.id());
    assertThat(downstreamOf(host)).containsExactly("pay-app", "pay-db", "Payments");
    assertThat(graphs().cached()).isEmpty();
  }

  private long logRows() throws Exception {
    try (Connection c = itsm.database().connect(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT COUNT(*) FROM itsm_ci_graph_log")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
