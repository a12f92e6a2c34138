package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on knowledge articles, their versions, links and uses, and the search. */
public interface KnowledgeMapper {
  long nextNumber();

  long nextSearchSeq();

  void insertArticle(ArticleRow row);

  /** Writes the article if it is still at {@code expectedRevision}; returns the rows written. */
  int updateArticle(@Param("row") ArticleRow row, @Param("expectedRevision") long expectedRevision);

  ArticleRow selectArticle(@Param("id") UUID id);

  ArticleRow selectArticleByNumber(@Param("tenantId") String tenantId, @Param("number") String number);

  Long selectRevision(@Param("id") UUID id);

  void insertVersion(ArticleVersionRow row);

  List<ArticleVersionRow> selectVersions(@Param("articleId") UUID articleId);

  void insertLink(ArticleLinkRow row);

  void deleteLinks(@Param("articleId") UUID articleId);

  List<ArticleLinkRow> selectLinks(@Param("articleId") UUID articleId);

  void insertUse(@Param("articleId") UUID articleId, @Param("incidentId") UUID incidentId, @Param("tenantId") String tenantId,
                 @Param("recordedBy") String recordedBy, @Param("recordedAt") Instant recordedAt);

  long countUse(@Param("articleId") UUID articleId, @Param("incidentId") UUID incidentId);

  /**
   * PostgreSQL only: published articles of the language containing every ({@code all}) or any word of the text,
   * best first among at most twice {@code candidates}.
   */
  List<SearchRow> search(@Param("tenantId") String tenantId, @Param("language") String language,
                         @Param("text") String text, @Param("all") boolean all, @Param("candidates") int candidates,
                         @Param("limit") int limit);

  /** The published articles among the ids (score 0). */
  List<SearchRow> selectHits(@Param("tenantId") String tenantId, @Param("ids") Collection<UUID> ids);

  List<SearchRow> selectFrequent(@Param("tenantId") String tenantId, @Param("limit") int limit);

  /** Articles whose search sequence number is above {@code after}, by that number. */
  List<ArticleRow> selectIndexAfter(@Param("after") long after, @Param("limit") int limit);

  /** Articles whose search sequence number is in one of the ranges ({@code first}, {@code last}). */
  List<ArticleRow> selectIndexIn(@Param("ranges") List<Map<String, Long>> ranges);
}
