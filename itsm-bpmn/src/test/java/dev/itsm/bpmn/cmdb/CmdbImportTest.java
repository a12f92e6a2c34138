package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.Cause;
import dev.itsm.api.ChangeControlledException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiChange;
import dev.itsm.api.cmdb.CiQuery;
import dev.itsm.api.cmdb.CiRef;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.ImportOptions;
import dev.itsm.api.cmdb.ImportReport;
import dev.itsm.api.cmdb.ImportSource;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.cmdb.Relation;
import dev.itsm.api.cmdb.UnauthorisedChange;
import dev.itsm.testkit.ItsmExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reconciled import of discovery feeds: identification, source authority, idempotence, change control, bad rows. */
class CmdbImportTest {
  private static final Actor CM = Actor.configurationManager("cora");
  private static final String TABLES = "itsm_ci itsm_ci_history itsm_ci_relation itsm_ci_unique itsm_ci_unauthorised";

  @RegisterExtension
  // CIs change under the cause of the host's own change tool, as with a host that does not use change management
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY)
      .plugin(c -> c.changeControl(dev.itsm.spi.ChangeControl.requireChangeCause())));

  private CmdbService cmdb() {
    return itsm.engine().cmdb();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private static String json(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
    return JSON.writeValueAsString(value);
  }

  private static InputStream feed(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  private ImportReport importFeed(String source, String json) {
    return cmdb().importFeed(CM, feed(json), ImportOptions.from(source));
  }

  private Ci named(String name) {
    List<Ci> items = cmdb().query(AGENT, CiQuery.all().named(name)).items().stream().filter(c -> c.name().equals(name)).toList();
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  /** Rows of every CMDB table, to show that nothing was written. */
  private List<Long> rows() throws Exception {
    List<Long> counts = new ArrayList<>();
    try (Connection c = itsm.database().connect()) {
      for (String table : TABLES.split(" ")) {
        counts.add(count(c, "SELECT COUNT(*) FROM " + table));
      }
    }
    return counts;
  }

  @BeforeEach
  void sources() {
    // servers are identified by serial number; discovery owns what it can see on the machine
    cmdb().defineType(CM, new CiTypeDefinition("Hardware", null, false, cmdb().type(CM, "Hardware").attributes())
        .identifiedBy("serialNumber"));
    cmdb().defineSource(CM, new ImportSource("discovery", Map.of(
        "Server", List.of("name", "state", "os", "cpuCores", "memoryGb", "hostname"),
        "Application", List.of("*"), "Location", List.of("*"))));
  }

  private static final String FEED = """
      {"items": [
        {"ref": "dc1", "type": "Location", "name": "DC1", "attributes": {"site": "Frankfurt"}},
        {"ref": "s1", "type": "Server", "name": "web-01",
         "attributes": {"serialNumber": "SN-1", "hostname": "web-01.example.net", "os": "Linux", "cpuCores": 8, "location": "dc1"}},
        {"ref": "s2", "type": "Server", "name": "web-02", "state": "PLANNED",
         "attributes": {"serialNumber": "SN-2", "hostname": "web-02.example.net", "cpuCores": 4, "memoryGb": 16}},
        {"ref": "app", "type": "BusinessApplication", "name": "order-entry"}
      ],
      "relations": [
        {"type": "runs-on", "source": "app", "target": "s1"},
        {"type": "runs-on", "source": "app", "target": "s2"},
        {"type": "located-in", "source": "s2", "target": "dc1"}
      ]}
      """;

  @Test
  void importCreatesItemsAndRelationsAndImportingAgainChangesNothing() throws Exception {
    ImportReport first = importFeed("discovery", FEED);

    assertThat(first).extracting(ImportReport::rows, ImportReport::created, ImportReport::updated, ImportReport::unchanged,
        ImportReport::rejected, ImportReport::relationsCreated).containsExactly(7L, 4L, 0L, 0L, 0L, 3L);
    assertThat(first.problems()).isEmpty();
    Ci web1 = named("web-01");
    Ci dc1 = named("DC1");
    assertThat(web1.type()).isEqualTo("Server");
    assertThat(web1.attributes()).containsEntry("cpuCores", 8L).containsEntry("os", "Linux").containsEntry("location", dc1.id());
    assertThat(named("web-02").state()).isEqualTo(dev.itsm.api.cmdb.CiState.PLANNED);
    assertThat(named("web-02").attributes()).containsEntry("memoryGb", 16L);
    Ci app = named("order-entry");
    assertThat(cmdb().relations(AGENT, app.id())).extracting(Relation::type, Relation::targetId)
        .containsExactlyInAnyOrder(tuple("runs-on", web1.id()), tuple("runs-on", named("web-02").id()));
    assertThat(cmdb().history(AGENT, web1.id())).extracting(CiChange::action, CiChange::causedByType, CiChange::causedById)
        .containsExactly(tuple("created", "import", "discovery"), tuple("related", "import", "discovery"));

    List<Long> before = rows();
    ImportReport again = importFeed("discovery", FEED);

    assertThat(again).extracting(ImportReport::created, ImportReport::updated, ImportReport::unchanged,
        ImportReport::relationsCreated, ImportReport::relationsUnchanged).containsExactly(0L, 0L, 4L, 0L, 3L);
    assertThat(rows()).isEqualTo(before);
    assertThat(cmdb().get(AGENT, web1.id()).version()).isEqualTo(1);
  }

  @Test
  void itemsAreIdentifiedByTheirRuleAndOnlyOwnedFieldsChange() {
    importFeed("discovery", FEED);
    Ci web1 = named("web-01");
    cmdb().update(CM, web1.ref(), Map.of("manufacturer", "Acme"));

    // same serial number: the same server, renamed; manufacturer is not discovery's to change
    ImportReport report = importFeed("discovery", """
        {"items": [{"type": "Server", "name": "web-01a",
          "attributes": {"serialNumber": "SN-1", "os": "Linux 6.6", "cpuCores": 8, "manufacturer": "Other"}}]}
        """);

    assertThat(report).extracting(ImportReport::created, ImportReport::updated).containsExactly(0L, 1L);
    Ci now = cmdb().get(AGENT, web1.id());
    assertThat(now.name()).isEqualTo("web-01a");
    assertThat(now.attributes()).containsEntry("os", "Linux 6.6").containsEntry("manufacturer", "Acme")
        .containsEntry("hostname", "web-01.example.net");
    assertThat(cmdb().history(AGENT, web1.id())).filteredOn(c -> c.action().equals("updated"))
        .extracting(CiChange::field, CiChange::oldValue, CiChange::newValue, CiChange::causedById)
        .containsExactly(tuple("manufacturer", null, "\"Acme\"", null),
            tuple("name", "\"web-01\"", "\"web-01a\"", "discovery"), tuple("os", "\"Linux\"", "\"Linux 6.6\"", "discovery"));
  }

  @Test
  void aRowMatchingSeveralItemsIsAConflictAndOtherRowsProceed() {
    cmdb().defineType(CM, new CiTypeDefinition("Sensor", null, false, List.of(AttributeDefinition.string("site"),
        AttributeDefinition.integer("threshold"))).identifiedBy("site"));
    cmdb().defineSource(CM, ImportSource.owningAll("sensors", "Sensor"));
    Ci a = cmdb().create(CM, NewCi.of("Sensor", "t-1", Map.of("site", "hall-1")));
    cmdb().create(CM, NewCi.of("Sensor", "t-2", Map.of("site", "hall-1")));

    ImportReport report = importFeed("sensors", """
        {"items": [
          {"type": "Sensor", "name": "t-3", "attributes": {"site": "hall-1", "threshold": 30}},
          {"type": "Sensor", "name": "t-4", "attributes": {"site": "hall-2", "threshold": 30}}
        ]}""");

    assertThat(report).extracting(ImportReport::conflicts, ImportReport::created).containsExactly(1L, 1L);
    assertThat(report.problems()).singleElement().satisfies(p -> {
      assertThat(p).extracting(ImportReport.Problem::section, ImportReport.Problem::index, ImportReport.Problem::kind)
          .containsExactly("items", 0L, "conflict");
      assertThat(p.message()).contains("2 items match").contains("t-1").contains("t-2");
    });
    assertThat(cmdb().get(AGENT, a.id()).attributes()).doesNotContainKey("threshold");
    assertThat(named("t-4").attributes()).containsEntry("threshold", 30L);
  }

  @Test
  void badRowsAreReportedWithReasonsAndGoodRowsAreImported() throws Exception {
    cmdb().create(CM, NewCi.of("Server", "old", Map.of("serialNumber", "SN-OLD")));
    Ci retired = cmdb().retire(CM, named("old").ref());

    ImportReport report = importFeed("discovery", """
        {"items": [
          {"ref": "ok", "type": "Server", "name": "ok", "attributes": {"serialNumber": "SN-9"}},
          {"ref": "t", "type": "Teapot", "name": "x"},
          {"ref": "a", "type": "Server", "name": "a", "attributes": {"serialNumber": "SN-A", "colour": "red"}},
          {"ref": "w", "type": "Server", "name": "w", "attributes": {"serialNumber": "SN-W", "cpuCores": "eight"}},
          {"ref": "m", "type": "Server", "name": "m", "attributes": {"os": "Linux"}},
          {"ref": "n", "type": "Server", "attributes": {"serialNumber": "SN-N"}},
          "not an object",
          {"ref": "d", "type": "Server", "name": "dup", "attributes": {"serialNumber": "SN-D", "hostname": "ok.example.net"}},
          {"ref": "o", "type": "Server", "name": "ok2", "attributes": {"serialNumber": "SN-O", "hostname": "ok.example.net"}},
          {"ref": "db", "type": "Database", "name": "db"},
          {"ref": "r", "type": "Server", "name": "again", "attributes": {"serialNumber": "SN-OLD"}}
        ],
        "relations": [
          {"type": "runs-on", "source": "ok", "target": "ok"},
          {"type": "located-in", "source": "ok", "target": "%s"},
          {"type": "runs-on", "source": "a", "target": "ok"},
          {"type": "runs-on", "source": "nobody", "target": "ok"},
          {"type": "teleports-to", "source": "ok", "target": "ok"}
        ]}""".formatted(retired.id()));

    assertThat(report).extracting(ImportReport::created, ImportReport::rejected).containsExactly(2L, 14L);
    assertThat(report.problems()).extracting(ImportReport.Problem::section, ImportReport.Problem::index,
        ImportReport.Problem::ref, ImportReport.Problem::field).containsExactly(
        tuple("items", 1L, "t", "type"),
        tuple("items", 2L, "a", "attributes.colour"),
        tuple("items", 3L, "w", "attributes.cpuCores"),
        tuple("items", 4L, "m", "attributes.serialNumber"),
        tuple("items", 5L, "n", "name"),
        tuple("items", 6L, null, "items"),
        tuple("items", 8L, "o", "attributes.hostname"),
        tuple("items", 9L, "db", "type"),
        tuple("items", 10L, "r", "state"),
        tuple("relations", 0L, "ok -> ok", "source"),
        tuple("relations", 1L, "ok -> " + retired.id(), "target"),
        tuple("relations", 2L, "a -> ok", "source"),
        tuple("relations", 3L, "nobody -> ok", "source"),
        tuple("relations", 4L, "ok -> ok", "type"));
    assertThat(report.problems().get(0).message()).contains("Teapot");
    assertThat(report.problems().get(7).message()).contains("discovery").contains("Database");
    assertThat(report.problems().get(9).message()).contains("runs-on").contains("Server");
    assertThat(report.problems().get(11).message()).contains("row with ref a was not imported");
    assertThat(named("ok").attributes()).containsEntry("serialNumber", "SN-9");
    assertThat(named("dup").attributes()).containsEntry("hostname", "ok.example.net");
  }

  @Test
  void theSameItemTwiceInAChunkEndsAsItsLastRowAndTenantsImportTheSameFeedApart() throws Exception {
    String feed = """
        {"items": [
          {"ref": "a", "type": "Server", "name": "a", "attributes": {"serialNumber": "SN-A", "hostname": "one.example.net"}},
          {"type": "Server", "name": "a", "attributes": {"serialNumber": "SN-A", "hostname": "two.example.net"}},
          {"type": "Server", "name": "b", "attributes": {"serialNumber": "SN-B", "hostname": "one.example.net"}},
          {"ref": "a", "type": "Server", "name": "again", "attributes": {"serialNumber": "SN-X"}}
        ]}""";

    ImportReport report = importFeed("discovery", feed);

    // a's host name moved on within the chunk, so b may take the first one; a ref is given once
    assertThat(report).extracting(ImportReport::created, ImportReport::updated, ImportReport::rejected).containsExactly(2L, 1L, 1L);
    assertThat(report.problems()).singleElement().extracting(ImportReport.Problem::index, ImportReport.Problem::field)
        .containsExactly(3L, "ref");
    assertThat(named("a").attributes()).containsEntry("hostname", "two.example.net");
    assertThat(named("b").attributes()).containsEntry("hostname", "one.example.net");
    try (Connection c = itsm.database().connect()) {
      assertThat(count(c, "SELECT COUNT(*) FROM itsm_ci_unique WHERE attr_name = 'hostname'")).isEqualTo(2);
    }
    // chunks of one row give the same result
    Actor other = Actor.builder("olga").roles(dev.itsm.api.Roles.CONFIGURATION_MANAGER, dev.itsm.api.Roles.AGENT)
        .tenant("other").build();
    ImportReport apart = cmdb().importFeed(other, feed(feed), ImportOptions.from("discovery").chunkSize(1));
    assertThat(apart).extracting(ImportReport::created, ImportReport::updated, ImportReport::rejected).containsExactly(2L, 1L, 1L);
    assertThat(cmdb().query(other, CiQuery.ofType("Server")).items()).extracting(Ci::name, c -> c.attributes().get("hostname"))
        .containsExactly(tuple("a", "two.example.net"), tuple("b", "one.example.net"));
    assertThat(cmdb().query(AGENT, CiQuery.ofType("Server")).total()).isEqualTo(2);
  }

  @Test
  void aValueAStoredItemGivesUpIsFreeForANewItemOfTheSameChunk() throws Exception {
    importFeed("discovery", """
        {"items": [{"type": "Server", "name": "a", "attributes": {"serialNumber": "SN-A", "hostname": "one.example.net"}}]}""");

    ImportReport report = importFeed("discovery", """
        {"items": [
          {"type": "Server", "name": "a", "attributes": {"serialNumber": "SN-A", "hostname": "two.example.net"}},
          {"type": "Server", "name": "b", "attributes": {"serialNumber": "SN-B", "hostname": "one.example.net"}}
        ]}""");

    assertThat(report).extracting(ImportReport::created, ImportReport::updated, ImportReport::rejected).containsExactly(1L, 1L, 0L);
    assertThat(named("a").attributes()).containsEntry("hostname", "two.example.net");
    assertThat(named("b").attributes()).containsEntry("hostname", "one.example.net");
    try (Connection c = itsm.database().connect()) {
      assertThat(count(c, "SELECT COUNT(*) FROM itsm_ci_unique WHERE attr_name = 'hostname'")).isEqualTo(2);
    }
  }

  @Test
  void textsWithTabsNewlinesBackslashesAndNonAsciiLettersArriveAsSent() throws Exception {
    // the characters a bulk load must escape, and text that looks like its null marker
    String name = "rack\t7\\north \\N";
    String os = "Linux\nkernel 6.6\r\n\"quoted\" \\N \\\\ ü 東京";

    String items = json(List.of(
        Map.of("ref", "s", "type", "Server", "name", name, "attributes", Map.of("serialNumber", "SN\t1", "os", os)),
        Map.of("ref", "l", "type", "Location", "name", "hall\\1")));
    String relations = json(List.of(Map.of("type", "located-in", "source", "s", "target", "l")));
    ImportReport report = importFeed("discovery", "{\"items\": " + items + ", \"relations\": " + relations + "}");

    assertThat(report).extracting(ImportReport::created, ImportReport::relationsCreated, ImportReport::rejected)
        .containsExactly(2L, 1L, 0L);
    Ci server = named(name);
    assertThat(server.attributes()).containsEntry("os", os).containsEntry("serialNumber", "SN\t1");
    assertThat(cmdb().history(AGENT, server.id())).first().satisfies(created -> {
      assertThat(created.action()).isEqualTo("created");
      var snapshot = JSON.readTree(created.newValue());
      assertThat(snapshot.path("name").asText()).isEqualTo(name);
      assertThat(snapshot.path("attributes").path("os").asText()).isEqualTo(os);
    });
    assertThat(cmdb().relations(AGENT, server.id())).singleElement().extracting(Relation::targetId)
        .isEqualTo(named("hall\\1").id());
    // the unique value is stored as sent: an item with the same serial number is the same item
    assertThat(importFeed("discovery", json(Map.of("items", List.of(Map.of("type", "Server", "name", name,
        "attributes", Map.of("serialNumber", "SN\t1", "os", os))))))).extracting(ImportReport::unchanged).isEqualTo(1L);
  }

  @Test
  void removingAValueThatHasADefaultChangesNothingAndImportsDoNotRetire() throws Exception {
    importFeed("discovery", "{\"items\": [{\"type\": \"Application\", \"name\": \"crm\", \"attributes\": {\"criticality\": null}}]}");
    Ci crm = named("crm");
    assertThat(crm.attributes()).containsEntry("criticality", "medium");
    List<Long> before = rows();

    ImportReport again = importFeed("discovery",
        "{\"items\": [{\"type\": \"Application\", \"name\": \"crm\", \"attributes\": {\"criticality\": null}}]}");

    assertThat(again.unchanged()).isEqualTo(1);
    assertThat(rows()).isEqualTo(before);
    ImportReport retire = importFeed("discovery", "{\"items\": [{\"type\": \"Application\", \"name\": \"crm\", \"state\": \"RETIRED\"}]}");
    assertThat(retire.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("state");
      assertThat(p.message()).contains("do not retire");
    });
    assertThat(named("crm").state()).isEqualTo(dev.itsm.api.cmdb.CiState.IN_USE);
  }

  @Test
  void allOrNothingWritesNothingWhenOneRowIsBad() throws Exception {
    List<Long> before = rows();

    assertThatThrownBy(() -> cmdb().importFeed(CM, feed("""
        {"items": [
          {"type": "Server", "name": "a", "attributes": {"serialNumber": "SN-A"}},
          {"type": "Server", "name": "b", "attributes": {"serialNumber": "SN-B", "cpuCores": 1.5}}
        ]}"""), ImportOptions.from("discovery").allOrNothing()))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.field()).isEqualTo("items[1].attributes.cpuCores");
          assertThat(e.getMessage()).contains("row 1").contains("whole number");
        });
    assertThat(rows()).isEqualTo(before);
  }

  @Test
  void aMalformedFeedNamesWhereAndWithAllOrNothingWritesNothing() throws Exception {
    List<Long> before = rows();
    String broken = """
        {"items": [
          {"type": "Server", "name": "a", "attributes": {"serialNumber": "SN-A"}},
          {"type": "Server", "name": "b", "attributes": {"serialNumber": "SN-B"
        """;

    assertThatThrownBy(() -> cmdb().importFeed(CM, feed(broken), ImportOptions.from("discovery").allOrNothing()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("feed");
          assertThat(e.getMessage()).contains("at line").contains("nothing was imported");
        });
    assertThat(rows()).isEqualTo(before);
    assertThatThrownBy(() -> importFeed("discovery", "[1, 2]")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not start with an object");
    assertThatThrownBy(() -> importFeed("discovery", "{\"things\": []}")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'things' is not expected");
    assertThat(rows()).isEqualTo(before);

    // without all-or-nothing, the chunks before the break stay imported, and the message says so
    assertThatThrownBy(() -> cmdb().importFeed(CM, feed(broken), ImportOptions.from("discovery").chunkSize(1)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("the 1 rows before it were imported");
    assertThat(named("a").attributes()).containsEntry("serialNumber", "SN-A");
  }

  @Test
  void longImportsReportProgressAfterEveryChunkAndReadTheFeedAsAStream() {
    List<ImportReport> progress = Collections.synchronizedList(new ArrayList<>());
    int n = 2_500;
    // a feed produced row by row: the import never holds it whole
    java.util.Iterator<InputStream> parts = new java.util.Iterator<>() {
      int i = -1;

      @Override
      public boolean hasNext() {
        return i <= n;
      }

      @Override
      public InputStream next() {
        i++;
        String text = i == 0 ? "{\"items\": [" : i > n ? "]}"
            : (i > 1 ? "," : "") + "{\"type\": \"Server\", \"name\": \"s" + i + "\", \"attributes\": {\"serialNumber\": \"SN" + i + "\"}}";
        return feed(text);
      }
    };

    ImportReport report = cmdb().importFeed(CM, new SequenceInputStream(Collections.enumeration(iterable(parts))),
        ImportOptions.from("discovery").chunkSize(1000).onProgress(progress::add));

    assertThat(report.created()).isEqualTo(n);
    assertThat(progress).extracting(ImportReport::rows).containsExactly(1000L, 2000L, 2500L);
    assertThat(cmdb().query(AGENT, CiQuery.ofType("Server").page(0, 1)).total()).isEqualTo(n);
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    return all;
  }

  @Test
  void differencesOnChangeControlledItemsAreRecordedForReviewNotApplied() throws Exception {
    cmdb().defineType(CM, new CiTypeDefinition("Gateway", "Server", true, List.of()));
    String longName = "a-relation-type-whose-name-takes-all-of-the-sixty-four-letters-x";
    assertThat(longName).hasSize(64);
    cmdb().defineRelationType(CM, new dev.itsm.api.cmdb.RelationTypeDefinition(longName, "its-inverse", List.of(), List.of(),
        dev.itsm.api.cmdb.RelationEnd.SOURCE, dev.itsm.api.cmdb.ImpactRule.none(), Map.of(), false));
    Ci gw = itsm.engine().causedBy(Cause.of("change", "CHG-000001"), () ->
        cmdb().create(CM, NewCi.of("Gateway", "gw-1", Map.of("serialNumber", "GW-1", "os", "Linux"))));
    String feed = """
        {"items": [{"ref": "g", "type": "Gateway", "name": "gw-1", "attributes": {"serialNumber": "GW-1", "os": "BSD"}},
                   {"ref": "h", "type": "Server", "name": "host", "attributes": {"serialNumber": "H-1"}}],
         "relations": [{"type": "connected-to", "source": "h", "target": "g"},
                       {"type": "%s", "source": "h", "target": "g"}]}""".formatted(longName);

    ImportReport report = importFeed("discovery", feed);

    assertThat(report).extracting(ImportReport::updated, ImportReport::unauthorised, ImportReport::created,
        ImportReport::relationsCreated).containsExactly(0L, 3L, 1L, 0L);
    assertThat(cmdb().get(AGENT, gw.id()).attributes()).containsEntry("os", "Linux");
    assertThat(cmdb().relations(AGENT, gw.id())).isEmpty();
    List<UnauthorisedChange> open = cmdb().unauthorisedChanges(AGENT, "OPEN", 0, 10).items();
    assertThat(open).extracting(UnauthorisedChange::ciId, UnauthorisedChange::source, UnauthorisedChange::field,
        UnauthorisedChange::current, UnauthorisedChange::reported).containsExactlyInAnyOrder(
        tuple(gw.id(), "discovery", "os", "\"Linux\"", "\"BSD\""),
        tuple(gw.id(), "discovery", "relation:connected-to", null,
            "{\"type\":\"connected-to\",\"source\":\"" + named("host").id() + "\",\"target\":\"" + gw.id() + "\"}"),
        tuple(gw.id(), "discovery", "relation:" + longName, null,
            "{\"type\":\"" + longName + "\",\"source\":\"" + named("host").id() + "\",\"target\":\"" + gw.id() + "\"}"));

    // reported again: still held back, not recorded twice
    List<Long> before = rows();
    assertThat(importFeed("discovery", feed).unauthorised()).isEqualTo(3);
    assertThat(rows()).isEqualTo(before);

    // the API refuses the change outside a change, too; the review applies it under one
    assertThatThrownBy(() -> cmdb().update(CM, gw.ref(), Map.of("os", "BSD")))
        .isInstanceOfSatisfying(ChangeControlledException.class, e -> {
          assertThat(e.ciId()).isEqualTo(gw.id());
          assertThat(e.getMessage()).contains("gw-1").contains("Gateway").contains("runs under no change");
        });
    assertThatThrownBy(() -> cmdb().reviewUnauthorisedChange(CM, open.stream().filter(u -> u.field().equals("os"))
        .findFirst().orElseThrow().id(), true, "accepted"))
        .isInstanceOf(ChangeControlledException.class);
    assertThat(rows()).isEqualTo(before);
    UnauthorisedChange os = open.stream().filter(u -> u.field().equals("os")).findFirst().orElseThrow();
    UnauthorisedChange cable = open.stream().filter(u -> u.field().startsWith("relation:")).findFirst().orElseThrow();
    UnauthorisedChange applied = itsm.engine().causedBy(Cause.of("change", "CHG-000002"),
        () -> cmdb().reviewUnauthorisedChange(CM, os.id(), true, "upgrade was planned"));
    UnauthorisedChange dismissed = cmdb().reviewUnauthorisedChange(CM, cable.id(), false, "cable moved back");

    assertThat(applied).extracting(UnauthorisedChange::status, UnauthorisedChange::reviewedBy).containsExactly("APPLIED", "cora");
    assertThat(dismissed.status()).isEqualTo("DISMISSED");
    assertThat(cmdb().get(AGENT, gw.id()).attributes()).containsEntry("os", "BSD");
    assertThat(cmdb().history(AGENT, gw.id())).last().extracting(CiChange::field, CiChange::causedById)
        .containsExactly("os", "CHG-000002");
    assertThat(cmdb().unauthorisedChanges(AGENT, "OPEN", 0, 10).total()).isEqualTo(1);
    assertThatThrownBy(() -> cmdb().reviewUnauthorisedChange(CM, dismissed.id(), false, null))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("DISMISSED");
  }

  @Test
  void changeControlCoversEveryWriteOfTheItemAndCanBeReplaced() {
    cmdb().defineType(CM, new CiTypeDefinition("Gateway", "Server", true, List.of()));
    assertThatThrownBy(() -> cmdb().create(CM, NewCi.of("Gateway", "gw-1", Map.of()))).isInstanceOf(ChangeControlledException.class);
    Ci gw = itsm.engine().causedBy(Cause.of("change", "CHG-1"), () -> cmdb().create(CM, NewCi.of("Gateway", "gw-1", Map.of())));
    Ci host = cmdb().create(CM, NewCi.of("Server", "host", Map.of()));
    assertThatThrownBy(() -> cmdb().changeState(CM, gw.ref(), dev.itsm.api.cmdb.CiState.IN_MAINTENANCE))
        .isInstanceOf(ChangeControlledException.class);
    assertThatThrownBy(() -> cmdb().relate(CM, "connected-to", host.id(), gw.id())).isInstanceOf(ChangeControlledException.class);
    assertThatThrownBy(() -> itsm.engine().causedBy(Cause.of("ticket", "INC-1"), () -> cmdb().retire(CM, gw.ref())))
        .isInstanceOf(ChangeControlledException.class).hasMessageContaining("ticket INC-1");
    Relation r = itsm.engine().causedBy(Cause.of("change", "CHG-1"), () -> cmdb().relate(CM, "connected-to", host.id(), gw.id()));
    assertThatThrownBy(() -> cmdb().unrelate(CM, r.id())).isInstanceOf(ChangeControlledException.class);
    assertThat(cmdb().relations(AGENT, gw.id())).containsExactly(r);

    // a host's own change control: here, only changes numbered CHG-9...
    itsm.restart(b -> b.plugin(DIRECTORY).plugin(c -> c.changeControl(
        (tenant, cause, ci, type) -> cause != null && cause.id().startsWith("CHG-9"))));
    assertThatThrownBy(() -> itsm.engine().causedBy(Cause.of("change", "CHG-1"),
        () -> cmdb().update(CM, CiRef.of(gw.id()), Map.of("os", "BSD")))).isInstanceOf(ChangeControlledException.class);
    assertThat(itsm.engine().causedBy(Cause.of("change", "CHG-900"),
        () -> cmdb().update(CM, CiRef.of(gw.id()), Map.of("os", "BSD"))).attributes()).containsEntry("os", "BSD");
  }

  @Test
  void identificationRulesAndSourcesAreCheckedAndRulesAddedLaterMatchExistingItems() {
    Ci a = cmdb().create(CM, NewCi.of("Database", "orders", Map.of("engine", "PostgreSQL")));
    cmdb().defineSource(CM, ImportSource.owningAll("dba", "Database"));
    // identified by name until the type says otherwise
    assertThat(importFeed("dba", "{\"items\": [{\"type\": \"Database\", \"name\": \"orders\", \"attributes\": {\"sizeGb\": 5}}]}")
        .updated()).isEqualTo(1);

    cmdb().defineTypes(CM, feed("""
        types:
          - name: Database
            identifiedBy: [engine, name]
            attributes:
              - {name: engine, type: string, maxLength: 64}
              - {name: engineVersion, type: string, maxLength: 64}
              - {name: sizeGb, type: decimal}
        sources:
          - name: dba
            owns: {Database: [sizeGb, engineVersion]}
        """));
    ImportReport report = importFeed("dba", """
        {"items": [{"type": "Database", "name": "orders", "attributes": {"engine": "PostgreSQL", "sizeGb": 7}},
                   {"type": "Database", "name": "orders", "attributes": {"engine": "MariaDB", "sizeGb": 1}}]}""");
    assertThat(report).extracting(ImportReport::updated, ImportReport::created).containsExactly(1L, 1L);
    assertThat(cmdb().get(AGENT, a.id()).attributes()).containsEntry("sizeGb", new java.math.BigDecimal("7"));
    assertThat(cmdb().sources(AGENT)).extracting(ImportSource::name).containsExactly("dba", "discovery");

    assertInvalidValue(() -> cmdb().defineType(CM, new CiTypeDefinition("Sensor", null, false, List.of())
        .identifiedBy("site")), "types.Sensor.identifiedBy", "'site' is not one");
    assertInvalidValue(() -> cmdb().defineType(CM, new CiTypeDefinition("Box", "Server", false, List.of())
        .identifiedBy("hostname")), "types.Box.identifiedBy", "inherits [serialNumber] from Hardware");
    assertInvalidValue(() -> cmdb().defineSource(CM, new ImportSource("x", Map.of("Server", List.of("colour")))),
        "sources.x.owns.Server", "'colour' is not one");
    assertInvalidValue(() -> cmdb().defineSource(CM, new ImportSource("Bad Name", Map.of("Server", List.of("*")))),
        "name", "Bad Name");
    assertInvalidValue(() -> cmdb().importFeed(CM, feed("{}"), ImportOptions.from("nobody")), "source", "'nobody' is unknown");
    assertInvalidValue(() -> cmdb().importFeed(CM, feed("{}"), ImportOptions.from("dba").chunkSize(0)), "chunkSize", "0");
    assertThatThrownBy(() -> cmdb().importFeed(AGENT, feed("{}"), ImportOptions.from("dba")))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void relationEndsMayBeIdsOfExistingItemsAndTheImpactAnalysisSeesImportedRelations() {
    Ci host = cmdb().create(CM, NewCi.of("Server", "host-1", Map.of("serialNumber", "H1")));
    assertThat(cmdb().impact(AGENT, dev.itsm.api.cmdb.ImpactQuery.downstream(host.id()))).isEmpty();   // graph cached now
    ImportReport report = importFeed("discovery", """
        {"items": [{"ref": "app", "type": "Application", "name": "crm"}],
         "relations": [{"type": "runs-on", "source": "app", "target": "%s"}]}""".formatted(host.id()));
    assertThat(report.relationsCreated()).isEqualTo(1);
    assertThat(cmdb().relations(AGENT, host.id())).extracting(Relation::sourceId).containsExactly(named("crm").id());
    assertThat(cmdb().impact(AGENT, dev.itsm.api.cmdb.ImpactQuery.downstream(host.id())))
        .extracting(dev.itsm.api.cmdb.ImpactedCi::name).containsExactly("crm");
    // a rename by a later import shows in the paths at once
    importFeed("discovery", "{\"items\": [{\"type\": \"Server\", \"name\": \"host-1b\", \"attributes\": {\"serialNumber\": \"H1\"}}]}");
    assertThat(cmdb().impact(AGENT, dev.itsm.api.cmdb.ImpactQuery.upstream(named("crm").id())))
        .extracting(dev.itsm.api.cmdb.ImpactedCi::name).contains("host-1b");
  }
}
