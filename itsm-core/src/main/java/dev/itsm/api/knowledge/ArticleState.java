package dev.itsm.api.knowledge;

/**
 * State of an article's working copy. An article that was published once stays searchable with its
 * last published version while a new version is drafted or reviewed, until it is retired.
 *
 * <pre>
 * DRAFT -submit-> IN_REVIEW -approve-> PUBLISHED -edit-> DRAFT (the published version stays live)
 * IN_REVIEW -reject-> DRAFT
 * DRAFT | PUBLISHED -retire-> RETIRED (final; no longer searchable)
 * </pre>
 */
public enum ArticleState {
  DRAFT,
  IN_REVIEW,
  PUBLISHED,
  RETIRED
}
