package dev.itsm.api.knowledge;

import dev.itsm.api.Actor;
import dev.itsm.api.TicketRef;
import java.util.List;
import java.util.UUID;

/**
 * The knowledge base. Every operation takes the acting {@link Actor}, runs as one unit of work with its
 * audit entries, events and process state, and fails with a typed {@link dev.itsm.api.ItsmException}
 * naming what was wrong, writing nothing.
 *
 * <p>Reading and searching need {@link dev.itsm.api.Permission#KNOWLEDGE_READ} (callers have it: the
 * self-service portal); callers and other readers without {@link dev.itsm.api.Permission#KNOWLEDGE_WRITE}
 * see published content only. Writing and submitting need {@link dev.itsm.api.Permission#KNOWLEDGE_WRITE};
 * reviewing and retiring {@link dev.itsm.api.Permission#KNOWLEDGE_REVIEW}.
 *
 * <h2>Search</h2>
 * The query is text, split into words the way the articles were (so a host name, an address or a version
 * number stays one word), in which nothing is an operator: {@code & | ! ( ) : * " ~ + - [ ] { } ^ \} and the
 * like are punctuation, so no query can change the search's meaning or make it fail. A query without any
 * word, longer than 500 characters, with more than 32 different words or with control characters is refused
 * ({@link dev.itsm.api.InvalidInputException} or {@link dev.itsm.api.InvalidValueException} on {@code query}).
 * {@link #search} finds published articles containing every word (after stemming and without stop words of
 * the language), {@link #suggestions} articles containing any word of an incident's title and description,
 * both ranked by relevance with matches in the title weighted above the tags above the body. On PostgreSQL
 * the database's own full-text search runs ({@code tsvector} with a GIN index, {@code ts_rank_cd}); on H2 an
 * Apache Lucene index kept in memory (BM25), filled from the database. See docs/knowledge.md for how the
 * results differ.
 */
public interface KnowledgeService {

  /** Writes a new article in {@link ArticleState#DRAFT}, version 1, with the actor as author. */
  Article create(Actor actor, NewArticle article);

  /** The article; {@link dev.itsm.api.NotFoundException} if unknown, of another tenant, or not published for a reader. */
  Article get(Actor actor, UUID id);

  /** The article with that number in the actor's tenant. */
  Article getByNumber(Actor actor, String number);

  /**
   * Replaces the working copy of a {@link ArticleState#DRAFT} or {@link ArticleState#PUBLISHED} article. Editing a
   * published article starts its next version as a draft (the actor is its author); the published version stays
   * live until the new one is approved.
   */
  Article update(Actor actor, TicketRef article, NewArticle content);

  /** Submits a draft for review: {@link ArticleState#IN_REVIEW}, and the review process starts. */
  Article submitForReview(Actor actor, TicketRef article);

  /**
   * Reviews an article in review: approval publishes the version (kept in {@link #versions}, with the actor as
   * approver), rejection returns it to draft. Refused for the version's author and the article's creator.
   *
   * @param comment optional for an approval, required for a rejection; at most 2000 characters
   */
  Article review(Actor actor, TicketRef article, boolean approve, String comment);

  /** Retires an article: it leaves the search and cannot be published again. */
  Article retire(Actor actor, TicketRef article, String reason);

  /** The published versions of an article, oldest first. */
  List<ArticleVersion> versions(Actor actor, UUID articleId);

  /**
   * Published articles containing every word of {@code query}, best first.
   *
   * @param language two-letter code; the default language when {@code null}
   * @param limit    1 to 100
   */
  List<SearchHit> search(Actor actor, String query, String language, int limit);

  /**
   * Published articles for an incident, from its title and description (any of their words), best first;
   * needs {@link dev.itsm.api.Permission#INCIDENT_READ} on the incident too.
   */
  List<SearchHit> suggestions(Actor actor, UUID incidentId, int limit);

  /**
   * Records that a published article resolved an incident (needs {@link dev.itsm.api.Permission#INCIDENT_WORK});
   * recording the same pair twice is refused.
   */
  Article recordResolution(Actor actor, UUID articleId, UUID incidentId);

  /** Published articles that resolved the most incidents, most first (then by number); {@code limit} 1 to 100. */
  List<SearchHit> frequentlyAsked(Actor actor, int limit);
}
