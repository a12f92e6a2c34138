package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AuditEntry;
import dev.itsm.api.Cause;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Resolution;
import dev.itsm.testkit.ItsmExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Audit entries carry the record that caused them when the host names one. */
class CausedByTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  @Test
  void everyAuditEntryWrittenUnderACauseNamesIt() {
    // given an incident opened and assigned without a cause
    IncidentTicket inc = itsm.engine().incidents().assign(MANAGER, openP1(itsm.engine().incidents()).ref(),
        Assignment.toAgent("alice"));
    int before = trail(inc).size();

    // when a host change acknowledges and resolves it as one unit
    IncidentTicket resolved = itsm.engine().causedBy(Cause.of("change", "CHG-000042"), () -> {
      IncidentTicket acknowledged = itsm.engine().incidents().acknowledge(AGENT, inc.ref());
      return itsm.engine().incidents().resolve(AGENT, acknowledged.ref(), Resolution.of("FIXED", "by the change"));
    });

    // then the entries written in that unit name the change, also those of the process's state steps
    List<AuditEntry> trail = trail(resolved);
    assertThat(trail.subList(0, before)).allSatisfy(e -> {
      assertThat(e.causedByType()).isNull();
      assertThat(e.causedById()).isNull();
    });
    assertThat(trail.subList(before, trail.size())).isNotEmpty().allSatisfy(e -> {
      assertThat(e.causedByType()).isEqualTo("change");
      assertThat(e.causedById()).isEqualTo("CHG-000042");
    });
    assertThat(trail.subList(before, trail.size())).extracting(AuditEntry::field).contains("state");

    // and an operation after the unit has no cause again
    itsm.engine().incidents().close(CALLER, resolved.ref());
    assertThat(trail(resolved).get(trail(resolved).size() - 1).causedByType()).isNull();
  }

  @Test
  void anInnerCauseAppliesInsideItAndTheOuterOneAfterIt() {
    IncidentTicket inc = openP1(itsm.engine().incidents());
    int before = trail(inc).size();

    itsm.engine().causedBy(Cause.of("release", "REL-7"), () -> {
      IncidentTicket assigned = itsm.engine().causedBy(Cause.of("change", "CHG-1"),
          () -> itsm.engine().incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice")));
      return itsm.engine().incidents().acknowledge(AGENT, assigned.ref());
    });

    List<AuditEntry> written = trail(inc).subList(before, trail(inc).size());
    assertThat(written).extracting(AuditEntry::causedById).contains("CHG-1", "REL-7").containsOnly("CHG-1", "REL-7");
    assertThat(written).filteredOn(e -> "ACKNOWLEDGED".equals(e.newValue()))
        .extracting(AuditEntry::causedById).containsOnly("REL-7");
  }

  @Test
  void aCauseThatDoesNotFitIsRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> Cause.of("Change Request", "CHG-1")).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.field()).isEqualTo("cause.type"));
    assertThatThrownBy(() -> Cause.of("change", " ")).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.getMessage()).contains("cause.id").contains("blank"));
    assertThatThrownBy(() -> Cause.of("change", "x".repeat(65))).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.getMessage()).contains("cause.id").contains("65"));
  }

  private static List<AuditEntry> trail(IncidentTicket inc) {
    return itsm.engine().audit().trail(MANAGER, inc.id());
  }
}
