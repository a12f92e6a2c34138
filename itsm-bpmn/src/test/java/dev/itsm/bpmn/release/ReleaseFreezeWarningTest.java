package dev.itsm.bpmn.release;

import static dev.itsm.bpmn.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeWindow;
import dev.itsm.api.change.ConflictKind;
import dev.itsm.api.change.ConflictPolicy;
import dev.itsm.api.change.WindowDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.release.GoDecision;
import dev.itsm.api.release.NewEnvironment;
import dev.itsm.api.release.ReleaseCalendar;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseService;
import dev.itsm.api.release.ReleaseSettings;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With a host whose change settings let freezes only warn, a release in a freeze is planned and approved, with warnings. */
class ReleaseFreezeWarningTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).releases(ReleaseSettings.defaults())
      .changes(ChangeSettings.builder().templates(List.of(DEPLOY_APP)).conflictPolicy(ConflictKind.FREEZE, ConflictPolicy.WARN)
          .build()));

  private static ItsmEngine engine() {
    return itsm.engine();
  }

  private static ReleaseService releases() {
    return itsm.engine().releases();
  }

  @Test
  void aFreezeThatOnlyWarnsIsRecordedListedAndAnnouncedWithTheDeployment() {
    Instant t0 = itsm.clock().instant();
    Ci app = app(engine(), "warn-app");
    var change = approvedChange(engine(), t0, "Warned work", app.id());
    Instant start = t0.plus(Duration.ofDays(1));
    ChangeWindow freeze = engine().changes().defineWindow(CM, WindowDefinition.globalFreeze("Marketing launch",
        start.plus(Duration.ofHours(1)), start.plus(Duration.ofHours(2))));

    ReleaseRecord release = releases().create(RM, release("Warned 2.4", change.id())
        .environment(NewEnvironment.of("production", start, start.plus(Duration.ofHours(4)), app.id())).build());
    assertThat(release.state()).isEqualTo(ReleaseState.PLANNING);
    assertThat(releases().conflicts(CM, release.id())).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ConflictKind.FREEZE);
      assertThat(c.policy()).isEqualTo(ConflictPolicy.WARN);
      assertThat(c.windowId()).isEqualTo(freeze.id());
    });
    assertThat(engine().audit().trail(RM, release.id())).anySatisfy(e ->
        assertThat(e.field() + " " + e.newValue()).contains("FREEZE").contains("Marketing launch"));
    ReleaseCalendar calendar = releases().calendar(CM, start, start.plus(Duration.ofDays(1)));
    assertThat(calendar.deployments()).singleElement().satisfies(d -> {
      assertThat(d.releaseId()).isEqualTo(release.id());
      assertThat(d.conflicts()).extracting(c -> c.policy()).containsExactly(ConflictPolicy.WARN);
    });
    assertThat(calendar.freezes()).extracting(ChangeWindow::name).containsExactly("Marketing launch");

    ReleaseRecord go = releases().decide(CM, awaitingApproval(releases(), release).ref(), GoDecision.GO, null);
    assertThat(go.state()).isEqualTo(ReleaseState.DEPLOYING);
    itsm.clock().set(start);
    fireDue(itsm, release);
    assertThat(itsm.events(release.id())).filteredOn(e -> e.type().equals(EventTypes.RELEASE_DEPLOYMENT_STARTED))
        .singleElement().satisfies(e -> assertThat(String.valueOf(e.data().get("conflicts"))).contains("Marketing launch"));
  }
}
