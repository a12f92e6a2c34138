package dev.itsm.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the multi-node benchmark end to end with tiny numbers: node JVMs start, both parts run, every
 * check passes (lifecycles complete and deliver, no threshold fires twice, deliveries match the
 * outbox). Not a timing test. PostgreSQL only ({@code -Ditsm.test.db=postgresql}): separate JVMs
 * cannot share the in-memory H2 database.
 */
class ClusterBenchmarkTest {

  @Test
  @EnabledIfSystemProperty(named = "itsm.test.db", matches = "postgres.*")
  void shouldRunBothPartsOnSeveralNodesWithEveryCheckPassing(@TempDir Path dir) throws Exception {
    // given
    Path out = dir.resolve("cluster.txt");
    ClusterBenchmark.Options options = ClusterBenchmark.Options.parse("--n", "8", "--threads", "2", "--runs", "1",
        "--warmup", "2", "--timers", "40", "--setup-threads", "2", "--pool", "8", "--node-heap", "512m",
        "--out", out.toString(),
        "--pg-url", System.getProperty("itsm.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/"),
        "--pg-user", System.getProperty("itsm.test.pg.user", "postgres"));
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    // when
    ClusterBenchmark.Result result = ClusterBenchmark.run(options, new PrintStream(console, true, StandardCharsets.UTF_8));

    // then
    assertThat(result.problems()).isEmpty();
    assertThat(result.lifecycleRuns()).extracting(r -> r.config().label, ClusterBenchmark.LifecycleRun::nodes,
            ClusterBenchmark.LifecycleRun::threadsPerNode)
        .containsExactly(tuple("one", 1, 2), tuple("two", 2, 2), tuple("two-split", 2, 1), tuple("one-2x", 1, 4));
    assertThat(result.lifecycleRuns()).allSatisfy(run -> assertThat(run.rate()).isPositive());
    assertThat(result.drains()).extracting(ClusterBenchmark.Drain::kind).containsExactly("ITSM", "bare", "bare-rearm");
    assertThat(result.drains()).allSatisfy(drain -> {
      assertThat(drain.jobs()).isEqualTo(40);
      assertThat(drain.duplicates()).isZero();
      assertThat(drain.drainSeconds()).isPositive();
    });
    ClusterBenchmark.Drain itsm = result.drains().get(0);
    assertThat(itsm.outboxWritten()).isEqualTo(40).isEqualTo(itsm.delivered());
    String raw = Files.readString(out);
    assertThat(raw).contains("## Part 1 summary", "ratio two-split / one", "ratio two / one-2x", "## Part 2 summary", "checks          all passed");
    assertThat(options.logDir().resolve("lc-node-a.log")).exists();
  }

  @Test
  void shouldRejectUnknownOptionsAndBadValues() {
    assertThatThrownBy(() -> ClusterBenchmark.Options.parse("--part", "three")).hasMessageContaining("--part must be");
    assertThatThrownBy(() -> ClusterBenchmark.Options.parse("--bare", "none")).hasMessageContaining("--bare must be");
    assertThatThrownBy(() -> ClusterBenchmark.Options.parse("--timers", "1")).hasMessageContaining("--timers must be at least 2");
    assertThatThrownBy(() -> ClusterBenchmark.Options.parse("--runz", "3")).hasMessageContaining("'--runz'");
    assertThatThrownBy(() -> ClusterBenchmark.Options.parse("--configs", "two")).hasMessageContaining("must include one");
    assertThatThrownBy(() -> ClusterBenchmark.Options.parse("--configs", "one,three")).hasMessageContaining("'three'");
    assertThatThrownBy(() -> ClusterBenchmark.Options.parse("--threads", "3")).hasMessageContaining("even --threads");
    assertThatThrownBy(() -> ClusterBenchmark.Options.parse("--help")).hasMessageContaining("Usage: ClusterBenchmark");
    ClusterBenchmark.Options defaults = ClusterBenchmark.Options.parse();
    assertThat(defaults.n()).isEqualTo(4000);
    assertThat(defaults.timers()).isEqualTo(100_000);
    assertThat(defaults.out().toString()).startsWith("bench-results").contains("cluster-postgresql-").endsWith(".txt");
    assertThat(ClusterBenchmark.Options.parse("--timers", "100_000").timers()).isEqualTo(100_000);
    assertThat(defaults.bareKinds()).containsExactly("end", "rearm");
    assertThat(ClusterBenchmark.Options.parse("--bare", "end,rearm-due").bareKinds()).containsExactly("end", "rearm-due");
    assertThatThrownBy(() -> ClusterBenchmark.Options.parse("--bare", "end,rearm-soon")).hasMessageContaining("'rearm-soon'");
  }
}
