package dev.itsm.api.knowledge;

import dev.itsm.api.TicketRef;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A snapshot of a knowledge article: its working copy (title, body, tags, links) and where its
 * published version stands.
 *
 * @param number            e.g. {@code KB-000042}
 * @param language          two-letter code; selects the text analysis of the search
 * @param version           number of the working copy's version, from 1
 * @param publishedVersion  the version readers see and search finds; {@code null} before the first approval
 *                          and after retirement
 * @param authorId          who wrote the working copy's version (they may not review it)
 * @param approvedBy        who approved the published version; {@code null} when none is published
 * @param problemId         the problem whose known error it publishes, or {@code null}
 * @param resolvedIncidents how many incidents it resolved ("frequently asked" ranking)
 * @param revision          increases with every change; pass {@link #ref()} to detect lost updates
 */
public record Article(UUID id, String number, String tenantId, String title, String body, Set<String> tags,
                      Set<String> services, List<UUID> cis, String language, ArticleState state, int version,
                      Integer publishedVersion, String authorId, String createdBy, String approvedBy, Instant publishedAt,
                      UUID problemId, long resolvedIncidents, Instant createdAt, Instant updatedAt, long revision) {
  public Article {
    tags = Set.copyOf(tags);
    services = Set.copyOf(services);
    cis = List.copyOf(cis);
  }

  /** A reference to this article that fails if it changed since this snapshot. */
  public TicketRef ref() {
    return TicketRef.of(id, revision);
  }
}
