package dev.itsm.examples.server;

import java.util.List;

/**
 * JSON request bodies. Codes (impact, urgency, reason...) are plain strings here and are parsed
 * with {@code Codes.parse}, so that an unknown value is a 422 naming the field rather than a JSON
 * error.
 */
final class RequestBodies {
  private RequestBodies() {}

  /** {@code POST /api/incidents}; impact and urgency default to MEDIUM, channel to API. */
  record OpenIncident(String title, String description, String impact, String urgency, String category, String channel,
                      String callerId, String groupId, List<String> affectedCis) {}

  /** {@code POST .../assign}. */
  record Assign(String groupId, String agentId) {}

  /** {@code POST .../hold}. */
  record Hold(String reason, String comment) {}

  /** {@code POST .../reclassify}. */
  record Reclassify(String impact, String urgency) {}

  /** {@code POST .../resolve}. */
  record Resolve(String code, String text) {}

  /** {@code POST .../reopen} and {@code .../cancel}. */
  record Reason(String reason) {}

  /** {@code POST .../notes}. */
  record Note(String text, String visibility, Integer timeSpentMinutes) {}
}
