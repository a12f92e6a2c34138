package dev.itsm.bpmn;

import dev.itsm.api.process.ProcessSupport;
import java.util.Date;
import org.operaton.bpm.engine.delegate.DelegateExecution;

/**
 * Bean {@code itsmDeadlines}: due dates of the contract timers (acceptance timeout, auto-close),
 * computed by core from the ticket: {@code ${itsmDeadlines.at(execution, 'timer_acceptance')}}.
 */
public final class TimerDeadlines {
  private final ProcessSupport support;

  TimerDeadlines(ProcessSupport support) {
    this.support = support;
  }

  /** The due date of the timer with the given id. */
  public Date at(DelegateExecution execution, String timerId) {
    return support.dueDate(IncidentProcessPack.ticketId(execution), timerId);
  }
}
