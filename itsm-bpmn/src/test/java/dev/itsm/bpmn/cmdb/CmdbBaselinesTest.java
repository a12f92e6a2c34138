package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.cmdb.Baseline;
import dev.itsm.api.cmdb.BaselineDiff;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiQuery;
import dev.itsm.api.cmdb.CiState;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.testkit.ItsmExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Baselines: named snapshots of the items a query matched, compared with now or with each other. */
class CmdbBaselinesTest {
  private static final Actor CM = Actor.configurationManager("cora");

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private CmdbService cmdb() {
    return itsm.engine().cmdb();
  }

  @Test
  void aBaselineComparedWithNowShowsWhatWasAddedRemovedAndChanged() {
    Ci web = cmdb().create(CM, NewCi.of("Server", "web-01", Map.of("os", "Linux 6.1", "cpuCores", 8)));
    Ci old = cmdb().create(CM, NewCi.of("Server", "legacy-01", Map.of()));
    Ci fw = cmdb().create(CM, NewCi.of("Firewall", "edge-fw", Map.of()));
    cmdb().create(CM, NewCi.of("Database", "not-hardware", Map.of()));
    Baseline before = cmdb().createBaseline(CM, "before CHG-42", CiQuery.ofType("Hardware").inState(CiState.IN_USE));
    assertThat(before.items()).isEqualTo(3);
    assertThat(cmdb().diff(AGENT, "before CHG-42", null).isEmpty()).isTrue();

    // the change: web-01 upgraded and renamed, legacy-01 retired, a new server
    Ci upgraded = cmdb().update(CM, web.ref(), Map.of("os", "Linux 6.6", "cpuCores", 16, "name", "web-01a"));
    cmdb().retire(CM, old.ref());
    Ci added = cmdb().create(CM, NewCi.of("Server", "web-02", Map.of()));

    BaselineDiff diff = cmdb().diff(AGENT, "before CHG-42", null);
    assertThat(diff.to()).isEqualTo("now");
    assertThat(diff.added()).containsExactly(new BaselineDiff.Item(added.id(), "Server", "web-02"));
    assertThat(diff.removed()).containsExactly(new BaselineDiff.Item(old.id(), "Server", "legacy-01"));
    assertThat(diff.changed()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(upgraded.id());
      assertThat(c.name()).isEqualTo("web-01a");
      assertThat(c.differences()).containsExactly(
          new BaselineDiff.Difference("name", "\"web-01\"", "\"web-01a\""),
          new BaselineDiff.Difference("os", "\"Linux 6.1\"", "\"Linux 6.6\""),
          new BaselineDiff.Difference("cpuCores", "8", "16"));
    });

    // a second baseline taken later differs from the first exactly as now does
    itsm.clock().advance(java.time.Duration.ofMinutes(5));
    cmdb().createBaseline(CM, "after CHG-42", CiQuery.ofType("Hardware").inState(CiState.IN_USE));
    assertThat(cmdb().diff(AGENT, "before CHG-42", "after CHG-42")).isEqualTo(
        new BaselineDiff("before CHG-42", "after CHG-42", diff.added(), diff.removed(), diff.changed()));
    assertThat(cmdb().diff(AGENT, "after CHG-42", null).isEmpty()).isTrue();
    assertThat(cmdb().baselines(AGENT)).extracting(Baseline::name).containsExactly("before CHG-42", "after CHG-42");
    assertThat(fw.type()).isEqualTo("Firewall");
  }

  @Test
  void badBaselineRequestsAreTypedErrors() {
    cmdb().createBaseline(CM, "b1", CiQuery.all());
    assertThatThrownBy(() -> cmdb().createBaseline(CM, "b1", CiQuery.all()))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("name"));
    assertThatThrownBy(() -> cmdb().createBaseline(CM, " ", CiQuery.all()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
    assertThatThrownBy(() -> cmdb().createBaseline(CM, "b2", CiQuery.ofType("Mainframe")))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("type"));
    assertThatThrownBy(() -> cmdb().diff(AGENT, "b1", "b9")).isInstanceOf(NotFoundException.class).hasMessageContaining("b9");
    assertThatThrownBy(() -> cmdb().createBaseline(AGENT, "b3", CiQuery.all())).isInstanceOf(AccessDeniedException.class);
    // another tenant has its own baselines
    assertThatThrownBy(() -> cmdb().diff(CM.inTenant("acme"), "b1", null)).isInstanceOf(NotFoundException.class);
    assertThat(cmdb().baselines(AGENT)).extracting(Baseline::name).containsExactly("b1");
  }
}
