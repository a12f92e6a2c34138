package dev.itsm.internal.knowledge;

import dev.itsm.api.knowledge.SearchHit;
import dev.itsm.internal.persistence.ArticleRow;
import dev.itsm.internal.persistence.KnowledgeMapper;
import dev.itsm.internal.persistence.LogCursor;
import dev.itsm.internal.persistence.SearchRow;
import dev.itsm.internal.tx.ItsmSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The knowledge search on H2: an Apache Lucene index in this engine's memory (BM25 ranking, an analyzer
 * per article language: stemming and stop words), filled from {@code itsm_kb_article}. The table is the
 * record; the index follows it by the articles' search sequence numbers (a {@link LogCursor}) before every
 * search, so it also sees what other engines on the same database published, and a hit whose article is no
 * longer published is dropped when the hits are read back from the table. Built from scratch at every start.
 *
 * <p>Queries are built term by term from plain words (no query parser), so no input reads as syntax.
 */
final class LuceneSearch implements SearchBackend {
  private static final Duration GAP_TIMEOUT = Duration.ofMinutes(10);
  private static final int PAGE = 1000;
  private static final float TITLE_BOOST = 3f;
  private static final float TAGS_BOOST = 2f;
  /** Terms of one query at most (a suggestion's text can have many). */
  private static final int MAX_TERMS = 64;
  private static final Map<String, Supplier<Analyzer>> LANGUAGES = Map.ofEntries(
      Map.entry("en", EnglishAnalyzer::new), Map.entry("de", GermanAnalyzer::new), Map.entry("fr", FrenchAnalyzer::new),
      Map.entry("es", SpanishAnalyzer::new), Map.entry("it", ItalianAnalyzer::new), Map.entry("nl", DutchAnalyzer::new),
      Map.entry("pt", PortugueseAnalyzer::new), Map.entry("sv", SwedishAnalyzer::new), Map.entry("da", DanishAnalyzer::new),
      Map.entry("no", NorwegianAnalyzer::new), Map.entry("fi", FinnishAnalyzer::new), Map.entry("ru", RussianAnalyzer::new));

  private final Map<String, Analyzer> analyzers = new ConcurrentHashMap<>();
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Object syncLock = new Object();
  private LogCursor cursor = new LogCursor(0);

  LuceneSearch() {
    Analyzer perField = new DelegatingAnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
      @Override
      protected Analyzer getWrappedAnalyzer(String fieldName) {
        int sep = fieldName.lastIndexOf('_');
        return analyzer(sep < 0 ? "" : fieldName.substring(sep + 1));
      }
    };
    try {
      this.writer = new IndexWriter(new ByteBuffersDirectory(), new IndexWriterConfig(perField));
      this.searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Analyzer analyzer(String language) {
    return analyzers.computeIfAbsent(language, l -> LANGUAGES.getOrDefault(l, StandardAnalyzer::new).get());
  }

  @Override
  public List<SearchHit> search(ItsmSession s, String tenantId, String language, String text, boolean all, int limit) {
    try {
      sync(s);
      Query query = query(tenantId, language, text, all);
      if (query == null) {
        return List.of();   // only stop words
      }
      Map<UUID, Float> scores = new LinkedHashMap<>();
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(query, limit);
        var stored = searcher.storedFields();
        for (ScoreDoc d : top.scoreDocs) {
          scores.put(UUID.fromString(stored.document(d.doc).get("id")), d.score);
        }
      } finally {
        searchers.release(searcher);
      }
      if (scores.isEmpty()) {
        return List.of();
      }
      Map<UUID, SearchRow> rows = new HashMap<>();
      s.mapper(KnowledgeMapper.class).selectHits(tenantId, scores.keySet()).forEach(r -> rows.put(r.id, r));
      List<SearchHit> hits = new ArrayList<>();
      scores.forEach((id, score) -> {
        SearchRow r = rows.get(id);
        if (r != null) {
          hits.add(new SearchHit(r.id, r.number, r.pubTitle, r.excerpt, r.language, score, r.resolvedCount));
        }
      });
      return hits;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The text analysed as the articles were (the language's analyzer: a host name or a version stays one
   * term, stop words go), each distinct term a clause over title, tags and body.
   */
  private Query query(String tenantId, String language, String text, boolean all) throws IOException {
    Set<String> terms = new LinkedHashSet<>(terms(analyzer(language), "body_" + language, text));
    if (terms.isEmpty()) {
      return null;   // only stop words
    }
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    int clauses = 0;
    for (String term : terms) {
      if (clauses == MAX_TERMS) {
        break;
      }
      BooleanQuery.Builder fields = new BooleanQuery.Builder();
      fields.add(new BoostQuery(new TermQuery(new Term("title_" + language, term)), TITLE_BOOST), Occur.SHOULD);
      fields.add(new BoostQuery(new TermQuery(new Term("tags_" + language, term)), TAGS_BOOST), Occur.SHOULD);
      fields.add(new TermQuery(new Term("body_" + language, term)), Occur.SHOULD);
      query.add(fields.build(), all ? Occur.MUST : Occur.SHOULD);
      clauses++;
    }
    if (!all) {
      query.setMinimumNumberShouldMatch(1);
    }
    query.add(new TermQuery(new Term("tenant", tenantId)), Occur.FILTER);
    query.add(new TermQuery(new Term("lang", language)), Occur.FILTER);
    return query.build();
  }

  private static List<String> terms(Analyzer analyzer, String field, String text) throws IOException {
    List<String> terms = new ArrayList<>();
    try (TokenStream tokens = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        terms.add(term.toString());
      }
      tokens.end();
    }
    return terms;
  }

  /** Brings the index up to the table: articles whose search sequence number it has not read. */
  private void sync(ItsmSession s) throws IOException {
    synchronized (syncLock) {
      long now = System.nanoTime();
      KnowledgeMapper mapper = s.mapper(KnowledgeMapper.class);
      boolean changed = false;
      List<Map<String, Long>> gaps = cursor.gaps().stream().map(g -> Map.of("first", g[0], "last", g[1])).toList();
      if (!gaps.isEmpty()) {
        for (ArticleRow row : mapper.selectIndexIn(gaps)) {
          if (cursor.filled(row.searchSeq)) {
            apply(row);
            changed = true;
          }
        }
      }
      List<ArticleRow> page;
      do {
        page = mapper.selectIndexAfter(cursor.watermark(), PAGE);
        for (ArticleRow row : page) {
          if (cursor.above(row.searchSeq, now)) {
            apply(row);
            changed = true;
          }
        }
      } while (page.size() == PAGE);
      cursor.expire(now - GAP_TIMEOUT.toNanos());
      if (changed) {
        searchers.maybeRefreshBlocking();
      }
    }
  }

  private void apply(ArticleRow row) throws IOException {
    Term id = new Term("id", row.id.toString());
    if (row.pubTitle == null) {
      writer.deleteDocuments(id);
      return;
    }
    Document doc = new Document();
    doc.add(new StringField("id", row.id.toString(), Field.Store.YES));
    doc.add(new StringField("tenant", row.tenantId, Field.Store.NO));
    doc.add(new StringField("lang", row.pubLanguage, Field.Store.NO));
    doc.add(new TextField("title_" + row.pubLanguage, row.pubTitle, Field.Store.NO));
    doc.add(new TextField("tags_" + row.pubLanguage, row.pubTags == null ? "" : row.pubTags, Field.Store.NO));
    doc.add(new TextField("body_" + row.pubLanguage, row.pubBody == null ? "" : row.pubBody, Field.Store.NO));
    writer.updateDocument(id, doc);
  }

  @Override
  public String describe() {
    return "Apache Lucene in memory (BM25)";
  }
}
