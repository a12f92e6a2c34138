package dev.itsm.examples.server;

import java.util.List;
import java.util.Map;

/**
 * JSON request bodies of the change resources. Codes, ids and instants are strings here and are
 * parsed by {@link ChangeRoutes}, so that a bad one is a 422 naming the field rather than a JSON error.
 */
final class ChangeBodies {
  private ChangeBodies() {}

  /** {@code POST /api/changes}. */
  record SubmitChange(String type, String templateCode, String title, String description, String groupId,
                      String implementerId, String plannedStart, String plannedEnd, Boolean outage, String backoutPlan,
                      List<String> affectedCis, List<Task> tasks, List<PlannedCiChange> plannedCiChanges) {}

  /** An implementation task; {@code step} defaults to 1. */
  record Task(String title, Integer step) {}

  /**
   * A planned CMDB modification, by {@code op}: {@code update} (ciId, attributes), {@code create} (key, ci),
   * {@code retire} (ciId) or {@code relate} (type, source, target).
   */
  record PlannedCiChange(String op, String ciId, Map<String, Object> attributes, String key, NewCi ci, String type,
                         CiEnd source, CiEnd target) {}

  /** The item a planned {@code create} makes; {@code state} defaults to IN_USE. */
  record NewCi(String type, String name, String state, Map<String, Object> attributes) {}

  /** One end of a planned relation: an existing item ({@code ciId}) or one the change creates ({@code newKey}). */
  record CiEnd(String ciId, String newKey) {}

  /** {@code POST .../vote}. */
  record Vote(String vote, String comment) {}

  /** {@code POST .../resubmit}. */
  record Resubmit(String answer) {}

  /** {@code POST .../tasks/{index}}. */
  record TaskOutcome(String outcome, String note) {}

  /** {@code POST .../complete-backout}. */
  record Backout(String note) {}

  /** {@code POST .../retrospective}. */
  record Retrospective(String findings) {}

  /** {@code POST .../close}. */
  record Close(String code, String notes) {}

  /** {@code POST .../reschedule}. */
  record Reschedule(String start, String end) {}

  /** {@code POST .../cancel}. */
  record Cancel(String reason) {}

  /** {@code POST .../caused-incidents}. */
  record CausedIncident(String incidentId) {}

  /** {@code POST /api/change-windows}. */
  record Window(String kind, String name, String ciId, String start, String end) {}
}
