package dev.itsm.bpmn.incident;

import dev.itsm.api.ItsmEngine;
import dev.itsm.bpmn.support.Fixtures;
import dev.itsm.bpmn.support.SwitchableDirectory;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AtomicityContract} on a standalone engine. */
class AtomicityTest extends AtomicityContract {
  private static final SwitchableDirectory DIRECTORY = new SwitchableDirectory(Fixtures.directory());

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(context -> context.directory(DIRECTORY)));

  @Override
  ItsmEngine engine() {
    return itsm.engine();
  }

  @Override
  Connection connect() throws SQLException {
    return itsm.database().connect();
  }

  @Override
  SwitchableDirectory directory() {
    return DIRECTORY;
  }

  @Override
  void advanceClock(Duration duration) {
    itsm.clock().advance(duration);
  }
}
