package dev.itsm.bpmn;

import dev.itsm.api.process.ProcessSupport;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaThreshold;
import org.operaton.bpm.engine.delegate.DelegateExecution;

/**
 * Bean {@code itsmSla}: what the SLA timers do when they fire,
 * {@code ${itsmSla.warning(execution, 'RESOLUTION')}} and {@code ${itsmSla.breach(execution, 'RESPONSE')}}.
 */
public final class SlaActions {
  private final ProcessSupport support;

  SlaActions(ProcessSupport support) {
    this.support = support;
  }

  /** The clock reached its warning point: notify the assignee (or group). */
  public void warning(DelegateExecution execution, String kind) {
    support.slaThreshold(IncidentProcessPack.ticketId(execution), SlaKind.valueOf(kind), SlaThreshold.WARNING);
  }

  /** The clock missed its target: mark it breached, notify the assignee and the group's managers. */
  public void breach(DelegateExecution execution, String kind) {
    support.slaThreshold(IncidentProcessPack.ticketId(execution), SlaKind.valueOf(kind), SlaThreshold.BREACH);
  }
}
