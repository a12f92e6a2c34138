package dev.itsm.bpmn.operations;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.testkit.TestClock;
import dev.itsm.testkit.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup procedure of docs/operations.md, run: a database with live tickets, SLA clocks and
 * timer jobs is backed up (pg_dump on PostgreSQL, SCRIPT on H2), restored into an empty database,
 * and an engine on the copy carries on where the original stopped.
 */
class BackupRestoreTest {

  @Test
  void anEngineOnARestoredBackupCarriesOnWhereTheOriginalStopped(@TempDir Path dir) throws Exception {
    TestClock clock = new TestClock();
    try (TestDatabase original = TestDatabase.create(); TestDatabase copy = TestDatabase.create()) {
      IncidentTicket inc;
      SlaStatus resolution;
      try (ItsmEngine itsm = engine(original, clock)) {
        inc = openP1(itsm.incidents());
        inc = itsm.incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
        clock.advance(Duration.ofMinutes(5));
        resolution = itsm.sla().status(AGENT, inc.id(), SlaKind.RESOLUTION);
      }

      Path backup = dir.resolve("itsm.backup");
      if (original.isPostgres()) {
        run("pg_dump", "-h", host(original), "-p", port(original), "-U", original.user(), "-Fc", "-f", backup.toString(),
            database(original));
        run("pg_restore", "-h", host(copy), "-p", port(copy), "-U", copy.user(), "-d", database(copy), backup.toString());
      } else {
        try (Connection c = original.connect(); PreparedStatement s = c.prepareStatement("SCRIPT TO ?")) {
          s.setString(1, backup.toString());
          s.execute();
        }
        try (Connection c = copy.connect(); PreparedStatement s = c.prepareStatement("RUNSCRIPT FROM ?")) {
          s.setString(1, backup.toString());
          s.execute();
        }
      }
      assertThat(Files.size(backup)).isPositive();

      try (ItsmEngine restored = engine(copy, clock)) {
        assertThat(restored.incidents().get(AGENT, inc.id())).isEqualTo(inc);
        assertThat(restored.sla().status(AGENT, inc.id(), SlaKind.RESOLUTION)).isEqualTo(resolution);
        IncidentTicket acknowledged = restored.incidents().acknowledge(AGENT, inc.ref());
        assertThat(acknowledged.version()).isEqualTo(inc.version() + 1);
        // the clock's timer job came along and fires on the copy
        clock.advance(Duration.ofHours(3));
        List<?> due = restored.processEngine().getManagementService().createJobQuery()
            .processInstanceId(inc.processInstanceId()).executable().list();
        assertThat(due).hasSize(1);
        restored.processEngine().getManagementService().executeJob(
            restored.processEngine().getManagementService().createJobQuery().processInstanceId(inc.processInstanceId())
                .executable().singleResult().getId());
        assertThat(restored.sla().status(AGENT, inc.id(), SlaKind.RESOLUTION).warnedAt()).isNotNull();
      }
    }
  }

  private static ItsmEngine engine(TestDatabase database, TestClock clock) {
    return ItsmEngine.builder().jdbcUrl(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .clock(clock).jobExecutor(false).plugin(DIRECTORY).build();
  }

  private static URI uri(TestDatabase database) {
    return URI.create(database.jdbcUrl().substring("jdbc:".length()));
  }

  private static String host(TestDatabase database) {
    return uri(database).getHost();
  }

  private static String port(TestDatabase database) {
    int port = uri(database).getPort();
    return String.valueOf(port < 0 ? 5432 : port);
  }

  private static String database(TestDatabase database) {
    return uri(database).getPath().substring(1);
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }
}
