package dev.itsm.bpmn.change;

import static dev.itsm.bpmn.change.ChangeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.TicketRef;
import dev.itsm.api.change.CabRule;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeState;
import dev.itsm.spi.Directory;
import dev.itsm.testkit.ItsmExtension;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A board decides among the members it opened the vote for, whatever the directory says later. */
class CabMembershipTest {
  private static final AtomicReference<Directory> DIRECTORY_NOW = new AtomicReference<>(board("cab1", "cab2"));

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(context -> context.directory(new Directory() {
    @Override
    public boolean groupExists(String groupId) {
      return DIRECTORY_NOW.get().groupExists(groupId);
    }

    @Override
    public Set<String> members(String groupId) {
      return DIRECTORY_NOW.get().members(groupId);
    }

    @Override
    public List<String> managers(String groupId) {
      return DIRECTORY_NOW.get().managers(groupId);
    }
  })).changes(ChangeSettings.builder().cab("cab", CabRule.majority()).build()));

  private static Directory board(String... members) {
    return Directory.inMemory().group("network-ops", List.of("alice", "carl", "paul"), List.of())
        .group("cab", List.of(members), List.of()).group("ecab", List.of("ecab1"), List.of())
        .group("change-managers", List.of("cora"), List.of()).build();
  }

  @Test
  void membersJoiningDuringTheVoteDoNotChangeTheMajorityItNeeds() {
    ChangeRequest change = itsm.engine().changes().submit(ALICE, normal(itsm.clock().instant(), "Re-IP the data centre")
        .outage(true).backoutPlan(null).build());   // HIGH: the CAB of cab1 and cab2 votes
    DIRECTORY_NOW.set(board("cab1", "cab2", "cab3", "cab4"));
    // of the two voters, one approval and one rejection: no majority of two, so rejected, not left pending
    itsm.engine().changes().approve(CAB1, TicketRef.of(change.id()), null);
    ChangeRequest decided = itsm.engine().changes().reject(CAB2, TicketRef.of(change.id()), "Not this quarter");
    assertThat(decided.state()).isEqualTo(ChangeState.REJECTED);
  }
}
