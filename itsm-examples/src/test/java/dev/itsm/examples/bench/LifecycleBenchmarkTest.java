package dev.itsm.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark end to end with a tiny N: both paths complete every lifecycle, arm the same
 * timers at the same steps, and the raw output is written. Not a timing test. Runs on the test
 * database chosen with {@code -Ditsm.test.db} (H2 by default).
 */
class LifecycleBenchmarkTest {

  @Test
  void shouldCompleteEveryLifecycleOnBothPaths(@TempDir Path dir) throws Exception {
    // given
    String db = System.getProperty("itsm.test.db", "h2");
    Path out = dir.resolve("bench.txt");
    BenchOptions options = BenchOptions.parse("--db", db, "--n", "20", "--warmup", "5", "--runs", "1",
        "--sql-stats", "--sql-stats-n", "3", "--out", out.toString(),
        "--pg-url", System.getProperty("itsm.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/"),
        "--pg-user", System.getProperty("itsm.test.pg.user", "postgres"));
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    // when
    LifecycleBenchmark.Result result = LifecycleBenchmark.run(options, new PrintStream(console, true, StandardCharsets.UTF_8));

    // then: shape check + warm-up + one run + statement count
    long expected = 1 + 5 + 20 + 3;
    assertThat(result.lifecycles()).isEqualTo(expected);
    assertThat(result.runs()).hasSize(1);
    assertThat(result.runs().get(0).itsm()).isPositive();
    assertThat(result.runs().get(0).bare()).isPositive();

    assertThat(result.itsm().closedTickets()).isEqualTo(expected);
    assertThat(result.itsm().completedInstances()).isEqualTo(expected);
    assertThat(result.itsm().runningInstances()).isZero();
    assertThat(result.itsm().decisions()).isEqualTo(2 * expected);
    // per lifecycle: 5 events (opened, assigned, acknowledged, resolved, closed) and 2 notifications
    // (assigned to the agent, resolved to the caller), all delivered (problem detection's proposal is
    // delivered too and not counted)
    assertThat(result.itsm().delivered()).isEqualTo(7 * expected);

    assertThat(result.bare().completedInstances()).isEqualTo(expected);
    assertThat(result.bare().runningInstances()).isZero();
    assertThat(result.bare().decisions()).isEqualTo(expected);

    assertThat(result.shapes().get("ITSM")).hasSize(5).isEqualTo(result.shapes().get("bare"));
    assertThat(result.shapes().get("ITSM").get(0)).contains("task_assign", "sla_response", "sla_resolution");
    assertThat(result.shapes().get("ITSM").get(3)).contains("task_resolved", "timer_auto_close");

    String raw = Files.readString(out);
    assertThat(raw).contains("## Summary over 1 runs", "ratio", "every lifecycle completed on both paths",
        "JDBC statements per lifecycle");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains(raw.lines().findFirst().orElseThrow());
  }

  @Test
  void shouldRejectUnknownOptionsAndBadValues() {
    assertThatThrownBy(() -> BenchOptions.parse("--db", "oracle")).hasMessageContaining("--db must be one of");
    assertThatThrownBy(() -> BenchOptions.parse("--n", "0")).hasMessageContaining("--n must be at least 1");
    assertThatThrownBy(() -> BenchOptions.parse("--runz", "3")).hasMessageContaining("'--runz'");
    assertThatThrownBy(() -> BenchOptions.parse("--n")).hasMessageContaining("Expected a value after --n");
    assertThat(BenchOptions.parse().out().toString()).startsWith("bench-results").endsWith(".txt").contains("lifecycle-h2-");
  }

  @Test
  void shouldClassifyStatementsByVerbAndTable() {
    assertThat(SqlCounter.classify("insert into ACT_HI_ACTINST (ID_) values (?)")).isEqualTo("insert ACT_HI_ACTINST");
    assertThat(SqlCounter.classify("  UPDATE itsm_ticket SET x = ?")).isEqualTo("update ITSM_TICKET");
    assertThat(SqlCounter.classify("delete from ACT_RU_TASK where ID_ = ?")).isEqualTo("delete ACT_RU_TASK");
    assertThat(SqlCounter.classify("select distinct RES.* from ACT_RU_TASK RES")).isEqualTo("select ACT_RU_TASK");
    assertThat(SqlCounter.classify("SELECT nextval('itsm_seq_inc_default')")).isEqualTo("select (sequence)");
  }
}
