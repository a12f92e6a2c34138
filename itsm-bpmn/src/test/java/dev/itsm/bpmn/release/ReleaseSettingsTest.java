package dev.itsm.bpmn.release;

import static dev.itsm.bpmn.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.TicketRef;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.process.ReleaseProcess;
import dev.itsm.api.release.GoDecision;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseService;
import dev.itsm.api.release.ReleaseSettings;
import dev.itsm.api.release.ReleaseStage;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The release settings a host gives: its release managers group, the CI attribute that holds versions, the pipeline
 * timeouts and the early life support period.
 */
class ReleaseSettingsTest {

  static final ReleaseSettings SETTINGS = ReleaseSettings.builder().releaseManagers("release-ops")
      .versionAttribute("firmwareVersion")
      .pipelineTimeouts(Duration.ofHours(1), Duration.ofHours(2), Duration.ofMinutes(30), Duration.ofMinutes(45))
      .earlySupport(Duration.ofDays(3)).build();

  @RegisterExtension
  static ItsmExtension itsm = ReleaseFixtures.extension(SETTINGS);

  @BeforeAll
  static void appliances() {
    itsm.engine().cmdb().defineType(SYSTEM, new CiTypeDefinition("Appliance", null, false,
        List.of(AttributeDefinition.string("firmwareVersion"))));
  }

  private static ItsmEngine engine() {
    return itsm.engine();
  }

  private static ReleaseService releases() {
    return itsm.engine().releases();
  }

  private static Instant now() {
    return itsm.clock().instant();
  }

  private static Ci appliance(String name) {
    return engine().cmdb().create(SYSTEM, NewCi.of("Appliance", name, Map.of("firmwareVersion", "7.1")));
  }

  @Test
  void theSettingsGiveTheVersionAttributeTimeoutsSupportPeriodAndWhoIsTold() {
    ReleaseSettings defaults = ReleaseSettings.defaults();
    assertThat(defaults.releaseManagers()).isEqualTo("release-managers");
    assertThat(defaults.versionAttribute()).isEqualTo("softwareVersion");
    assertThat(defaults.buildTimeout()).isEqualTo(Duration.ofHours(4));
    assertThat(defaults.testTimeout()).isEqualTo(Duration.ofHours(8));
    assertThat(defaults.earlySupport()).isEqualTo(Duration.ofDays(14));

    Instant t0 = now();
    Ci lb = appliance("lb-prod");
    // an Application has no firmwareVersion: with these settings it is no software CI
    Ci app = app(engine(), "settings-app");
    var change = approvedChange(engine(), t0, "Load balancer firmware", lb.id());
    nothingWritten(itsm, () -> releases().create(RM, release("Apps", change.id())
        .environment(env("production", t0, 24, app.id())).build()), InvalidValueException.class);

    ReleaseRecord release = releases().create(RM, release("Firmware 2.4", change.id())
        .environment(env("production", t0, 24, lb.id())).build());
    releases().startBuild(RM, release.ref());
    assertThat(itsm.timers(release.processInstanceId())).containsEntry(ReleaseProcess.TIMER_BUILD, now().plus(Duration.ofHours(1)));
    itsm.clock().advance(Duration.ofHours(1));
    assertThat(fireDue(itsm, release)).isEqualTo(1);
    assertThat(itsm.notifications().forTicket(release.id())).filteredOn(n -> n.type().equals(EventTypes.RELEASE_PIPELINE_OVERDUE))
        .singleElement().satisfies(n -> assertThat(n.recipients()).contains("ron", "rosa", "rm").doesNotContain("rex"));

    releases().report(PIPELINE, release.id(), ok(ReleaseStage.BUILD, null, "b"));
    assertThat(itsm.timers(release.processInstanceId())).containsEntry(ReleaseProcess.TIMER_TEST, now().plus(Duration.ofHours(2)));
    releases().report(PIPELINE, release.id(), ok(ReleaseStage.TEST, null, "t"));
    ReleaseRecord go = releases().decide(CM, TicketRef.of(release.id()), GoDecision.GO, null);
    itsm.clock().set(go.environment("production").windowStart());
    fireDue(itsm, release);
    releases().report(PIPELINE, release.id(), ok(ReleaseStage.DEPLOY, "production", "d"));
    assertThat(engine().cmdb().get(SYSTEM, lb.id()).attributes()).containsEntry("firmwareVersion", VERSION);
    assertThat(itsm.timers(release.processInstanceId())).containsEntry(ReleaseProcess.TIMER_VERIFY,
        now().plus(Duration.ofMinutes(30)));
    ReleaseRecord els = releases().report(PIPELINE, release.id(), ok(ReleaseStage.VERIFY, "production", "v"));
    assertThat(els.state()).isEqualTo(ReleaseState.EARLY_LIFE_SUPPORT);
    assertThat(els.supportEndsAt()).isEqualTo(now().plus(Duration.ofDays(3)));
  }

  @Test
  void theRollbackTimeoutIsTheSettingsToo() {
    Instant t0 = now();
    Ci fwTest = appliance("fw-test");
    Ci fwProd = appliance("fw-prod");
    var change = approvedChange(engine(), t0, "Firewall firmware", fwProd.id());
    ReleaseRecord release = awaitingApproval(releases(), releases().create(RM, release("Firewall 2.4", change.id())
        .environment(env("test", t0, 24, fwTest.id())).environment(env("production", t0, 48, fwProd.id())).build()));
    ReleaseRecord go = releases().decide(CM, release.ref(), GoDecision.GO, null);
    itsm.clock().set(go.environment("test").windowStart());
    fireDue(itsm, release);
    releases().report(PIPELINE, release.id(), ok(ReleaseStage.DEPLOY, "test", "d"));
    ReleaseRecord rolling = releases().report(PIPELINE, release.id(),
        failed(ReleaseStage.VERIFY, "test", "Throughput halved", "v"));
    assertThat(rolling.state()).isEqualTo(ReleaseState.ROLLING_BACK);
    assertThat(itsm.timers(release.processInstanceId())).containsEntry(ReleaseProcess.TIMER_ROLLBACK,
        now().plus(Duration.ofMinutes(45)));
    itsm.clock().advance(Duration.ofMinutes(45));
    assertThat(fireDue(itsm, release)).isEqualTo(1);
    assertThat(itsm.events(release.id())).filteredOn(e -> e.type().equals(EventTypes.RELEASE_PIPELINE_OVERDUE))
        .singleElement().satisfies(e -> {
          assertThat(String.valueOf(e.data().get("stage"))).isEqualToIgnoringCase("ROLLBACK");
          assertThat(e.data()).containsEntry("environment", "test");
        });
    assertThat(releases().get(RM, release.id()).state()).isEqualTo(ReleaseState.ROLLING_BACK);
    ReleaseRecord back = releases().report(PIPELINE, release.id(), ok(ReleaseStage.ROLLBACK, "test", "r"));
    assertThat(back.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(engine().cmdb().get(SYSTEM, fwTest.id()).attributes()).containsEntry("firmwareVersion", "7.1");
  }
}
