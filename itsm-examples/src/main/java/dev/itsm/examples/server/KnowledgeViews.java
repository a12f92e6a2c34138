package dev.itsm.examples.server;

import dev.itsm.api.knowledge.Article;
import dev.itsm.api.knowledge.ArticleState;
import dev.itsm.api.knowledge.ArticleVersion;
import dev.itsm.api.knowledge.SearchHit;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** JSON response bodies of the knowledge resource ({@link KnowledgeRoutes}). */
final class KnowledgeViews {
  private KnowledgeViews() {}

  /**
   * An article: its working copy and where its published version stands. {@code version} numbers the
   * content; {@code revision} counts every change and is the {@code ETag}.
   */
  record ArticleView(UUID id, String number, String title, String body, List<String> tags, List<String> services,
                     List<UUID> cis, String language, ArticleState state, int version, Integer publishedVersion,
                     String authorId, String createdBy, String approvedBy, Instant publishedAt, UUID problemId,
                     long resolvedIncidents, Instant createdAt, Instant updatedAt, long revision) {

    static ArticleView of(Article a) {
      return new ArticleView(a.id(), a.number(), a.title(), a.body(), sorted(a.tags()), sorted(a.services()), a.cis(),
          a.language(), a.state(), a.version(), a.publishedVersion(), a.authorId(), a.createdBy(), a.approvedBy(),
          a.publishedAt(), a.problemId(), a.resolvedIncidents(), a.createdAt(), a.updatedAt(), a.revision());
    }
  }

  /** A published version, as kept. */
  record Version(int version, String title, String body, List<String> tags, String authorId, String approvedBy,
                 Instant publishedAt) {

    static Version of(ArticleVersion v) {
      return new Version(v.version(), v.title(), v.body(), sorted(v.tags()), v.authorId(), v.approvedBy(), v.publishedAt());
    }
  }

  /** An article found; {@code score} is comparable only within one list. */
  record Hit(UUID articleId, String number, String title, String excerpt, String language, double score,
             long resolvedIncidents) {

    static Hit of(SearchHit h) {
      return new Hit(h.articleId(), h.number(), h.title(), h.excerpt(), h.language(), h.score(), h.resolvedIncidents());
    }
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
