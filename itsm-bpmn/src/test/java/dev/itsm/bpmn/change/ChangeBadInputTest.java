package dev.itsm.bpmn.change;

import static dev.itsm.bpmn.change.ChangeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeQuery;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.ImplementationTask.Outcome;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.change.PlannedCiChange;
import dev.itsm.api.change.PlannedCiChange.CiEnd;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every bad submission and out-of-order step fails with a typed error naming what is wrong, and writes nothing. */
class ChangeBadInputTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY).changes(SETTINGS));

  private static ChangeService changes() {
    return itsm.engine().changes();
  }

  private static long stored() {
    return changes().query(CORA, ChangeQuery.all()).total();
  }

  /** Fails with the exception type on {@code field}, mentioning {@code text}, and stores no change. */
  private static void refused(ThrowingCallable call, Class<? extends InvalidInputException> type, String field, String text) {
    long before = stored();
    assertThatThrownBy(call).isInstanceOfSatisfying(type, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.getMessage()).contains(text);
    });
    assertThat(stored()).isEqualTo(before);
  }

  private static Instant now() {
    return itsm.clock().instant();
  }

  @Test
  void aWindowMustEndAfterItStartsAndNotLieInThePast() {
    Instant start = now().plus(Duration.ofDays(1));
    refused(() -> changes().submit(ALICE, normal(now(), "x").window(start, start).build()), InvalidValueException.class,
        "plannedEnd", "end after its start");
    refused(() -> changes().submit(ALICE, normal(now(), "x").window(start, start.minusSeconds(60)).build()),
        InvalidValueException.class, "plannedEnd", "end after its start");
    refused(() -> changes().submit(ALICE, normal(now(), "x").window(now().minusSeconds(60), start).build()),
        InvalidValueException.class, "plannedStart", "in the past");
    refused(() -> changes().submit(ALICE, normal(now(), "x").window(null, start).build()), InvalidInputException.class,
        "plannedStart", "missing");
  }

  @Test
  void templatesAreRequiredForStandardChangesOnlyAndBoundTheirWindow() {
    Instant start = now().plus(Duration.ofHours(1));
    refused(() -> changes().submit(ALICE, NewChange.standard("reboot-everything").implementer("carl")
        .window(start, start.plusSeconds(600)).build()), InvalidValueException.class, "templateCode", "restart-web");
    refused(() -> changes().submit(ALICE, new NewChange(dev.itsm.api.change.ChangeType.NORMAL, "restart-web", "x", null,
        null, "carl", start, start.plusSeconds(600), false, null, null, null, null)), InvalidValueException.class,
        "templateCode", "only for a standard change");
    refused(() -> changes().submit(ALICE, NewChange.standard("restart-web").implementer("carl")
        .window(start, start.plus(Duration.ofHours(3))).build()), InvalidValueException.class, "plannedEnd", "PT2H");
    // a standard change is what its template pre-approved: its tasks, no CMDB changes of its own
    refused(() -> changes().submit(ALICE, NewChange.standard("restart-web").implementer("carl")
        .window(start, start.plusSeconds(600)).task("Reboot everything").build()), InvalidValueException.class, "tasks",
        "pre-approved tasks of template restart-web");
    Ci server = itsm.engine().cmdb().create(Actor.system(), NewCi.of("Server", "std-host", Map.of()));
    refused(() -> changes().submit(ALICE, NewChange.standard("restart-web").implementer("carl")
        .window(start, start.plusSeconds(600)).plannedCiChange(PlannedCiChange.retire(server.id())).build()),
        InvalidValueException.class, "plannedCiChanges", "standard change");
  }

  @Test
  void requiredValuesAndReferencesAreChecked() {
    refused(() -> changes().submit(ALICE, normal(now(), " ").build()), InvalidInputException.class, "title", "blank");
    refused(() -> changes().submit(ALICE, normal(now(), "x").implementer(null).build()), InvalidInputException.class,
        "implementerId", "blank");
    refused(() -> changes().submit(ALICE, normal(now(), "x").group("no-such-group").build()), InvalidValueException.class,
        "groupId", "no-such-group");
    UUID unknown = UUID.randomUUID();
    refused(() -> changes().submit(ALICE, normal(now(), "x").affectedCi(unknown).build()), InvalidValueException.class,
        "affectedCis[0]", unknown.toString());
    refused(() -> changes().submit(ALICE, normal(now(), "x").task("Do it", 0).build()), InvalidValueException.class,
        "tasks[0].step", "from 1");
    NewChange.Builder huge = normal(now(), "x");
    for (int i = 0; i < 501; i++) {
      huge.affectedCi(UUID.randomUUID());
    }
    refused(() -> changes().submit(ALICE, huge.build()), InvalidValueException.class, "affectedCis", "at most 500");
    assertThatThrownBy(() -> changes().submit(Actor.caller("bob"), normal(now(), "x").build()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void plannedCiChangesThatFailTheTypeSchemaAreRefusedAtSubmission() {
    Ci server = itsm.engine().cmdb().create(Actor.system(), NewCi.of("Server", "db-host-1", Map.of("cpuCores", 8)));
    refused(() -> changes().submit(ALICE, normal(now(), "x")
            .plannedCiChange(PlannedCiChange.update(server.id(), Map.of("cpuCores", "eight"))).build()),
        InvalidValueException.class, "plannedCiChanges[0].attributes.cpuCores", "plannedCiChanges[0]");
    refused(() -> changes().submit(ALICE, normal(now(), "x")
            .plannedCiChange(PlannedCiChange.update(server.id(), Map.of("gpu", 1))).build()),
        InvalidValueException.class, "plannedCiChanges[0].attributes.gpu", "not one");
    refused(() -> changes().submit(ALICE, normal(now(), "x")
            .plannedCiChange(PlannedCiChange.create("n", NewCi.of("Spaceship", "x", Map.of()))).build()),
        InvalidValueException.class, "plannedCiChanges[0].ci.type", "Spaceship");
    refused(() -> changes().submit(ALICE, normal(now(), "x")
            .plannedCiChange(PlannedCiChange.create("n", NewCi.of("BusinessService", "Trading", Map.of("criticality", "extreme"))))
            .build()),
        InvalidValueException.class, "plannedCiChanges[0].attributes.criticality", "extreme");
    refused(() -> changes().submit(ALICE, normal(now(), "x")
            .plannedCiChange(PlannedCiChange.relate("runs-on", CiEnd.of(server.id()), CiEnd.planned("nope"))).build()),
        InvalidValueException.class, "plannedCiChanges[0].target", "nope");
    refused(() -> changes().submit(ALICE, normal(now(), "x")
            .plannedCiChange(PlannedCiChange.relate("runs-on", CiEnd.of(server.id()), CiEnd.of(server.id()))).build()),
        InvalidValueException.class, "plannedCiChanges[0].source", "runs-on");
    refused(() -> changes().submit(ALICE, normal(now(), "x")
            .plannedCiChange(PlannedCiChange.retire(server.id())).plannedCiChange(PlannedCiChange.retire(server.id())).build()),
        InvalidValueException.class, "plannedCiChanges[1].ciId", "twice");
  }

  @Test
  void stepsOutOfOrderAreRefusedNamingWhereTheChangeIs() {
    ChangeRequest change = changes().submit(ALICE, normal(now(), "Out of order").build());
    TicketRef ref = TicketRef.of(change.id());
    assertThatThrownBy(() -> changes().recordTask(CARL, ref, 0, Outcome.SUCCEEDED, null))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("IMPLEMENTING").hasMessageContaining("AUTHORIZATION");
    assertThatThrownBy(() -> changes().startImplementation(CARL, ref)).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("SCHEDULED");
    assertThatThrownBy(() -> changes().close(CORA, ref, dev.itsm.api.change.CloseCode.SUCCESSFUL, null))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> changes().resubmit(ALICE, ref, "answer")).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("INFO_REQUESTED");
    assertThatThrownBy(() -> changes().approve(PAUL, TicketRef.of(change.id(), 7), null))
        .isInstanceOf(dev.itsm.api.ConcurrentUpdateException.class).hasMessageContaining("version 7");
    ChangeRequest scheduled = changes().approve(PAUL, ref, null);
    itsm.clock().set(scheduled.plannedStart());
    changes().startImplementation(CARL, ref);
    assertThatThrownBy(() -> changes().recordTask(CARL, ref, 5, Outcome.SUCCEEDED, null))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("from 0 to 0");
    assertThatThrownBy(() -> changes().recordTask(CARL, ref, 0, Outcome.SKIPPED, null))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("SKIPPED");
    assertThat(changes().get(CORA, change.id()).tasks().get(0).outcome()).isNull();
  }
}
