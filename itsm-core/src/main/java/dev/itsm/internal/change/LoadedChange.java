package dev.itsm.internal.change;

import dev.itsm.api.change.ChangeState;
import dev.itsm.internal.persistence.ApprovalRow;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.persistence.ChangeRow;
import dev.itsm.internal.persistence.ChangeTaskRow;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.process.LoadedTicket;
import dev.itsm.internal.tx.ItsmSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A change in a unit of work: its row, CIs, implementation tasks and votes. Every change of the row
 * goes through {@link #change}, which records the audit entry; {@link #flush} writes the row once
 * with the version check, then new and changed tasks and new votes.
 */
final class LoadedChange extends LoadedTicket<ChangeRow> {
  private final List<ChangeTaskRow> tasks;
  private final Set<ChangeTaskRow> changedTasks = new LinkedHashSet<>();
  private final List<ApprovalRow> approvals;
  private final List<ApprovalRow> newApprovals = new ArrayList<>();

  private LoadedChange(ChangeRow row, boolean inserted, List<UUID> cis, List<ChangeTaskRow> tasks,
                       List<ApprovalRow> approvals) {
    super(row, inserted, cis);
    this.tasks = new ArrayList<>(tasks);
    this.approvals = new ArrayList<>(approvals);
  }

  /** A new change with its tasks; written at the next flush. */
  static LoadedChange create(ChangeRow row, List<UUID> cis, List<ChangeTaskRow> tasks) {
    LoadedChange change = new LoadedChange(row, false, List.of(), tasks, List.of());
    cis.forEach(change::addCi);
    change.changedTasks.addAll(tasks);
    change.touch();
    return change;
  }

  /** The change with its CIs, tasks and votes; {@code null} if there is no change with that id. */
  static LoadedChange load(ItsmSession session, UUID id) {
    ChangeMapper mapper = session.mapper(ChangeMapper.class);
    ChangeRow row = mapper.selectChange(id);
    if (row == null) {
      return null;
    }
    TicketMapper tickets = session.mapper(TicketMapper.class);
    List<UUID> cis = row.hasCis ? tickets.selectCis(List.of(id)).stream().map(r -> r.ciId).toList() : List.of();
    return new LoadedChange(row, true, cis, mapper.selectTasks(List.of(id)), mapper.selectApprovals(id));
  }

  /** A read-only view for query results. */
  static LoadedChange readOnly(ChangeRow row, List<UUID> cis, List<ChangeTaskRow> tasks) {
    return new LoadedChange(row, true, cis, tasks, List.of());
  }

  @Override
  public String kind() {
    return "change";
  }

  ChangeState state() {
    return ChangeState.valueOf(row().state);
  }

  List<ChangeTaskRow> tasks() {
    return tasks;
  }

  List<ApprovalRow> approvals() {
    return approvals;
  }

  void setState(ItsmSession session, String action, ChangeState state) {
    if (change(session, action, "state", row().state, state.name())) {
      row().state = state.name();
    }
  }

  /** Records a task's outcome (audited); written at flush. */
  void taskDone(ItsmSession session, ChangeTaskRow task, String outcome, String note) {
    session.audit(row().id, row().tenantId, "task", "tasks[" + task.idx + "]", task.outcome, outcome);
    task.outcome = outcome;
    task.note = note;
    task.doneBy = session.actor().id();
    task.doneAt = session.now();
    changedTasks.add(task);
    touch();
  }

  void addApproval(ItsmSession session, ApprovalRow approval) {
    session.audit(row().id, row().tenantId, "vote", "approval." + approval.level, null,
        approval.approverId + ":" + approval.vote);
    approvals.add(approval);
    newApprovals.add(approval);
    touch();
  }

  @Override
  protected void insertDetail(ItsmSession session) {
    ChangeMapper mapper = session.mapper(ChangeMapper.class);
    mapper.insertChange(row());
    changedTasks.forEach(mapper::insertTask);
    changedTasks.clear();
  }

  @Override
  protected void updateDetail(ItsmSession session) {
    ChangeMapper mapper = session.mapper(ChangeMapper.class);
    mapper.updateChange(row());
    changedTasks.forEach(mapper::updateTask);
    changedTasks.clear();
  }

  @Override
  protected void flushChildren(ItsmSession session) {
    ChangeMapper mapper = session.mapper(ChangeMapper.class);
    newApprovals.forEach(mapper::insertApproval);
    newApprovals.clear();
  }
}
