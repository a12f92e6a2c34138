package dev.itsm.spi;

import java.util.List;
import java.util.Set;

/**
 * The host's users and groups as the engine needs them: which groups exist, who is in them and who
 * manages them (escalations go to managers). Calls happen inside transactions: keep them fast
 * (cache on the host side if they are remote).
 */
public interface Directory {

  /** Whether tickets may be assigned to the group. */
  boolean groupExists(String groupId);

  /** Members of the group; empty when unknown. */
  Set<String> members(String groupId);

  /** Managers of the group, in escalation order; empty when unknown. */
  List<String> managers(String groupId);

  /**
   * The next group of a group's escalation chain (where {@link dev.itsm.api.sla.SlaAction#ESCALATE}
   * moves a ticket), or {@code null} at the end of the chain. The default has no chains.
   */
  default String escalatesTo(String groupId) {
    return null;
  }

  /**
   * The customer class of a user (e.g. {@code gold}), which selects SLA definitions for the tickets
   * they raise; {@code null} when the user has none. The default has none.
   */
  default String customerClass(String userId) {
    return null;
  }

  /** The default: every group exists, nobody is in any. Assignments are not checked against membership. */
  static Directory permissive() {
    return InMemoryDirectory.PERMISSIVE;
  }

  /** Starts an in-memory directory that knows exactly the groups given to it. */
  static InMemoryDirectory.Builder inMemory() {
    return new InMemoryDirectory.Builder();
  }
}
