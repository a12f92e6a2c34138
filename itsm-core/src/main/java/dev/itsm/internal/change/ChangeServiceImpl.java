package dev.itsm.internal.change;

import static dev.itsm.api.change.ChangeState.*;
import static dev.itsm.api.process.ChangeProcess.*;
import static dev.itsm.internal.persistence.TicketLinks.CAUSED_BY_CHANGE;
import static dev.itsm.internal.persistence.TicketLinks.FIXES_PROBLEM;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.Cause;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Page;
import dev.itsm.api.Permission;
import dev.itsm.api.Priority;
import dev.itsm.api.Roles;
import dev.itsm.api.TicketRef;
import dev.itsm.api.TicketType;
import dev.itsm.api.change.Approval;
import dev.itsm.api.change.ApprovalLevel;
import dev.itsm.api.change.ChangeQuery;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeTemplate;
import dev.itsm.api.change.ChangeType;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.change.Risk;
import dev.itsm.api.change.Vote;
import dev.itsm.api.event.EventTypes;
import dev.itsm.internal.cmdb.LiveItems;
import dev.itsm.internal.cmdb.PlannedChanges;
import dev.itsm.internal.incident.Check;
import dev.itsm.internal.incident.NumberSequences;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.ApprovalRow;
import dev.itsm.internal.persistence.ChangeCriteria;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.persistence.ChangeRow;
import dev.itsm.internal.persistence.ChangeTaskRow;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.persistence.PlanRow;
import dev.itsm.internal.persistence.WindowRow;
import dev.itsm.api.change.ChangeCalendar;
import dev.itsm.api.change.ChangeWindow;
import dev.itsm.api.change.Conflict;
import dev.itsm.api.change.WindowDefinition;
import dev.itsm.api.change.WindowKind;
import dev.itsm.internal.process.ProcessSteps;
import dev.itsm.internal.process.TicketProcessSupport;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import dev.itsm.spi.Directory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.persistence.entity.TaskEntity;

/** Change operations: check permission, load and check, change, drive the change process. */
public final class ChangeServiceImpl implements ChangeService {
  private static final int MAX_TASKS = 100;
  private static final int MAX_STEP = 100;
  /** Most affected CIs, and most planned CI changes, of one change. */
  private static final int MAX_ITEMS = 500;
  private static final Map<ApprovalLevel, String> APPROVAL_TASKS = new LinkedHashMap<>();

  static {
    APPROVAL_TASKS.put(ApprovalLevel.TECHNICAL, TASK_TECHNICAL_APPROVAL);
    APPROVAL_TASKS.put(ApprovalLevel.CHANGE_MANAGER, TASK_MANAGER_APPROVAL);
    APPROVAL_TASKS.put(ApprovalLevel.CAB, TASK_CAB_APPROVAL);
    APPROVAL_TASKS.put(ApprovalLevel.ECAB, TASK_ECAB_APPROVAL);
  }

  private final Tx tx;
  private final AccessPolicy access;
  private final ChangeSettings settings;
  private final Directory directory;
  private final NumberSequences numbers;
  private final ProcessSteps steps;
  private final ChangeRisk risk;
  private final PlannedChanges planned;
  private final ChangeLifecycle lifecycle;
  private final Conflicts conflicts;
  private final dev.itsm.internal.cmdb.CmdbServiceImpl cmdb;
  private final ProcessEngine engine;
  /** Told when a change closed, was rejected or cancelled (problem management follows its fixes). */
  private volatile java.util.function.BiConsumer<ItsmSession, ChangeRow> ended = (s, row) -> { };

  public ChangeServiceImpl(Tx tx, AccessPolicy access, ChangeSettings settings, Directory directory,
                           NumberSequences numbers, ProcessEngine engine, dev.itsm.internal.cmdb.CmdbServiceImpl cmdb) {
    this.tx = tx;
    this.access = access;
    this.settings = settings;
    this.directory = directory;
    this.numbers = numbers;
    this.steps = new ProcessSteps(engine, Set.of(TIMER_ECAB, TIMER_NOT_STARTED));
    this.risk = new ChangeRisk(engine.getDecisionService(), cmdb, settings.failureHistory());
    this.planned = new PlannedChanges(cmdb);
    this.lifecycle = new ChangeLifecycle(settings, directory);
    this.conflicts = new Conflicts(settings, cmdb);
    this.cmdb = cmdb;
    this.engine = engine;
  }

  /** Sets what runs, in the same unit of work, when a change ends (closed, rejected or cancelled). */
  public void onEnded(java.util.function.BiConsumer<ItsmSession, ChangeRow> listener) {
    this.ended = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** The calls of the change model's steps. */
  public TicketProcessSupport.ChangeSteps processSteps() {
    return new TicketProcessSupport.ChangeSteps() {
      @Override
      public void enterState(ItsmSession session, UUID ticketId, String state) {
        ChangeState target;
        try {
          target = ChangeState.valueOf(state);
        } catch (IllegalArgumentException | NullPointerException e) {
          throw new dev.itsm.api.ItsmConfigurationException("Expected the process to enter a change state "
              + Arrays.toString(ChangeState.values()) + ", but it asked for '" + state + "'");
        }
        LoadedChange change = changeOfProcess(session, ticketId);
        lifecycle.enter(session, change, target);
        if (target.isFinal()) {
          ended.accept(session, change.row());
        }
      }

      @Override
      public Instant dueDate(ItsmSession session, UUID ticketId, String timerId) {
        return lifecycle.dueDate(changeOfProcess(session, ticketId), timerId);
      }

      @Override
      public List<String> approvers(ItsmSession session, UUID ticketId, String board) {
        return boardMembers(changeOfProcess(session, ticketId), board(board));
      }

      @Override
      public void notStarted(ItsmSession session, UUID ticketId) {
        lifecycle.notStarted(session, changeOfProcess(session, ticketId));
      }
    };
  }

  private LoadedChange changeOfProcess(ItsmSession session, UUID id) {
    LoadedChange change = find(session, id);
    if (change == null) {
      throw new dev.itsm.api.ItsmConfigurationException("Expected the process to belong to a change, but there is no change " + id);
    }
    session.changed();
    return change;
  }

  private static ApprovalLevel board(String board) {
    if ("CAB".equals(board)) {
      return ApprovalLevel.CAB;
    }
    if ("ECAB".equals(board)) {
      return ApprovalLevel.ECAB;
    }
    throw new dev.itsm.api.ItsmConfigurationException("Expected the process to ask for the members of board CAB or ECAB, "
        + "but it asked for '" + board + "'");
  }

  /** The voters of a board: its group's members without the change's requester and implementer. */
  private List<String> boardMembers(LoadedChange change, ApprovalLevel board) {
    String group = board == ApprovalLevel.CAB ? settings.cabGroup() : settings.ecabGroup();
    Set<String> members = new TreeSet<>(directory.members(group));
    members.remove(change.row().callerId);
    members.remove(change.row().implementerId);
    var rule = board == ApprovalLevel.CAB ? settings.cabRule() : settings.ecabRule();
    int needed = rule.kind() == dev.itsm.api.change.CabRule.Kind.QUORUM ? rule.quorum() : 1;
    if (members.size() < needed) {
      throw new dev.itsm.api.ItsmConfigurationException("Expected the " + board + " group '" + group + "' to have at least "
          + needed + " member(s) besides requester " + change.row().callerId + " and implementer "
          + change.row().implementerId + " to vote on " + change.number() + ", but it has " + members.size());
    }
    return List.copyOf(members);
  }

  // ---------------------------------------------------------------- submit

  @Override
  public ChangeRequest submit(Actor actor, NewChange change) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_REQUEST);
      Check.required("change", change);
      ChangeType type = Check.required("type", change.type());
      ChangeTemplate template = template(type, change.templateCode());
      String title = template != null && change.title() == null ? template.title() : Check.text("title", change.title(), 200);
      String description = template != null && change.description() == null ? template.description()
          : Check.optionalText("description", change.description(), 4000);
      String group = change.groupId() == null ? null : Check.group(directory, change.groupId());
      String implementer = Check.text("implementerId", change.implementerId(), 64);
      Instant start = Check.required("plannedStart", change.plannedStart());
      Instant end = Check.required("plannedEnd", change.plannedEnd());
      Instant now = s.now();
      checkWindow(start, end, now, template, "plannedStart", "plannedEnd");
      String backout = Check.optionalText("backoutPlan", change.backoutPlan(), 4000);
      if (template != null && !change.tasks().isEmpty()) {
        throw new InvalidValueException("tasks", "Expected the pre-approved tasks of template " + template.code()
            + " for a standard change, but " + change.tasks().size() + " tasks of its own are given");
      }
      if (template != null && !change.plannedCiChanges().isEmpty()) {
        throw new InvalidValueException("plannedCiChanges", "Expected no planned CI changes on a standard change (template "
            + template.code() + " is pre-approved without them), but " + change.plannedCiChanges().size() + " are given");
      }
      if (change.affectedCis().size() > MAX_ITEMS || change.plannedCiChanges().size() > MAX_ITEMS) {
        throw new InvalidValueException(change.affectedCis().size() > MAX_ITEMS ? "affectedCis" : "plannedCiChanges",
            "Expected at most " + MAX_ITEMS + " affected CIs and " + MAX_ITEMS + " planned CI changes, but there are "
            + change.affectedCis().size() + " and " + change.plannedCiChanges().size());
      }
      List<NewChange.Task> tasks = tasks(change, template);
      Set<UUID> cis = new LinkedHashSet<>();
      for (int i = 0; i < change.affectedCis().size(); i++) {
        UUID id = change.affectedCis().get(i);
        String path = "affectedCis[" + i + "]";
        if (id == null) {
          throw new InvalidInputException(path, "Expected a CI id at " + path + ", but it is missing");
        }
        if (!cis.add(id)) {
          throw new InvalidValueException(path, "Expected each affected CI once, but " + id + " is named twice");
        }
        LiveItems.require(s, actor.tenantId(), path, id);
      }
      PlannedChanges.Checked ciChanges = planned.check(s, actor.tenantId(), change.plannedCiChanges());
      cis.addAll(ciChanges.touched());
      List<UUID> affected = List.copyOf(cis);

      List<Conflict> found = conflicts.detect(s, new Conflicts.Plan(actor.tenantId(), null, affected, implementer, start, end));
      Conflicts.enforce(s, found, "submit", "'" + title + "'", null, null);

      Risk assessed = null;
      Map<String, Object> inputs = null;
      if (type == ChangeType.NORMAL) {
        inputs = risk.inputs(s, actor.tenantId(), affected, change.outage(), backout != null,
            tasks.size() + change.plannedCiChanges().size());
        assessed = risk.decide(inputs);
      }
      NumberSequences.Numbered number = numbers.next(s, actor.tenantId(), TicketType.CHANGE);
      ChangeRow row = new ChangeRow();
      row.id = UUID.randomUUID();
      row.tenantId = actor.tenantId();
      row.ticketType = TicketType.CHANGE;
      row.number = number.number();
      row.numberSeq = number.value();
      row.title = title;
      row.description = description;
      row.state = NEW.name();
      row.priority = priority(type, assessed);
      row.groupId = group;
      row.assigneeId = implementer;
      row.callerId = actor.id();
      row.openedAt = now;
      row.updatedAt = now;
      row.createdBy = actor.id();
      row.updatedBy = actor.id();
      row.version = 1;
      row.changeType = type.name();
      row.risk = assessed == null ? null : assessed.name();
      row.templateCode = template == null ? null : template.code();
      row.implementerId = implementer;
      row.plannedStart = start;
      row.plannedEnd = end;
      row.outage = change.outage();
      row.backoutPlan = backout;
      row.plannedCiChanges = ciChanges.json();
      row.approvalRound = 1;
      List<ChangeTaskRow> taskRows = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        ChangeTaskRow t = new ChangeTaskRow();
        t.ticketId = row.id;
        t.idx = i;
        t.title = tasks.get(i).title();
        t.step = tasks.get(i).step();
        taskRows.add(t);
      }
      LoadedChange loaded = LoadedChange.create(row, affected, taskRows);
      s.add(loaded);
      s.audit(row.id, row.tenantId, "submit", "state", null, row.state);
      if (inputs != null) {
        s.audit(row.id, row.tenantId, "assess-risk", "risk", null, assessed.name() + " " + inputs);
      }
      Conflicts.enforce(s, found, "submit", row.number, row.id, row.tenantId);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("changeType", type.name());
      data.put("risk", row.risk);
      data.put("requesterId", row.callerId);
      data.put("implementerId", implementer);
      Outbox.event(s, row, EventTypes.CHANGE_SUBMITTED, data);
      row.processInstanceId = steps.start(s, PROCESS_KEY, loaded, Map.of(VAR_TICKET_ID, row.id.toString(),
          VAR_CHANGE_TYPE, type.name(), VAR_RISK, assessed == null ? "NONE" : assessed.name(),
          VAR_DECISION, DECISION_PENDING));
      loaded.touch();
      return snapshot(s, loaded);
    });
  }

  private ChangeTemplate template(ChangeType type, String code) {
    if (type != ChangeType.STANDARD) {
      if (code != null) {
        throw new InvalidValueException("templateCode", "Expected a template only for a standard change, but this " + type
            + " change names '" + code + "'");
      }
      return null;
    }
    String c = Check.text("templateCode", code, 64);
    ChangeTemplate template = settings.templates().get(c);
    if (template == null) {
      throw new InvalidValueException("templateCode", "Expected a template of the standard change catalogue "
          + new TreeSet<>(settings.templates().keySet()) + ", but '" + c + "' is unknown");
    }
    return template;
  }

  private static List<NewChange.Task> tasks(NewChange change, ChangeTemplate template) {
    if (change.tasks().isEmpty()) {
      if (template == null) {
        return List.of(new NewChange.Task("Implement", 1));
      }
      List<NewChange.Task> fromTemplate = new ArrayList<>();
      for (int i = 0; i < template.tasks().size(); i++) {
        fromTemplate.add(new NewChange.Task(template.tasks().get(i), i + 1));
      }
      return fromTemplate;
    }
    if (change.tasks().size() > MAX_TASKS) {
      throw new InvalidValueException("tasks", "Expected at most " + MAX_TASKS + " tasks, but there are " + change.tasks().size());
    }
    for (int i = 0; i < change.tasks().size(); i++) {
      NewChange.Task t = Check.required("tasks[" + i + "]", change.tasks().get(i));
      Check.text("tasks[" + i + "].title", t.title(), 200);
      if (t.step() < 1 || t.step() > MAX_STEP) {
        throw new InvalidValueException("tasks[" + i + "].step", "Expected a step from 1 to " + MAX_STEP + ", but it is "
            + t.step());
      }
    }
    return change.tasks();
  }

  private static Priority priority(ChangeType type, Risk risk) {
    if (type == ChangeType.EMERGENCY) {
      return Priority.P1;
    }
    if (risk == null) {
      return Priority.P4;
    }
    return switch (risk) {
      case HIGH -> Priority.P2;
      case MEDIUM -> Priority.P3;
      case LOW -> Priority.P4;
    };
  }

  // ---------------------------------------------------------------- reads

  @Override
  public ChangeRequest get(Actor actor, UUID id) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_READ);
      return snapshot(s, visible(s, actor, Check.required("id", id)));
    });
  }

  @Override
  public ChangeRequest getByNumber(Actor actor, String number) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_READ);
      String n = Check.text("number", number, 32);
      s.flush();
      ChangeRow row = s.mapper(ChangeMapper.class).selectChangeByNumber(actor.tenantId(), n);
      if (row == null) {
        throw new NotFoundException("Expected a change numbered " + n + " in tenant " + actor.tenantId() + ", but there is none");
      }
      return snapshot(s, visible(s, actor, row.id));
    });
  }

  @Override
  public Page<ChangeRequest> query(Actor actor, ChangeQuery query) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_READ);
      Check.required("query", query);
      Check.page(query.offset(), query.limit(), ChangeQuery.MAX_LIMIT);
      if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
        throw new InvalidValueException("to", "Expected the period to end after " + query.from() + ", but it ends at "
            + query.to());
      }
      ChangeCriteria c = new ChangeCriteria();
      c.tenantId = actor.tenantId();
      c.states = query.states().stream().map(Enum::name).sorted().toList();
      c.types = query.types().stream().map(Enum::name).sorted().toList();
      c.requesterId = query.requesterId();
      c.affectedCi = query.affectedCi();
      c.from = query.from();
      c.to = query.to();
      c.offset = query.offset();
      c.limit = query.limit();
      s.flush();
      ChangeMapper mapper = s.mapper(ChangeMapper.class);
      List<ChangeRow> rows = mapper.selectChanges(c);
      long total = c.offset == 0 && rows.size() < c.limit ? rows.size() : mapper.countChanges(c);
      if (rows.isEmpty()) {
        return new Page<>(List.of(), total, c.offset, c.limit);
      }
      List<UUID> ids = rows.stream().map(r -> r.id).toList();
      Map<UUID, List<ChangeTaskRow>> tasks = new HashMap<>();
      mapper.selectTasks(ids).forEach(t -> tasks.computeIfAbsent(t.ticketId, k -> new ArrayList<>()).add(t));
      Map<UUID, List<UUID>> cis = new HashMap<>();
      List<UUID> withCis = rows.stream().filter(r -> r.hasCis).map(r -> r.id).toList();
      if (!withCis.isEmpty()) {
        s.mapper(TicketMapper.class).selectCis(withCis)
            .forEach(r -> cis.computeIfAbsent(r.ticketId, k -> new ArrayList<>()).add(r.ciId));
      }
      List<ChangeRequest> items = rows.stream().map(r -> snapshot(s, LoadedChange.readOnly(r, cis.getOrDefault(r.id, List.of()),
          tasks.getOrDefault(r.id, List.of())))).toList();
      return new Page<>(items, total, c.offset, c.limit);
    });
  }

  @Override
  public List<Approval> approvals(Actor actor, UUID changeId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_READ);
      LoadedChange change = visible(s, actor, Check.required("changeId", changeId));
      return change.approvals().stream().map(a -> new Approval(a.ticketId, a.round, ApprovalLevel.valueOf(a.level),
          a.approverId, Vote.valueOf(a.vote), a.comment, a.decidedAt)).toList();
    });
  }

  @Override
  public List<ChangeTemplate> templates(Actor actor) {
    access.require(Check.required("actor", actor), Permission.CHANGE_READ);
    return settings.templates().values().stream().sorted(java.util.Comparator.comparing(ChangeTemplate::code)).toList();
  }

  // ---------------------------------------------------------------- approval

  @Override
  public ChangeRequest vote(Actor actor, TicketRef ref, Vote vote, String comment) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_APPROVE);
      Check.required("vote", vote);
      String text = vote == Vote.APPROVE ? Check.optionalText("comment", comment, 2000) : Check.text("comment", comment, 2000);
      LoadedChange change = load(s, actor, ref);
      ChangeRow row = change.row();
      requireState(change, "vote on", AUTHORIZATION);
      requireNeitherRequesterNorImplementer(change, actor, "an approver who neither requested nor implements");
      ApprovalLevel level = null;
      List<TaskEntity> open = List.of();
      for (Map.Entry<ApprovalLevel, String> e : APPROVAL_TASKS.entrySet()) {
        open = steps.openTasks(change, e.getValue());
        if (!open.isEmpty()) {
          level = e.getKey();
          break;
        }
      }
      if (level == null) {
        throw steps.notWaitingAt(s, change, "an approval", "vote on");
      }
      ApprovalLevel waiting = level;
      boolean voted = change.approvals().stream().anyMatch(a -> a.round == row.approvalRound
          && a.level.equals(waiting.name()) && a.approverId.equals(actor.id()));
      if (voted) {
        throw new IllegalTransitionException(row.number, row.state, "Expected one vote by " + actor.id() + " in round "
            + row.approvalRound + " of the " + waiting + " approval of change " + row.number + ", but " + actor.id()
            + " voted already");
      }
      TaskEntity task = approverTask(change, actor, level, open);
      if (vote == Vote.APPROVE) {
        checkConflicts(s, change, "approve");
      }
      ApprovalRow approval = new ApprovalRow();
      approval.id = UUID.randomUUID();
      approval.ticketId = row.id;
      approval.round = row.approvalRound;
      approval.level = level.name();
      approval.approverId = actor.id();
      approval.vote = vote.name();
      approval.comment = text;
      approval.decidedAt = s.now();
      change.addApproval(s, approval);

      Vote decided = vote;
      if (level == ApprovalLevel.CAB || level == ApprovalLevel.ECAB) {
        // the voters the vote was opened for (the directory may have changed since)
        int members = ((Number) engine.getTaskService().getVariable(task.getId(), "nrOfInstances")).intValue();
        int approvals = 0;
        int rejections = 0;
        int infos = 0;
        for (ApprovalRow a : change.approvals()) {
          if (a.round == row.approvalRound && a.level.equals(level.name())) {
            switch (Vote.valueOf(a.vote)) {
              case APPROVE -> approvals++;
              case REJECT -> rejections++;
              case REQUEST_INFO -> infos++;
            }
          }
        }
        decided = (level == ApprovalLevel.CAB ? settings.cabRule() : settings.ecabRule())
            .decide(members, approvals, rejections, infos);
      }
      String decision = decided == null ? DECISION_PENDING : switch (decided) {
        case APPROVE -> DECISION_APPROVED;
        case REJECT -> DECISION_REJECTED;
        case REQUEST_INFO -> DECISION_INFO;
      };
      if (decided == Vote.REQUEST_INFO && change.change(s, "request-info", "infoRequest", row.infoRequest, text)) {
        row.infoRequest = text;
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("level", level.name());
      data.put("approverId", actor.id());
      data.put("vote", vote.name());
      data.put("round", row.approvalRound);
      data.put("decision", decision);
      Outbox.event(s, row, EventTypes.CHANGE_VOTED, data);
      if (level == ApprovalLevel.CAB || level == ApprovalLevel.ECAB) {
        if (decided != null) {
          steps.setVariable(s, change, VAR_DECISION, decision);   // the multi-instance's completion condition reads it
        }
        steps.complete(s, task, Map.of());
      } else {
        steps.complete(s, task, Map.of(VAR_DECISION, decision));
      }
      return snapshot(s, change);
    });
  }

  /** The approval task the actor may complete at that level, or an access error naming why not. */
  private TaskEntity approverTask(LoadedChange change, Actor actor, ApprovalLevel level, List<TaskEntity> open) {
    ChangeRow row = change.row();
    return switch (level) {
      case TECHNICAL -> {
        if (!(row.groupId != null && actor.groups().contains(row.groupId)) && !isChangeManager(actor)) {
          throw new AccessDeniedException("Expected a member of group " + row.groupId + " or a change manager to give the "
              + "technical approval of change " + row.number + ", but " + actor.id() + " is neither");
        }
        yield open.get(0);
      }
      case CHANGE_MANAGER -> {
        if (!isChangeManager(actor)) {
          throw new AccessDeniedException("Expected a change manager to approve change " + row.number + ", but "
              + actor.id() + " is not one");
        }
        yield open.get(0);
      }
      case CAB, ECAB -> open.stream().filter(t -> actor.id().equals(t.getAssignee())).findFirst()
          .orElseThrow(() -> new AccessDeniedException("Expected a member of the " + level + " with an open vote on change "
              + row.number + ", but " + actor.id() + " has none (voters: "
              + open.stream().map(TaskEntity::getAssignee).sorted().toList() + ")"));
    };
  }

  private boolean isChangeManager(Actor actor) {
    return actor.hasRole(Roles.CHANGE_MANAGER) || access.allows(actor, Permission.CHANGE_MANAGE);
  }

  @Override
  public ChangeRequest resubmit(Actor actor, TicketRef ref, String answer) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_REQUEST);
      String text = Check.text("answer", answer, 2000);
      LoadedChange change = load(s, actor, ref);
      ChangeRow row = change.row();
      requireState(change, "resubmit", INFO_REQUESTED);
      if (!actor.id().equals(row.callerId)) {
        throw new AccessDeniedException("Expected the requester " + row.callerId + " to resubmit change " + row.number
            + ", but " + actor.id() + " is not");
      }
      TaskEntity task = steps.requireTask(s, change, TASK_REVISE, "resubmit");
      checkConflicts(s, change, "resubmit");
      s.audit(row.id, row.tenantId, "resubmit", "answer", row.infoRequest, text);
      if (change.change(s, "resubmit", "infoRequest", row.infoRequest, null)) {
        row.infoRequest = null;
      }
      if (change.change(s, "resubmit", "approvalRound", row.approvalRound, row.approvalRound + 1)) {
        row.approvalRound++;
      }
      String assessed = "NONE";
      if (ChangeType.NORMAL.name().equals(row.changeType)) {
        Map<String, Object> inputs = risk.inputs(s, row.tenantId, change.cis(), row.outage, row.backoutPlan != null,
            change.tasks().size() + planned.read(s, row.plannedCiChanges).size());
        Risk again = risk.decide(inputs);
        s.audit(row.id, row.tenantId, "assess-risk", "risk", row.risk, again.name() + " " + inputs);
        row.risk = again.name();
        row.priority = priority(ChangeType.NORMAL, again);
        assessed = again.name();
      }
      steps.complete(s, task, Map.of(VAR_RISK, assessed, VAR_DECISION, DECISION_PENDING));
      return snapshot(s, change);
    });
  }

  // ---------------------------------------------------------------- implementation

  @Override
  public ChangeRequest startImplementation(Actor actor, TicketRef ref) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_IMPLEMENT);
      LoadedChange change = load(s, actor, ref);
      ChangeRow row = change.row();
      requireState(change, "start implementing", SCHEDULED);
      requireImplementer(change, actor, "start implementing");
      if (s.now().isBefore(row.plannedStart)) {
        throw new IllegalTransitionException(row.number, row.state, "Expected to start implementing change " + row.number
            + " at or after its planned start " + row.plannedStart + ", but it is " + s.now());
      }
      TaskEntity task = steps.requireTask(s, change, TASK_SCHEDULED, "start implementing");
      checkConflicts(s, change, "start implementing");
      steps.complete(s, task, Map.of());
      return snapshot(s, change);
    });
  }

  @Override
  public ChangeRequest recordTask(Actor actor, TicketRef ref, int taskIndex, ImplementationTask.Outcome outcome, String note) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_IMPLEMENT);
      Check.required("outcome", outcome);
      if (outcome == ImplementationTask.Outcome.SKIPPED) {
        throw new InvalidValueException("outcome", "Expected SUCCEEDED or FAILED, but it is SKIPPED (the engine skips the "
            + "open tasks of a failed implementation)");
      }
      String text = outcome == ImplementationTask.Outcome.FAILED ? Check.text("note", note, 2000)
          : Check.optionalText("note", note, 2000);
      LoadedChange change = load(s, actor, ref);
      ChangeRow row = change.row();
      requireState(change, "record a task of", IMPLEMENTING);
      requireImplementer(change, actor, "record a task of");
      List<ChangeTaskRow> tasks = change.tasks();
      if (taskIndex < 0 || taskIndex >= tasks.size()) {
        throw new InvalidValueException("taskIndex", "Expected a task index from 0 to " + (tasks.size() - 1) + " of change "
            + row.number + ", but it is " + taskIndex);
      }
      ChangeTaskRow task = tasks.get(taskIndex);
      if (task.outcome != null) {
        throw new IllegalTransitionException(row.number, row.state, "Expected task " + taskIndex + " '" + task.title
            + "' of change " + row.number + " to be open, but it " + task.outcome);
      }
      for (ChangeTaskRow earlier : tasks) {
        if (earlier.step < task.step && earlier.outcome == null) {
          throw new IllegalTransitionException(row.number, row.state, "Expected the tasks of step " + earlier.step
              + " to be done before task " + taskIndex + " '" + task.title + "' of step " + task.step + ", but task "
              + earlier.idx + " '" + earlier.title + "' is open");
        }
      }
      TaskEntity wait = steps.requireTask(s, change, TASK_IMPLEMENT, "record a task of");
      change.taskDone(s, task, outcome.name(), text);
      if (outcome == ImplementationTask.Outcome.FAILED) {
        for (ChangeTaskRow other : tasks) {
          if (other.outcome == null) {
            change.taskDone(s, other, ImplementationTask.Outcome.SKIPPED.name(), null);
          }
        }
        if (change.change(s, "implement", "implementationOutcome", row.implementationOutcome, "FAILED")) {
          row.implementationOutcome = "FAILED";
        }
        steps.complete(s, wait, Map.of(VAR_OUTCOME, OUTCOME_FAILED));
      } else if (tasks.stream().allMatch(t -> t.outcome != null)) {
        applyCiChanges(s, change);
        if (change.change(s, "implement", "implementationOutcome", row.implementationOutcome, "SUCCEEDED")) {
          row.implementationOutcome = "SUCCEEDED";
        }
        steps.complete(s, wait, Map.of(VAR_OUTCOME, OUTCOME_SUCCESS));
      }
      return snapshot(s, change);
    });
  }

  /** Applies the planned CI changes in this unit, under the change's cause; the change gate lets them through. */
  private void applyCiChanges(ItsmSession s, LoadedChange change) {
    ChangeRow row = change.row();
    if (row.plannedCiChanges == null) {
      return;
    }
    int count = planned.read(s, row.plannedCiChanges).size();
    ChangeGate.applying(s, Cause.of("change", row.number), () -> planned.apply(s, Actor.system(row.tenantId),
        row.plannedCiChanges));
    Instant now = s.now();
    if (change.change(s, "apply-ci-changes", "ciChangesAppliedAt", row.ciChangesAppliedAt, now)) {
      row.ciChangesAppliedAt = now;
    }
    Outbox.event(s, row, EventTypes.CHANGE_CI_CHANGES_APPLIED, Map.of("count", count));
  }

  @Override
  public ChangeRequest completeBackout(Actor actor, TicketRef ref, String note) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_IMPLEMENT);
      String text = Check.text("note", note, 2000);
      LoadedChange change = load(s, actor, ref);
      requireState(change, "complete the backout of", BACKING_OUT);
      requireImplementer(change, actor, "complete the backout of");
      TaskEntity task = steps.requireTask(s, change, TASK_BACKOUT, "complete the backout of");
      s.audit(change.id(), change.row().tenantId, "backout", "backoutNote", null, text);
      steps.complete(s, task, Map.of());
      return snapshot(s, change);
    });
  }

  @Override
  public ChangeRequest recordRetrospective(Actor actor, TicketRef ref, String findings) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_MANAGE);
      String text = Check.text("findings", findings, 4000);
      LoadedChange change = load(s, actor, ref);
      ChangeRow row = change.row();
      requireState(change, "record the retrospective of", REVIEW);
      requireNeitherRequesterNorImplementer(change, actor, "a reviewer who neither requested nor implemented");
      TaskEntity task = steps.requireTask(s, change, TASK_RETROSPECTIVE, "record the retrospective of");
      if (change.change(s, "retrospective", "retrospective", row.retrospective, text)) {
        row.retrospective = text;
      }
      steps.complete(s, task, Map.of());
      return snapshot(s, change);
    });
  }

  @Override
  public ChangeRequest close(Actor actor, TicketRef ref, CloseCode code, String notes) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_MANAGE);
      Check.required("code", code);
      String text = Check.optionalText("notes", notes, 4000);
      LoadedChange change = load(s, actor, ref);
      ChangeRow row = change.row();
      requireState(change, "close", REVIEW);
      Set<CloseCode> allowed = "SUCCEEDED".equals(row.implementationOutcome)
          ? EnumSet.of(CloseCode.SUCCESSFUL, CloseCode.SUCCESSFUL_WITH_ISSUES)
          : EnumSet.of(CloseCode.FAILED, CloseCode.BACKED_OUT);
      if (!allowed.contains(code)) {
        throw new InvalidValueException("code", "Expected a close code " + allowed + " for change " + row.number
            + " whose implementation " + row.implementationOutcome + ", but it is " + code);
      }
      if (code != CloseCode.SUCCESSFUL && text == null) {
        throw new InvalidInputException("notes", "Expected review notes for close code " + code + ", but they are blank");
      }
      TaskEntity task = steps.requireTask(s, change, TASK_REVIEW, "close");
      if (change.change(s, "close", "closeCode", row.closeCode, code.name())) {
        row.closeCode = code.name();
      }
      if (change.change(s, "close", "closeNotes", row.closeNotes, text)) {
        row.closeNotes = text;
      }
      steps.complete(s, task, Map.of());
      return snapshot(s, change);
    });
  }

  private List<Conflict> checkConflicts(ItsmSession s, LoadedChange change, String step) {
    List<Conflict> found = conflicts.detect(s, plan(change));
    Conflicts.enforce(s, found, step, change.number(), change.id(), change.row().tenantId);
    return found;
  }

  private static Conflicts.Plan plan(LoadedChange change) {
    ChangeRow row = change.row();
    return new Conflicts.Plan(row.tenantId, row.id, change.cis(), row.implementerId, row.plannedStart, row.plannedEnd);
  }

  @Override
  public ChangeRequest reschedule(Actor actor, TicketRef ref, Instant start, Instant end) {
    return tx.execute(actor, s -> {
      requireRequestOrManage(actor);
      Check.required("start", start);
      Check.required("end", end);
      LoadedChange change = load(s, actor, ref);
      ChangeRow row = change.row();
      requireState(change, "reschedule", AUTHORIZATION, INFO_REQUESTED, SCHEDULED);
      requireRequesterOrManager(change, actor, "reschedule");
      checkWindow(start, end, s.now(), row.templateCode == null ? null : settings.templates().get(row.templateCode),
          "start", "end");
      List<Conflict> found = conflicts.detect(s, new Conflicts.Plan(row.tenantId, row.id, change.cis(), row.implementerId,
          start, end));
      Conflicts.enforce(s, found, "reschedule", row.number, null, null);   // before anything is written
      if (change.change(s, "reschedule", "plannedStart", row.plannedStart, start)) {
        row.plannedStart = start;
      }
      if (change.change(s, "reschedule", "plannedEnd", row.plannedEnd, end)) {
        row.plannedEnd = end;
      }
      Conflicts.enforce(s, found, "reschedule", row.number, row.id, row.tenantId);
      steps.rearm(s, change, lifecycle::dueDate);
      return snapshot(s, change);
    });
  }

  @Override
  public List<Conflict> conflicts(Actor actor, UUID changeId) {
    // a read: outside a unit of work it runs without a transaction (see Tx.read)
    return tx.read(actor, s -> {
      access.require(actor, Permission.CHANGE_READ);
      Check.required("changeId", changeId);
      Conflicts.Plan plan;
      if (s.known(changeId) instanceof LoadedChange known) {   // this unit's view of it
        LoadedChange change = visible(s, actor, known.id());
        if (change.state().isFinal()) {
          return List.of();
        }
        plan = plan(change);
      } else {
        // the plan needs nothing else of the change: its window, implementer and CIs, in one statement
        List<PlanRow> rows = s.mapper(ChangeMapper.class).selectPlan(changeId);
        if (rows.isEmpty() || !actor.tenantId().equals(rows.get(0).tenantId)) {
          throw new NotFoundException("Expected a change with id " + changeId + " visible to " + actor.id()
              + ", but there is none");
        }
        PlanRow row = rows.get(0);
        if (ChangeState.valueOf(row.state).isFinal()) {
          return List.of();
        }
        List<UUID> cis = rows.stream().map(r -> r.ciId).filter(java.util.Objects::nonNull).toList();
        plan = new Conflicts.Plan(row.tenantId, row.id, cis, row.implementerId, row.plannedStart, row.plannedEnd);
      }
      return conflicts.detect(s, plan);
    });
  }

  @Override
  public ChangeWindow defineWindow(Actor actor, WindowDefinition window) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_MANAGE);
      Check.required("window", window);
      WindowKind kind = Check.required("kind", window.kind());
      String name = Check.text("name", window.name(), 200);
      Instant start = Check.required("start", window.start());
      Instant end = Check.required("end", window.end());
      if (!end.isAfter(start)) {
        throw new InvalidValueException("end", "Expected window \"" + name + "\" to end after its start " + start
            + ", but it ends at " + end);
      }
      if (kind == WindowKind.MAINTENANCE && window.ciId() == null) {
        throw new InvalidInputException("ciId", "Expected the CI or service of maintenance window \"" + name
            + "\", but it is missing (only a freeze may be global)");
      }
      if (window.ciId() != null) {
        LiveItems.require(s, actor.tenantId(), "ciId", window.ciId());
      }
      WindowRow row = new WindowRow();
      row.id = UUID.randomUUID();
      row.tenantId = actor.tenantId();
      row.kind = kind.name();
      row.name = name;
      row.ciId = window.ciId();
      row.startAt = start;
      row.endAt = end;
      row.createdBy = actor.id();
      row.createdAt = s.now();
      s.changed();
      s.mapper(ChangeMapper.class).insertWindow(row);
      if (kind == WindowKind.FREEZE && end.isAfter(s.now())) {
        FreezeAlerts.arm(row.id, start.isAfter(s.now()) ? start : s.now());
      }
      return window(row);
    });
  }

  @Override
  public void removeWindow(Actor actor, UUID windowId) {
    tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_MANAGE);
      Check.required("windowId", windowId);
      ChangeMapper mapper = s.mapper(ChangeMapper.class);
      WindowRow window = mapper.selectWindow(windowId);
      if (window == null || !window.tenantId.equals(actor.tenantId())) {
        throw new NotFoundException("Expected a change window with id " + windowId + ", but there is none");
      }
      s.changed();
      mapper.deleteWindow(actor.tenantId(), windowId);
      return null;
    });
  }

  @Override
  public ChangeCalendar calendar(Actor actor, Instant from, Instant to) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_READ);
      Check.period(from, to);
      EnumSet<ChangeState> shown = EnumSet.complementOf(EnumSet.of(CANCELLED, REJECTED));
      Page<ChangeRequest> planned = query(actor, new ChangeQuery(shown, null, null, null, from, to, 0,
          ChangeQuery.MAX_LIMIT));
      if (planned.total() > ChangeQuery.MAX_LIMIT) {
        throw new InvalidValueException("to", "Expected at most " + ChangeQuery.MAX_LIMIT + " changes in the period, but "
            + planned.total() + " are planned in it; ask for a shorter period");
      }
      List<ChangeWindow> windows = s.mapper(ChangeMapper.class).selectWindowsDuring(actor.tenantId(), from, to).stream()
          .map(ChangeServiceImpl::window).toList();
      return new ChangeCalendar(from, to, planned.items(), windows);
    });
  }

  /** The API view of a window row. */
  public static ChangeWindow window(WindowRow r) {
    return new ChangeWindow(r.id, WindowKind.valueOf(r.kind), r.name, r.ciId, r.startAt, r.endAt, r.createdBy, r.createdAt);
  }

  /**
   * The freeze windows overlapping {@code [start, end)} that are global or of one of the CIs in {@code scope} (a
   * release's deployment window), as conflicts with the policy the settings give freezes.
   *
   * @param what names the window in the reasons, e.g. {@code the deployment window of staging}
   */
  public List<Conflict> freezes(ItsmSession s, String tenantId, java.util.Collection<UUID> scope, Instant start,
                                Instant end, String what) {
    s.flush();
    List<Conflict> found = new ArrayList<>();
    for (WindowRow w : s.mapper(ChangeMapper.class).selectPlanWindows(tenantId, start, end, scope)) {
      if (WindowKind.FREEZE.name().equals(w.kind)) {
        found.add(new Conflict(dev.itsm.api.change.ConflictKind.FREEZE,
            settings.conflictPolicies().get(dev.itsm.api.change.ConflictKind.FREEZE), what + " " + start + ".." + end
            + " overlaps " + (w.ciId == null ? "the global" : "CI " + w.ciId + "'s") + " freeze window \"" + w.name + "\" "
            + w.startAt + ".." + w.endAt, null, null, w.ciId, w.id));
      }
    }
    return found;
  }

  /** A freeze window began: alert about every change being implemented in its scope. */
  void freezeBegins(ItsmSession s, UUID windowId) {
    ChangeMapper mapper = s.mapper(ChangeMapper.class);
    WindowRow window = mapper.selectWindow(windowId);
    if (window == null) {
      return;   // removed before it began
    }
    for (UUID id : mapper.selectIdsInStates(window.tenantId, List.of(IMPLEMENTING.name(), BACKING_OUT.name()))) {
      LoadedChange change = find(s, id);
      if (window.ciId != null) {
        Set<UUID> scope = new LinkedHashSet<>(change.cis());
        cmdb.affectedServices(s, window.tenantId, change.cis()).forEach(service -> scope.add(service.id()));
        if (!scope.contains(window.ciId)) {
          continue;
        }
      }
      lifecycle.freezeAlert(s, change, window);
    }
  }


  @Override
  public void linkCausedIncident(Actor actor, UUID changeId, UUID incidentId) {
    tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_WORK);
      LoadedChange change = visible(s, actor, Check.required("changeId", changeId));
      Check.required("incidentId", incidentId);
      dev.itsm.internal.persistence.IncidentRow incident = s.mapper(TicketMapper.class).selectIncident(incidentId);
      if (incident == null || !access.sees(actor, incident)) {   // one the actor may not see is reported like an unknown one
        throw new InvalidValueException("incidentId", "Expected an incident of tenant " + actor.tenantId() + ", but there is no "
            + "incident " + incidentId);
      }
      ChangeRow row = change.row();
      if (row.implementationOutcome == null && change.state() != IMPLEMENTING) {
        throw new IllegalTransitionException(row.number, row.state, "Expected a change that was implemented to have caused "
            + incident.number + ", but change " + row.number + " is " + row.state + " and was never implemented");
      }
      ChangeMapper mapper = s.mapper(ChangeMapper.class);
      s.flush();
      if (mapper.selectLinkedFrom(row.id, CAUSED_BY_CHANGE).contains(incidentId)) {
        throw new InvalidValueException("incidentId", "Expected an incident not linked to change " + row.number + " yet, but "
            + incident.number + " is linked already");
      }
      s.changed();
      mapper.insertLink(incidentId, row.id, CAUSED_BY_CHANGE, row.tenantId, actor.id(), s.now());
      s.audit(row.id, row.tenantId, "link", "causedIncidents", null, incident.number);
      s.audit(incidentId, row.tenantId, "link", "causedByChange", null, row.number);
      Outbox.event(s, row, EventTypes.CHANGE_INCIDENT_LINKED, Map.of("incidentId", incidentId.toString(),
          "incidentNumber", incident.number));
      return null;
    });
  }

  @Override
  public List<UUID> causedIncidents(Actor actor, UUID changeId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_READ);
      LoadedChange change = visible(s, actor, Check.required("changeId", changeId));
      s.flush();
      return access.visibleIncidents(s, actor, s.mapper(ChangeMapper.class).selectLinkedFrom(change.id(), CAUSED_BY_CHANGE));
    });
  }

  @Override
  public List<UUID> fixedProblems(Actor actor, UUID changeId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.CHANGE_READ);
      LoadedChange change = visible(s, actor, Check.required("changeId", changeId));
      s.flush();
      return s.mapper(dev.itsm.internal.persistence.ProblemMapper.class).selectLinkedTo(change.id(), FIXES_PROBLEM);
    });
  }

  @Override
  public dev.itsm.api.change.ChangeReport report(Actor actor, Instant from, Instant to) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.REPORT_READ);
      Check.period(from, to);
      s.flush();
      ChangeMapper mapper = s.mapper(ChangeMapper.class);
      Map<String, Long> counts = new HashMap<>();
      for (Map<String, Object> row : mapper.countClosed(actor.tenantId(), from, to)) {
        counts.put(String.valueOf(value(row, "outcome")), ((Number) value(row, "n")).longValue());
      }
      Map<String, Object> causing = mapper.countCausing(actor.tenantId(), from, to);
      long successful = counts.getOrDefault(CloseCode.SUCCESSFUL.name(), 0L);
      long withIssues = counts.getOrDefault(CloseCode.SUCCESSFUL_WITH_ISSUES.name(), 0L);
      long failed = counts.getOrDefault(CloseCode.FAILED.name(), 0L);
      long backedOut = counts.getOrDefault(CloseCode.BACKED_OUT.name(), 0L);
      return new dev.itsm.api.change.ChangeReport(from, to, successful + withIssues + failed + backedOut, successful,
          withIssues, failed, backedOut, counts.getOrDefault(REJECTED.name(), 0L), counts.getOrDefault(CANCELLED.name(), 0L),
          ((Number) value(causing, "changes")).longValue(), ((Number) value(causing, "incidents")).longValue());
    });
  }

  /** A column of a map result, whatever case the database gave its name. */
  private static Object value(Map<String, Object> row, String column) {
    for (Map.Entry<String, Object> e : row.entrySet()) {
      if (e.getKey().equalsIgnoreCase(column)) {
        return e.getValue();
      }
    }
    throw new IllegalStateException("no column " + column + " in " + row.keySet());
  }

  @Override
  public ChangeRequest cancel(Actor actor, TicketRef ref, String reason) {
    return tx.execute(actor, s -> {
      requireRequestOrManage(actor);
      String text = Check.text("reason", reason, 500);
      LoadedChange change = load(s, actor, ref);
      ChangeRow row = change.row();
      requireState(change, "cancel", NEW, AUTHORIZATION, INFO_REQUESTED, SCHEDULED);
      requireRequesterOrManager(change, actor, "cancel");
      if (change.change(s, "cancel", "cancelReason", row.cancelReason, text)) {
        row.cancelReason = text;
      }
      if (change.change(s, "cancel", "closeCode", row.closeCode, CloseCode.CANCELLED.name())) {
        row.closeCode = CloseCode.CANCELLED.name();
      }
      steps.deliver(s, change, MESSAGE_CANCEL, "cancel");
      return snapshot(s, change);
    });
  }

  /** A planned window: ending after it starts, not in the past, no longer than a standard change's template allows. */
  private static void checkWindow(Instant start, Instant end, Instant now, ChangeTemplate template, String startField,
                                  String endField) {
    if (!end.isAfter(start)) {
      throw new InvalidValueException(endField, "Expected the planned window to end after its start " + start
          + ", but it ends at " + end);
    }
    if (start.isBefore(now)) {
      throw new InvalidValueException(startField, "Expected a planned window that is not in the past, but it starts at "
          + start + ", before now (" + now + ")");
    }
    if (template != null && Duration.between(start, end).compareTo(template.maxDuration()) > 0) {
      throw new InvalidValueException(endField, "Expected a window of at most " + template.maxDuration()
          + " for standard change " + template.code() + ", but it is " + Duration.between(start, end));
    }
  }

  /** Segregation of duties for approvals and the retrospective: {@code expected} names who may. */
  private static void requireNeitherRequesterNorImplementer(LoadedChange change, Actor actor, String expected) {
    ChangeRow row = change.row();
    if (actor.id().equals(row.callerId) || actor.id().equals(row.implementerId)) {
      throw new AccessDeniedException("Expected " + expected + " change " + row.number + ", but " + actor.id() + " is its "
          + (actor.id().equals(row.callerId) ? "requester" : "implementer"));
    }
  }

  /** The permission of steps a requester takes on their own change and a change manager on any. */
  private void requireRequestOrManage(Actor actor) {
    if (!access.allows(actor, Permission.CHANGE_MANAGE)) {
      access.require(actor, Permission.CHANGE_REQUEST);
    }
  }

  private void requireRequesterOrManager(LoadedChange change, Actor actor, String verb) {
    ChangeRow row = change.row();
    if (!actor.id().equals(row.callerId) && !access.allows(actor, Permission.CHANGE_MANAGE)) {
      throw new AccessDeniedException("Expected the requester " + row.callerId + " or a change manager to " + verb
          + " change " + row.number + ", but " + actor.id() + " is neither");
    }
  }

  /**
   * The implementer, or a member of the change's group who did not approve it (segregation of duties:
   * nobody implements a change they approved).
   */
  private static void requireImplementer(LoadedChange change, Actor actor, String verb) {
    ChangeRow row = change.row();
    if (!actor.id().equals(row.implementerId) && !(row.groupId != null && actor.groups().contains(row.groupId))) {
      throw new AccessDeniedException("Expected the implementer " + row.implementerId
          + (row.groupId == null ? "" : " or a member of group " + row.groupId) + " to " + verb + " change " + row.number
          + ", but " + actor.id() + " is " + (row.groupId == null ? "not" : "neither"));
    }
    if (change.approvals().stream().anyMatch(a -> a.approverId.equals(actor.id()) && Vote.APPROVE.name().equals(a.vote))) {
      throw new AccessDeniedException("Expected someone who did not approve change " + row.number + " to " + verb
          + " it, but " + actor.id() + " approved it");
    }
  }

  // ---------------------------------------------------------------- loading

  private LoadedChange load(ItsmSession s, Actor actor, TicketRef ref) {
    Check.required("change", ref);
    LoadedChange change = visible(s, actor, ref.id());
    change.requireVersion(ref.expectedVersion());
    return change;
  }

  /** Throws not found unless the change exists in the actor's tenant (for the audit service). */
  public void requireVisible(ItsmSession s, Actor actor, UUID id) {
    visible(s, actor, id);
  }

  /** The change if it exists in the actor's tenant; else not found (existence is not revealed). */
  private LoadedChange visible(ItsmSession s, Actor actor, UUID id) {
    LoadedChange change = find(s, id);
    if (change == null || !actor.tenantId().equals(change.row().tenantId)) {
      throw new NotFoundException("Expected a change with id " + id + " visible to " + actor.id() + ", but there is none");
    }
    return change;
  }

  /** The change of this unit of work, loaded once; {@code null} if there is none. */
  private LoadedChange find(ItsmSession s, UUID id) {
    LoadedChange change = s.ticket(id, LoadedChange.class, key -> LoadedChange.load(s, key));
    if (change != null) {
      org.slf4j.MDC.put(Tx.MDC_TICKET, change.number());
    }
    return change;
  }

  private static void requireState(LoadedChange change, String verb, ChangeState... allowed) {
    change.requireState(verb, change.state(), allowed);
  }


  private ChangeRequest snapshot(ItsmSession s, LoadedChange change) {
    ChangeRow r = change.row();
    List<ImplementationTask> tasks = change.tasks().stream().map(t -> new ImplementationTask(t.idx, t.title, t.step,
        t.outcome == null ? null : ImplementationTask.Outcome.valueOf(t.outcome), t.note, t.doneBy, t.doneAt)).toList();
    return new ChangeRequest(r.id, r.number, r.tenantId, ChangeType.valueOf(r.changeType), r.templateCode, r.title,
        r.description, change.state(), r.risk == null ? null : Risk.valueOf(r.risk), r.callerId, r.groupId, r.implementerId,
        r.plannedStart, r.plannedEnd, r.outage, r.backoutPlan, change.cis(), tasks, planned.read(s, r.plannedCiChanges),
        r.ciChangesAppliedAt, r.infoRequest, r.retrospective, r.closeCode == null ? null : CloseCode.valueOf(r.closeCode),
        r.closeNotes, r.openedAt, r.closedAt, r.processInstanceId, change.pendingVersion());
  }
}
