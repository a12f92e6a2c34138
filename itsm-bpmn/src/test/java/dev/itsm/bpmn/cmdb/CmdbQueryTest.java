package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.itsm.api.Actor;
import dev.itsm.api.Page;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.BaselineDiff;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiQuery;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.testkit.ItsmExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Item queries: attribute filters, free text, sorting, combined with the other filters, in baselines. */
class CmdbQueryTest {
  private static final Actor CM = Actor.configurationManager("cora");
  private static final Instant WARRANTY = Instant.parse("2028-01-31T00:00:00Z");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private CmdbService cmdb() {
    return itsm.engine().cmdb();
  }

  private Ci ci(String type, String name, Object... keysAndValues) {
    Map<String, Object> attributes = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      attributes.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return cmdb().create(CM, NewCi.of(type, name, attributes));
  }

  /** The names of the items the query lists, in its order. */
  private List<String> names(CiQuery query) {
    return cmdb().query(AGENT, query).items().stream().map(Ci::name).toList();
  }

  private void defineSensor() {
    cmdb().defineType(CM, new CiTypeDefinition("Sensor", "Hardware", false, List.of(
        AttributeDefinition.string("baseunit").maxLength(100), AttributeDefinition.string("unit").maxLength(100),
        AttributeDefinition.decimal("threshold"), AttributeDefinition.bool("calibrated"))));
  }

  @Test
  void attributeFiltersMatchExactValuesOfEveryAttributeType() {
    Ci dc1 = ci("Location", "dc-1", "site", "DC1");
    Ci dc2 = ci("Location", "dc-2", "site", "DC2");
    ci("Server", "srv-a", "os", "Linux", "cpuCores", 8, "memoryGb", 64, "location", dc1.id(), "warrantyEnd", WARRANTY);
    ci("Server", "srv-b", "os", "Linux 6.6", "cpuCores", 80, "location", dc2.id(), "warrantyEnd", WARRANTY.plusSeconds(1));
    ci("Server", "srv-c", "os", "linux", "cpuCores", 8);
    ci("Server", "srv-d", "os", "BSD", "cpuCores", 16, "memoryGb", 8);
    ci("Firewall", "fw-a", "location", dc1.id(), "role", "router");
    ci("NetworkDevice", "sw-a", "role", "switch");
    ci("Database", "db-a", "sizeGb", new BigDecimal("120.5"));
    ci("Database", "db-b", "sizeGb", new BigDecimal("120.55"));
    ci("Database", "db-c", "sizeGb", 1205);
    ci("Database", "db-d", "sizeGb", 250);
    defineSensor();
    ci("Sensor", "sensor-a", "calibrated", true, "threshold", 1.5);
    ci("Sensor", "sensor-b", "calibrated", false);
    ci("Sensor", "sensor-c", "threshold", 1.5);
    CiQuery servers = CiQuery.ofType("Server");

    // STRING: exact and case-sensitive, no prefix
    assertThat(names(servers.where("os", "Linux"))).containsExactly("srv-a");
    assertThat(names(servers.where("os", "Linux 6.6"))).containsExactly("srv-b");
    assertThat(names(servers.where("os", "Lin"))).isEmpty();
    // INTEGER: 8 is neither 80 nor memoryGb 8; last in the object (no memoryGb) or followed by another value
    assertThat(names(servers.where("cpuCores", 8))).containsExactly("srv-a", "srv-c");
    assertThat(names(servers.where("cpuCores", 8L))).containsExactly("srv-a", "srv-c");
    assertThat(names(servers.where("cpuCores", 80))).containsExactly("srv-b");
    assertThat(names(servers.where("memoryGb", 8))).containsExactly("srv-d");
    assertThat(names(servers.where("cpuCores", 8).where("os", "linux"))).containsExactly("srv-c");
    // DECIMAL: one canonical form per number, 120.5 is not 120.55 or 1205
    CiQuery databases = CiQuery.ofType("Database");
    assertThat(names(databases.where("sizeGb", new BigDecimal("120.50")))).containsExactly("db-a");
    assertThat(names(databases.where("sizeGb", 120.5))).containsExactly("db-a");
    assertThat(names(databases.where("sizeGb", 1205))).containsExactly("db-c");
    assertThat(names(databases.where("sizeGb", new BigDecimal("2.5E+2")))).containsExactly("db-d");
    assertThat(names(databases.where("sizeGb", 250.0))).containsExactly("db-d");
    // BOOLEAN, and null for "not set"
    assertThat(names(CiQuery.ofType("Sensor").where("calibrated", true))).containsExactly("sensor-a");
    assertThat(names(CiQuery.ofType("Sensor").where("calibrated", false))).containsExactly("sensor-b");
    assertThat(names(CiQuery.ofType("Sensor").where("calibrated", null))).containsExactly("sensor-c");
    assertThat(names(CiQuery.ofType("Sensor").where("threshold", new BigDecimal("1.50")).where("calibrated", null)))
        .containsExactly("sensor-c");
    // ENUM
    assertThat(names(CiQuery.ofType("NetworkDevice").where("role", "switch"))).containsExactly("sw-a");
    assertThat(names(CiQuery.ofType("NetworkDevice").where("role", "router"))).containsExactly("fw-a");
    // DATETIME as an Instant or as ISO text in any precision
    assertThat(names(servers.where("warrantyEnd", WARRANTY))).containsExactly("srv-a");
    assertThat(names(servers.where("warrantyEnd", "2028-01-31T00:00:00.000Z"))).containsExactly("srv-a");
    assertThat(names(servers.where("warrantyEnd", "2028-01-31T00:00:01Z"))).containsExactly("srv-b");
    // REFERENCE as a UUID or its text; null: items without a location
    assertThat(names(servers.where("location", dc1.id()))).containsExactly("srv-a");
    assertThat(names(servers.where("location", dc2.id().toString()))).containsExactly("srv-b");
    assertThat(names(servers.where("location", null))).containsExactly("srv-c", "srv-d");
    // an inherited attribute on the parent type finds the items of every subtype, unless exact
    assertThat(names(CiQuery.ofType("Hardware").where("location", dc1.id()))).containsExactly("fw-a", "srv-a");
    assertThat(names(CiQuery.ofType("Hardware").where("location", null)))
        .containsExactly("sensor-a", "sensor-b", "sensor-c", "srv-c", "srv-d", "sw-a");
    assertThat(names(CiQuery.ofType("Hardware").exact().where("location", dc1.id()))).isEmpty();
    assertThat(names(CiQuery.ofType("NetworkDevice").exact().where("location", null))).containsExactly("sw-a");
    // a second filter on the same attribute replaces the first
    assertThat(names(servers.where("os", "BSD").where("os", "Linux"))).containsExactly("srv-a");
  }

  @Test
  void valuesWithQuotesWildcardsAndBackslashesMatchOnlyThemselves() {
    String special = "say \"hi\" 50%_off C:\\temp";
    ci("Server", "m-special", "model", special);
    ci("Server", "m-underscore", "model", "say \"hi\" 50%Xoff C:\\temp");   // '_' as a wildcard would match
    ci("Server", "m-percent", "model", "say \"hi\" 50 and more_off C:\\temp");   // '%' as a wildcard would match
    ci("Server", "m-tab", "model", "say \"hi\" 50%_off C:\temp");   // a tab, written \t in JSON
    ci("Server", "m-longer", "model", special + "2");
    ci("Server", "m-inner", "os", "x\",\"model\":\"Linux");   // what a key fragment looks like, inside a value
    defineSensor();
    ci("Sensor", "s-base", "baseunit", "C", "unit", "K");
    ci("Sensor", "s-unit", "unit", "C");

    assertThat(names(CiQuery.ofType("Server").where("model", special))).containsExactly("m-special");
    assertThat(names(CiQuery.ofType("Hardware").where("model", special))).containsExactly("m-special");
    assertThat(names(CiQuery.ofType("Server").where("model", "say \"hi\""))).isEmpty();
    assertThat(names(CiQuery.ofType("Server").where("model", "say \"hi\" 50%Xoff C:\\temp"))).containsExactly("m-underscore");
    assertThat(names(CiQuery.ofType("Server").where("model", "say \"hi\" 50%_off C:\temp"))).containsExactly("m-tab");
    assertThat(names(CiQuery.ofType("Server").where("model", "Linux"))).isEmpty();
    assertThat(names(CiQuery.ofType("Server").where("os", "x\",\"model\":\"Linux"))).containsExactly("m-inner");
    // "unit" is not the end of "baseunit"
    assertThat(names(CiQuery.ofType("Sensor").where("unit", "C"))).containsExactly("s-unit");
    assertThat(names(CiQuery.ofType("Sensor").where("baseunit", "C"))).containsExactly("s-base");
  }

  @Test
  void filtersCombineWithTypeStateRelationsPagingAndTheTotal() {
    Ci app = ci("BusinessApplication", "order-entry");
    List<Ci> linux = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      linux.add(ci("Server", "lx-" + i, "os", "Linux"));
    }
    Ci bsd = ci("Server", "bsd-1", "os", "BSD");
    ci("VirtualMachine", "vm-1", "os", "Linux");   // same attribute name, unrelated type
    cmdb().changeState(CM, linux.get(1).ref(), CiState.IN_MAINTENANCE);
    for (Ci host : List.of(linux.get(0), linux.get(1), linux.get(2), linux.get(3), bsd)) {
      cmdb().relate(CM, "runs-on", app.id(), host.id());
    }

    CiQuery query = CiQuery.ofType("Server").where("os", "Linux").inState(CiState.IN_USE).relatedTo(app.id());
    Page<Ci> first = cmdb().query(AGENT, query.page(0, 2));
    assertThat(first.items()).extracting(Ci::name).containsExactly("lx-1", "lx-3");
    assertThat(first.total()).isEqualTo(3);
    assertThat(first.hasMore()).isTrue();
    Page<Ci> second = cmdb().query(AGENT, query.page(2, 2));
    assertThat(second.items()).extracting(Ci::name).containsExactly("lx-4");
    assertThat(second.total()).isEqualTo(3);
    assertThat(second.hasMore()).isFalse();
    assertThat(cmdb().query(AGENT, CiQuery.ofType("Server").where("os", "Linux")).total()).isEqualTo(5);
    assertThat(names(CiQuery.ofType("Server").where("os", "Linux").named("LX-5"))).containsExactly("lx-5");
    assertThat(names(CiQuery.ofType("VirtualMachine").where("os", "Linux"))).containsExactly("vm-1");
    assertThat(names(CiQuery.ofType("Server").where("os", "Linux").sortBy(CiQuery.Sort.NAME, true).page(1, 3)))
        .containsExactly("lx-4", "lx-3", "lx-2");
    // another tenant's items are not listed
    assertThat(cmdb().query(CM.inTenant("acme"), CiQuery.ofType("Server").where("os", "Linux")).total()).isZero();
  }

  @Test
  void freeTextSearchesNamesAndAttributeValuesCaseInsensitively() {
    ci("Server", "web-01", "os", "Ubuntu");
    ci("Server", "db-host", "hostname", "WEB-backup.example.net");
    ci("Server", "mail-01", "model", "Rack \"A\" slot\\3", "cpuCores", 48);
    ci("Server", "edge-01", "model", "100 units");
    ci("Location", "head office", "address", "1 Main St, 100% accessible");

    assertThat(names(CiQuery.all().text("WeB"))).containsExactly("db-host", "web-01");
    assertThat(names(CiQuery.all().text("ubuntu"))).containsExactly("web-01");
    assertThat(names(CiQuery.all().text("rack \"a\" slot\\3"))).containsExactly("mail-01");
    assertThat(names(CiQuery.all().text("\"a\""))).containsExactly("mail-01");
    assertThat(names(CiQuery.all().text("100%"))).containsExactly("head office");
    assertThat(names(CiQuery.all().text("48"))).containsExactly("mail-01");
    assertThat(names(CiQuery.ofType("Server").text("01").where("os", "Ubuntu"))).containsExactly("web-01");
    assertThat(names(CiQuery.all().text("  "))).hasSize(5);
    // documented: the text is looked for in the JSON text, attribute names included
    assertThat(names(CiQuery.all().text("hostname"))).containsExactly("db-host");
  }

  @Test
  void itemsSortByEachFieldInBothDirectionsWithNameAndIdBreakingTies() {
    Ci bravo = ci("Server", "bravo");
    itsm.clock().advance(Duration.ofMinutes(1));
    Ci alpha = ci("Location", "alpha");
    itsm.clock().advance(Duration.ofMinutes(1));
    Ci charlie = cmdb().create(CM, NewCi.of("Database", "charlie", Map.of()).inState(CiState.PLANNED));
    itsm.clock().advance(Duration.ofMinutes(1));
    Ci delta = ci("Firewall", "delta");
    itsm.clock().advance(Duration.ofMinutes(1));
    cmdb().update(CM, bravo.ref(), Map.of("os", "Linux"));
    itsm.clock().advance(Duration.ofMinutes(1));
    cmdb().changeState(CM, alpha.ref(), CiState.IN_MAINTENANCE);
    itsm.clock().advance(Duration.ofMinutes(1));
    cmdb().retire(CM, delta.ref());
    itsm.clock().advance(Duration.ofMinutes(1));
    Ci echo1 = ci("Server", "echo");
    itsm.clock().advance(Duration.ofMinutes(1));
    Ci echo2 = ci("Server", "echo");
    // the two echos differ only in their ids (in the database's order: unsigned, as their text sorts)
    List<Ci> echos = new ArrayList<>(List.of(echo1, echo2));
    echos.sort(Comparator.comparing(c -> c.id().toString()));
    UUID low = echos.get(0).id();
    UUID high = echos.get(1).id();

    assertSorted(CiQuery.Sort.NAME, alpha.id(), bravo.id(), charlie.id(), delta.id(), low, high);
    assertThat(sorted(CiQuery.all())).isEqualTo(sorted(CiQuery.all().sortBy(CiQuery.Sort.NAME, false)));
    assertSorted(CiQuery.Sort.TYPE, charlie.id(), delta.id(), alpha.id(), bravo.id(), low, high);
    // lifecycle order, not alphabetical
    assertSorted(CiQuery.Sort.STATE, charlie.id(), bravo.id(), low, high, alpha.id(), delta.id());
    assertSorted(CiQuery.Sort.CREATED_AT, bravo.id(), alpha.id(), charlie.id(), delta.id(), echo1.id(), echo2.id());
    assertSorted(CiQuery.Sort.UPDATED_AT, charlie.id(), bravo.id(), alpha.id(), delta.id(), echo1.id(), echo2.id());
    // paging follows the order
    assertThat(cmdb().query(AGENT, CiQuery.all().sortBy(CiQuery.Sort.UPDATED_AT, true).page(1, 2)).items())
        .extracting(Ci::id).containsExactly(echo1.id(), delta.id());
    assertThat(cmdb().query(AGENT, CiQuery.ofType("Server").sortBy(CiQuery.Sort.CREATED_AT, true)).items())
        .extracting(Ci::id).containsExactly(echo2.id(), echo1.id(), bravo.id());
  }

  private List<UUID> sorted(CiQuery query) {
    return cmdb().query(AGENT, query).items().stream().map(Ci::id).toList();
  }

  private void assertSorted(CiQuery.Sort sort, UUID... ascending) {
    assertThat(sorted(CiQuery.all().sortBy(sort, false))).as("%s ascending", sort).containsExactly(ascending);
    List<UUID> descending = new ArrayList<>(List.of(ascending));
    java.util.Collections.reverse(descending);
    assertThat(sorted(CiQuery.all().sortBy(sort, true))).as("%s descending", sort).containsExactlyElementsOf(descending);
  }

  @Test
  void badFiltersAreTypedErrorsNamingTheTypeAndAttribute() {
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.all().where("cpuCores", 8)), "where.cpuCores", "names none");
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("Server").where("colour", "red")), "where.colour",
        "CI type Server");
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("Server").where("colour", "red")), "where.colour", "'colour'");
    // a subtype's attribute is not one of the parent type's
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("Hardware").where("hostname", "h")), "where.hostname",
        "CI type Hardware");
    // values are checked as a write checks them
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("Server").where("cpuCores", "8")), "where.cpuCores",
        "Expected attribute cpuCores of CI type Server to be a whole number, but it is '8'");
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("Server").where("warrantyEnd", "next year")),
        "where.warrantyEnd", "attribute warrantyEnd of CI type Server to be an instant");
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("Database").where("sizeGb", "120")), "where.sizeGb", "a number");
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("NetworkDevice").where("role", "hub")), "where.role",
        "[switch, router, load-balancer, access-point, other]");
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("Server").where("location", "dc-1")), "where.location",
        "the id of a Location");
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("Server").where("os", "L".repeat(101))), "where.os",
        "at most 100");
    assertInvalidValue(() -> cmdb().query(AGENT, CiQuery.ofType("Mainframe").where("cpuCores", 8)), "type", "Mainframe");
    // a baseline checks its query the same way and stores nothing
    assertInvalidValue(() -> cmdb().createBaseline(CM, "bad", CiQuery.ofType("Server").where("cpuCores", true)),
        "where.cpuCores", "whole number");
    assertThat(cmdb().baselines(AGENT)).isEmpty();
    assertThatThrownBy(() -> CiQuery.all().where(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CiQuery.all().sortBy(null, true)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aBaselineWithAttributeFiltersDiffsAgainstNow() {
    Ci dc = ci("Location", "dc-1");
    Ci web1 = ci("Server", "web-01", "os", "Linux", "cpuCores", 8, "location", dc.id(), "warrantyEnd", WARRANTY);
    Ci web2 = ci("Server", "web-02", "os", "Linux", "cpuCores", 8, "location", dc.id(), "warrantyEnd", WARRANTY);
    Ci web3 = ci("Server", "web-03", "os", "BSD", "location", dc.id(), "warrantyEnd", WARRANTY);
    ci("Server", "web-04", "os", "Linux", "location", dc.id(), "warrantyEnd", WARRANTY, "memoryGb", 32);
    // values of every kind that JSON has no type for: an Instant, a UUID, a BigDecimal, null
    CiQuery query = CiQuery.ofType("Server").where("os", "Linux").where("location", dc.id()).where("warrantyEnd", WARRANTY)
        .where("memoryGb", null).where("cpuCores", new BigDecimal("8.0")).text("WEB").sortBy(CiQuery.Sort.UPDATED_AT, true);
    assertThat(cmdb().createBaseline(CM, "dc-1 linux", query).items()).isEqualTo(2);
    assertThat(cmdb().diff(AGENT, "dc-1 linux", null).isEmpty()).isTrue();

    cmdb().update(CM, web2.ref(), Map.of("os", "Linux 6.6"));
    cmdb().update(CM, web3.ref(), Map.of("os", "Linux", "cpuCores", 8));
    Ci web1Renamed = cmdb().update(CM, web1.ref(), Map.of("name", "web-01a"));

    BaselineDiff diff = cmdb().diff(AGENT, "dc-1 linux", null);
    assertThat(diff.added()).containsExactly(new BaselineDiff.Item(web3.id(), "Server", "web-03"));
    assertThat(diff.removed()).containsExactly(new BaselineDiff.Item(web2.id(), "Server", "web-02"));
    assertThat(diff.changed()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(web1Renamed.id());
      assertThat(c.differences()).containsExactly(new BaselineDiff.Difference("name", "\"web-01\"", "\"web-01a\""));
    });
  }

  @Test
  void aBaselineStoredBeforeQueriesHadFiltersTextAndSortingStillReads() throws Exception {
    ci("Server", "web-01", "os", "Linux");
    Ci web2 = ci("Server", "web-02");
    ci("Server", "mail-01");
    cmdb().createBaseline(CM, "old", CiQuery.ofType("Server").inState(CiState.IN_USE).named("web"));
    // the query as the previous release stored it
    String old = "{\"type\":\"Server\",\"exactType\":false,\"state\":\"IN_USE\",\"nameContains\":\"web\",\"relatedTo\":null,"
        + "\"offset\":0,\"limit\":50}";
    try (Connection c = itsm.database().connect();
         PreparedStatement s = c.prepareStatement("UPDATE itsm_ci_baseline SET query = ? WHERE name = ?")) {
      s.setString(1, old);
      s.setString(2, "old");
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    Ci web3 = ci("Server", "web-03");
    cmdb().retire(CM, web2.ref());

    BaselineDiff diff = cmdb().diff(AGENT, "old", null);
    assertThat(diff.added()).containsExactly(new BaselineDiff.Item(web3.id(), "Server", "web-03"));
    assertThat(diff.removed()).containsExactly(new BaselineDiff.Item(web2.id(), "Server", "web-02"));
    assertThat(diff.changed()).isEmpty();

    // and as plain data: missing components read as their defaults, new ones survive a round trip
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readValue(old, CiQuery.class)).isEqualTo(CiQuery.ofType("Server").inState(CiState.IN_USE).named("web"));
    CiQuery full = CiQuery.ofType("Server").where("os", "Linux").where("cpuCores", 8).where("memoryGb", null)
        .where("monitored", true).text("web").sortBy(CiQuery.Sort.CREATED_AT, true).page(50, 25);
    assertThat(json.readValue(json.writeValueAsString(full), CiQuery.class)).isEqualTo(full);
    assertThat(new CiQuery("Server", false, null, null, null, Map.of("os", "Linux"), null, null, false, 0, 50))
        .isEqualTo(CiQuery.ofType("Server").where("os", "Linux"));
  }
}
