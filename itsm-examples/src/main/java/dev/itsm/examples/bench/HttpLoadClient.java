package dev.itsm.examples.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator of {@link HttpBenchmark}, run in a JVM of its own: N clients, each a thread
 * sending one open-incident request ({@code POST /api/incidents}) after the other on one JDK
 * {@link HttpClient} (HTTP/1.1, keep-alive), first for the warm-up, then for the measured time. Every
 * answer other than 2xx, and every request that fails without one, is an error; errors count as
 * requests, not as latencies. Uses the JDK only.
 *
 * <p>Arguments: {@code <base URL> <clients> <warm-up seconds> <measured seconds>}; the value of the
 * {@code Authorization} header comes in the environment variable {@value #AUTHORIZATION_ENV} (so it
 * shows in no process list). Prints one line:
 *
 * <pre>
 * RESULT clients=8 requests=412 errors=0 seconds=10.003 rps=41.19 p50_ms=180.2 p99_ms=402.7 statuses=201:412
 * </pre>
 */
public final class HttpLoadClient {
  /** Environment variable holding the {@code Authorization} header value. */
  public static final String AUTHORIZATION_ENV = "ITSM_BENCH_AUTHORIZATION";
  /** The first word of the result line. */
  public static final String RESULT = "RESULT";

  private HttpLoadClient() {}

  /** Runs the load and prints the result line; exits with 2 on bad arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("Usage: HttpLoadClient <base URL> <clients> <warm-up seconds> <measured seconds>");
      System.exit(2);
    }
    String authorization = System.getenv(AUTHORIZATION_ENV);
    if (authorization == null || authorization.isBlank()) {
      System.err.println("Expected the Authorization header value in " + AUTHORIZATION_ENV + ", but it is not set");
      System.exit(2);
    }
    URI uri = URI.create(args[0] + "/api/incidents");
    int clients = Integer.parseInt(args[1]);
    double warmup = Double.parseDouble(args[2]);
    double seconds = Double.parseDouble(args[3]);
    System.out.println(run(uri, authorization, clients, warmup, seconds));
  }

  private static String run(URI uri, String authorization, int clients, double warmup, double seconds)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmup * 1e9);
    long measureTo = measureFrom + (long) (seconds * 1e9);
    List<LongList> holders = new ArrayList<>();
    LongAdder errors = new LongAdder();
    Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    AtomicInteger sequence = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      LongList mine = new LongList();
      Thread thread = new Thread(() -> {
        while (true) {
          String body = "{\"title\":\"Benchmark incident " + sequence.incrementAndGet()
              + "\",\"category\":\"network\",\"impact\":\"low\",\"urgency\":\"low\"}";
          HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
              .header("Authorization", authorization).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build();
          long sent = System.nanoTime();
          if (sent >= measureTo) {
            return;
          }
          String status;
          try {
            status = String.valueOf(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
          } catch (Exception e) {
            status = e.getClass().getSimpleName();
          }
          long done = System.nanoTime();
          if (sent >= measureFrom && done <= measureTo) {
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            if (status.length() == 3 && status.charAt(0) == '2') {
              mine.add(done - sent);
            } else {
              errors.increment();
            }
          }
        }
      }, "http-load-" + c);
      holders.add(mine);
      threads.add(thread);
      thread.setDaemon(true);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long[] all = LongList.concat(holders);
    java.util.Arrays.sort(all);
    long requests = all.length + errors.sum();
    Map<String, Long> byStatus = new TreeMap<>();
    statuses.forEach((s, n) -> byStatus.put(s, n.sum()));
    StringBuilder statusText = new StringBuilder();
    byStatus.forEach((s, n) -> statusText.append(statusText.length() == 0 ? "" : ",").append(s).append(':').append(n));
    return String.format(Locale.ROOT, "%s clients=%d requests=%d errors=%d seconds=%.3f rps=%.2f p50_ms=%.1f p99_ms=%.1f"
            + " statuses=%s", RESULT, clients, requests, errors.sum(), seconds, all.length / seconds,
        percentile(all, 50) / 1e6, percentile(all, 99) / 1e6, statusText.length() == 0 ? "-" : statusText);
  }

  /** The value at the percentile of sorted values (nearest rank); 0 when there are none. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
  }

  /** A growable list of longs, written by one thread and read after it ended. */
  static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    static long[] concat(List<LongList> lists) {
      int total = lists.stream().mapToInt(l -> l.size).sum();
      long[] all = new long[total];
      int at = 0;
      for (LongList list : lists) {
        System.arraycopy(list.values, 0, all, at, list.size);
        at += list.size;
      }
      return all;
    }
  }
}
