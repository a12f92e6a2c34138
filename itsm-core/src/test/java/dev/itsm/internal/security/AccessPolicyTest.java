package dev.itsm.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.Permission;
import dev.itsm.api.TicketType;
import dev.itsm.internal.persistence.TicketRow;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private final AccessPolicy policy = AccessPolicy.of(AccessPolicy.defaultTable());

  private static TicketRow ticket(String tenant, String caller, String group, String assignee) {
    TicketRow row = new TicketRow();
    row.tenantId = tenant;
    row.ticketType = TicketType.INCIDENT;
    row.callerId = caller;
    row.groupId = group;
    row.assigneeId = assignee;
    return row;
  }

  @Test
  void theDefaultTableGrantsByRole() {
    assertThat(policy.allows(Actor.caller("bob"), Permission.INCIDENT_OPEN)).isTrue();
    assertThat(policy.allows(Actor.caller("bob"), Permission.INCIDENT_ASSIGN)).isFalse();
    assertThat(policy.allows(Actor.agent("alice"), Permission.INCIDENT_ASSIGN)).isTrue();
    assertThat(policy.allows(Actor.agent("alice"), Permission.REPORT_READ)).isFalse();
    assertThat(policy.allows(Actor.manager("mona"), Permission.REPORT_READ)).isTrue();
    assertThat(policy.allows(Actor.builder("x").build(), Permission.INCIDENT_READ)).isFalse();
    assertThatThrownBy(() -> policy.require(Actor.caller("bob"), Permission.AUDIT_READ))
        .isInstanceOf(AccessDeniedException.class).hasMessage("Expected actor bob to have a role granting AUDIT_READ, but its roles [caller] do not");
  }

  @Test
  void visibilityFollowsTenantOwnershipGroupsAndAssignment() {
    TicketRow ticket = ticket("default", "bob", "network-ops", "alice");
    assertThat(policy.sees(Actor.caller("bob"), ticket)).isTrue();
    assertThat(policy.sees(Actor.caller("cleo"), ticket)).isFalse();
    assertThat(policy.sees(Actor.agent("carl", "network-ops"), ticket)).isTrue();
    assertThat(policy.sees(Actor.agent("alice"), ticket)).isTrue();
    assertThat(policy.sees(Actor.agent("dan", "desktop-support"), ticket)).isFalse();
    assertThat(policy.sees(Actor.manager("mona"), ticket)).isTrue();
    assertThat(policy.sees(Actor.manager("mona").inTenant("acme"), ticket)).isFalse();
    assertThat(policy.sees(Actor.system(), ticket)).isTrue();
    // a caller's role does not let them see tickets of groups they happen to be listed in
    assertThat(policy.sees(Actor.builder("cleo").roles("caller").groups("network-ops").build(), ticket)).isFalse();
  }
}
