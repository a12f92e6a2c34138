package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.spi.CustomField;
import dev.itsm.testkit.ItsmExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Host-defined typed fields: declared once, validated, stored in typed indexed columns, usable as filters. */
class CustomFieldTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).plugin(context -> {
    context.customField(CustomField.string("costCenter", 10).asRequired());
    context.customField(CustomField.decimal("estimatedLoss"));
    context.customField(CustomField.integer("usersAffected"));
    context.customField(CustomField.bool("vip"));
    context.customField(CustomField.instant("outageStart"));
  }));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  private IncidentTicket open(String costCenter, Object loss, Object users) {
    NewIncident.Builder b = NewIncident.builder("Shop offline").category("network").field("costCenter", costCenter);
    if (loss != null) b.field("estimatedLoss", loss);
    if (users != null) b.field("usersAffected", users);
    return incidents().open(CALLER, b.build());
  }

  @Test
  void valuesAreTypedStoredAndReturned() throws Exception {
    Instant start = Instant.parse("2026-03-01T22:15:00Z");
    IncidentTicket inc = incidents().open(CALLER, NewIncident.builder("Shop offline").category("network")
        .field("costCenter", "CC-7").field("estimatedLoss", new BigDecimal("1250.50")).field("usersAffected", 40)
        .field("vip", true).field("outageStart", start.toString()).build());
    assertThat(inc.fields()).containsEntry("costCenter", "CC-7").containsEntry("estimatedLoss", new BigDecimal("1250.5"))
        .containsEntry("usersAffected", 40L).containsEntry("vip", true).containsEntry("outageStart", start);
    assertThat(incidents().get(AGENT, inc.id()).fields()).isEqualTo(inc.fields());
    try (Connection c = itsm.database().connect()) {
      assertThat(count(c, "SELECT COUNT(*) FROM itsm_ticket_field WHERE ticket_id = ? AND field_name = 'usersAffected'"
          + " AND number_value = 40 AND string_value IS NULL", inc.id())).isEqualTo(1);
    }
  }

  @Test
  void queriesFilterOnFieldsByEqualityAndRange() {
    String cc = "Q-" + System.nanoTime() % 100000;
    IncidentTicket small = open(cc, "10", 5);
    IncidentTicket big = open(cc, "5000.25", 500);
    open("OTHER", "9999", 1);

    assertThat(ids(IncidentQuery.builder().field("costCenter", cc).build())).containsExactlyInAnyOrder(small.id(), big.id());
    assertThat(ids(IncidentQuery.builder().field("costCenter", cc).fieldBetween("estimatedLoss", 1000, null).build()))
        .containsExactly(big.id());
    assertThat(ids(IncidentQuery.builder().field("costCenter", cc).fieldBetween("usersAffected", null, 100).build()))
        .containsExactly(small.id());
  }

  @Test
  void queriesFilterOnBooleanAndInstantFields() {
    String cc = "B-" + System.nanoTime() % 100000;
    Instant night = Instant.parse("2026-03-01T02:00:00Z");
    IncidentTicket vipAtNight = incidents().open(CALLER, NewIncident.builder("Shop offline").category("network")
        .field("costCenter", cc).field("vip", true).field("outageStart", night.toString()).build());
    IncidentTicket vipAtNoon = incidents().open(CALLER, NewIncident.builder("Shop slow").category("network")
        .field("costCenter", cc).field("vip", true).field("outageStart", night.plusSeconds(10 * 3600).toString()).build());
    open(cc, null, null);

    assertThat(ids(IncidentQuery.builder().field("costCenter", cc).field("vip", true).build()))
        .containsExactlyInAnyOrder(vipAtNight.id(), vipAtNoon.id());
    assertThat(ids(IncidentQuery.builder().field("costCenter", cc).field("vip", false).build())).isEmpty();
    assertThat(ids(IncidentQuery.builder().field("costCenter", cc)
        .fieldBetween("outageStart", night.minusSeconds(60), night.plusSeconds(3600)).build()))
        .containsExactly(vipAtNight.id());
    assertThat(ids(IncidentQuery.builder().field("costCenter", cc).fieldBetween("outageStart", night.plusSeconds(1), null)
        .build())).containsExactly(vipAtNoon.id());
  }

  @Test
  void updatesAreValidatedAndAudited() {
    IncidentTicket inc = open("CC-1", null, null);
    Map<String, Object> change = new HashMap<>();
    change.put("estimatedLoss", 99);
    change.put("vip", "true");
    inc = incidents().updateFields(AGENT, inc.ref(), change);
    assertThat(inc.fields()).containsEntry("estimatedLoss", new BigDecimal("99")).containsEntry("vip", true);
    Map<String, Object> clear = new HashMap<>();
    clear.put("vip", null);
    inc = incidents().updateFields(AGENT, inc.ref(), clear);
    assertThat(inc.fields()).doesNotContainKey("vip");
    assertThat(itsm.engine().audit().trail(AGENT, inc.id())).extracting(e -> e.field())
        .contains("fields.estimatedLoss", "fields.vip");

    IncidentTicket current = inc;
    Map<String, Object> required = new HashMap<>();
    required.put("costCenter", null);
    assertThatThrownBy(() -> incidents().updateFields(AGENT, current.ref(), required))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("required custom field costCenter");
  }

  @Test
  void badValuesAreTypedErrorsNamingTheField() {
    assertThatThrownBy(() -> incidents().open(CALLER, NewIncident.builder("x").category("network").build()))
        .isInstanceOf(InvalidInputException.class).extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("fields.costCenter");
    assertThatThrownBy(() -> open("TOO-LONG-COST-CENTER", null, null))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("fields.costCenter of at most 10 characters");
    assertThatThrownBy(() -> open("CC", "a lot", null))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("fields.estimatedLoss");
    assertThatThrownBy(() -> open("CC", null, 2.5))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("fields.usersAffected to be a whole number");
    assertThatThrownBy(() -> incidents().open(CALLER, NewIncident.builder("x").category("network")
            .field("costCenter", "CC").field("colour", "red").build()))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("but got 'colour'");
    assertThatThrownBy(() -> incidents().query(AGENT, IncidentQuery.builder().field("colour", "red").build()))
        .isInstanceOf(InvalidValueException.class);
  }

  private List<java.util.UUID> ids(IncidentQuery query) {
    return incidents().query(MANAGER, query).items().stream().map(IncidentTicket::id).toList();
  }
}
