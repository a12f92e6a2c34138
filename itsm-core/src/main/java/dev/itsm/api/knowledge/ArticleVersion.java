package dev.itsm.api.knowledge;

import java.time.Instant;
import java.util.Set;

/**
 * A published version of an article, kept for good: what was published, who wrote and who approved it.
 */
public record ArticleVersion(int version, String title, String body, Set<String> tags, String authorId,
                             String approvedBy, Instant publishedAt) {
  public ArticleVersion {
    tags = Set.copyOf(tags);
  }
}
