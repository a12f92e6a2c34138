package dev.itsm.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the knowledge search benchmark end to end on a small knowledge base: both paths answer every query, every
 * API hit holds every query word, the API returns every article holding the words when there are at most 10,
 * the LIKE baseline's complete results hold them too, and the API finds the article of most title queries. Not
 * a timing test. Runs on the test database chosen with {@code -Ditsm.test.db} (H2 by default).
 */
class KnowledgeSearchBenchmarkTest {

  @Test
  void bothPathsAnswerEveryQueryAndAgreeOnTheArticlesHoldingEveryWord() throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      KnowledgeSearchBenchmark.main(new String[] {"--db", System.getProperty("itsm.test.db", "h2"), "--articles", "2000",
          "--queries", "40", "--rounds", "1", "--warmup", "0",
          "--pg-url", System.getProperty("itsm.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/")});
    } finally {
      System.setOut(out);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("2,000 articles, 40 queries x 1 rounds", "loaded 2,000 published articles",
        "40 searches per path", "ratio LIKE / API",
        "API hits lacking a query word (as a whole word of title or body): 0 of",
        "searches where at most 10 articles hold every word and the API did not return exactly them: 0",
        "LIKE queries under 10 rows that missed an article holding every word: 0");
    // most queries find something on both paths (the API's hits hold every word: checked above)
    Matcher hits = Pattern.compile("hits per query \\(at most 10\\): API ([0-9.]+), LIKE ([0-9.]+)").matcher(printed);
    assertThat(hits.find()).as(printed).isTrue();
    assertThat(Double.parseDouble(hits.group(1))).isGreaterThan(1.0);
    assertThat(Double.parseDouble(hits.group(2))).isGreaterThanOrEqualTo(Double.parseDouble(hits.group(1)));
    // the four title queries: the API has the article among its 10 (its title holds every word, boosted)
    Matcher titles = Pattern.compile("title queries \\((\\d+) runs;[^)]*\\): the API ranks the article in its top 3 in (\\d+) .*?"
        + "among its 10 in (\\d+) ").matcher(printed);
    assertThat(titles.find()).as(printed).isTrue();
    assertThat(titles.group(1)).isEqualTo("4");
    assertThat(Integer.parseInt(titles.group(3))).isEqualTo(4);
  }
}
