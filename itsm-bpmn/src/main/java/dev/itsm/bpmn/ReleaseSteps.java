package dev.itsm.bpmn;

import dev.itsm.api.process.ProcessSupport;
import dev.itsm.api.process.ReleaseProcess;
import java.util.Date;
import java.util.List;
import org.operaton.bpm.engine.delegate.DelegateExecution;

/**
 * Bean {@code itsmRelease}: what the release model asks of core, e.g.
 * {@code ${itsmRelease.environments(execution)}} or {@code ${itsmRelease.due(execution, 'timer_deploy')}}. Inside the
 * deployment and rollback multi-instances the environment comes from the element variable
 * {@link ReleaseProcess#VAR_ENVIRONMENT}.
 */
public final class ReleaseSteps {
  private final ProcessSupport support;

  ReleaseSteps(ProcessSupport support) {
    this.support = support;
  }

  /** The release's environments in deployment order. */
  public List<String> environments(DelegateExecution execution) {
    return support.releaseEnvironments(IncidentProcessPack.ticketId(execution), false);
  }

  /** The environments deployed so far, last first: what a rollback undoes. */
  public List<String> rollbackOrder(DelegateExecution execution) {
    return support.releaseEnvironments(IncidentProcessPack.ticketId(execution), true);
  }

  /** Whether the current environment's deployment window has opened. */
  public boolean windowOpen(DelegateExecution execution) {
    return support.releaseWindowOpen(IncidentProcessPack.ticketId(execution), environment(execution));
  }

  /** The due date of a timer of the release contract. */
  public Date due(DelegateExecution execution, String timerId) {
    return support.releaseDueDate(IncidentProcessPack.ticketId(execution), timerId, environment(execution));
  }

  /** The current environment's deployment begins. */
  public void deploymentStarts(DelegateExecution execution) {
    support.releaseDeploymentStarts(IncidentProcessPack.ticketId(execution), environment(execution));
  }

  /** A pipeline stage did not report in time: escalate. */
  public void overdue(DelegateExecution execution, String timerId) {
    support.releaseOverdue(IncidentProcessPack.ticketId(execution), timerId, environment(execution));
  }

  private static String environment(DelegateExecution execution) {
    Object value = execution.getVariable(ReleaseProcess.VAR_ENVIRONMENT);
    return value == null ? null : value.toString();
  }
}
