package dev.itsm.api.incident;

/**
 * Target of an assignment: a group, an agent, or both. A {@code null} group keeps the current one.
 *
 * @param groupId support group id, or {@code null} to keep the incident's group
 * @param agentId agent id, or {@code null} to leave it unassigned (only allowed while NEW)
 */
public record Assignment(String groupId, String agentId) {

  /** Re-routes the incident to a group without naming an agent. */
  public static Assignment toGroup(String groupId) {
    return new Assignment(groupId, null);
  }

  /** Assigns to an agent of the given group. */
  public static Assignment toAgent(String groupId, String agentId) {
    return new Assignment(groupId, agentId);
  }

  /** Assigns to an agent, keeping the current group. */
  public static Assignment toAgent(String agentId) {
    return new Assignment(null, agentId);
  }
}
