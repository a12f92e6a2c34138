package dev.itsm.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs the conflict benchmark end to end on a small CMDB: both paths answer every probe, and the
 * same-CI conflicts of the API are the direct SQL query's rows. Not a timing test. Runs on the test
 * database chosen with {@code -Ditsm.test.db} (H2 by default).
 */
class ConflictBenchmarkTest {

  @Test
  void bothPathsAnswerEveryProbeAndAgreeOnTheSameCiConflicts() throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      ConflictBenchmark.main(new String[] {"--db", System.getProperty("itsm.test.db", "h2"), "--cis", "10000",
          "--changes", "2000", "--queries", "100", "--warmup", "20",
          "--pg-url", System.getProperty("itsm.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/")});
    } finally {
      System.setOut(out);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("10,000 CIs, 2,000 planned changes", "schedule of 2,000 changes loaded",
        "100 probes per path", "ratio", "probes whose same-CI conflicts differ from the SQL query's rows: 0");
    assertThat(printed).containsPattern("OUTSIDE_MAINTENANCE_WINDOW [0-9.]+");
  }
}
