package dev.itsm.examples.bench;

import static dev.itsm.api.process.IncidentProcess.*;

import dev.itsm.api.Priority;
import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaSettings;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.atomic.LongAdder;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.impl.util.ClockUtil;

/**
 * Expression bean {@code benchDeadlines} of the bare model: due dates of its timers, computed in
 * Java from the {@code priority} variable and the engine's clock with the ITSM engine's default SLA
 * targets, acceptance timeouts and auto-close period. On the benchmark's path every timer is armed
 * at the moment its clock starts (open, assignment, resolution), so "now + offset" gives the dates
 * the ITSM engine computes from its SLA clocks.
 */
public final class BareDeadlines {
  /** Name of the bean in expressions. */
  public static final String BEAN = "benchDeadlines";

  private final SlaSettings sla;
  private final IncidentSettings incidents;
  private final LongAdder fired = new LongAdder();

  BareDeadlines(SlaSettings sla, IncidentSettings incidents) {
    this.sla = sla;
    this.incidents = incidents;
  }

  /** Due date of the timer with the given id of the bare model, e.g. {@code sla_response}. */
  public Date at(DelegateExecution execution, String timerId) {
    Object value = execution.getVariable(DMN_PRIORITY);
    if (value == null) {
      throw new IllegalStateException("Expected the priority decision to have set variable " + DMN_PRIORITY
          + " before timer " + timerId + " is armed, but it is not set");
    }
    Priority priority = Priority.valueOf(value.toString());
    Duration offset = switch (timerId) {
      // one timer per SLA clock at its next threshold, as the ITSM engine arms them: the warning point
      case "sla_response" -> warning(sla.target(SlaKind.RESPONSE, priority));
      case "sla_resolution" -> warning(sla.target(SlaKind.RESOLUTION, priority));
      case TIMER_ACCEPTANCE -> sla.acceptanceTimeout(priority);
      case TIMER_AUTO_CLOSE -> incidents.autoCloseAfter();
      default -> throw new IllegalArgumentException("Expected a timer id of the incident contract, but got '" + timerId + "'");
    };
    return new Date(ClockUtil.getCurrentTime().getTime() + offset.toMillis());
  }

  /** What a timer does when it fires; never reached in a benchmark run (the job executor is off). */
  public void fired(DelegateExecution execution, String timerId) {
    fired.increment();
  }

  /** Timers that fired so far. */
  long firedCount() {
    return fired.sum();
  }

  private Duration warning(Duration target) {
    return Duration.ofMillis(Math.round(target.toMillis() * sla.warningRatio()));
  }
}
