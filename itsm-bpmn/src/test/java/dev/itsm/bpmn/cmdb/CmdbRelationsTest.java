package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.ImpactGap;
import dev.itsm.api.cmdb.ImpactRule;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.cmdb.Relation;
import dev.itsm.api.cmdb.RelationEnd;
import dev.itsm.api.cmdb.RelationType;
import dev.itsm.api.cmdb.RelationTypeDefinition;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Relations between items: typed, checked, recorded in both items' history; impact rules declared and checked. */
class CmdbRelationsTest {
  private static final Actor CM = Actor.configurationManager("cora");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private CmdbService cmdb() {
    return itsm.engine().cmdb();
  }

  private Ci ci(String type, String name) {
    return cmdb().create(CM, NewCi.of(type, name, Map.of()));
  }

  @Test
  void theDefaultRelationTypesLeaveNoImpactGap() {
    assertThat(cmdb().relationTypes(AGENT)).extracting(RelationType::name)
        .containsExactly("connected-to", "depends-on", "located-in", "member-of", "runs-on");
    RelationType memberOf = cmdb().relationTypes(AGENT).stream().filter(t -> t.name().equals("member-of")).findFirst().orElseThrow();
    assertThat(memberOf.definition().affects()).isEqualTo(RelationEnd.TARGET);
    assertThat(memberOf.definition().impact()).isEqualTo(ImpactRule.redundancyAll());
    assertThat(cmdb().impactGaps(AGENT)).isEmpty();
  }

  @Test
  void relationsAreRecordedInBothItemsHistoryAndCanBeRemoved() {
    Ci app = ci("BusinessApplication", "order-entry");
    Ci host = ci("Server", "host-7");
    Ci db = ci("Database", "orders-db");

    Relation runsOn = cmdb().relate(CM, "runs-on", app.id(), host.id());
    Relation dependsOn = cmdb().relate(CM, "depends-on", app.id(), db.id());

    assertThat(cmdb().relations(AGENT, app.id())).containsExactlyInAnyOrder(runsOn, dependsOn);
    assertThat(cmdb().relations(AGENT, host.id())).containsExactly(runsOn);
    assertThat(cmdb().query(AGENT, dev.itsm.api.cmdb.CiQuery.all().relatedTo(app.id())).items()).extracting(Ci::name)
        .containsExactly("host-7", "orders-db");
    assertThat(cmdb().query(AGENT, dev.itsm.api.cmdb.CiQuery.ofType("Database").relatedTo(app.id())).items())
        .extracting(Ci::name).containsExactly("orders-db");
    assertThat(cmdb().query(AGENT, dev.itsm.api.cmdb.CiQuery.all().relatedTo(host.id())).items()).extracting(Ci::name)
        .containsExactly("order-entry");
    assertThat(cmdb().history(AGENT, host.id())).extracting(CiChange::action, CiChange::field, CiChange::newValue)
        .contains(tuple("related", "hosts", "\"" + app.id() + "\""));
    assertThat(cmdb().asOf(AGENT, app.id(), itsm.clock().instant())).isEqualTo(cmdb().get(AGENT, app.id()));

    java.time.Instant whileHosted = itsm.clock().instant();
    itsm.clock().advance(java.time.Duration.ofMinutes(10));
    cmdb().unrelate(CM, runsOn.id());
    assertThat(cmdb().relations(AGENT, app.id())).containsExactly(dependsOn);
    // read back in time, the relation is still there
    assertThat(cmdb().relationsAsOf(AGENT, app.id(), whileHosted)).containsExactly(
        new dev.itsm.api.cmdb.RelatedItem("depends-on", db.id()), new dev.itsm.api.cmdb.RelatedItem("runs-on", host.id()));
    assertThat(cmdb().relationsAsOf(AGENT, host.id(), whileHosted)).containsExactly(
        new dev.itsm.api.cmdb.RelatedItem("hosts", app.id()));
    assertThat(cmdb().relationsAsOf(AGENT, app.id(), itsm.clock().instant())).containsExactly(
        new dev.itsm.api.cmdb.RelatedItem("depends-on", db.id()));
    assertThat(cmdb().history(AGENT, app.id())).extracting(CiChange::action, CiChange::field, CiChange::oldValue)
        .contains(tuple("unrelated", "runs-on", "\"" + host.id() + "\""));
    assertThatThrownBy(() -> cmdb().unrelate(CM, runsOn.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aRelationTheTypeDoesNotAllowIsATypedErrorAndWritesNothing() throws Exception {
    Ci app = ci("Application", "portal-backend");
    Ci host = ci("Server", "host-1");
    Ci site = ci("Location", "DC-1");
    Ci gone = cmdb().retire(CM, ci("Server", "host-0").ref());
    Ci foreign = cmdb().create(CM.inTenant("acme"), NewCi.of("Server", "acme-host", Map.of()));
    cmdb().relate(CM, "runs-on", app.id(), host.id());
    long before = relationRows();

    assertInvalidValue(() -> cmdb().relate(CM, "sits-on", app.id(), host.id()), "type", "'sits-on' is unknown");
    assertInvalidValue(() -> cmdb().relate(CM, "runs-on", site.id(), host.id()), "source", "Location");
    assertInvalidValue(() -> cmdb().relate(CM, "runs-on", app.id(), site.id()), "target", "Location");
    assertInvalidValue(() -> cmdb().relate(CM, "depends-on", app.id(), app.id()), "target", "itself");
    assertInvalidValue(() -> cmdb().relate(CM, "runs-on", app.id(), host.id()), "target", "exists already");
    assertInvalidValue(() -> cmdb().relate(CM, "runs-on", app.id(), gone.id()), "target", "retired");
    assertInvalidValue(() -> cmdb().relate(CM, "runs-on", app.id(), UUID.randomUUID()), "target", "unknown");
    assertInvalidValue(() -> cmdb().relate(CM, "runs-on", app.id(), foreign.id()), "target", "unknown");
    assertThatThrownBy(() -> cmdb().relate(CM, "runs-on", null, host.id()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("source"));
    assertThatThrownBy(() -> cmdb().relate(AGENT, "depends-on", app.id(), host.id())).isInstanceOf(AccessDeniedException.class);

    assertThat(relationRows()).isEqualTo(before);
  }

  @Test
  void theCheckReportsEveryTypeThatCouldBeAffectedWithoutARule() {
    // a relation type with rules for some affected types only
    RelationType backup = cmdb().defineRelationType(CM, new RelationTypeDefinition("backed-up-by", "backs-up",
        List.of("Database", "Hardware"), List.of("Storage"), RelationEnd.SOURCE, null,
        Map.of("Database", ImpactRule.none(), "Server", ImpactRule.none()), false));
    assertThat(backup.version()).isEqualTo(1);

    // Server's rule covers nothing else; the other Hardware types have none
    assertThat(cmdb().impactGaps(AGENT)).containsExactly(
        new ImpactGap("backed-up-by", "Firewall", RelationEnd.SOURCE),
        new ImpactGap("backed-up-by", "Hardware", RelationEnd.SOURCE),
        new ImpactGap("backed-up-by", "NetworkDevice", RelationEnd.SOURCE),
        new ImpactGap("backed-up-by", "Storage", RelationEnd.SOURCE));

    // a rule on the parent type covers its subtypes
    cmdb().defineRelationType(CM, new RelationTypeDefinition("backed-up-by", "backs-up", List.of("Database", "Hardware"),
        List.of("Storage"), RelationEnd.SOURCE, null,
        Map.of("Database", ImpactRule.none(), "Hardware", ImpactRule.redundancy(1)), false));
    assertThat(cmdb().impactGaps(AGENT)).isEmpty();
  }

  @Test
  void badRelationTypesAreTypedErrorsAndTheirShapeStaysWhileRelationsExist() {
    assertInvalidValue(() -> cmdb().defineRelationType(CM, new RelationTypeDefinition("Runs On", "hosts", List.of(), List.of(),
        RelationEnd.SOURCE, ImpactRule.propagates(), Map.of(), false)), "name", "'Runs On'");
    assertInvalidValue(() -> cmdb().defineRelationType(CM, new RelationTypeDefinition("feeds", "fed-by", List.of("Mainframe"),
        List.of(), RelationEnd.SOURCE, ImpactRule.propagates(), Map.of(), false)), "relationTypes.feeds.sourceTypes", "Mainframe");
    assertInvalidValue(() -> cmdb().defineRelationType(CM, new RelationTypeDefinition("feeds", "fed-by", List.of("Application"),
        List.of("Database"), RelationEnd.SOURCE, null, Map.of("Database", ImpactRule.none()), false)),
        "relationTypes.feeds.impactByType.Database", "cannot");
    assertThatThrownBy(() -> cmdb().defineRelationType(CM, new RelationTypeDefinition("feeds", "fed-by", List.of(), List.of(),
        null, ImpactRule.propagates(), Map.of(), false)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("relationTypes.feeds.affects"));
    assertThatThrownBy(() -> ImpactRule.redundancy(0)).isInstanceOf(IllegalArgumentException.class);

    cmdb().relate(CM, "depends-on", ci("Application", "a").id(), ci("Database", "d").id());
    assertInvalidValue(() -> cmdb().defineRelationType(CM, new RelationTypeDefinition("depends-on", "used-by", List.of("Application"),
        List.of(), RelationEnd.SOURCE, ImpactRule.propagates(), Map.of(), false)), "relationTypes.depends-on", "while relations");
    // names and impact may change
    RelationType renamed = cmdb().defineRelationType(CM, new RelationTypeDefinition("depends-on", "needed-by", List.of(),
        List.of(), RelationEnd.SOURCE, ImpactRule.redundancy(2), Map.of(), false));
    assertThat(renamed.version()).isEqualTo(2);
  }


  private long relationRows() throws Exception {
    try (Connection c = itsm.database().connect()) {
      return count(c, "SELECT COUNT(*) FROM itsm_ci_relation") * 100000 + count(c, "SELECT COUNT(*) FROM itsm_ci_history");
    }
  }
}
