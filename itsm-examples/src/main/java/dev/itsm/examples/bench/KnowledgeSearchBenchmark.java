package dev.itsm.examples.bench;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.knowledge.SearchHit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Knowledge search over a synthetic knowledge base (100,000 published articles by default):
 * {@code KnowledgeService#search} (PostgreSQL's full-text search, or the Apache Lucene index in memory on H2)
 * against a plain SQL {@code LIKE} query doing the same job naively (every word in the title or body,
 * case-insensitive, first 10 rows by number), in the same run; see docs/benchmarks.md.
 *
 * <p>The articles are bulk-loaded with plain JDBC as the API would have written published ones (only
 * {@code itsm_kb_article}, which is all search reads; the sequences are moved past the loaded numbers). The
 * text is synthetic and deterministic: a vocabulary of 5,000 words (about 200 real IT words, the rest
 * pronounceable pseudo-words that no stemmer changes and no two of which share a stem) drawn with a Zipf-like
 * frequency (exponent 1.1), titles of 5 to 10 words, bodies of 80 to 300 words in sentences, 1 to 4 tags
 * taken from the article's real IT words. The queries are 1 to 3 words, common (the 100 most frequent
 * words), medium (to the 1,000th) or rare, and one in ten is 2 to 4 words of a loaded article's title (for
 * the relevance check). Each query runs on both paths, in random order, in every round; before the first
 * round every query runs once on both paths unmeasured (the first API search on H2 builds the Lucene index
 * from the table and is timed apart).
 *
 * <p>Checks, counted in memory from the generated text: every API hit holds every query word; when fewer
 * than 10 articles hold every word, the API returns all of them; when {@code LIKE} returns fewer than 10 rows,
 * they include every such article.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx4g mvn -q -pl itsm-examples -am compile exec:java \
 *   -Dexec.mainClass=dev.itsm.examples.bench.KnowledgeSearchBenchmark -Dexec.args="--db postgresql"
 * </pre>
 *
 * Options: {@code --db h2|postgresql} (H2 in memory; PostgreSQL: a database created for the run and dropped
 * at the end; nothing is left on disk), {@code --articles} (default 100,000), {@code --queries} (default 200),
 * {@code --rounds} measured rounds of every query (default 3), {@code --warmup} unmeasured rounds (default
 * 1), {@code --pg-url}.
 */
public final class KnowledgeSearchBenchmark {
  private static final Actor READER = Actor.caller("bench-reader");
  private static final int LIMIT = 10;
  private static final int VOCABULARY = 5000;
  private static final double ZIPF = 1.1;
  /** Words of rank up to here are common, up to {@link #MEDIUM} medium, the rest rare. */
  private static final int COMMON = 100;
  private static final int MEDIUM = 1000;
  /** Real words take ranks among the first this many. */
  private static final int REAL_RANKS = 1500;

  /**
   * Real IT words: letters only, no stop word of PostgreSQL's or Lucene's English lists, and no two with
   * the same stem under either stemmer (so a hit found by stem holds the query word itself).
   */
  private static final List<String> IT_WORDS = List.of(
      "printer", "scanner", "toner", "cartridge", "spooler", "plotter", "projector", "monitor", "display", "screen",
      "keyboard", "mouse", "headset", "webcam", "microphone", "speaker", "laptop", "desktop", "workstation", "tablet",
      "iphone", "android", "smartphone", "voicemail", "docking", "charger", "battery", "bluetooth", "usb", "hdmi",
      "ethernet", "cable", "adapter", "wifi", "hotspot", "router", "switch", "firewall", "proxy", "gateway",
      "subnet", "vlan", "dns", "dhcp", "latency", "bandwidth", "packet", "vpn", "citrix", "rdp",
      "ssh", "remote", "terminal", "server", "cluster", "storage", "disk", "ssd", "raid", "nas",
      "backup", "restore", "snapshot", "replication", "failover", "database", "schema", "index", "query", "oracle",
      "postgres", "mysql", "sql", "excel", "outlook", "teams", "sharepoint", "onedrive", "office", "powerpoint",
      "acrobat", "pdf", "browser", "chrome", "firefox", "safari", "cookie", "cache", "session", "password",
      "login", "logout", "account", "lockout", "mfa", "authenticator", "otp", "sms", "token", "sso",
      "ldap", "kerberos", "saml", "oauth", "certificate", "expiry", "renewal", "smartcard", "encryption", "bitlocker",
      "recovery", "key", "antivirus", "malware", "phishing", "spam", "quarantine", "ransomware", "patch", "vulnerability",
      "compliance", "audit", "license", "subscription", "installer", "update", "upgrade", "rollback", "deploy", "release",
      "version", "config", "registry", "driver", "firmware", "bios", "boot", "reboot", "kernel", "memory",
      "cpu", "ram", "crash", "freeze", "timeout", "error", "bsod", "outage", "incident", "alert",
      "dashboard", "email", "mailbox", "calendar", "meeting", "invite", "attachment", "signature", "template", "macro",
      "smtp", "imap", "exchange", "relay", "archive", "quota", "folder", "drive", "permission", "group",
      "policy", "domain", "tenant", "azure", "aws", "cloud", "kubernetes", "docker", "container", "jenkins",
      "git", "jira", "confluence", "api", "webhook", "endpoint", "script", "powershell", "python", "java",
      "runtime", "daemon", "scheduler", "cron", "batch", "queue", "kiosk", "badge", "onboarding", "offboarding",
      "asset", "inventory", "procurement", "helpdesk", "hardware", "software", "network", "internet", "intranet", "portal",
      "wiki", "zoom", "webex", "slack", "skype", "sap", "erp", "crm", "salesforce", "workday",
      "cisco", "lenovo", "macbook", "linux", "windows", "ubuntu", "chromebook", "keychain", "roaming", "profile");
  private static final String[] ONSETS = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr",
      "gr", "kr", "pl", "st", "tr", "sk", "ch", "sh"};
  private static final String[] VOWELS = {"a", "e", "i", "o", "u"};
  /** Last vowels of pseudo-words: no English suffix rule (Porter, Snowball) ends in one, so no stemmer changes them. */
  private static final String[] LAST_VOWELS = {"a", "o"};

  private KnowledgeSearchBenchmark() {}

  /** What a query is made of: the class of its rarest word, or words of a loaded title. */
  enum Shape {
    COMMON("common words only"), MEDIUM("medium, no rare word"), RARE("with a rare word"), TITLE("2-4 words of a title");

    final String label;

    Shape(String label) {
      this.label = label;
    }
  }

  /**
   * One query: its text, its words' ranks (0-based), its shape, and for title queries the article (0-based)
   * whose title it was taken from (else -1).
   */
  record Query(String text, int[] words, Shape shape, int target) {}

  /** The words of the generated articles, kept to check the results: per article its distinct word ranks, sorted. */
  static final class Corpus {
    final String[] words;
    final double[] cdf;
    final int[][] articleWords;
    final int[][] titleWords;
    long bodyWords;

    Corpus(String[] words, int articles) {
      this.words = words;
      this.cdf = new double[words.length];
      double sum = 0;
      for (int r = 0; r < words.length; r++) {
        sum += 1 / Math.pow(r + 1, ZIPF);
        cdf[r] = sum;
      }
      for (int r = 0; r < words.length; r++) {
        cdf[r] /= sum;
      }
      this.articleWords = new int[articles][];
      this.titleWords = new int[articles][];
    }

    /** A word rank drawn with the Zipf-like frequency. */
    int draw(Random random) {
      int i = Arrays.binarySearch(cdf, random.nextDouble());
      return Math.min(words.length - 1, i >= 0 ? i : -i - 1);
    }

    boolean holds(int article, int word) {
      return Arrays.binarySearch(articleWords[article], word) >= 0;
    }

    /** Articles (0-based) holding every word of the query, at most {@code max + 1} of them, and the full count. */
    int matching(int[] words, List<Integer> first, int max) {
      int count = 0;
      for (int a = 0; a < articleWords.length; a++) {
        boolean all = true;
        for (int w : words) {
          if (!holds(a, w)) {
            all = false;
            break;
          }
        }
        if (all) {
          if (first.size() <= max) {
            first.add(a);
          }
          count++;
        }
      }
      return count;
    }
  }

  public static void main(String[] args) throws Exception {
    String db = "h2";
    int articles = 100_000;
    int queryCount = 200;
    int rounds = 3;
    int warmup = 1;
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--db" -> db = value;
        case "--articles" -> articles = Integer.parseInt(value);
        case "--queries" -> queryCount = Integer.parseInt(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--pg-url" -> pgUrl = value;
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; options: --db h2|postgresql --articles <n> --queries <n> --rounds <n> (measured rounds of every query)"
            + " --warmup <n> (unmeasured rounds) --pg-url <url>");
      }
    }
    if (articles < 1 || queryCount < 1 || rounds < 1 || warmup < 0) {
      throw new IllegalArgumentException("Expected at least one article, query and round and no negative warm-up, but got "
          + articles + ", " + queryCount + ", " + rounds + ", " + warmup);
    }
    BenchOptions options = BenchOptions.parse("--db", db, "--pg-url", pgUrl);
    boolean postgres = options.db().equals("postgresql");
    System.out.printf(Locale.ROOT, "Knowledge search benchmark, %s; %,d articles, %d queries x %d rounds; JVM %s, max heap %d MiB,"
            + " %d cores%n", java.time.OffsetDateTime.now(ZoneOffset.UTC), articles, queryCount, rounds,
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    try (BenchDatabase database = BenchDatabase.create(options, "kb", null);
         ItsmEngine engine = ItsmEngine.builder().dataSource(database.dataSource()).jobExecutor(false).build()) {
      System.out.println("database: " + database.productVersion() + (postgres ? "" : ", in memory"));
      System.out.println("API search: " + (postgres ? "PostgreSQL full-text search (tsvector, GIN, ts_rank_cd)"
          : "Apache Lucene index in memory (BM25), filled from the table"));
      Corpus corpus = new Corpus(vocabulary(new Random(1)), articles);
      long t0 = System.nanoTime();
      load(database, corpus, engine.clock().instant(), new Random(42));
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "loaded %,d published articles in %.1f s (%,.0f/s): vocabulary of %,d words (%d real IT"
              + " words), Zipf exponent %.1f, titles 5-10 words, bodies 80-300 words (%.0f on average), 1-4 tags%n", articles,
          loadSeconds, articles / loadSeconds, corpus.words.length, IT_WORDS.size(), ZIPF, corpus.bodyWords / (double) articles);
      t0 = System.nanoTime();
      prepare(database, postgres, articles);
      System.out.printf(Locale.ROOT, "sequences moved past the loaded articles, %s in %.1f s%s%n",
          postgres ? "VACUUM (ANALYZE)" : "ANALYZE", (System.nanoTime() - t0) / 1e9, sizes(database, postgres));

      List<Query> queries = queries(corpus, queryCount, new Random(7));
      int[] counts = new int[queries.size()];
      List<Set<Integer>> complete = new ArrayList<>();
      for (int q = 0; q < queries.size(); q++) {
        List<Integer> first = new ArrayList<>();
        counts[q] = corpus.matching(queries.get(q).words(), first, LIMIT);
        complete.add(counts[q] <= LIMIT ? new HashSet<>(first) : null);
      }
      printQueries(queries, counts);

      t0 = System.nanoTime();
      engine.knowledge().search(READER, queries.get(0).text(), "en", LIMIT);
      double first = (System.nanoTime() - t0) / 1e6;
      if (postgres) {
        System.out.printf(Locale.ROOT, "first search: %.1f ms%n", first);
      } else {
        System.out.printf(Locale.ROOT, "index build (first search: reads the %,d articles from the table into the Lucene index):"
            + " %.1f s%n", articles, first / 1e3);
      }
      for (int w = 0; w < warmup; w++) {
        for (Query query : queries) {
          engine.knowledge().search(READER, query.text(), "en", LIMIT);
          like(database, query);
        }
      }

      int n = queries.size() * rounds;
      double[][] times = new double[2][n];
      Map<Shape, List<double[]>> byShape = new EnumMap<>(Shape.class);
      double slowestApi = 0;
      double slowestLike = 0;
      int slowestApiQuery = 0;
      int slowestLikeQuery = 0;
      long apiHits = 0;
      long likeHits = 0;
      int apiEmpty = 0;
      int likeEmpty = 0;
      long lacking = 0;
      int apiIncomplete = 0;
      int likeIncomplete = 0;
      int likeSubstring = 0;
      int titleRuns = 0;
      int titleTop3 = 0;
      int titleTop10 = 0;
      int titleLike = 0;
      Random order = new Random(3);
      Random shuffle = new Random(11);
      long gcBefore = gcMillis();
      int k = 0;
      for (int round = 0; round < rounds; round++) {
        List<Integer> sequence = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
          sequence.add(q);
        }
        Collections.shuffle(sequence, order);
        for (int q : sequence) {
          Query query = queries.get(q);
          List<SearchHit> api = null;
          List<String> like = null;
          double[] pair = new double[2];
          for (int path : shuffle.nextBoolean() ? new int[] {0, 1} : new int[] {1, 0}) {
            long a = System.nanoTime();
            if (path == 0) {
              api = engine.knowledge().search(READER, query.text(), "en", LIMIT);
            } else {
              like = like(database, query);
            }
            pair[path] = (System.nanoTime() - a) / 1e6;
          }
          times[0][k] = pair[0];
          times[1][k] = pair[1];
          k++;
          byShape.computeIfAbsent(query.shape(), s -> new ArrayList<>()).add(pair);
          if (pair[0] > slowestApi) {
            slowestApi = pair[0];
            slowestApiQuery = q;
          }
          if (pair[1] > slowestLike) {
            slowestLike = pair[1];
            slowestLikeQuery = q;
          }

          // checks against the generated text
          List<Integer> apiArticles = api.stream().map(h -> article(h.number())).toList();
          List<Integer> likeArticles = like.stream().map(KnowledgeSearchBenchmark::article).toList();
          apiHits += apiArticles.size();
          likeHits += likeArticles.size();
          apiEmpty += apiArticles.isEmpty() ? 1 : 0;
          likeEmpty += likeArticles.isEmpty() ? 1 : 0;
          for (int a : apiArticles) {
            for (int w : query.words()) {
              if (!corpus.holds(a, w)) {
                lacking++;
              }
            }
          }
          Set<Integer> truth = complete.get(q);
          if (truth != null && !new HashSet<>(apiArticles).equals(truth)) {
            apiIncomplete++;
          }
          if (likeArticles.size() < LIMIT) {
            Set<Integer> rows = new HashSet<>(likeArticles);
            if (truth == null || !rows.containsAll(truth)) {
              likeIncomplete++;
            } else if (!truth.containsAll(rows)) {
              likeSubstring++;
            }
          }
          if (query.shape() == Shape.TITLE) {
            titleRuns++;
            int rank = apiArticles.indexOf(query.target());
            titleTop3 += rank >= 0 && rank < 3 ? 1 : 0;
            titleTop10 += rank >= 0 ? 1 : 0;
            titleLike += likeArticles.contains(query.target()) ? 1 : 0;
          }
        }
      }
      long gcMillis = gcMillis() - gcBefore;
      Arrays.sort(times[0]);
      Arrays.sort(times[1]);

      System.out.printf(Locale.ROOT, "%,d searches per path (%d queries x %d rounds), API and LIKE of each query one after the"
          + " other in random order:%n", n, queries.size(), rounds);
      System.out.printf(Locale.ROOT, "  %-38s p50 %9.2f ms  p90 %9.2f ms  p99 %9.2f ms  max %9.2f ms%n",
          "API knowledge().search, first 10", pct(times[0], 50), pct(times[0], 90), pct(times[0], 99), times[0][n - 1]);
      System.out.printf(Locale.ROOT, "  %-38s p50 %9.2f ms  p90 %9.2f ms  p99 %9.2f ms  max %9.2f ms%n",
          "LIKE baseline, first 10 by number", pct(times[1], 50), pct(times[1], 90), pct(times[1], 99), times[1][n - 1]);
      System.out.printf(Locale.ROOT, "  %-38s p50 %9s     p90 %9s     p99 %9s     (above 1: the API is faster)%n",
          "ratio LIKE / API", ratio(pct(times[1], 50), pct(times[0], 50)), ratio(pct(times[1], 90), pct(times[0], 90)),
          ratio(pct(times[1], 99), pct(times[0], 99)));
      System.out.println("by query shape:");
      for (Map.Entry<Shape, List<double[]>> e : byShape.entrySet()) {
        double[] api = e.getValue().stream().mapToDouble(p -> p[0]).sorted().toArray();
        double[] like = e.getValue().stream().mapToDouble(p -> p[1]).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-22s %4d runs  API p50 %8.2f p99 %8.2f ms   LIKE p50 %8.2f p99 %8.2f ms   ratio LIKE / API"
                + " p50 %7s p99 %7s%n", e.getKey().label, api.length, pct(api, 50), pct(api, 99), pct(like, 50), pct(like, 99),
            ratio(pct(like, 50), pct(api, 50)), ratio(pct(like, 99), pct(api, 99)));
      }
      System.out.printf(Locale.ROOT, "slowest API search: %.2f ms for '%s' (%s, %,d articles hold every word)%n", slowestApi,
          queries.get(slowestApiQuery).text(), queries.get(slowestApiQuery).shape().label, counts[slowestApiQuery]);
      System.out.printf(Locale.ROOT, "slowest LIKE query: %.2f ms for '%s' (%s, %,d articles hold every word)%n", slowestLike,
          queries.get(slowestLikeQuery).text(), queries.get(slowestLikeQuery).shape().label, counts[slowestLikeQuery]);
      System.out.printf(Locale.ROOT, "hits per query (at most %d): API %.2f, LIKE %.2f on average; queries without a hit: API %d,"
          + " LIKE %d of %,d%n", LIMIT, apiHits / (double) n, likeHits / (double) n, apiEmpty, likeEmpty, n);
      double[] candidates = java.util.stream.IntStream.range(0, queries.size()).filter(q -> queries.get(q).shape() == Shape.TITLE)
          .mapToDouble(q -> counts[q]).sorted().toArray();
      System.out.printf(Locale.ROOT, "relevance, title queries (%d runs; articles holding every word of one: p50 %,.0f, max %,.0f):"
              + " the API ranks the article in its top 3 in %d (%.1f %%), among its %d in %d (%.1f %%); the LIKE baseline has no"
              + " ranking (its rows come by number) and returns the article among its %d rows in %d (%.1f %%)%n", titleRuns,
          candidates.length == 0 ? 0 : pct(candidates, 50), candidates.length == 0 ? 0 : candidates[candidates.length - 1],
          titleTop3, percent(titleTop3, titleRuns), LIMIT, titleTop10, percent(titleTop10, titleRuns), LIMIT, titleLike,
          percent(titleLike, titleRuns));
      System.out.printf(Locale.ROOT, "API hits lacking a query word (as a whole word of title or body): %d of %,d hits%n", lacking,
          apiHits);
      System.out.printf(Locale.ROOT, "searches where at most %d articles hold every word and the API did not return exactly"
          + " them: %d%n", LIMIT, apiIncomplete);
      System.out.printf(Locale.ROOT, "LIKE queries under %d rows that missed an article holding every word: %d%n", LIMIT,
          likeIncomplete);
      System.out.printf(Locale.ROOT, "LIKE queries under %d rows with rows that match only inside longer words: %d%n", LIMIT,
          likeSubstring);
      System.out.printf(Locale.ROOT, "garbage collection while measuring: %d ms%n", gcMillis);
    }
  }

  /** The naive baseline: every word in the published title or body, case-insensitive; the first 10 by number. */
  static List<String> like(BenchDatabase database, Query query) throws Exception {
    String[] words = query.text().split(" ");
    StringBuilder sql = new StringBuilder("SELECT id, number, pub_title FROM itsm_kb_article WHERE tenant_id = 'default'"
        + " AND published_version IS NOT NULL");
    for (int i = 0; i < words.length; i++) {
      sql.append(" AND (LOWER(pub_title) LIKE ? OR LOWER(pub_body) LIKE ?)");
    }
    sql.append(" ORDER BY number LIMIT ").append(LIMIT);
    List<String> numbers = new ArrayList<>(LIMIT);
    try (Connection c = database.dataSource().getConnection(); PreparedStatement p = c.prepareStatement(sql.toString())) {
      int k = 1;
      for (String word : words) {
        String pattern = "%" + word.toLowerCase(Locale.ROOT) + "%";
        p.setString(k++, pattern);
        p.setString(k++, pattern);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rs.getObject(1);
          numbers.add(rs.getString(2));
          rs.getString(3);
        }
      }
    }
    return numbers;
  }

  /** The article (0-based) of a number KB-000001. */
  private static int article(String number) {
    return Integer.parseInt(number.substring(3)) - 1;
  }

  /**
   * The vocabulary by frequency rank: the real IT words at random ranks among the first {@link #REAL_RANKS},
   * pseudo-words (consonant-vowel syllables, ending in a or o, none a prefix of a real word) elsewhere.
   */
  static String[] vocabulary(Random random) {
    String[] words = new String[VOCABULARY];
    List<Integer> ranks = new ArrayList<>();
    for (int r = 0; r < REAL_RANKS; r++) {
      ranks.add(r);
    }
    Collections.shuffle(ranks, random);
    for (int i = 0; i < IT_WORDS.size(); i++) {
      words[ranks.get(i)] = IT_WORDS.get(i);
    }
    Set<String> taken = new HashSet<>(IT_WORDS);
    for (int r = 0; r < VOCABULARY; r++) {
      while (words[r] == null) {
        int syllables = 2 + (random.nextInt(100) < 45 ? 0 : random.nextInt(100) < 73 ? 1 : 2);
        StringBuilder word = new StringBuilder();
        for (int s = 0; s < syllables; s++) {
          word.append(ONSETS[random.nextInt(ONSETS.length)]);
          word.append(s == syllables - 1 ? LAST_VOWELS[random.nextInt(LAST_VOWELS.length)] : VOWELS[random.nextInt(VOWELS.length)]);
        }
        String w = word.toString();
        if (taken.add(w) && IT_WORDS.stream().noneMatch(real -> real.startsWith(w))) {
          words[r] = w;
        }
      }
    }
    return words;
  }

  /** Bulk-loads the articles as the API would have written published ones, batches of 1000 rows. */
  private static void load(BenchDatabase database, Corpus corpus, Instant now, Random random) throws Exception {
    Set<String> real = new HashSet<>(IT_WORDS);
    int n = corpus.articleWords.length;
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO itsm_kb_article (id, tenant_id, number, state, language, title,"
          + " body, tags, version, author_id, published_version, pub_language, pub_author_id, pub_title, pub_body, pub_tags,"
          + " approved_by, published_at, problem_id, resolved_count, search_seq, process_instance_id, retire_reason, created_by,"
          + " created_at, updated_by, updated_at, revision) VALUES (?, 'default', ?, 'PUBLISHED', 'en', ?, ?, ?, 1, ?, 1, 'en', ?,"
          + " ?, ?, ?, ?, ?, NULL, 0, ?, NULL, NULL, ?, ?, ?, ?, 1)")) {
        for (int a = 0; a < n; a++) {
          Set<Integer> distinct = new HashSet<>();
          int titleLength = 5 + random.nextInt(6);
          int[] title = new int[titleLength];
          for (int i = 0; i < titleLength; i++) {
            title[i] = corpus.draw(random);
            distinct.add(title[i]);
          }
          int bodyLength = 80 + random.nextInt(221);
          corpus.bodyWords += bodyLength;
          StringBuilder body = new StringBuilder(bodyLength * 8);
          int sentence = 0;
          Set<String> tags = new LinkedHashSet<>();
          for (int w : title) {
            if (real.contains(corpus.words[w])) {
              tags.add(corpus.words[w]);
            }
          }
          for (int i = 0; i < bodyLength; i++) {
            int w = corpus.draw(random);
            distinct.add(w);
            String word = corpus.words[w];
            if (real.contains(word)) {
              tags.add(word);
            }
            if (sentence == 0) {
              if (i > 0) {
                body.append(' ');
              }
              body.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
              sentence = 6 + random.nextInt(10);
            } else {
              body.append(' ').append(word);
            }
            if (--sentence == 0 || i == bodyLength - 1) {
              body.append('.');
              sentence = 0;
            }
          }
          // 1 to 4 tags: the article's real IT words, title first (else its title words); each is also in the text
          int tagCount = 1 + random.nextInt(4);
          List<String> tagList = new ArrayList<>(tags.isEmpty() ? List.of(corpus.words[title[0]]) : tags);
          String tagText = String.join(" ", tagList.subList(0, Math.min(tagCount, tagList.size())));
          StringBuilder titleText = new StringBuilder();
          for (int i = 0; i < titleLength; i++) {
            String word = corpus.words[title[i]];
            titleText.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
          }
          corpus.titleWords[a] = title;
          corpus.articleWords[a] = distinct.stream().mapToInt(Integer::intValue).sorted().toArray();

          Instant created = now.minus(Duration.ofMinutes(random.nextInt(3 * 365 * 24 * 60)));
          Instant published = created.plus(Duration.ofHours(1 + random.nextInt(72)));
          String author = "author-" + random.nextInt(50);
          p.setObject(1, UUID.randomUUID());
          p.setString(2, String.format(Locale.ROOT, "KB-%06d", a + 1));
          p.setString(3, titleText.toString());
          p.setString(4, body.toString());
          p.setString(5, tagText);
          p.setString(6, author);
          p.setString(7, author);
          p.setString(8, titleText.toString());
          p.setString(9, body.toString());
          p.setString(10, tagText);
          p.setString(11, "reviewer-" + random.nextInt(10));
          p.setTimestamp(12, Timestamp.from(published));
          p.setLong(13, a + 1);
          p.setString(14, author);
          p.setTimestamp(15, Timestamp.from(created));
          p.setString(16, author);
          p.setTimestamp(17, Timestamp.from(published));
          p.addBatch();
          if ((a + 1) % 1000 == 0 || a == n - 1) {
            p.executeBatch();
            c.commit();
          }
        }
      }
    }
  }

  /** Moves the number and search sequences past the loaded articles and updates the statistics. */
  private static void prepare(BenchDatabase database, boolean postgres, int articles) throws Exception {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("ALTER SEQUENCE itsm_kb_search_seq RESTART WITH " + (articles + 1));
      s.execute("ALTER SEQUENCE itsm_kb_number_seq RESTART WITH " + (articles + 1));
      // the machine's PostgreSQL runs with autovacuum off; VACUUM also empties the GIN index's pending list
      s.execute(postgres ? "VACUUM (ANALYZE) itsm_kb_article" : "ANALYZE");
    }
  }

  /** Table and search index sizes on PostgreSQL. */
  private static String sizes(BenchDatabase database, boolean postgres) throws Exception {
    if (!postgres) {
      return "";
    }
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('itsm_kb_article'),"
             + " pg_relation_size('ix_itsm_kb_article_search')")) {
      rs.next();
      return String.format(Locale.ROOT, "; table with indexes and TOAST %,d MiB, of which the GIN index %,d MiB", rs.getLong(1) >> 20,
          rs.getLong(2) >> 20);
    }
  }

  /**
   * The query set: one in ten is 2 to 4 words of a loaded article's title (in title order), the rest 1 to 3
   * words, each common, medium or rare with equal chance.
   */
  static List<Query> queries(Corpus corpus, int count, Random random) {
    List<Query> queries = new ArrayList<>(count);
    for (int q = 0; q < count; q++) {
      if (count < 10 ? q == count - 1 : q % 10 == 9) {
        int target = random.nextInt(corpus.titleWords.length);
        List<Integer> distinct = new ArrayList<>(new LinkedHashSet<>(Arrays.stream(corpus.titleWords[target]).boxed().toList()));
        int take = Math.min(distinct.size(), 2 + random.nextInt(3));
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
          positions.add(i);
        }
        Collections.shuffle(positions, random);
        int[] words = positions.subList(0, take).stream().sorted().mapToInt(distinct::get).toArray();
        queries.add(new Query(text(corpus, words), words, Shape.TITLE, target));
        continue;
      }
      int length = random.nextInt(10) < 4 ? 1 : random.nextInt(10) < 7 ? 2 : 3;
      Set<Integer> words = new LinkedHashSet<>();
      Shape shape = Shape.COMMON;
      while (words.size() < length) {
        int kind = random.nextInt(3);
        int word = kind == 0 ? random.nextInt(COMMON) : kind == 1 ? COMMON + random.nextInt(MEDIUM - COMMON)
            : MEDIUM + random.nextInt(corpus.words.length - MEDIUM);
        if (words.add(word)) {
          Shape s = kind == 0 ? Shape.COMMON : kind == 1 ? Shape.MEDIUM : Shape.RARE;
          shape = s.ordinal() > shape.ordinal() ? s : shape;
        }
      }
      int[] ids = words.stream().mapToInt(Integer::intValue).toArray();
      queries.add(new Query(text(corpus, ids), ids, shape, -1));
    }
    return queries;
  }

  private static String text(Corpus corpus, int[] words) {
    List<String> text = new ArrayList<>();
    for (int w : words) {
      text.add(corpus.words[w]);
    }
    return String.join(" ", text);
  }

  private static void printQueries(List<Query> queries, int[] counts) {
    Map<Shape, Integer> shapes = new EnumMap<>(Shape.class);
    int[] lengths = new int[5];
    for (Query q : queries) {
      shapes.merge(q.shape(), 1, Integer::sum);
      lengths[Math.min(4, q.words().length)]++;
    }
    List<String> parts = new ArrayList<>();
    shapes.forEach((shape, n) -> parts.add(shape.label + " " + n));
    double[] sorted = Arrays.stream(counts).asDoubleStream().sorted().toArray();
    System.out.printf(Locale.ROOT, "queries: %d (%s; 1 word %d, 2 words %d, 3 words %d, 4 words %d); articles holding every word"
            + " of a query: p50 %,.0f, p90 %,.0f, max %,.0f; %d queries with none%n", queries.size(), String.join(", ", parts),
        lengths[1], lengths[2], lengths[3], lengths[4], pct(sorted, 50), pct(sorted, 90), sorted[sorted.length - 1],
        Arrays.stream(counts).filter(c -> c == 0).count());
  }

  /** A ratio with three significant digits or more (0.004, 0.871, 3.30, 60.6). */
  private static String ratio(double baseline, double api) {
    double r = baseline / api;
    return String.format(Locale.ROOT, r >= 10 ? "%.1f" : r >= 1 ? "%.2f" : r >= 0.1 ? "%.3f" : "%.4f", r);
  }

  private static double percent(int part, int whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  private static long gcMillis() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
