package dev.itsm.bpmn.change;

import dev.itsm.api.Actor;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeTemplate;
import dev.itsm.api.change.NewChange;
import dev.itsm.spi.Directory;
import dev.itsm.spi.ItsmPlugin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** People, boards and a catalogue for the change scenarios. */
final class ChangeFixtures {
  /** Requests changes. */
  static final Actor ALICE = Actor.agent("alice", "network-ops");
  /** Implements them. */
  static final Actor CARL = Actor.agent("carl", "network-ops");
  /** A peer in the same group: gives technical approvals. */
  static final Actor PAUL = Actor.agent("paul", "network-ops");
  /** An agent of another group. */
  static final Actor DORA = Actor.agent("dora", "service-desk");
  static final Actor CORA = Actor.changeManager("cora");
  static final Actor CAB1 = Actor.agent("cab1", "cab");
  static final Actor CAB2 = Actor.agent("cab2", "cab");
  static final Actor CAB3 = Actor.agent("cab3", "cab");
  static final Actor ECAB1 = Actor.agent("ecab1", "ecab");
  static final Actor ECAB2 = Actor.agent("ecab2", "ecab");
  static final Actor ECAB3 = Actor.agent("ecab3", "ecab");

  static final ItsmPlugin DIRECTORY = context -> context.directory(Directory.inMemory()
      .group("network-ops", List.of("alice", "carl", "paul"), List.of("mona"))
      .group("service-desk", List.of("dora"), List.of("sam"))
      .group("cab", List.of("cab1", "cab2", "cab3", "carl"), List.of())
      .group("ecab", List.of("ecab1", "ecab2", "ecab3"), List.of())
      .group("change-managers", List.of("cora"), List.of())
      .build());

  static final ChangeTemplate RESTART = new ChangeTemplate("restart-web", "Restart a web server",
      "Rolling restart behind the load balancer", List.of("Drain", "Restart", "Verify"), Duration.ofHours(2));

  /** CAB: all must approve; ECAB: majority, 4 hours; one template. */
  static final ChangeSettings SETTINGS = ChangeSettings.builder().templates(List.of(RESTART)).build();

  private ChangeFixtures() {}

  /** A normal change by alice, implemented by carl of network-ops, tomorrow for two hours, with a backout plan. */
  static NewChange.Builder normal(Instant now, String title) {
    Instant start = now.plus(Duration.ofDays(1));
    return NewChange.normal(title).group("network-ops").implementer("carl").window(start, start.plus(Duration.ofHours(2)))
        .backoutPlan("Restore the previous configuration");
  }
}
