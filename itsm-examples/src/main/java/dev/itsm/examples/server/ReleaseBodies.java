package dev.itsm.examples.server;

import java.util.List;

/**
 * JSON request bodies of the release resources. Codes, ids, instants and durations are strings here
 * and are parsed by {@link ReleaseRoutes}, so that a bad one is a 422 naming the field rather than a
 * JSON error.
 */
final class ReleaseBodies {
  private ReleaseBodies() {}

  /** {@code POST /api/releases}; {@code earlySupport} is an ISO-8601 duration ({@code P14D}). */
  record CreateRelease(String title, String description, String type, String releaseVersion, String groupId,
                       String managerId, List<String> changeIds, List<Environment> environments, String earlySupport) {}

  /** A target environment, in deployment order. */
  record Environment(String name, String windowStart, String windowEnd, List<String> cis) {}

  /** {@code POST .../results}: what a pipeline (or a person) reports. */
  record Result(String stage, String environment, String outcome, String details, String externalRef) {}

  /** {@code POST .../decision}. */
  record Decision(String decision, String comment) {}

  /** {@code POST .../notes}: the edited notes, or none for the generated ones. */
  record Notes(String markdown) {}

  /** {@code POST .../close}. */
  record Close(String notes) {}

  /** {@code POST .../cancel}. */
  record Cancel(String reason) {}
}
