package dev.itsm.bpmn;

import dev.itsm.api.process.ProcessSupport;
import org.operaton.bpm.engine.delegate.DelegateExecution;

/**
 * Bean {@code itsmState}: the one step through which a model changes a ticket's state,
 * {@code ${itsmState.enter(execution, 'RESOLVED')}}.
 */
public final class StateStep {
  private final ProcessSupport support;

  StateStep(ProcessSupport support) {
    this.support = support;
  }

  /** Moves the execution's ticket into the state. */
  public void enter(DelegateExecution execution, String state) {
    support.enterState(IncidentProcessPack.ticketId(execution), state);
  }
}
