package dev.itsm.internal.change;

import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.change.ChangeState;
import dev.itsm.internal.persistence.ApprovalRow;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.persistence.ChangeRow;
import dev.itsm.internal.persistence.ChangeTaskRow;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.process.ProcessTicket;
import dev.itsm.internal.tx.ItsmSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A change in a unit of work: its row, CIs, implementation tasks and votes. Every change of the row
 * goes through {@link #change}, which records the audit entry; {@link #flush} writes the row once
 * with the version check, then new and changed tasks and new votes.
 */
final class LoadedChange implements ProcessTicket {
  private final ChangeRow row;
  private final List<UUID> cis;
  private final List<UUID> newCis = new ArrayList<>();
  private final List<ChangeTaskRow> tasks;
  private final Set<ChangeTaskRow> changedTasks = new LinkedHashSet<>();
  private final List<ApprovalRow> approvals;
  private final List<ApprovalRow> newApprovals = new ArrayList<>();
  private boolean inserted;
  private long persistedVersion;
  private boolean dirty;

  private LoadedChange(ChangeRow row, boolean inserted, List<UUID> cis, List<ChangeTaskRow> tasks,
                       List<ApprovalRow> approvals) {
    this.row = row;
    this.inserted = inserted;
    this.persistedVersion = row.version;
    this.cis = new ArrayList<>(cis);
    this.tasks = new ArrayList<>(tasks);
    this.approvals = new ArrayList<>(approvals);
  }

  /** A new change with its tasks; written at the next flush. */
  static LoadedChange create(ChangeRow row, List<UUID> cis, List<ChangeTaskRow> tasks) {
    LoadedChange change = new LoadedChange(row, false, List.of(), tasks, List.of());
    cis.forEach(change::addCi);
    change.changedTasks.addAll(tasks);
    change.dirty = true;
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

  ChangeRow row() {
    return row;
  }

  @Override
  public UUID id() {
    return row.id;
  }

  @Override
  public String number() {
    return row.number;
  }

  @Override
  public String kind() {
    return "change";
  }

  @Override
  public String processInstanceId() {
    return row.processInstanceId;
  }

  @Override
  public long version() {
    return persistedVersion;
  }

  @Override
  public String stateName() {
    return row.state;
  }

  ChangeState state() {
    return ChangeState.valueOf(row.state);
  }

  /** The version this change will have once the unit commits (what the API returns). */
  long pendingVersion() {
    return inserted && dirty ? persistedVersion + 1 : row.version;
  }

  List<UUID> cis() {
    return cis;
  }

  List<ChangeTaskRow> tasks() {
    return tasks;
  }

  List<ApprovalRow> approvals() {
    return approvals;
  }

  @Override
  public boolean isStale(ItsmSession session) {
    if (!inserted) {
      return false;
    }
    Long stored = session.mapper(TicketMapper.class).selectVersion(row.id);
    return stored != null && stored != persistedVersion;
  }

  /** Records an audited change of a field; returns whether the value differs (the caller then sets it). */
  boolean change(ItsmSession session, String action, String field, Object oldValue, Object newValue) {
    if (Objects.equals(oldValue, newValue)) {
      return false;
    }
    session.audit(row.id, row.tenantId, action, field, oldValue, newValue);
    dirty = true;
    row.updatedBy = session.actor().id();
    return true;
  }

  void setState(ItsmSession session, String action, ChangeState state) {
    if (change(session, action, "state", row.state, state.name())) {
      row.state = state.name();
    }
  }

  /** Marks the row changed without an audited field (e.g. the process instance id). */
  void touch() {
    dirty = true;
  }

  void addCi(UUID ciId) {
    if (!cis.contains(ciId)) {
      cis.add(ciId);
      newCis.add(ciId);
      dirty = true;
    }
  }

  /** Records a task's outcome (audited); written at flush. */
  void taskDone(ItsmSession session, ChangeTaskRow task, String outcome, String note) {
    session.audit(row.id, row.tenantId, "task", "tasks[" + task.idx + "]", task.outcome, outcome);
    task.outcome = outcome;
    task.note = note;
    task.doneBy = session.actor().id();
    task.doneAt = session.now();
    changedTasks.add(task);
    dirty = true;
  }

  void addApproval(ItsmSession session, ApprovalRow approval) {
    session.audit(row.id, row.tenantId, "vote", "approval." + approval.level, null,
        approval.approverId + ":" + approval.vote);
    approvals.add(approval);
    newApprovals.add(approval);
    dirty = true;
  }

  @Override
  public void flush(ItsmSession session) {
    TicketMapper tickets = session.mapper(TicketMapper.class);
    ChangeMapper mapper = session.mapper(ChangeMapper.class);
    row.hasCis = !cis.isEmpty();
    if (!inserted) {
      row.updatedAt = session.now();
      tickets.insertTicket(row);
      mapper.insertChange(row);
      inserted = true;
      persistedVersion = row.version;
      changedTasks.forEach(mapper::insertTask);
    } else if (dirty) {
      row.version = persistedVersion + 1;
      row.updatedAt = session.now();
      if (tickets.updateTicket(row, persistedVersion) != 1) {
        row.version = persistedVersion;
        throw new ConcurrentUpdateException("Expected to update change " + row.number + " at version "
            + persistedVersion + ", but another transaction changed it first; reload and retry");
      }
      mapper.updateChange(row);
      persistedVersion = row.version;
      changedTasks.forEach(mapper::updateTask);
    }
    for (UUID ci : newCis) {
      tickets.insertCi(row.id, ci);
    }
    newApprovals.forEach(mapper::insertApproval);
    newApprovals.clear();
    newCis.clear();
    changedTasks.clear();
    dirty = false;
  }
}
