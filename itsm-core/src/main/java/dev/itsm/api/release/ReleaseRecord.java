package dev.itsm.api.release;

import dev.itsm.api.TicketRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A release as stored (a snapshot; operations return a new one).
 *
 * @param number             e.g. {@code REL-000042}; unique per tenant
 * @param releaseVersion     the version it deploys
 * @param managerId          the release manager
 * @param requesterId        who recorded it
 * @param changeIds          the changes it bundles, in the order given
 * @param environments       its target environments in deployment order
 * @param affectedCis        the software CIs of its environments, its changes' CIs and the services they affect: the
 *                           scope of its freeze conflicts and of its early life support
 * @param goDecision         the go/no-go decision, or {@code null} before it
 * @param decidedBy          who decided, or {@code null}
 * @param decisionComment    the decision's comment, or {@code null}
 * @param rollbackReason     why it was rolled back (the failed deployment or verification), or {@code null}
 * @param supportEndsAt      when its early life support ends, or {@code null} before it began
 * @param notesPublishedAt   when its release notes were published, or {@code null}
 * @param version            increases with every change; pass {@link #ref()} to detect lost updates
 */
public record ReleaseRecord(UUID id, String number, String tenantId, ReleaseType type, String title, String description,
                            String releaseVersion, ReleaseState state, String groupId, String managerId,
                            String requesterId, List<UUID> changeIds, List<Environment> environments,
                            List<UUID> affectedCis, GoDecision goDecision, String decidedBy, String decisionComment,
                            String rollbackReason, Instant supportEndsAt, Instant notesPublishedAt, String closeNotes,
                            Instant openedAt, Instant closedAt, String processInstanceId, long version) {
  public ReleaseRecord {
    changeIds = List.copyOf(changeIds);
    environments = List.copyOf(environments);
    affectedCis = List.copyOf(affectedCis);
  }

  /** A reference to this release that fails if it changed since this snapshot. */
  public TicketRef ref() {
    return TicketRef.of(id, version);
  }

  /** The environment with that name, or {@code null}. */
  public Environment environment(String name) {
    return environments.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }
}
