package dev.itsm.bpmn;

import dev.itsm.api.process.ProcessSupport;
import java.util.List;
import org.operaton.bpm.engine.delegate.DelegateExecution;

/**
 * Bean {@code itsmApprovals}: the voters of a change's board for a multi-instance vote,
 * {@code ${itsmApprovals.members(execution, 'CAB')}} or {@code 'ECAB'}.
 */
public final class ApprovalBoards {
  private final ProcessSupport support;

  ApprovalBoards(ProcessSupport support) {
    this.support = support;
  }

  /** The board's members without the change's requester and implementer. */
  public List<String> members(DelegateExecution execution, String board) {
    return support.approvers(IncidentProcessPack.ticketId(execution), board);
  }
}
