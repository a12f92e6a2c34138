package dev.itsm.bpmn.operations;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.bpmn.support.SwitchableDirectory;
import dev.itsm.testkit.ItsmExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/**
 * Log lines written while an operation works on a ticket carry its number, the actor and the
 * tenant in the logging context (SLF4J MDC keys {@code itsm.ticket}, {@code itsm.actor},
 * {@code itsm.tenant}); host code the engine calls (here the directory) sees the same context.
 */
class StructuredLogTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();

  /** A directory that notes the logging context of each group check. */
  private final SwitchableDirectory recording = new SwitchableDirectory(directory());

  {
    recording.onGroupCheck(() -> seen.add(MDC.get("itsm.ticket") + " " + MDC.get("itsm.actor") + " "
        + MDC.get("itsm.tenant")));
  }

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(context -> context.directory(recording)));

  @Test
  void anOperationOnATicketNamesItAndItsActorAndNothingLeaksAfterwards() {
    IncidentTicket inc = openP1(itsm.engine().incidents());
    seen.clear();
    itsm.engine().incidents().assign(MANAGER, inc.ref(), Assignment.toGroup("network-ops"));
    assertThat(seen).isNotEmpty().allSatisfy(line -> assertThat(line).isEqualTo(inc.number() + " mona default"));
    assertThat(MDC.get("itsm.ticket")).isNull();
    assertThat(MDC.get("itsm.actor")).isNull();
  }
}
