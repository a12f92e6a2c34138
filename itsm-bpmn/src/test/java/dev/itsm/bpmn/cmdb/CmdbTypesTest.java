package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiType;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.testkit.ItsmExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CI types: defined through the API and from type files, with inheritance, checked, versioned. */
class CmdbTypesTest {
  private static final Actor CM = Actor.configurationManager("cora");
  private static final String HOST_TYPES = """
      {"types": [
        {"name": "TradingGateway", "parent": "Platform", "changeControlled": true, "attributes": [
          {"name": "venue", "type": "enum", "values": ["XETR", "XFRA"], "required": true},
          {"name": "fixVersion", "type": "string", "maxLength": 16, "defaultValue": "4.4"}
        ]},
        {"name": "Server", "parent": "Hardware", "attributes": [
          {"name": "hostname", "type": "string", "maxLength": 255, "unique": true},
          {"name": "os", "type": "string", "maxLength": 100},
          {"name": "cpuCores", "type": "integer"},
          {"name": "memoryGb", "type": "integer"},
          {"name": "rackUnit", "type": "integer"}
        ]}
      ]}""";

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY)
      // CIs change under the cause of the host's own change tool, as with a host that does not use change management
      .plugin(c -> c.changeControl(dev.itsm.spi.ChangeControl.requireChangeCause()))
      .plugin(c -> c.ciTypes("host-types.json", HOST_TYPES.getBytes(StandardCharsets.UTF_8))));

  private CmdbService cmdb() {
    return itsm.engine().cmdb();
  }

  @Test
  void aHostTypeFileAddsTypesAndExtendsDefaultOnesAndSurvivesRestarts() {
    CiType gateway = cmdb().type(AGENT, "TradingGateway");
    assertThat(gateway.changeControlled()).isTrue();
    assertThat(gateway.attributes()).extracting(AttributeDefinition::name)
        .containsExactly("vendor", "softwareVersion", "owner", "criticality", "marketSegment", "tradingHours", "venue", "fixVersion");
    assertThat(cmdb().type(AGENT, "Server").attributes()).extracting(AttributeDefinition::name).contains("rackUnit");
    assertThat(cmdb().type(AGENT, "Server").version()).isEqualTo(2);
    // a change-controlled type: its items are created under a change
    Ci gw = itsm.engine().causedBy(dev.itsm.api.Cause.of("change", "CHG-000001"),
        () -> cmdb().create(CM, NewCi.of("TradingGateway", "gw-xetr-1", Map.of("venue", "XETR"))));
    assertThat(gw.attributes()).containsEntry("fixVersion", "4.4").containsEntry("criticality", "medium");

    // restarting with the same file changes nothing: the default model does not undo the extension
    ItsmEngine engine = itsm.restart(b -> b.plugin(DIRECTORY)
        .plugin(c -> c.ciTypes("host-types.json", HOST_TYPES.getBytes(StandardCharsets.UTF_8))));
    assertThat(engine.cmdb().type(AGENT, "Server").version()).isEqualTo(2);
    assertThat(engine.cmdb().type(AGENT, "Server").attributes()).extracting(AttributeDefinition::name).contains("rackUnit");
    assertThat(engine.cmdb().get(AGENT, gw.id())).isEqualTo(gw);
  }

  @Test
  void aTypeDefinedThroughTheApiIsUsableAtOnceAndARedefinitionMayOnlyAddToIt() {
    CiType sensor = cmdb().defineType(CM, new CiTypeDefinition("Sensor", "Hardware", false,
        List.of(AttributeDefinition.decimal("threshold").asRequired(), AttributeDefinition.string("unit").maxLength(8))));
    assertThat(sensor.version()).isEqualTo(1);
    assertThat(cmdb().typeAndSubtypes(AGENT, "Hardware")).contains("Sensor");
    Ci probe = cmdb().create(CM, NewCi.of("Sensor", "temp-1", Map.of("threshold", 42.5, "unit", "C")));

    // the same definition again changes nothing
    assertThat(cmdb().defineType(CM, new CiTypeDefinition("Sensor", "Hardware", false,
        List.of(AttributeDefinition.decimal("threshold").asRequired(), AttributeDefinition.string("unit").maxLength(8))))
        .version()).isEqualTo(1);
    // adding an optional attribute and relaxing a limit is allowed
    CiType wider = cmdb().defineType(CM, new CiTypeDefinition("Sensor", "Hardware", false, List.of(
        AttributeDefinition.decimal("threshold").asRequired(), AttributeDefinition.string("unit").maxLength(16),
        AttributeDefinition.bool("calibrated"))));
    assertThat(wider.version()).isEqualTo(2);
    // dropping or retyping an attribute, a new required one without default, or a new parent is refused
    assertRefused(new CiTypeDefinition("Sensor", "Hardware", false, List.of(AttributeDefinition.decimal("threshold"))),
        "types.Sensor.attributes.unit", "drops it");
    assertRefused(new CiTypeDefinition("Sensor", "Hardware", false, List.of(AttributeDefinition.integer("threshold"),
        AttributeDefinition.string("unit"), AttributeDefinition.bool("calibrated"))), "types.Sensor.attributes.threshold", "INTEGER");
    assertRefused(new CiTypeDefinition("Sensor", "Hardware", false, List.of(AttributeDefinition.decimal("threshold").asRequired(),
        AttributeDefinition.string("unit").maxLength(16), AttributeDefinition.bool("calibrated"),
        AttributeDefinition.string("site").asRequired())), "types.Sensor.attributes.site", "has items already");
    assertRefused(new CiTypeDefinition("Sensor", null, false, List.of()), "parent", "keep parent Hardware");
    assertThat(cmdb().type(AGENT, "Sensor").version()).isEqualTo(2);
    assertThat(cmdb().get(AGENT, probe.id()).attributes()).containsEntry("threshold", new java.math.BigDecimal("42.5"));
  }

  @Test
  void badDefinitionsAreTypedErrorsNamingTheTypeOrAttribute() {
    assertRefused(new CiTypeDefinition("Blade", "Chassis", false, List.of()), "types", "unknown type Chassis");
    assertRefused(new CiTypeDefinition("2fast", null, false, List.of()), "name", "'2fast'");
    assertRefused(new CiTypeDefinition("Blade", "Server", false, List.of(AttributeDefinition.string("hostname"))),
        "types.Blade.attributes.hostname", "inherits");
    assertRefused(new CiTypeDefinition("Blade", null, false, List.of(AttributeDefinition.string("name"))),
        "types.Blade.attributes.name", "none of");
    assertRefused(new CiTypeDefinition("Blade", null, false, List.of(AttributeDefinition.enumeration("size"))),
        "types.Blade.attributes.size.values", "distinct");
    assertRefused(new CiTypeDefinition("Blade", null, false, List.of(AttributeDefinition.reference("chassis", "Chassis"))),
        "types.Blade.attributes.chassis.referenceType", "'Chassis' is unknown");
    assertRefused(new CiTypeDefinition("Blade", null, false, List.of(AttributeDefinition.integer("slots").defaultValue("four"))),
        "types.Blade.attributes.slots.defaultValue", "whole number");
    assertRefused(new CiTypeDefinition("Blade", null, false, List.of(AttributeDefinition.string("tag").maxLength(5000))),
        "types.Blade.attributes.tag.maxLength", "4000");
    assertRefused(new CiTypeDefinition("Blade", null, false, List.of(AttributeDefinition.string("tag").maxLength(501).asUnique())),
        "types.Blade.attributes.tag.maxLength", "at most 500");
    assertThatThrownBy(() -> cmdb().type(AGENT, "Blade")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> cmdb().defineType(AGENT, new CiTypeDefinition("Blade", null, false, List.of())))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aTypeFileWithACycleOfParentsOrMalformedContentIsRefusedAndDefinesNothing() {
    String cycle = """
        {"types": [
          {"name": "A", "parent": "C", "attributes": []},
          {"name": "B", "parent": "A", "attributes": []},
          {"name": "C", "parent": "B", "attributes": []}
        ]}""";
    assertThatThrownBy(() -> cmdb().defineTypes(CM, stream(cycle))).isInstanceOfSatisfying(InvalidValueException.class, e -> {
      assertThat(e.field()).isEqualTo("types");
      assertThat(e.getMessage()).contains("cycle").contains("A").contains("B").contains("C");
    });
    assertThatThrownBy(() -> cmdb().defineTypes(CM, stream("{\"types\": [{\"name\": \"X\", \"colour\": 1}]}")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("colour"));
    assertThatThrownBy(() -> cmdb().defineTypes(CM, stream("{\"types\": [")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("typeFile"));
    assertThatThrownBy(() -> cmdb().defineTypes(CM, stream("""
        {"types": [{"name": "X", "attributes": [{"name": "size", "type": "huge"}]}]}"""))).isInstanceOf(InvalidInputException.class);
    assertThat(cmdb().types(AGENT)).extracting(CiType::name).doesNotContain("A", "B", "C", "X");

    // YAML works as well as JSON
    assertThat(cmdb().defineTypes(CM, stream("""
        types:
          - name: Rack
            attributes:
              - {name: heightUnits, type: integer, required: true, defaultValue: 42}
              - {name: row, type: string, maxLength: 8}
        """))).extracting(CiType::name).containsExactly("Rack");
    assertThat(cmdb().create(CM, NewCi.of("Rack", "r-01", Map.of("row", "A"))).attributes()).containsEntry("heightUnits", 42L);

    // subtypes listed before their parents are fine
    List<CiType> defined = cmdb().defineTypes(CM, stream("""
        {"types": [
          {"name": "Leaf", "parent": "Branch", "attributes": [{"name": "colour", "type": "string"}]},
          {"name": "Branch", "attributes": [{"name": "length", "type": "integer", "required": true, "defaultValue": 1}]}
        ]}"""));
    assertThat(defined).extracting(CiType::name).containsExactly("Leaf", "Branch");
    assertThat(cmdb().type(AGENT, "Leaf").attributes()).extracting(AttributeDefinition::name).containsExactly("length", "colour");
  }

  @Test
  void aBrokenHostTypeFileStopsTheEngineFromStartingNamingTheFile() {
    assertThatThrownBy(() -> itsm.restart(b -> b.plugin(DIRECTORY)
        .plugin(c -> c.ciTypes("broken-types.json", "{\"types\": [{\"name\": \"Y\", \"parent\": \"Nope\"}]}"
            .getBytes(StandardCharsets.UTF_8)))))
        .isInstanceOfSatisfying(ItsmConfigurationException.class, e ->
            assertThat(e.getMessage()).contains("broken-types.json").contains("Nope"));
  }

  @Test
  void aTypeDefinedInAUnitThatRollsBackIsNotSeenAfterwards() {
    assertThatThrownBy(() -> itsm.engine().inTransaction(() -> {
      cmdb().defineType(CM, new CiTypeDefinition("Ghost", null, false, List.of()));
      assertThat(cmdb().type(AGENT, "Ghost").version()).isEqualTo(1);
      cmdb().create(CM, NewCi.of("Ghost", "boo", Map.of()));
      throw new IllegalStateException("host code fails");
    })).hasMessageContaining("host code fails");
    assertThatThrownBy(() -> cmdb().type(AGENT, "Ghost")).isInstanceOf(NotFoundException.class);
  }

  private void assertRefused(CiTypeDefinition definition, String field, String mentioned) {
    assertInvalidValue(() -> cmdb().defineType(CM, definition), field, mentioned);
  }

  private static ByteArrayInputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }
}
