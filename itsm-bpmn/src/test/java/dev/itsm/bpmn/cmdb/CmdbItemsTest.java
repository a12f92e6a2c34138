package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.Cause;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Page;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.cmdb.CiQuery;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.testkit.ItsmExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Configuration items of the default model: created, validated, changed, retired, read back in time. */
class CmdbItemsTest {
  private static final Actor CM = Actor.configurationManager("cora");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private CmdbService cmdb() {
    return itsm.engine().cmdb();
  }

  private Ci location() {
    return cmdb().create(CM, NewCi.of("Location", "Trading floor DC-1", Map.of("site", "DC1")));
  }

  private Ci server(String name, String hostname, String serial) {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("hostname", hostname);
    attributes.put("serialNumber", serial);
    attributes.put("cpuCores", 16);
    attributes.put("os", "Linux");
    return cmdb().create(CM, NewCi.of("Server", name, attributes));
  }

  @Test
  void theDefaultModelShipsWithTheLibraryWithInheritance() {
    assertThat(cmdb().types(AGENT)).extracting(t -> t.name()).contains("BusinessService", "Application",
        "BusinessApplication", "Platform", "Portal", "Database", "Hardware", "Server", "NetworkDevice", "Firewall",
        "Storage", "VirtualMachine", "Location");
    assertThat(cmdb().type(AGENT, "Server").attributes()).extracting(AttributeDefinition::name)
        .startsWith("serialNumber", "manufacturer", "model", "location", "warrantyEnd").contains("hostname", "cpuCores");
    assertThat(cmdb().typeAndSubtypes(AGENT, "Hardware"))
        .containsExactly("Firewall", "Hardware", "NetworkDevice", "Server", "Storage");
  }

  @Test
  void anItemIsCreatedWithTypedValuesDefaultsAndAHistoryEntry() {
    Ci dc = location();
    Ci web = cmdb().create(CM, NewCi.of("Server", "web-01", Map.of("hostname", "web-01.example.net",
        "serialNumber", "SN-1", "cpuCores", 8, "location", dc.id().toString(), "warrantyEnd", "2028-01-31T00:00:00Z")));

    assertThat(web.version()).isEqualTo(1);
    assertThat(web.state()).isEqualTo(CiState.IN_USE);
    assertThat(web.attributes()).containsEntry("cpuCores", 8L).containsEntry("location", dc.id())
        .containsEntry("warrantyEnd", Instant.parse("2028-01-31T00:00:00Z"));
    assertThat(cmdb().get(AGENT, web.id())).isEqualTo(web);
    Ci service = cmdb().create(CM, NewCi.of("BusinessService", "Equities trading", Map.of()));
    assertThat(service.attributes()).containsEntry("criticality", "medium");
    assertThat(cmdb().history(AGENT, web.id())).singleElement().satisfies(h -> {
      assertThat(h.action()).isEqualTo("created");
      assertThat(h.actorId()).isEqualTo("cora");
      assertThat(h.newValue()).contains("web-01.example.net");
    });
  }

  @Test
  void everyAttributeChangeIsRecordedAndTheItemCanBeReadAsOfAnyMoment() {
    Ci db = cmdb().create(CM, NewCi.of("Database", "orders-db", Map.of("engine", "PostgreSQL", "sizeGb", new BigDecimal("120.5"))));
    Instant created = itsm.clock().instant();
    itsm.clock().advance(Duration.ofHours(1));
    Ci grown = itsm.engine().causedBy(Cause.of("change", "CHG-000007"),
        () -> cmdb().update(CM, db.ref(), Map.of("sizeGb", 250, "engineVersion", "16")));
    Instant afterGrowth = itsm.clock().instant();
    itsm.clock().advance(Duration.ofHours(1));
    Ci maintained = cmdb().changeState(CM, grown.ref(), CiState.IN_MAINTENANCE);
    itsm.clock().advance(Duration.ofHours(1));
    Map<String, Object> removal = new HashMap<>();
    removal.put("engineVersion", null);
    removal.put("name", "orders-db-2");
    Ci renamed = cmdb().update(CM, maintained.ref(), removal);

    assertThat(renamed.version()).isEqualTo(4);
    assertThat(renamed.attributes()).doesNotContainKey("engineVersion").containsEntry("sizeGb", new BigDecimal("250"));
    List<CiChange> history = cmdb().history(AGENT, db.id());
    assertThat(history).extracting(CiChange::action, CiChange::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple("created", null),
        org.assertj.core.groups.Tuple.tuple("updated", "engineVersion"),
        org.assertj.core.groups.Tuple.tuple("updated", "sizeGb"),
        org.assertj.core.groups.Tuple.tuple("state", "state"),
        org.assertj.core.groups.Tuple.tuple("updated", "name"),
        org.assertj.core.groups.Tuple.tuple("updated", "engineVersion"));
    // (one entry per attribute, in the type's attribute order)
    assertThat(history.get(2)).satisfies(h -> {
      assertThat(h.oldValue()).isEqualTo("120.5");
      assertThat(h.newValue()).isEqualTo("250");
      assertThat(h.causedByType()).isEqualTo("change");
      assertThat(h.causedById()).isEqualTo("CHG-000007");
    });

    assertThat(cmdb().asOf(AGENT, db.id(), created)).satisfies(then -> {
      assertThat(then.name()).isEqualTo("orders-db");
      assertThat(then.attributes()).containsEntry("sizeGb", new BigDecimal("120.5")).doesNotContainKey("engineVersion");
      assertThat(then.version()).isEqualTo(1);
      assertThat(then.state()).isEqualTo(CiState.IN_USE);
    });
    assertThat(cmdb().asOf(AGENT, db.id(), afterGrowth)).satisfies(then -> {
      assertThat(then.attributes()).containsEntry("sizeGb", new BigDecimal("250")).containsEntry("engineVersion", "16");
      assertThat(then.version()).isEqualTo(2);
    });
    assertThat(cmdb().asOf(AGENT, db.id(), itsm.clock().instant())).isEqualTo(cmdb().get(AGENT, db.id()));
    assertThatThrownBy(() -> cmdb().asOf(AGENT, db.id(), created.minusSeconds(1))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void queriesFindItemsByTypeWithSubtypesStateAndName() {
    server("app-01", "app-01.example.net", "SN-A1");
    server("app-02", "app-02.example.net", "SN-A2");
    cmdb().create(CM, NewCi.of("Firewall", "edge-fw", Map.of("serialNumber", "FW-1")).inState(CiState.PLANNED));
    cmdb().create(CM, NewCi.of("Database", "app-db", Map.of()));

    Page<Ci> hardware = cmdb().query(AGENT, CiQuery.ofType("Hardware"));
    assertThat(hardware.items()).extracting(Ci::name).containsExactly("app-01", "app-02", "edge-fw");
    assertThat(cmdb().query(AGENT, CiQuery.ofType("Hardware").exact()).items()).isEmpty();
    assertThat(cmdb().query(AGENT, CiQuery.all().named("APP-").page(0, 10)).items()).extracting(Ci::name)
        .containsExactly("app-01", "app-02", "app-db");
    assertThat(cmdb().query(AGENT, CiQuery.ofType("NetworkDevice").inState(CiState.PLANNED)).items())
        .extracting(Ci::name).containsExactly("edge-fw");
    Page<Ci> second = cmdb().query(AGENT, CiQuery.all().page(1, 2));
    assertThat(second.total()).isEqualTo(4);
    assertThat(second.items()).extracting(Ci::name).containsExactly("app-02", "app-db");
  }

  @Test
  void aRetiredItemChangesNoMoreAndCannotBeReferenced() {
    Ci dc = location();
    Ci retired = cmdb().retire(CM, dc.ref());
    assertThat(retired.state()).isEqualTo(CiState.RETIRED);

    assertThatThrownBy(() -> cmdb().update(CM, retired.ref(), Map.of("site", "DC9")))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("RETIRED");
    assertThatThrownBy(() -> cmdb().changeState(CM, retired.ref(), CiState.IN_USE))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> cmdb().create(CM, NewCi.of("Server", "db-01", Map.of("location", dc.id()))))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.field()).isEqualTo("attributes.location");
          assertThat(e.getMessage()).contains("retired");
        });
  }

  @Test
  void badInputIsATypedErrorNamingWhatIsWrongAndWritesNothing() throws Exception {
    Ci existing = server("web-01", "web-01.example.net", "SN-1");
    Ci vm = cmdb().create(CM, NewCi.of("VirtualMachine", "vm-1", Map.of()));
    long before = rows();

    // unknown type and attribute, wrong value type, missing required value, too long, bad enum
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Mainframe", "mf", Map.of())), "type", "Mainframe");
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Server", "x", Map.of("colour", "red"))), "attributes.colour", "colour");
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Server", "x", Map.of("cpuCores", "many"))), "attributes.cpuCores", "whole number");
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Server", "x", Map.of("warrantyEnd", "next year"))), "attributes.warrantyEnd", "instant");
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Portal", "p", Map.of("audience", "everyone"))), "attributes.audience", "[public, members, internal]");
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Server", "x", Map.of("os", "L".repeat(101)))), "attributes.os", "at most 100");
    Map<String, Object> noCriticality = new HashMap<>();
    noCriticality.put("criticality", null);
    assertThatThrownBy(() -> cmdb().create(CM, NewCi.of("BusinessService", "svc", noCriticality)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("attributes.criticality"));
    assertThatThrownBy(() -> cmdb().create(CM, NewCi.of("Server", " ", Map.of())))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
    // a missing or blank type is missing input, not an unknown type
    for (String none : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> cmdb().create(CM, NewCi.of(none, "x", Map.of())))
          .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("Expected a CI type")
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("type"));
    }
    // duplicate unique value, also across subtypes of the declaring type
    assertInvalidValue(() -> server("web-02", "web-01.example.net", "SN-2"), "attributes.hostname", existing.id().toString());
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Firewall", "fw", Map.of("serialNumber", "SN-1"))), "attributes.serialNumber", "Hardware");
    // reference to a missing item, or to one of the wrong type
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Server", "x", Map.of("location", java.util.UUID.randomUUID()))),
        "attributes.location", "unknown");
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Server", "x", Map.of("location", vm.id()))), "attributes.location", "VirtualMachine");
    // stale version, illegal state move, retired as a start state
    Ci updated = cmdb().update(CM, existing.ref(), Map.of("os", "Linux 6"));
    before = rows();
    assertThatThrownBy(() -> cmdb().update(CM, existing.ref(), Map.of("os", "BSD"))).isInstanceOf(ConcurrentUpdateException.class);
    assertThatThrownBy(() -> cmdb().changeState(CM, updated.ref(), CiState.PLANNED)).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("web-01").hasMessageContaining("IN_USE");
    assertInvalidValue(() -> cmdb().create(CM, NewCi.of("Server", "x", Map.of()).inState(CiState.RETIRED)), "state", "RETIRED");
    // an agent reads but does not write; a manager neither writes
    assertThatThrownBy(() -> cmdb().create(AGENT, NewCi.of("Location", "l", Map.of()))).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> cmdb().update(MANAGER, updated.ref(), Map.of("os", "x"))).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> cmdb().get(CALLER, updated.id())).isInstanceOf(AccessDeniedException.class);

    assertThat(rows()).isEqualTo(before);
    assertThat(cmdb().get(AGENT, existing.id())).isEqualTo(updated);
  }

  @Test
  void anotherTenantNeitherSeesNorCollidesWithTheItems() {
    Ci web = server("web-01", "web-01.example.net", "SN-1");
    Actor otherCm = CM.inTenant("acme");
    assertThatThrownBy(() -> cmdb().get(otherCm, web.id())).isInstanceOf(NotFoundException.class);
    assertThat(cmdb().query(otherCm, CiQuery.all()).total()).isZero();
    // unique values are unique per tenant
    Ci theirs = cmdb().create(otherCm, NewCi.of("Server", "web-01", Map.of("hostname", "web-01.example.net")));
    assertThat(theirs.tenantId()).isEqualTo("acme");
  }


  private long rows() throws Exception {
    try (Connection c = itsm.database().connect()) {
      long total = 0;
      for (String table : List.of("itsm_ci", "itsm_ci_unique", "itsm_ci_history", "itsm_ci_type")) {
        total = total * 1000 + count(c, "SELECT COUNT(*) FROM " + table);
      }
      try (var s = c.createStatement(); var rs = s.executeQuery("SELECT SUM(version) FROM itsm_ci")) {
        rs.next();
        return total * 1000 + rs.getLong(1);
      }
    }
  }
}
