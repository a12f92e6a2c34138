package dev.itsm.internal.problem;

import dev.itsm.api.problem.ProblemState;
import dev.itsm.internal.persistence.ProblemMapper;
import dev.itsm.internal.persistence.ProblemRow;
import dev.itsm.internal.persistence.ProblemTaskRow;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.process.LoadedTicket;
import dev.itsm.internal.tx.ItsmSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A problem in a unit of work: its row, CIs and analysis tasks. Every change of the row goes through
 * {@link #change}, which records the audit entry; {@link #flush} writes the row once with the version
 * check, then new CIs and new and changed tasks.
 */
final class LoadedProblem extends LoadedTicket<ProblemRow> {
  private final List<ProblemTaskRow> tasks;
  private final List<ProblemTaskRow> newTasks = new ArrayList<>();
  private final Set<ProblemTaskRow> changedTasks = new LinkedHashSet<>();

  private LoadedProblem(ProblemRow row, boolean inserted, List<UUID> cis, List<ProblemTaskRow> tasks) {
    super(row, inserted, cis);
    this.tasks = new ArrayList<>(tasks);
  }

  /** A new problem; written at the next flush. */
  static LoadedProblem create(ProblemRow row, List<UUID> cis) {
    LoadedProblem problem = new LoadedProblem(row, false, List.of(), List.of());
    cis.forEach(problem::addCi);
    problem.touch();
    return problem;
  }

  /** The problem with its CIs and tasks; {@code null} if there is no problem with that id. */
  static LoadedProblem load(ItsmSession session, UUID id) {
    ProblemMapper mapper = session.mapper(ProblemMapper.class);
    ProblemRow row = mapper.selectProblem(id);
    if (row == null) {
      return null;
    }
    List<UUID> cis = row.hasCis
        ? session.mapper(TicketMapper.class).selectCis(List.of(id)).stream().map(r -> r.ciId).toList() : List.of();
    return new LoadedProblem(row, true, cis, mapper.selectTasks(List.of(id)));
  }

  /** A read-only view for query results. */
  static LoadedProblem readOnly(ProblemRow row, List<UUID> cis, List<ProblemTaskRow> tasks) {
    return new LoadedProblem(row, true, cis, tasks);
  }

  @Override
  public String kind() {
    return "problem";
  }

  ProblemState state() {
    return ProblemState.valueOf(row().state);
  }

  List<ProblemTaskRow> tasks() {
    return tasks;
  }

  void setState(ItsmSession session, String action, ProblemState state) {
    if (change(session, action, "state", row().state, state.name())) {
      row().state = state.name();
    }
  }

  void addTask(ItsmSession session, ProblemTaskRow task) {
    session.audit(row().id, row().tenantId, "add-task", "tasks[" + task.idx + "]", null, task.assigneeId + ": " + task.title);
    tasks.add(task);
    newTasks.add(task);
    touch();
  }

  void taskDone(ItsmSession session, ProblemTaskRow task, String findings) {
    session.audit(row().id, row().tenantId, "complete-task", "tasks[" + task.idx + "]", null, findings);
    task.findings = findings;
    task.doneBy = session.actor().id();
    task.doneAt = session.now();
    if (!newTasks.contains(task)) {
      changedTasks.add(task);
    }
    touch();
  }

  @Override
  protected void insertDetail(ItsmSession session) {
    session.mapper(ProblemMapper.class).insertProblem(row());
  }

  @Override
  protected void updateDetail(ItsmSession session) {
    session.mapper(ProblemMapper.class).updateProblem(row());
  }

  @Override
  protected void flushChildren(ItsmSession session) {
    ProblemMapper mapper = session.mapper(ProblemMapper.class);
    newTasks.forEach(mapper::insertTask);
    changedTasks.forEach(mapper::updateTask);
    newTasks.clear();
    changedTasks.clear();
  }
}
