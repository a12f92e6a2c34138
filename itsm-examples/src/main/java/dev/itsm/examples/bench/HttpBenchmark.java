package dev.itsm.examples.bench;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.examples.server.DemoUsers;
import dev.itsm.examples.server.ExampleServer;
import dev.itsm.spi.RecordingNotificationSender;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opening incidents over HTTP against calling the Java API directly, in the same run and on the same
 * engine: this JVM runs the engine (a fresh H2 in-memory or PostgreSQL database, see
 * {@link BenchDatabase}) and the {@link ExampleServer} on 127.0.0.1; for each number of concurrent
 * clients (1, 8 and 32 by default) it measures
 *
 * <ul>
 *   <li><b>direct</b>: that many threads of this JVM calling {@code engine.incidents().open(..)} one
 *       after the other, as the demo caller;</li>
 *   <li><b>HTTP</b>: {@link HttpLoadClient} in a JVM of its own (the {@code java} of this one) with that
 *       many clients posting {@code /api/incidents} over loopback as the same caller;</li>
 * </ul>
 *
 * each for a warm-up and then a measured time, and prints requests per second, p50 and p99 latency,
 * errors (every answer that is not 2xx) and the HTTP/direct ratios. See docs/benchmarks.md.
 *
 * <pre>
 * mvn -q -pl itsm-examples -am compile exec:java -Dexec.mainClass=dev.itsm.examples.bench.HttpBenchmark \
 *   -Dexec.args="--db h2 --clients 1,8,32 --warmup 5 --duration 15"
 * </pre>
 */
public final class HttpBenchmark {
  /** The demo user both paths open incidents as. */
  static final String USER = "carol";

  static final String USAGE = """
      Usage: HttpBenchmark [options]
        --db h2|postgresql   database of the engine (default h2, in memory; PostgreSQL gets a fresh database, dropped at the end)
        --clients <list>     numbers of concurrent clients, comma-separated (default 1,8,32)
        --warmup <seconds>   warm-up of each path and client count, not measured (default 5)
        --duration <seconds> measured time of each path and client count (default 15)
        --pool <size>        JDBC connections of the engine (default 20, the engine's default)
        --pg-url <url>       PostgreSQL server (default jdbc:postgresql://127.0.0.1:5432/)
        --pg-user <user>     (default postgres)
        --pg-password <pw>   (default empty)
      """;

  private HttpBenchmark() {}

  /**
   * The {@code Authorization} header value of the HTTP path, the one place that says how the load
   * client authenticates: an API token of the demo user, created over HTTP (with HTTP Basic, once)
   * as a client would.
   */
  static String authorization(String url) throws Exception {
    String credentials = USER + ":" + DemoUsers.DEMO_PASSWORD;
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/tokens"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"http-benchmark\", \"expiresInDays\": 1}")).build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    Matcher token = TOKEN.matcher(response.body());
    if (response.statusCode() != 201 || !token.find()) {
      throw new IllegalStateException("Expected POST /api/tokens to answer 201 with a token, but it answered "
          + response.statusCode() + ": " + response.body());
    }
    return "Bearer " + token.group(1);
  }

  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  /** One measurement of one path at one client count. */
  record Result(int clients, long requests, long errors, double seconds, double rps, double p50Ms, double p99Ms,
                String statuses) {}

  /** Runs the benchmark; see {@link #USAGE}. */
  public static void main(String[] args) throws Exception {
    String db = "h2";
    List<Integer> clients = List.of(1, 8, 32);
    double warmup = 5;
    double duration = 15;
    String pool = "20";
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
    String pgUser = "postgres";
    String pgPassword = "";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.print(USAGE);
        return;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Expected a value after " + args[i] + ", but the arguments end\n" + USAGE);
      }
      String value = args[++i];
      switch (args[i - 1]) {
        case "--db" -> db = value;
        case "--clients" -> clients = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
        case "--warmup" -> warmup = Double.parseDouble(value);
        case "--duration" -> duration = Double.parseDouble(value);
        case "--pool" -> pool = value;
        case "--pg-url" -> pgUrl = value;
        case "--pg-user" -> pgUser = value;
        case "--pg-password" -> pgPassword = value;
        default -> throw new IllegalArgumentException("Expected one of the options below, but got '" + args[i - 1] + "'\n"
            + USAGE);
      }
    }
    if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1) || warmup < 0 || duration <= 0) {
      throw new IllegalArgumentException("Expected client counts of at least 1, a warm-up of at least 0 and a duration"
          + " above 0 seconds, but got --clients " + clients + " --warmup " + warmup + " --duration " + duration);
    }
    BenchOptions options = BenchOptions.parse("--db", db, "--pool", pool, "--pg-url", pgUrl, "--pg-user", pgUser,
        "--pg-password", pgPassword, "--out", Path.of(System.getProperty("java.io.tmpdir"), "itsm-http-bench.txt").toString());
    System.out.printf(Locale.ROOT, "HTTP benchmark, %s; clients %s, warm-up %.0f s, measured %.0f s per path and count;"
            + " JVM %s, %d cores%n", OffsetDateTime.now(ZoneOffset.UTC).withNano(0), clients, warmup, duration,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    DemoUsers users = DemoUsers.standard();
    RecordingNotificationSender notifications = new RecordingNotificationSender();
    try (BenchDatabase database = BenchDatabase.create(options, "http", null);
         ItsmEngine engine = ItsmEngine.builder().dataSource(database.dataSource()).jobExecutor(false)
             .plugin(context -> {
               context.directory(users.directory());
               context.notificationSender(notifications);
             }).build();
         ExampleServer server = ExampleServer.start(engine, users, notifications, 0)) {
      String authorization = authorization(server.url());
      System.out.println("database: " + database.productVersion() + ", pool " + options.poolSize() + "; server " + server.url()
          + "; authentication: API token (Bearer)");
      Actor caller = users.user(USER).actor();
      Map<Integer, Result[]> results = new LinkedHashMap<>();
      for (int count : clients) {
        Result direct = direct(engine, caller, count, warmup, duration);
        System.out.println("direct " + line(direct));
        Result http = http(server.url(), authorization, count, warmup, duration);
        System.out.println("http   " + line(http));
        results.put(count, new Result[] {direct, http});
      }
      System.out.println();
      System.out.println("Opening incidents, HTTP (separate JVM, loopback) against the Java API (same run):");
      System.out.println("clients |  direct req/s | direct p99 ms |    HTTP req/s |   HTTP p99 ms | HTTP errors | req/s HTTP/direct"
          + " | p99 HTTP/direct");
      results.forEach((count, pair) -> System.out.printf(Locale.ROOT,
          "%7d | %13.1f | %13.1f | %13.1f | %13.1f | %11d | %17.3f | %15.2f%n", count, pair[0].rps(), pair[0].p99Ms(),
          pair[1].rps(), pair[1].p99Ms(), pair[1].errors(), pair[1].rps() / pair[0].rps(), pair[1].p99Ms() / pair[0].p99Ms()));
      System.out.printf(Locale.ROOT, "Password check (Argon2id) of a Basic login the server has not cached, one thread, same run:"
          + " p50 %.1f ms%n", authenticationMillis(users));
      long errors = results.values().stream().mapToLong(pair -> pair[0].errors() + pair[1].errors()).sum();
      System.out.println("errors (non-2xx answers and failed requests, both paths): " + errors);
    }
  }

  /** Median time of checking the demo user's password, as the server's authenticator does for every request. */
  static double authenticationMillis(DemoUsers users) {
    char[] password = DemoUsers.DEMO_PASSWORD.toCharArray();
    long[] times = new long[21];
    for (int i = -3; i < times.length; i++) {
      long t0 = System.nanoTime();
      if (users.authenticate(USER, password).isEmpty()) {
        throw new IllegalStateException("Expected the demo password of " + USER + " to be accepted, but it is not");
      }
      if (i >= 0) {
        times[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(times);
    return times[times.length / 2] / 1e6;
  }

  private static String line(Result r) {
    return String.format(Locale.ROOT, "clients=%d requests=%d errors=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f statuses=%s",
        r.clients(), r.requests(), r.errors(), r.rps(), r.p50Ms(), r.p99Ms(), r.statuses());
  }

  /** Threads of this JVM opening incidents through the API, measured like the HTTP clients. */
  static Result direct(ItsmEngine engine, Actor caller, int clients, double warmup, double seconds) throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmup * 1e9);
    long measureTo = measureFrom + (long) (seconds * 1e9);
    List<HttpLoadClient.LongList> latencies = new ArrayList<>();
    LongAdder errors = new LongAdder();
    AtomicInteger sequence = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      HttpLoadClient.LongList mine = new HttpLoadClient.LongList();
      latencies.add(mine);
      Thread thread = new Thread(() -> {
        while (true) {
          NewIncident incident = NewIncident.builder("Benchmark incident " + sequence.incrementAndGet()).category("network")
              .impact(Impact.LOW).urgency(Urgency.LOW).build();
          long sent = System.nanoTime();
          if (sent >= measureTo) {
            return;
          }
          boolean ok;
          try {
            engine.incidents().open(caller, incident);
            ok = true;
          } catch (RuntimeException e) {
            ok = false;
          }
          long done = System.nanoTime();
          if (sent >= measureFrom && done <= measureTo) {
            if (ok) {
              mine.add(done - sent);
            } else {
              errors.increment();
            }
          }
        }
      }, "direct-" + c);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long[] all = HttpLoadClient.LongList.concat(latencies);
    Arrays.sort(all);
    return new Result(clients, all.length + errors.sum(), errors.sum(), seconds, all.length / seconds,
        HttpLoadClient.percentile(all, 50) / 1e6, HttpLoadClient.percentile(all, 99) / 1e6,
        errors.sum() == 0 ? "ok:" + all.length : "ok:" + all.length + ",exception:" + errors.sum());
  }

  private static final Pattern RESULT = Pattern.compile("^" + HttpLoadClient.RESULT + " clients=(\\d+) requests=(\\d+)"
      + " errors=(\\d+) seconds=([0-9.]+) rps=([0-9.]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+) statuses=(\\S+)$");

  /** {@link HttpLoadClient} in a JVM of its own, against the server. */
  static Result http(String url, String authorization, int clients, double warmup, double seconds) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // the client needs only the JDK and its own classes
    String classpath = Path.of(HttpLoadClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", classpath,
        HttpLoadClient.class.getName(), url, String.valueOf(clients), String.valueOf(warmup), String.valueOf(seconds))
        .redirectErrorStream(true);
    builder.environment().put(HttpLoadClient.AUTHORIZATION_ENV, authorization);
    Process process = builder.start();
    List<String> output = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        output.add(line);
      }
    }
    if (!process.waitFor((long) (warmup + seconds) + 120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("Expected the load client to end, but it still runs; output: " + output);
    }
    for (String line : output) {
      Matcher m = RESULT.matcher(line);
      if (m.matches()) {
        return new Result(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
            Double.parseDouble(m.group(7)), m.group(8));
      }
    }
    throw new IllegalStateException("Expected a line '" + HttpLoadClient.RESULT + " ...' from the load client (exit code "
        + process.exitValue() + "), but it printed " + output);
  }
}
