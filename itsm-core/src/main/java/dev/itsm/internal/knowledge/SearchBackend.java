package dev.itsm.internal.knowledge;

import dev.itsm.api.knowledge.SearchHit;
import dev.itsm.internal.tx.ItsmSession;
import java.util.List;

/** Ranked full-text search over the published articles of a tenant. */
interface SearchBackend {

  /**
   * Published articles of the language containing every word ({@code all}) or any word of the text, best
   * first. The backend splits the text into words as it split the articles (so a host name or a version
   * stays one word) and reads nothing in it as an operator.
   *
   * @param text checked query text: at least one word, no control characters
   */
  List<SearchHit> search(ItsmSession s, String tenantId, String language, String text, boolean all, int limit);

  /** What the backend is, for logs and docs. */
  String describe();
}
