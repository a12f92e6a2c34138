package dev.itsm.internal.knowledge;

import dev.itsm.api.knowledge.SearchHit;
import dev.itsm.internal.persistence.KnowledgeMapper;
import dev.itsm.internal.persistence.SearchRow;
import dev.itsm.internal.tx.ItsmSession;
import java.util.List;

/**
 * PostgreSQL's own full-text search: the generated {@code search_vector} of the published title (weight
 * A), tags (B) and body (C) with a GIN index, queried with {@code plainto_tsquery} in the language's
 * configuration (it parses the text as the articles were parsed and reads no operators) and ranked by
 * {@code ts_rank_cd} (normalised by document length) among a bounded set of candidates ({@link #CANDIDATES}).
 */
final class PostgresSearch implements SearchBackend {
  /**
   * Ranking reads the vector of every article it ranks: with very many matches it ranks the first this many
   * matching in title or tags and this many matching anywhere (in index order), not every match.
   */
  static final int CANDIDATES = 1000;

  @Override
  public List<SearchHit> search(ItsmSession s, String tenantId, String language, String text, boolean all, int limit) {
    return s.mapper(KnowledgeMapper.class).search(tenantId, language, text, all, CANDIDATES, limit).stream()
        .map(PostgresSearch::hit).toList();
  }

  static SearchHit hit(SearchRow r) {
    return new SearchHit(r.id, r.number, r.pubTitle, r.excerpt, r.language, r.score, r.resolvedCount);
  }

  @Override
  public String describe() {
    return "PostgreSQL full-text search (tsvector, GIN, ts_rank_cd)";
  }
}
