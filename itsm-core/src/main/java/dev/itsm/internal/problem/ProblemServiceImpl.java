package dev.itsm.internal.problem;

import static dev.itsm.api.problem.ProblemState.*;
import static dev.itsm.api.process.ProblemProcess.*;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.Cause;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Page;
import dev.itsm.api.Permission;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketRef;
import dev.itsm.api.TicketType;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.problem.AnalysisTask;
import dev.itsm.api.problem.CallerFlag;
import dev.itsm.api.problem.KnownError;
import dev.itsm.api.problem.MajorReview;
import dev.itsm.api.problem.NewKnownError;
import dev.itsm.api.problem.NewProblem;
import dev.itsm.api.problem.ProblemProposal;
import dev.itsm.api.problem.ProblemQuery;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemResolution;
import dev.itsm.api.problem.ProblemService;
import dev.itsm.api.problem.ProblemSettings;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.api.problem.WorkaroundOffer;
import dev.itsm.internal.cmdb.LiveItems;
import dev.itsm.internal.incident.Check;
import dev.itsm.internal.incident.Classification;
import dev.itsm.internal.incident.NumberSequences;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.CallerFlagRow;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.persistence.ChangeRow;
import dev.itsm.internal.persistence.IncidentRow;
import dev.itsm.internal.persistence.ProblemCriteria;
import dev.itsm.internal.persistence.ProblemMapper;
import dev.itsm.internal.persistence.ProblemRow;
import dev.itsm.internal.persistence.ProblemTaskRow;
import dev.itsm.internal.persistence.ProposalIncidentRow;
import dev.itsm.internal.persistence.ProposalRow;
import dev.itsm.internal.persistence.TicketMapper;
import static dev.itsm.internal.persistence.TicketLinks.FIXES_PROBLEM;
import static dev.itsm.internal.persistence.TicketLinks.INCIDENT_OF_PROBLEM;
import dev.itsm.internal.process.ProcessSteps;
import dev.itsm.internal.process.TicketProcesses;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import dev.itsm.spi.Directory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.persistence.entity.TaskEntity;

/** Problem operations: check permission, load and check, change, drive the problem process. */
public final class ProblemServiceImpl implements ProblemService {
  private static final int MAX_ITEMS = 500;
  private static final int MAX_TASKS = 100;
  private static final Set<String> SUCCESSFUL = Set.of(CloseCode.SUCCESSFUL.name(), CloseCode.SUCCESSFUL_WITH_ISSUES.name());
  private static final Set<IncidentState> BEING_WORKED = EnumSet.of(IncidentState.ACKNOWLEDGED, IncidentState.IN_PROGRESS,
      IncidentState.ON_HOLD);

  /** Publishes a known error as a knowledge article in the running unit; returns the article id. */
  public interface KnownErrorPublisher {
    UUID publish(ItsmSession session, Actor actor, ProblemRow problem, List<UUID> cis);
  }

  private final Tx tx;
  private final AccessPolicy access;
  private final ProblemSettings settings;
  private final Set<String> categories;
  private final Directory directory;
  private final NumberSequences numbers;
  private final ProcessSteps steps;
  private final Classification classification;
  private final IncidentService incidents;
  private final ChangeService changes;
  private final Supplier<KnownErrorPublisher> articles;
  private final Detection detection;

  public ProblemServiceImpl(Tx tx, AccessPolicy access, ProblemSettings settings, Set<String> categories,
                            Set<String> resolutionCodes, Directory directory, NumberSequences numbers, ProcessEngine engine,
                            IncidentService incidents, ChangeService changes, Supplier<KnownErrorPublisher> articles) {
    if (!resolutionCodes.contains(settings.incidentResolutionCode())) {
      throw new ItsmConfigurationException("Expected the problem settings' incidentResolutionCode to be one of the incident "
          + "resolution codes " + new java.util.TreeSet<>(resolutionCodes) + ", but it is '" + settings.incidentResolutionCode() + "'");
    }
    this.tx = tx;
    this.access = access;
    this.settings = settings;
    this.categories = Set.copyOf(categories);
    this.directory = directory;
    this.numbers = numbers;
    this.steps = new ProcessSteps(engine, Set.of());
    this.classification = new Classification(engine.getDecisionService());
    this.incidents = incidents;
    this.changes = changes;
    this.articles = articles;
    this.detection = new Detection(settings, directory, incidents);
  }

  /** The calls of the problem model's steps. */
  public TicketProcesses processSteps() {
    return new TicketProcesses() {
      @Override
      public void enterState(ItsmSession session, UUID ticketId, String state) {
        ProblemState target;
        try {
          target = ProblemState.valueOf(state);
        } catch (IllegalArgumentException | NullPointerException e) {
          throw new ItsmConfigurationException("Expected the process to enter a problem state "
              + Arrays.toString(ProblemState.values()) + ", but it asked for '" + state + "'");
        }
        LoadedProblem problem = find(session, ticketId);
        if (problem == null) {
          throw new ItsmConfigurationException("Expected the process to belong to a problem, but there is no problem " + ticketId);
        }
        session.changed();
        ProblemLifecycle.enter(session, problem, target);
      }

      @Override
      public Instant dueDate(ItsmSession session, UUID ticketId, String timerId) {
        throw new ItsmConfigurationException("Expected no timers in the problem process, but it asked for the due date of '"
            + timerId + "'");
      }
    };
  }

  /** Runs detection for an incident being opened (in its transaction). */
  public void incidentOpened(ItsmSession s, IncidentRow incident, List<UUID> cis) {
    detection.incidentOpened(s, incident, cis);
  }

  /**
   * A change ended (closed, rejected or cancelled): the problems it was to fix hear of it. A failure sends a
   * problem whose fix is in progress back to its known error.
   */
  public void changeEnded(ItsmSession s, ChangeRow change) {
    s.flush();
    List<UUID> fixed = s.mapper(ProblemMapper.class).selectLinkedTo(change.id, FIXES_PROBLEM);
    if (fixed.isEmpty()) {
      return;
    }
    String outcome = "CLOSED".equals(change.state) ? change.closeCode : change.state;
    boolean success = "CLOSED".equals(change.state) && SUCCESSFUL.contains(change.closeCode);
    for (UUID id : fixed) {
      LoadedProblem problem = find(s, id);
      if (problem == null || problem.state() != FIX_IN_PROGRESS) {
        continue;
      }
      ProblemRow row = problem.row();
      s.audit(row.id, row.tenantId, "fix-ended", "fixChange", null, change.number + " " + outcome);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("changeId", change.id.toString());
      data.put("changeNumber", change.number);
      data.put("outcome", outcome);
      data.put("success", success);
      Outbox.event(s, row, EventTypes.PROBLEM_FIX_ENDED, data);
      Set<String> recipients = new LinkedHashSet<>(directory.members(settings.problemManagers()));
      if (row.assigneeId != null) {
        recipients.add(row.assigneeId);
      }
      Outbox.notify(s, row, EventTypes.PROBLEM_FIX_ENDED, "fix-ended:" + row.id + ":" + change.id, recipients,
          success ? "Fix " + change.number + " of " + row.number + " succeeded: resolve the problem"
              : "Fix " + change.number + " of " + row.number + " ended " + outcome + ": back to the known error",
          row.title);
      if (!success) {
        steps.deliver(s, problem, MESSAGE_FIX_FAILED, "return to the known error of");
      }
    }
  }

  // ---------------------------------------------------------------- create and read

  @Override
  public ProblemRecord create(Actor actor, NewProblem problem) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_WORK);
      Check.required("problem", problem);
      return snapshot(s, create(s, actor, problem, null));
    });
  }

  private LoadedProblem create(ItsmSession s, Actor actor, NewProblem problem, UUID proposalId) {
    String title = Check.text("title", problem.title(), 200);
    String description = Check.optionalText("description", problem.description(), 4000);
    Impact impact = Check.required("impact", problem.impact());
    Urgency urgency = Check.required("urgency", problem.urgency());
    String category = problem.category() == null ? null : Check.oneOf("category", problem.category(), categories);
    String service = Check.optionalText("service", problem.service(), 64);
    String group = problem.groupId() == null ? null : Check.group(directory, problem.groupId());
    String owner = Check.optionalText("ownerId", problem.ownerId(), 64);
    List<UUID> cis = liveCis(s, actor.tenantId(), "affectedCis", problem.affectedCis());
    if (problem.incidentIds().size() > MAX_ITEMS) {
      throw new InvalidValueException("incidentIds", "Expected at most " + MAX_ITEMS + " incidents, but there are "
          + problem.incidentIds().size());
    }
    List<IncidentRow> linked = new ArrayList<>();
    Set<UUID> seen = new LinkedHashSet<>();
    for (int i = 0; i < problem.incidentIds().size(); i++) {
      String path = "incidentIds[" + i + "]";
      UUID id = problem.incidentIds().get(i);
      if (id == null) {
        throw new InvalidInputException(path, "Expected an incident id at " + path + ", but it is missing");
      }
      if (!seen.add(id)) {
        throw new InvalidValueException(path, "Expected each incident once, but " + id + " is linked twice");
      }
      linked.add(incident(s, actor, path, id));
    }
    Priority priority = classification.priority(impact, urgency);
    NumberSequences.Numbered number = numbers.next(s, actor.tenantId(), TicketType.PROBLEM);
    Instant now = s.now();
    ProblemRow row = new ProblemRow();
    row.id = UUID.randomUUID();
    row.tenantId = actor.tenantId();
    row.ticketType = TicketType.PROBLEM;
    row.number = number.number();
    row.numberSeq = number.value();
    row.title = title;
    row.description = description;
    row.state = NEW.name();
    row.priority = priority;
    row.groupId = group;
    row.assigneeId = owner;
    row.callerId = actor.id();
    row.service = service;
    row.openedAt = now;
    row.updatedAt = now;
    row.createdBy = actor.id();
    row.updatedBy = actor.id();
    row.version = 1;
    row.impact = impact;
    row.urgency = urgency;
    row.category = category;
    row.proposalId = proposalId;
    LoadedProblem loaded = LoadedProblem.create(row, cis);
    s.add(loaded);
    s.audit(row.id, row.tenantId, "create", "state", null, row.state);
    row.processInstanceId = steps.start(s, PROCESS_KEY, loaded, Map.of(VAR_TICKET_ID, row.id.toString()));
    loaded.touch();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("priority", priority.name());
    data.put("incidents", linked.size());
    data.put("proposalId", proposalId == null ? null : proposalId.toString());
    Outbox.event(s, row, EventTypes.PROBLEM_CREATED, data);
    for (IncidentRow incident : linked) {
      link(s, loaded, incident);
    }
    return loaded;
  }

  @Override
  public ProblemRecord get(Actor actor, UUID id) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_READ);
      return snapshot(s, visible(s, actor, Check.required("id", id)));
    });
  }

  @Override
  public ProblemRecord getByNumber(Actor actor, String number) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_READ);
      String n = Check.text("number", number, 32);
      s.flush();
      ProblemRow row = s.mapper(ProblemMapper.class).selectProblemByNumber(actor.tenantId(), n);
      if (row == null) {
        throw new NotFoundException("Expected a problem numbered " + n + " in tenant " + actor.tenantId() + ", but there is none");
      }
      return snapshot(s, visible(s, actor, row.id));
    });
  }

  @Override
  public Page<ProblemRecord> query(Actor actor, ProblemQuery query) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_READ);
      Check.required("query", query);
      Check.page(query.offset(), query.limit(), ProblemQuery.MAX_LIMIT);
      ProblemCriteria c = new ProblemCriteria();
      c.tenantId = actor.tenantId();
      c.states = query.states().stream().map(Enum::name).sorted().toList();
      c.affectedCi = query.affectedCi();
      c.category = query.category();
      c.offset = query.offset();
      c.limit = query.limit();
      s.flush();
      ProblemMapper mapper = s.mapper(ProblemMapper.class);
      List<ProblemRow> rows = mapper.selectProblems(c);
      long total = c.offset == 0 && rows.size() < c.limit ? rows.size() : mapper.countProblems(c);
      if (rows.isEmpty()) {
        return new Page<>(List.of(), total, c.offset, c.limit);
      }
      List<UUID> ids = rows.stream().map(r -> r.id).toList();
      Map<UUID, List<ProblemTaskRow>> tasks = new HashMap<>();
      mapper.selectTasks(ids).forEach(t -> tasks.computeIfAbsent(t.ticketId, k -> new ArrayList<>()).add(t));
      Map<UUID, List<UUID>> cis = new HashMap<>();
      List<UUID> withCis = rows.stream().filter(r -> r.hasCis).map(r -> r.id).toList();
      if (!withCis.isEmpty()) {
        s.mapper(TicketMapper.class).selectCis(withCis).forEach(r -> cis.computeIfAbsent(r.ticketId, k -> new ArrayList<>()).add(r.ciId));
      }
      Map<UUID, Map<String, List<UUID>>> links = new HashMap<>();
      for (ProblemMapper.LinkRow l : mapper.selectLinks(ids, List.of(INCIDENT_OF_PROBLEM, FIXES_PROBLEM))) {
        links.computeIfAbsent(l.toId, k -> new HashMap<>()).computeIfAbsent(l.kind, k -> new ArrayList<>()).add(l.fromId);
      }
      List<ProblemRecord> items = rows.stream().map(r -> {
        Map<String, List<UUID>> of = links.getOrDefault(r.id, Map.of());
        return snapshot(LoadedProblem.readOnly(r, cis.getOrDefault(r.id, List.of()), tasks.getOrDefault(r.id, List.of())),
            of.getOrDefault(INCIDENT_OF_PROBLEM, List.of()), of.getOrDefault(FIXES_PROBLEM, List.of()));
      }).toList();
      return new Page<>(items, total, c.offset, c.limit);
    });
  }

  // ---------------------------------------------------------------- incidents

  @Override
  public ProblemRecord linkIncident(Actor actor, TicketRef ref, UUID incidentId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_WORK);
      LoadedProblem problem = load(s, actor, ref);
      requireOpen(problem, "link an incident to");
      IncidentRow incident = incident(s, actor, "incidentId", Check.required("incidentId", incidentId));
      s.flush();
      if (s.mapper(ChangeMapper.class).selectLinkedFrom(problem.id(), INCIDENT_OF_PROBLEM).contains(incidentId)) {
        throw new InvalidValueException("incidentId", "Expected an incident not linked to problem " + problem.number()
            + " yet, but " + incident.number + " is linked already");
      }
      link(s, problem, incident);
      return snapshot(s, problem);
    });
  }

  /** Links the incident: audit on both, event, the published workaround and the major review when it is a P1. */
  private void link(ItsmSession s, LoadedProblem problem, IncidentRow incident) {
    ProblemRow row = problem.row();
    s.batch(ChangeMapper.class).insertLink(incident.id, row.id, INCIDENT_OF_PROBLEM, row.tenantId, s.actor().id(), s.now());
    problem.touch();
    s.audit(row.id, row.tenantId, "link", "incidents", null, incident.number);
    s.audit(incident.id, row.tenantId, "link", "problem", null, row.number);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("incidentId", incident.id.toString());
    data.put("incidentNumber", incident.number);
    data.put("priority", incident.priority.name());
    Outbox.event(s, row, EventTypes.PROBLEM_INCIDENT_LINKED, data);
    if (row.workaroundPublishedAt != null && IncidentState.valueOf(incident.state).isOpen()) {
      attachWorkaround(s, row, incident.id);
    }
    if (incident.priority == Priority.P1 && row.majorReview == null) {
      if (problem.change(s, "major-review", "majorReview", null, MajorReview.OPEN.name())) {
        row.majorReview = MajorReview.OPEN.name();
      }
      steps.deliver(s, problem, MESSAGE_MAJOR_REVIEW, "open the major review of");
      Outbox.event(s, row, EventTypes.PROBLEM_MAJOR_REVIEW_OPENED, Map.of("incidentId", incident.id.toString()));
      Set<String> recipients = new LinkedHashSet<>(directory.members(settings.problemManagers()));
      Outbox.notify(s, row, EventTypes.PROBLEM_MAJOR_REVIEW_OPENED, "major-review:" + row.id, recipients,
          "Major problem review: " + row.number + " is linked to P1 incident " + incident.number, row.title);
    }
  }

  private void attachWorkaround(ItsmSession s, ProblemRow row, UUID incidentId) {
    incidents.addNote(Actor.system(row.tenantId), incidentId, NewNote.workNote(Detection.clip("Workaround from known error " + row.number
        + " (" + row.title + "): " + row.workaround)));
  }

  @Override
  public List<UUID> problemsOfIncident(Actor actor, UUID incidentId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_READ);
      Check.required("incidentId", incidentId);
      s.flush();
      IncidentRow incident = s.mapper(TicketMapper.class).selectIncident(incidentId);
      if (incident == null || !access.sees(actor, incident)) {
        throw new NotFoundException("Expected an incident with id " + incidentId + " visible to " + actor.id()
            + ", but there is none");
      }
      return s.mapper(ProblemMapper.class).selectLinkedTo(incident.id, INCIDENT_OF_PROBLEM);
    });
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public ProblemRecord assess(Actor actor, TicketRef ref, Impact impact, Urgency urgency, String groupId, String ownerId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      Check.required("impact", impact);
      Check.required("urgency", urgency);
      String group = groupId == null ? null : Check.group(directory, groupId);
      String owner = Check.optionalText("ownerId", ownerId, 64);
      LoadedProblem problem = load(s, actor, ref);
      requireState(problem, "assess", NEW);
      TaskEntity task = steps.requireTask(s, problem, TASK_ASSESS, "assess");
      ProblemRow row = problem.row();
      if (problem.change(s, "assess", "impact", row.impact, impact)) {
        row.impact = impact;
      }
      if (problem.change(s, "assess", "urgency", row.urgency, urgency)) {
        row.urgency = urgency;
      }
      Priority priority = classification.priority(impact, urgency);
      if (problem.change(s, "assess", "priority", row.priority, priority)) {
        row.priority = priority;
      }
      if (group != null && problem.change(s, "assess", "groupId", row.groupId, group)) {
        row.groupId = group;
      }
      if (owner != null && problem.change(s, "assess", "ownerId", row.assigneeId, owner)) {
        row.assigneeId = owner;
      }
      steps.complete(s, task, Map.of());
      return snapshot(s, problem);
    });
  }

  @Override
  public ProblemRecord startAnalysis(Actor actor, TicketRef ref) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_WORK);
      LoadedProblem problem = load(s, actor, ref);
      requireState(problem, "start the root-cause analysis of", ASSESSED);
      steps.complete(s, steps.requireTask(s, problem, TASK_INVESTIGATE, "start the analysis of"), Map.of());
      return snapshot(s, problem);
    });
  }

  @Override
  public ProblemRecord addAnalysisTask(Actor actor, TicketRef ref, String title, String assigneeId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_WORK);
      String text = Check.text("title", title, 200);
      String assignee = Check.text("assigneeId", assigneeId, 64);
      LoadedProblem problem = load(s, actor, ref);
      requireState(problem, "add an analysis task to", ROOT_CAUSE_ANALYSIS);
      if (problem.tasks().size() >= MAX_TASKS) {
        throw new InvalidValueException("title", "Expected at most " + MAX_TASKS + " analysis tasks on problem "
            + problem.number() + ", but it has " + problem.tasks().size() + " already");
      }
      ProblemTaskRow task = new ProblemTaskRow();
      task.ticketId = problem.id();
      task.idx = problem.tasks().size();
      task.title = text;
      task.assigneeId = assignee;
      task.createdBy = actor.id();
      task.createdAt = s.now();
      problem.addTask(s, task);
      Outbox.notify(s, problem.row(), EventTypes.PROBLEM_STATE_CHANGED, "analysis-task:" + problem.id() + ":" + task.idx,
          List.of(assignee), "Analysis task on " + problem.number() + ": " + text, problem.row().title);
      return snapshot(s, problem);
    });
  }

  @Override
  public ProblemRecord completeAnalysisTask(Actor actor, TicketRef ref, int taskIndex, String findings) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_WORK);
      String text = Check.text("findings", findings, 4000);
      LoadedProblem problem = load(s, actor, ref);
      requireState(problem, "complete an analysis task of", ROOT_CAUSE_ANALYSIS);
      if (taskIndex < 0 || taskIndex >= problem.tasks().size()) {
        throw new InvalidValueException("taskIndex", "Expected a task index from 0 to " + (problem.tasks().size() - 1)
            + " of problem " + problem.number() + ", but it is " + taskIndex);
      }
      ProblemTaskRow task = problem.tasks().get(taskIndex);
      if (task.doneAt != null) {
        throw new IllegalTransitionException(problem.number(), problem.stateName(), "Expected an open analysis task, but task "
            + taskIndex + " of problem " + problem.number() + " was completed by " + task.doneBy);
      }
      if (!actor.id().equals(task.assigneeId) && !access.allows(actor, Permission.PROBLEM_MANAGE)) {
        throw new AccessDeniedException("Expected the assignee " + task.assigneeId + " or a problem manager to complete task "
            + taskIndex + " of problem " + problem.number() + ", but " + actor.id() + " is neither");
      }
      problem.taskDone(s, task, text);
      return snapshot(s, problem);
    });
  }

  @Override
  public ProblemRecord recordKnownError(Actor actor, TicketRef ref, NewKnownError knownError) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      Check.required("knownError", knownError);
      String symptom = Check.text("symptom", knownError.symptom(), 4000);
      String rootCause = Check.text("rootCause", knownError.rootCause(), 4000);
      String workaround = Check.text("workaround", knownError.workaround(), 4000);
      List<UUID> cis = liveCis(s, actor.tenantId(), "affectedCis", knownError.affectedCis());
      LoadedProblem problem = load(s, actor, ref);
      requireState(problem, "record the known error of", ROOT_CAUSE_ANALYSIS);
      List<Integer> open = problem.tasks().stream().filter(t -> t.doneAt == null).map(t -> t.idx).toList();
      if (!open.isEmpty()) {
        throw new IllegalTransitionException(problem.number(), problem.stateName(), "Expected every analysis task of problem "
            + problem.number() + " to be completed before its known error is recorded, but tasks " + open + " are open");
      }
      TaskEntity task = steps.requireTask(s, problem, TASK_ROOT_CAUSE, "record the known error of");
      ProblemRow row = problem.row();
      if (problem.change(s, "known-error", "symptom", row.symptom, symptom)) {
        row.symptom = symptom;
      }
      if (problem.change(s, "known-error", "rootCause", row.rootCause, rootCause)) {
        row.rootCause = rootCause;
      }
      if (problem.change(s, "known-error", "workaround", row.workaround, workaround)) {
        row.workaround = workaround;
      }
      row.knownErrorBy = actor.id();
      row.knownErrorAt = s.now();
      for (UUID ci : cis) {
        if (!problem.cis().contains(ci)) {
          s.audit(row.id, row.tenantId, "known-error", "affectedCis", null, ci);
          problem.addCi(ci);
        }
      }
      Outbox.event(s, row, EventTypes.PROBLEM_KNOWN_ERROR_RECORDED, Map.of("affectedCis", problem.cis().size()));
      steps.complete(s, task, Map.of());
      return snapshot(s, problem);
    });
  }

  @Override
  public ProblemRecord publishWorkaround(Actor actor, TicketRef ref) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      LoadedProblem problem = load(s, actor, ref);
      requireState(problem, "publish the workaround of", KNOWN_ERROR, FIX_IN_PROGRESS);
      ProblemRow row = problem.row();
      if (row.workaroundPublishedAt != null) {
        throw new IllegalTransitionException(row.number, row.state, "Expected the workaround of problem " + row.number
            + " not to be published yet, but it was published at " + row.workaroundPublishedAt);
      }
      UUID article = articles.get().publish(s, actor, row, problem.cis());
      Instant now = s.now();
      if (problem.change(s, "publish-workaround", "workaroundPublishedAt", null, now)) {
        row.workaroundPublishedAt = now;
      }
      if (problem.change(s, "publish-workaround", "articleId", null, article)) {
        row.articleId = article;
      }
      s.flush();
      int attached = 0;
      TicketMapper tickets = s.mapper(TicketMapper.class);
      for (UUID id : s.mapper(ChangeMapper.class).selectLinkedFrom(row.id, INCIDENT_OF_PROBLEM)) {
        IncidentRow incident = tickets.selectIncident(id);
        if (incident != null && IncidentState.valueOf(incident.state).isOpen()) {
          attachWorkaround(s, row, id);
          attached++;
        }
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("articleId", article.toString());
      data.put("incidents", attached);
      Outbox.event(s, row, EventTypes.PROBLEM_WORKAROUND_PUBLISHED, data);
      return snapshot(s, problem);
    });
  }

  @Override
  public List<WorkaroundOffer> workaroundsFor(Actor actor, UUID incidentId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_READ);
      var ticket = incidents.get(actor, Check.required("incidentId", incidentId));   // the actor's visibility of the incident
      IncidentRow incident = s.mapper(TicketMapper.class).selectIncident(ticket.id());
      return detection.offers(s, incident, ticket.affectedCis());
    });
  }

  @Override
  public ChangeRequest requestFix(Actor actor, TicketRef ref, NewChange change) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      Check.required("change", change);
      LoadedProblem problem = load(s, actor, ref);
      requireState(problem, "request a fix of", KNOWN_ERROR);
      TaskEntity task = steps.requireTask(s, problem, TASK_KNOWN_ERROR, "request a fix of");
      ChangeRequest fix = changes.submit(actor, change);
      ProblemRow row = problem.row();
      s.batch(ChangeMapper.class).insertLink(fix.id(), row.id, FIXES_PROBLEM, row.tenantId, actor.id(), s.now());
      problem.touch();
      s.audit(row.id, row.tenantId, "request-fix", "fixChanges", null, fix.number());
      s.audit(fix.id(), row.tenantId, "request-fix", "fixesProblem", null, row.number);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("changeId", fix.id().toString());
      data.put("changeNumber", fix.number());
      Outbox.event(s, row, EventTypes.PROBLEM_FIX_REQUESTED, data);
      steps.complete(s, task, Map.of());
      return fix;
    });
  }

  @Override
  public ProblemRecord resolve(Actor actor, TicketRef ref, ProblemResolution resolution, String text) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      Check.required("resolution", resolution);
      String note = Check.optionalText("text", text, 4000);
      LoadedProblem problem = load(s, actor, ref);
      requireOpen(problem, "resolve");
      ProblemRow row = problem.row();
      s.flush();
      if (resolution == ProblemResolution.FIXED) {
        ChangeMapper mapper = s.mapper(ChangeMapper.class);
        List<String> seen = new ArrayList<>();
        boolean fixed = false;
        for (UUID id : mapper.selectLinkedFrom(row.id, FIXES_PROBLEM)) {
          ChangeRow c = mapper.selectChange(id);
          seen.add(c.number + " " + ("CLOSED".equals(c.state) ? c.closeCode : c.state));
          fixed |= "CLOSED".equals(c.state) && SUCCESSFUL.contains(c.closeCode);
        }
        if (!fixed) {
          throw new InvalidValueException("resolution", "Expected a fix change of problem " + row.number
              + " closed successfully to resolve it as FIXED, but its fix changes are " + (seen.isEmpty() ? "none" : seen));
        }
      }
      if (problem.change(s, "resolve", "resolution", row.resolution, resolution.name())) {
        row.resolution = resolution.name();
      }
      if (problem.change(s, "resolve", "resolutionText", row.resolutionText, note)) {
        row.resolutionText = note;
      }
      steps.deliver(s, problem, MESSAGE_RESOLVE, "resolve");
      resolveIncidents(s, row);
      return snapshot(s, problem);
    });
  }

  /** Resolves the linked incidents being worked (when configured) and tells the callers of those not closed. */
  private void resolveIncidents(ItsmSession s, ProblemRow row) {
    List<UUID> linked = s.mapper(ChangeMapper.class).selectLinkedFrom(row.id, INCIDENT_OF_PROBLEM);
    TicketMapper tickets = s.mapper(TicketMapper.class);
    Actor system = Actor.system(row.tenantId);
    Cause previous = s.causedBy(Cause.of("problem", row.number));
    try {
      for (UUID id : linked) {
        IncidentRow incident = tickets.selectIncident(id);
        IncidentState state = IncidentState.valueOf(incident.state);
        if (state.isFinal()) {
          continue;
        }
        String text = "Resolved with problem " + row.number + " (" + row.resolution + ")"
            + (row.resolutionText == null ? "" : ": " + row.resolutionText);
        if (settings.resolveLinkedIncidents() && BEING_WORKED.contains(state)) {
          if (state == IncidentState.ON_HOLD) {
            incidents.resume(system, TicketRef.of(id));
          }
          incidents.resolve(system, TicketRef.of(id), Resolution.of(settings.incidentResolutionCode(), Detection.clip(text)));
        }
        Outbox.notify(s, incident, EventTypes.PROBLEM_STATE_CHANGED, "problem-resolved:" + row.id + ":" + id,
            List.of(incident.callerId), "Your incident " + incident.number + ": the underlying problem is resolved",
            Detection.clip(text));
      }
    } finally {
      s.causedBy(previous);
    }
  }

  @Override
  public ProblemRecord close(Actor actor, TicketRef ref) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      LoadedProblem problem = load(s, actor, ref);
      requireState(problem, "close", RESOLVED);
      if (MajorReview.OPEN.name().equals(problem.row().majorReview)) {
        throw new IllegalTransitionException(problem.number(), problem.stateName(), "Expected the major problem review of "
            + problem.number() + " to be completed before it is closed, but the review is open");
      }
      steps.complete(s, steps.requireTask(s, problem, TASK_CLOSE, "close"), Map.of());
      return snapshot(s, problem);
    });
  }

  @Override
  public ProblemRecord cancel(Actor actor, TicketRef ref, String reason) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      String text = Check.text("reason", reason, 500);
      LoadedProblem problem = load(s, actor, ref);
      requireOpen(problem, "cancel");
      ProblemRow row = problem.row();
      if (problem.change(s, "cancel", "cancelReason", row.cancelReason, text)) {
        row.cancelReason = text;
      }
      steps.deliver(s, problem, MESSAGE_CANCEL, "cancel");
      return snapshot(s, problem);
    });
  }

  @Override
  public ProblemRecord completeMajorReview(Actor actor, TicketRef ref, String findings) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      String text = Check.text("findings", findings, 4000);
      LoadedProblem problem = load(s, actor, ref);
      ProblemRow row = problem.row();
      if (!MajorReview.OPEN.name().equals(row.majorReview)) {
        throw new IllegalTransitionException(row.number, row.state, "Expected an open major problem review on " + row.number
            + ", but it has " + (row.majorReview == null ? "none (no P1 incident is linked)" : "a completed one"));
      }
      TaskEntity task = steps.requireTask(s, problem, TASK_MAJOR_REVIEW, "complete the major review of");
      if (problem.change(s, "major-review", "majorReviewFindings", row.majorReviewFindings, text)) {
        row.majorReviewFindings = text;
      }
      if (problem.change(s, "major-review", "majorReview", row.majorReview, MajorReview.DONE.name())) {
        row.majorReview = MajorReview.DONE.name();
      }
      steps.complete(s, task, Map.of());
      return snapshot(s, problem);
    });
  }

  // ---------------------------------------------------------------- proposals and flags

  @Override
  public List<ProblemProposal> proposals(Actor actor, boolean openOnly) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_READ);
      s.flush();
      List<ProposalRow> rows = s.mapper(ProblemMapper.class).selectProposals(actor.tenantId(), openOnly);
      return proposals(s, rows);
    });
  }

  private static List<ProblemProposal> proposals(ItsmSession s, List<ProposalRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<UUID>> incidents = new HashMap<>();
    for (ProposalIncidentRow r : s.mapper(ProblemMapper.class).selectProposalIncidents(rows.stream().map(r -> r.id).toList())) {
      incidents.computeIfAbsent(r.proposalId, k -> new ArrayList<>()).add(r.incidentId);
    }
    return rows.stream().map(r -> new ProblemProposal(r.id, ProblemProposal.Basis.valueOf(r.basis), r.basisKey,
        incidents.getOrDefault(r.id, List.of()), ProblemProposal.Status.valueOf(r.status), r.proposedAt, r.decidedBy,
        r.decidedAt, r.reason, r.problemId)).toList();
  }

  private static ProposalRow openProposal(ItsmSession s, Actor actor, UUID id, String verb) {
    Check.required("proposalId", id);
    s.flush();
    ProposalRow row = s.mapper(ProblemMapper.class).selectProposal(id);
    if (row == null || !row.tenantId.equals(actor.tenantId())) {
      throw new NotFoundException("Expected a problem proposal with id " + id + " in tenant " + actor.tenantId()
          + ", but there is none");
    }
    if (!ProblemProposal.Status.OPEN.name().equals(row.status)) {
      throw new IllegalTransitionException("proposal " + id, row.status, "Expected an open proposal to " + verb
          + ", but proposal " + id + " was " + row.status.toLowerCase() + " by " + row.decidedBy + " at " + row.decidedAt);
    }
    return row;
  }

  private static void decide(ItsmSession s, ProposalRow row) {
    s.changed();
    if (s.mapper(ProblemMapper.class).updateProposal(row) != 1) {
      throw new ConcurrentUpdateException("Expected to decide proposal " + row.id + " while it is open, but another "
          + "transaction decided it first; reload and retry");
    }
  }

  @Override
  public ProblemRecord acceptProposal(Actor actor, UUID proposalId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      ProposalRow proposal = openProposal(s, actor, proposalId, "accept");
      List<ProposalRow> open = sameBasis(s, proposal);
      List<UUID> ids = proposals(s, open).stream().flatMap(p -> p.incidentIds().stream()).distinct().toList();
      TicketMapper tickets = s.mapper(TicketMapper.class);
      IncidentRow worst = null;   // the incident of the highest priority (the first of equals)
      for (UUID id : ids) {
        IncidentRow incident = tickets.selectIncident(id);
        if (worst == null || incident.priority.ordinal() < worst.priority.ordinal()) {
          worst = incident;
        }
      }
      Impact impact = worst == null ? Impact.LOW : worst.impact;
      Urgency urgency = worst == null ? Urgency.LOW : worst.urgency;
      boolean onCi = ProblemProposal.Basis.CI.name().equals(proposal.basis);
      NewProblem.Builder problem = NewProblem.builder(onCi ? "Repeated incidents on " + ciName(s, proposal)
              : "Repeated incidents in category " + proposal.basisKey)
          .description(ids.size() + " incidents within " + settings.incidentPeriod().toDays() + " days, proposed at "
              + proposal.proposedAt)
          .impact(impact).urgency(urgency);
      if (onCi) {
        problem.affectedCi(UUID.fromString(proposal.basisKey));
      } else {
        problem.category(proposal.basisKey);
      }
      ids.forEach(problem::incident);
      LoadedProblem created = create(s, actor, problem.build(), proposal.id);
      for (ProposalRow row : open) {
        row.status = ProblemProposal.Status.ACCEPTED.name();
        row.decidedBy = actor.id();
        row.decidedAt = s.now();
        row.problemId = created.id();
        row.reason = row == proposal ? null : "Accepted with proposal " + proposal.id;
        decide(s, row);
      }
      return snapshot(s, created);
    });
  }

  /**
   * The proposal and the other open ones on its basis (concurrent detections can propose twice): they are
   * decided together.
   */
  private static List<ProposalRow> sameBasis(ItsmSession s, ProposalRow proposal) {
    List<ProposalRow> open = new ArrayList<>(List.of(proposal));
    for (ProposalRow other : s.mapper(ProblemMapper.class).selectOpenProposals(proposal.tenantId, proposal.basis,
        proposal.basisKey)) {
      if (!other.id.equals(proposal.id)) {
        open.add(other);
      }
    }
    return open;
  }

  private static String ciName(ItsmSession s, ProposalRow proposal) {
    var ci = s.mapper(dev.itsm.internal.persistence.CmdbMapper.class).selectCi(UUID.fromString(proposal.basisKey),
        proposal.tenantId);
    return ci == null ? "CI " + proposal.basisKey : ci.name;
  }

  @Override
  public ProblemProposal dismissProposal(Actor actor, UUID proposalId, String reason) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      String text = Check.text("reason", reason, 500);
      ProposalRow proposal = openProposal(s, actor, proposalId, "dismiss");
      for (ProposalRow row : sameBasis(s, proposal)) {
        row.status = ProblemProposal.Status.DISMISSED.name();
        row.decidedBy = actor.id();
        row.decidedAt = s.now();
        row.reason = text;
        decide(s, row);
      }
      return proposals(s, List.of(proposal)).get(0);
    });
  }

  @Override
  public Optional<CallerFlag> callerFlag(Actor actor, String callerId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_WORK_NOTE);
      String caller = Check.text("callerId", callerId, 64);
      s.flush();
      return Optional.ofNullable(s.mapper(ProblemMapper.class).selectFlag(actor.tenantId(), caller))
          .filter(f -> f.clearedAt == null).map(ProblemServiceImpl::flag);
    });
  }

  @Override
  public List<CallerFlag> flaggedCallers(Actor actor) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_WORK_NOTE);
      s.flush();
      return s.mapper(ProblemMapper.class).selectFlags(actor.tenantId()).stream().map(ProblemServiceImpl::flag).toList();
    });
  }

  private static CallerFlag flag(CallerFlagRow r) {
    return new CallerFlag(r.callerId, r.service, r.contacts, r.flaggedAt);
  }

  @Override
  public void clearCallerFlag(Actor actor, String callerId, String reason) {
    tx.execute(actor, s -> {
      access.require(actor, Permission.PROBLEM_MANAGE);
      String caller = Check.text("callerId", callerId, 64);
      Check.text("reason", reason, 500);
      s.flush();
      s.changed();
      if (s.mapper(ProblemMapper.class).clearFlag(actor.tenantId(), caller, actor.id(), s.now()) != 1) {
        throw new NotFoundException("Expected caller " + caller + " to be flagged in tenant " + actor.tenantId()
            + ", but the caller is not");
      }
      org.slf4j.LoggerFactory.getLogger(ProblemServiceImpl.class).info("Caller {} unflagged by {}: {}", caller, actor.id(),
          reason);
      return null;
    });
  }

  // ---------------------------------------------------------------- helpers

  /** Live CIs of the tenant, each once. */
  private static List<UUID> liveCis(ItsmSession s, String tenantId, String field, List<UUID> ids) {
    if (ids.size() > MAX_ITEMS) {
      throw new InvalidValueException(field, "Expected at most " + MAX_ITEMS + " CIs, but there are " + ids.size());
    }
    Set<UUID> cis = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String path = field + "[" + i + "]";
      UUID id = ids.get(i);
      if (id == null) {
        throw new InvalidInputException(path, "Expected a CI id at " + path + ", but it is missing");
      }
      if (!cis.add(id)) {
        throw new InvalidValueException(path, "Expected each CI once, but " + id + " is named twice");
      }
      LiveItems.require(s, tenantId, path, id);
    }
    return List.copyOf(cis);
  }

  /**
   * The incident row, if the actor may see it (its tenant, its visibility), or an invalid value naming
   * the field; an incident the actor may not see is reported like an unknown one.
   */
  private IncidentRow incident(ItsmSession s, Actor actor, String field, UUID id) {
    s.flush();
    IncidentRow incident = s.mapper(TicketMapper.class).selectIncident(id);
    if (incident == null || !access.sees(actor, incident)) {
      throw new InvalidValueException(field, "Expected an incident of tenant " + actor.tenantId() + ", but there is no "
          + "incident " + id);
    }
    return incident;
  }

  private static void requireState(LoadedProblem problem, String verb, ProblemState... allowed) {
    problem.requireState(verb, problem.state(), allowed);
  }

  private static void requireOpen(LoadedProblem problem, String verb) {
    if (!problem.state().isOpen()) {
      throw new IllegalTransitionException(problem.number(), problem.stateName(), "Expected to " + verb + " an open problem, "
          + "but " + problem.number() + " is " + problem.state());
    }
  }

  private LoadedProblem load(ItsmSession s, Actor actor, TicketRef ref) {
    Check.required("problem", ref);
    LoadedProblem problem = visible(s, actor, ref.id());
    problem.requireVersion(ref.expectedVersion());
    return problem;
  }

  /** Throws not found unless the problem exists in the actor's tenant (for the audit service). */
  public void requireVisible(ItsmSession s, Actor actor, UUID id) {
    visible(s, actor, id);
  }

  private LoadedProblem visible(ItsmSession s, Actor actor, UUID id) {
    LoadedProblem problem = find(s, id);
    if (problem == null || !actor.tenantId().equals(problem.row().tenantId)) {
      throw new NotFoundException("Expected a problem with id " + id + " visible to " + actor.id() + ", but there is none");
    }
    return problem;
  }

  private static LoadedProblem find(ItsmSession s, UUID id) {
    LoadedProblem problem = s.ticket(id, LoadedProblem.class, key -> LoadedProblem.load(s, key));
    if (problem != null) {
      org.slf4j.MDC.put(Tx.MDC_TICKET, problem.number());
    }
    return problem;
  }

  private static ProblemRecord snapshot(ItsmSession s, LoadedProblem problem) {
    s.flush();
    ChangeMapper links = s.mapper(ChangeMapper.class);
    return snapshot(problem, links.selectLinkedFrom(problem.id(), INCIDENT_OF_PROBLEM),
        links.selectLinkedFrom(problem.id(), FIXES_PROBLEM));
  }

  private static ProblemRecord snapshot(LoadedProblem problem, List<UUID> incidentIds, List<UUID> fixes) {
    ProblemRow r = problem.row();
    KnownError knownError = r.symptom == null ? null : new KnownError(r.symptom, r.rootCause, r.workaround, problem.cis(),
        r.knownErrorBy, r.knownErrorAt, r.workaroundPublishedAt, r.articleId);
    List<AnalysisTask> tasks = problem.tasks().stream()
        .map(t -> new AnalysisTask(t.idx, t.title, t.assigneeId, t.findings, t.doneBy, t.doneAt)).toList();
    return new ProblemRecord(r.id, r.number, r.tenantId, r.title, r.description, problem.state(), r.priority, r.impact,
        r.urgency, r.category, r.service, r.groupId, r.assigneeId, r.callerId, problem.cis(), incidentIds, fixes, knownError,
        tasks, r.majorReview == null ? null : MajorReview.valueOf(r.majorReview), r.majorReviewFindings,
        r.resolution == null ? null : ProblemResolution.valueOf(r.resolution), r.resolutionText, r.openedAt, r.resolvedAt,
        r.closedAt, r.processInstanceId, problem.pendingVersion());
  }
}
