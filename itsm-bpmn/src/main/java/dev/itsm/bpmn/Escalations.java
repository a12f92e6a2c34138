package dev.itsm.bpmn;

import dev.itsm.api.process.ProcessSupport;
import org.operaton.bpm.engine.delegate.DelegateExecution;

/**
 * Bean {@code itsmEscalation}: {@code ${itsmEscalation.acceptanceOverdue(execution)}} (incidents) and
 * {@code ${itsmEscalation.changeNotStarted(execution)}} (changes).
 */
public final class Escalations {
  private final ProcessSupport support;

  Escalations(ProcessSupport support) {
    this.support = support;
  }

  /** The assignee did not acknowledge in time: escalate to the group's managers. */
  public void acceptanceOverdue(DelegateExecution execution) {
    support.acceptanceOverdue(IncidentProcessPack.ticketId(execution));
  }

  /** A scheduled change did not start by the end of its planned window: tell the change managers. */
  public void changeNotStarted(DelegateExecution execution) {
    support.changeNotStarted(IncidentProcessPack.ticketId(execution));
  }
}
