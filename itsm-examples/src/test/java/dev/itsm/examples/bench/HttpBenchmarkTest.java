package dev.itsm.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.ItsmEngine;
import dev.itsm.examples.server.DemoUsers;
import dev.itsm.examples.server.ExampleServer;
import dev.itsm.spi.RecordingNotificationSender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the HTTP benchmark end to end, tiny: the load client process answers, both paths open
 * incidents without errors at each client count, and the summary table has a row per count. Not a
 * timing test. Runs on the test database chosen with {@code -Ditsm.test.db} (H2 by default).
 */
class HttpBenchmarkTest {
  private static final Pattern ROW = Pattern.compile(
      "^\\s*(\\d+) \\|\\s+([0-9.]+) \\|\\s+([0-9.]+) \\|\\s+([0-9.]+) \\|\\s+([0-9.]+) \\|\\s+(\\d+) \\|\\s+([0-9.]+) \\|\\s+([0-9.]+)$",
      Pattern.MULTILINE);

  @Test
  void bothPathsOpenIncidentsAtEachClientCountAndTheTableHasARowPerCount() throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      HttpBenchmark.main(new String[] {"--db", System.getProperty("itsm.test.db", "h2"), "--clients", "1,2",
          "--warmup", "1", "--duration", "2",
          "--pg-url", System.getProperty("itsm.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/"),
          "--pg-user", System.getProperty("itsm.test.pg.user", "postgres")});
    } finally {
      System.setOut(out);
    }
    String printed = console.toString(StandardCharsets.UTF_8);

    assertThat(printed).containsPattern("Password check \\(Argon2id\\) .* p50 [0-9.]+ ms");
    assertThat(printed).contains("authentication: API token (Bearer)", "req/s HTTP/direct",
        "errors (non-2xx answers and failed requests, both paths): 0");
    assertThat(printed).containsPattern("(?m)^direct clients=1 requests=[1-9]\\d* errors=0 ");
    assertThat(printed).containsPattern("(?m)^http   clients=2 requests=[1-9]\\d* errors=0 .* statuses=201:[1-9]\\d*$");
    Matcher rows = ROW.matcher(printed);
    List<String> counts = rows.results().map(r -> r.group(1)).toList();
    assertThat(counts).containsExactly("1", "2");
  }

  @Test
  void theLoadClientCountsEveryAnswerThatIsNot2xxAsAnError() throws Exception {
    // a token the server never issued: every request is a 401
    try (ItsmEngine engine = ItsmEngine.builder().jobExecutor(false).build();
         ExampleServer server = ExampleServer.start(engine, DemoUsers.standard(), new RecordingNotificationSender(), 0)) {
      HttpBenchmark.Result result = HttpBenchmark.http(server.url(), "Bearer itsm_never-issued", 1, 1, 3);

      assertThat(result.errors()).isPositive().isEqualTo(result.requests());
      assertThat(result.statuses()).matches("(401|429):[1-9]\\d*(,(401|429):[1-9]\\d*)?");
      assertThat(result.rps()).isZero();
    }
  }
}
