package dev.itsm.internal.incident;

import static dev.itsm.api.incident.IncidentState.*;
import static dev.itsm.api.process.IncidentProcess.*;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Page;
import dev.itsm.api.Permission;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketRef;
import dev.itsm.api.TicketType;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Channel;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.incident.IncidentSort;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.NoteVisibility;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.TicketNote;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.incident.Workload;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.api.sla.SlaSettings;
import dev.itsm.internal.cmdb.LiveItems;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.FieldRow;
import dev.itsm.internal.persistence.IncidentCriteria;
import dev.itsm.internal.persistence.IncidentPages;
import dev.itsm.internal.persistence.IncidentRow;
import dev.itsm.internal.persistence.NoteMapper;
import dev.itsm.internal.persistence.NoteRow;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.process.ProcessSteps;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.sla.ClockRules;
import dev.itsm.internal.sla.SlaClock;
import dev.itsm.internal.sla.SlaServiceImpl;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/** Incident operations: check permission, load and check, change, drive the process. */
public final class IncidentServiceImpl implements IncidentService {
  private static final int MAX_NOTE_HOURS = 1000;
  private static final BiConsumer<ItsmSession, LoadedIncident> NO_CHANGE = (s, incident) -> { };

  private final Tx tx;
  private final AccessPolicy access;
  private final IncidentSettings settings;
  private final SlaSettings sla;
  private final CustomFields customFields;
  private final Directory directory;
  private final NumberSequences numbers;
  final IncidentLifecycle lifecycle;
  private final ProcessSteps steps;
  private final Classification classification;
  private final ClockRules clocks;
  private final IncidentReports reports;

  /** What else runs when an incident opens, in its unit of work (problem detection). */
  public interface OpenListener {
    void opened(ItsmSession session, IncidentRow incident, List<UUID> affectedCis);
  }

  private volatile OpenListener opened = (s, row, cis) -> { };

  /** Sets what runs, in the same unit of work, after an incident was opened. */
  public void onOpened(OpenListener listener) {
    this.opened = java.util.Objects.requireNonNull(listener, "listener");
  }

  public IncidentServiceImpl(IncidentContext context) {
    this.tx = context.tx();
    this.access = context.access();
    this.settings = context.settings();
    this.sla = context.sla();
    this.customFields = new CustomFields(context.customFields());
    this.directory = context.directory();
    this.numbers = context.numbers();
    this.clocks = context.clocks();
    this.lifecycle = new IncidentLifecycle(sla, settings, directory, clocks);
    this.steps = new ProcessSteps(context.processEngine(), Set.of(TIMER_ACCEPTANCE, TIMER_AUTO_CLOSE));
    this.classification = new Classification(context.processEngine().getDecisionService());
    this.reports = new IncidentReports(tx, access);
  }

  /** The calls of the incident model's steps. */
  public dev.itsm.internal.process.TicketProcessSupport.IncidentSteps processSteps() {
    return new IncidentProcessSupport(this);
  }

  @Override
  public IncidentTicket open(Actor actor, NewIncident incident) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_OPEN);
      Check.required("incident", incident);
      String title = Check.text("title", incident.title(), 200);
      String description = Check.optionalText("description", incident.description(), 4000);
      Impact impact = Check.required("impact", incident.impact());
      Urgency urgency = Check.required("urgency", incident.urgency());
      String category = Check.oneOf("category", incident.category(), settings.categories());
      String callerId = incident.callerId() == null ? actor.id() : Check.text("callerId", incident.callerId(), 64);
      if (!callerId.equals(actor.id()) && !actor.hasRole(dev.itsm.api.Roles.AGENT) && !access.seesAll(actor)) {
        throw new AccessDeniedException("Expected caller " + actor.id() + " to report an incident for themselves, but callerId is "
            + callerId);
      }
      String group = incident.groupId() == null ? null : group(incident.groupId());
      checkAffectedCis(s, actor, incident.affectedCis());
      customFields.requireAll(incident.fields());
      incident.fields().keySet().forEach(customFields::declaration);

      Priority priority = classification.priority(impact, urgency);
      if (group == null) {
        group = classification.group(category);
      }
      NumberSequences.Numbered number = numbers.next(s, actor.tenantId(), TicketType.INCIDENT);
      Instant now = s.now();
      IncidentRow row = new IncidentRow();
      row.id = UUID.randomUUID();
      row.tenantId = actor.tenantId();
      row.ticketType = TicketType.INCIDENT;
      row.number = number.number();
      row.numberSeq = number.value();
      row.title = title;
      row.description = description;
      row.state = NEW.name();
      row.priority = priority;
      row.groupId = group;
      row.callerId = callerId;
      row.openedAt = now;
      row.updatedAt = now;
      row.createdBy = actor.id();
      row.updatedBy = actor.id();
      row.version = 1;
      row.impact = impact;
      row.urgency = urgency;
      row.category = category;
      row.channel = incident.channel() == null ? Channel.API : incident.channel();
      row.service = Check.optionalText("service", incident.service(), 64);
      row.customerClass = incident.customerClass() != null
          ? Check.optionalText("customerClass", incident.customerClass(), 64) : directory.customerClass(callerId);
      LoadedIncident loaded = LoadedIncident.create(row);
      s.add(loaded);
      s.audit(row.id, row.tenantId, "open", "state", null, row.state);
      incident.affectedCis().forEach(loaded::addCi);
      incident.fields().forEach((name, value) -> {
        FieldRow field = customFields.toRow(row.id, name, value);
        loaded.setField(s, "open", field, null, value == null ? null : customFields.value(field));
      });
      clocks.start(s, row.id, row.tenantId, match(row), now).forEach(loaded::addClock);
      row.processInstanceId = steps.start(s, PROCESS_KEY, loaded,
          Map.of(VAR_TICKET_ID, row.id.toString(), VAR_RESPONDED, false));
      loaded.updateNextSlaDue(s);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("priority", priority.name());
      data.put("groupId", group);
      data.put("category", category);
      data.put("callerId", callerId);
      Outbox.event(s, row, EventTypes.INCIDENT_OPENED, data);
      opened.opened(s, row, incident.affectedCis());
      return loaded.snapshot(customFields);
    });
  }

  @Override
  public IncidentTicket get(Actor actor, UUID id) {
    return tx.read(actor, s -> {
      access.require(actor, Permission.INCIDENT_READ);
      return visible(s, actor, Check.required("id", id)).snapshot(customFields);
    });
  }

  @Override
  public IncidentTicket getByNumber(Actor actor, String number) {
    return tx.read(actor, s -> {
      access.require(actor, Permission.INCIDENT_READ);
      String n = Check.text("number", number, 32);
      IncidentRow row = s.mapper(TicketMapper.class).selectIncidentByNumber(actor.tenantId(), n);
      if (row == null || !access.sees(actor, row)) {
        throw new NotFoundException("Expected an incident numbered " + n + " visible to " + actor.id() + ", but there is none");
      }
      return visible(s, actor, row.id).snapshot(customFields);
    });
  }

  @Override
  public Page<IncidentTicket> query(Actor actor, IncidentQuery query) {
    return tx.read(actor, s -> {
      access.require(actor, Permission.INCIDENT_READ);
      Check.required("query", query);
      Check.page(query.offset(), query.limit(), IncidentQuery.MAX_LIMIT);
      IncidentCriteria c = new IncidentCriteria();
      access.restrict(actor, c);
      c.states = query.states().stream().map(Enum::name).toList();
      c.groupIds = List.copyOf(query.groupIds());
      if (c.restricted && c.groupVisibility && !c.groupIds.isEmpty() && c.actorGroups.containsAll(c.groupIds)) {
        // every ticket of these groups is visible to their member: no visibility clause, so the database
        // walks the group's queue in order (ix_itsm_ticket_queue) instead of OR-ing three indexes
        c.restricted = false;
      }
      c.assigneeId = query.assigneeId();
      c.callerId = query.callerId();
      c.affectedCi = query.affectedCi();
      c.priorities = query.priorities().stream().map(Enum::name).toList();
      c.slaAtRisk = query.slaAtRisk();
      c.slaBreached = query.slaBreached();
      c.now = s.now();
      c.fields = query.fieldFilters().stream().map(customFields::criterion).toList();
      c.orderBy = orderBy(query.sort(), query.ascending());
      c.offset = query.offset();
      c.limit = query.countTotal() ? query.limit() : query.limit() + 1;   // one more says whether more follow
      s.flush();
      List<IncidentRow> rows = IncidentPages.page(s.jdbc(), c);
      long total;
      if (!query.countTotal()) {
        boolean more = rows.size() > query.limit();
        rows = more ? rows.subList(0, query.limit()) : rows;
        total = (long) c.offset + rows.size() + (more ? 1 : 0);
      } else {
        total = c.offset == 0 && rows.size() < c.limit ? rows.size() : IncidentPages.count(s.jdbc(), c);
      }
      return new Page<>(snapshots(s.mapper(TicketMapper.class), rows), total, c.offset, query.limit());
    });
  }

  private List<IncidentTicket> snapshots(TicketMapper mapper, List<IncidentRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    // the page's rows say whether they have CIs or custom fields: only those are read
    List<UUID> withCis = rows.stream().filter(r -> r.hasCis).map(r -> r.id).toList();
    List<UUID> withFields = rows.stream().filter(r -> r.hasFields).map(r -> r.id).toList();
    Map<UUID, List<UUID>> cis = new HashMap<>();
    if (!withCis.isEmpty()) {
      mapper.selectCis(withCis).forEach(r -> cis.computeIfAbsent(r.ticketId, k -> new ArrayList<>()).add(r.ciId));
    }
    Map<UUID, Map<String, FieldRow>> fields = new HashMap<>();
    if (!withFields.isEmpty()) {
      mapper.selectFields(withFields).forEach(f -> fields.computeIfAbsent(f.ticketId, k -> new LinkedHashMap<>())
          .put(f.fieldName, f));
    }
    return rows.stream().map(r -> LoadedIncident.readOnly(r, cis.getOrDefault(r.id, List.of()),
        fields.getOrDefault(r.id, Map.of())).snapshot(customFields)).toList();
  }

  private static String orderBy(IncidentSort sort, boolean ascending) {
    String dir = ascending ? " ASC" : " DESC";
    String column = switch (sort) {
      case NUMBER -> "t.number_seq";
      case OPENED -> "t.opened_at";
      case UPDATED -> "t.updated_at";
      case PRIORITY -> "t.priority";
      case SLA_DUE -> "t.next_sla_due";
    };
    return column + dir + " NULLS LAST, t.number_seq" + dir;
  }

  @Override
  public IncidentTicket assign(Actor actor, TicketRef ref, Assignment assignment) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_ASSIGN);
      Check.required("assignment", assignment);
      LoadedIncident incident = load(s, actor, ref);
      IncidentRow row = incident.row();
      IncidentState state = requireState(incident, "assign", NEW, ASSIGNED, ACKNOWLEDGED, IN_PROGRESS, ON_HOLD);
      String group = assignment.groupId() == null ? row.groupId : group(assignment.groupId());
      String agent = assignment.agentId() == null ? null : agent(group, assignment.agentId());
      if (agent == null) {
        if (state != NEW) {
          throw new InvalidInputException("agentId", "Expected an agent to reassign incident " + row.number + " in state "
              + state + " to, but none is given; only NEW incidents can be routed to a group alone");
        }
        if (group != null && !group.equals(row.groupId)) {
          incident.setGroup(s, "assign", group);
          reassigned(s, incident);
        }
        return incident.snapshot(customFields);
      }
      if (state == NEW) {
        var task = steps.requireTask(s, incident, TASK_ASSIGN, "assign");
        incident.setGroup(s, "assign", group);
        incident.setAssignee(s, "assign", agent);
        steps.complete(s, task, Map.of());
        return incident.snapshot(customFields);
      }
      if (agent.equals(row.assigneeId) && group != null && group.equals(row.groupId)) {
        return incident.snapshot(customFields);
      }
      if (state == ASSIGNED) {
        steps.requireTask(s, incident, TASK_ACKNOWLEDGE, "reassign");
      }
      incident.setGroup(s, "assign", group);
      incident.setAssignee(s, "assign", agent);
      if (state == ASSIGNED) {
        Instant now = s.now();
        if (incident.changeDetail(s, "assign", "assignedAt", row.assignedAt, now)) {
          row.assignedAt = now;
        }
        steps.rearm(s, incident, lifecycle::dueDate);
      }
      reassigned(s, incident);
      Outbox.notify(s, row, EventTypes.INCIDENT_REASSIGNED, "assigned:" + row.id + ":" + incident.pendingVersion(),
          List.of(agent), row.number + " (" + row.priority + ") assigned to you", row.title);
      return incident.snapshot(customFields);
    });
  }

  /** Pauses, resumes or marks reached one clock of the incident by hand (the SLA service's operations). */
  public SlaStatus changeClock(Actor actor, UUID ticketId, String clockKey, SlaServiceImpl.Change change, String reason) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_WORK);
      LoadedIncident incident = load(s, actor, TicketRef.of(Check.required("ticketId", ticketId)));
      String why = change == SlaServiceImpl.Change.PAUSE || change == SlaServiceImpl.Change.RESET
          ? Check.text("reason", reason, 180) : null;
      SlaClock clock = SlaServiceImpl.find(incident.clocksBySlot(), clockKey, incident.number());
      IncidentRow row = incident.row();
      Instant now = s.now();
      String expectation = switch (change) {
        case PAUSE -> "running to pause it";
        case RESUME -> "paused by hand to resume it (a ticket state's pause ends with the state)";
        case REACH -> "running or paused to mark it reached";
        case RESET -> "running or paused to reset it";
      };
      boolean allowed = switch (change) {
        case PAUSE -> clock.isRunning();
        case RESUME -> clock.isPaused() && clock.pauseReason() != null && clock.pauseReason().startsWith("manual: ");
        case REACH, RESET -> !clock.isStopped();
      };
      if (!allowed) {
        SlaStatus st = clock.status(now);
        throw new IllegalTransitionException(incident.number(), incident.state().name(), "Expected the " + clockKey
            + " clock of " + incident.number() + " to be " + expectation + ", but it is " + st.state()
            + (clock.isStopped() ? " (stopped at " + st.stoppedAt() + ")" : clock.isPaused() ? " (" + clock.pauseReason() + ")" : ""));
      }
      String field = "sla." + clockKey;
      switch (change) {
        case PAUSE -> {
          clock.pause(now, "manual: " + why, actor.id());
          s.audit(row.id, row.tenantId, "sla-pause", field + ".pausedBecause", null, why);
        }
        case RESUME -> {
          s.audit(row.id, row.tenantId, "sla-resume", field + ".pausedBecause", clock.pauseReason(), null);
          clock.resume(now, actor.id());
        }
        case REACH -> {
          clock.stop(now, "reached", actor.id()).percents()
              .forEach(p -> lifecycle.recorded(s, incident, clock, p, true));
          s.audit(row.id, row.tenantId, "sla-reached", field + ".reachedAt", null, now);
        }
        case RESET -> {
          clock.reset(now, "manual: " + why, actor.id());
          s.audit(row.id, row.tenantId, "sla-reset", field + ".resetBecause", null, why);
        }
        default -> throw new IllegalStateException(change.name());
      }
      incident.updateNextSlaDue(s);
      steps.rearm(s, incident, lifecycle::dueDate);
      return clock.status(now);
    });
  }

  /** Moves the running clocks of one incident to a newly published version of their definition. */
  public void reevaluateClocks(ItsmSession s, UUID ticketId, dev.itsm.api.sla.SlaDefinitionVersion version) {
    LoadedIncident incident = find(s, ticketId);
    if (incident == null) {
      return;
    }
    boolean changed = false;
    String reason = "definition " + version.definition().code() + " v" + version.version() + " published";
    for (SlaClock clock : incident.clocks()) {
      if (clock.definitionCode().equals(version.definition().code())) {
        changed |= clocks.reevaluate(s, clock, version, reason);
      }
    }
    if (changed) {
      incident.updateNextSlaDue(s);
      steps.rearm(s, incident, lifecycle::dueDate);
    }
  }

  /**
   * The timer job of a clock fired: records every threshold of the clock that is due now, in
   * ascending order, runs their actions, and arms the job for the next one. A job of a clock that
   * stopped, or of a ticket that is gone, does nothing.
   */
  public void fireClock(ItsmSession s, UUID ticketId, UUID clockId) {
    LoadedIncident incident = find(s, ticketId);
    if (incident == null) {
      return;
    }
    s.changed();
    SlaClock clock = incident.clocks().stream().filter(c -> c.id().equals(clockId)).findFirst().orElse(null);
    if (clock != null) {
      Instant now = s.now();
      Instant period = clock.periodStart();
      // one threshold at a time, computed afresh: an action may have moved the clock (a new priority)
      while (clock.periodStart().equals(period)) {   // a reset begins a period whose thresholds wait for their time
        SlaClock.Due due = clock.pending(now).stream().findFirst().orElse(null);
        if (due == null || due.at().isAfter(now) || !clock.recordThreshold(due.percent(), due.at(), null, s.actor().id())) {
          break;
        }
        lifecycle.recorded(s, incident, clock, due.percent(), false);
        for (dev.itsm.api.sla.SlaAction action : clocks.actions(s, clock, due.percent())) {
          act(s, incident, clock, due.percent(), action);
        }
      }
    }
    incident.updateNextSlaDue(s);
  }

  private void act(ItsmSession s, LoadedIncident incident, SlaClock clock, int percent, dev.itsm.api.sla.SlaAction action) {
    IncidentRow row = incident.row();
    switch (action) {
      case RAISE_PRIORITY -> {
        Priority before = row.priority;
        if (before == Priority.P1) {
          lifecycle.actionDone(s, incident, clock, percent, action, "already P1");
          return;
        }
        Priority after = Priority.values()[before.ordinal() - 1];
        incident.setPriority(s, "sla-" + percent + "%", after);
        lifecycle.actionDone(s, incident, clock, percent, action, before + " -> " + after);
        reselectClocks(s, incident, "SLA " + clock.name() + " " + percent + "%: priority " + before + " -> " + after);
        steps.rearm(s, incident, lifecycle::dueDate);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", before.name());
        data.put("to", after.name());
        Outbox.event(s, row, EventTypes.INCIDENT_PRIORITY_CHANGED, data);
      }
      case ESCALATE -> {
        String from = row.groupId;
        String to = from == null ? null : directory.escalatesTo(from);
        if (to == null || !directory.groupExists(to)) {
          lifecycle.actionDone(s, incident, clock, percent, action, "end of the escalation chain at " + from);
          lifecycle.notifyManagers(s, incident, clock, percent, action, from);
          return;
        }
        incident.setGroup(s, "sla-" + percent + "%", to);
        lifecycle.actionDone(s, incident, clock, percent, action, from + " -> " + to);
        reassigned(s, incident);
        lifecycle.notifyManagers(s, incident, clock, percent, action, to);
      }
      case MAJOR_REVIEW -> {
        boolean started = steps.deliverIfWaiting(s, incident, MESSAGE_MAJOR_REVIEW);
        lifecycle.actionDone(s, incident, clock, percent, action, started ? "review task opened" : "the model has no review");
        lifecycle.notifyManagers(s, incident, clock, percent, action, row.groupId);
      }
      default -> lifecycle.notify(s, incident, clock, percent, action);
    }
  }

  /** Records a named timestamp of the incident for segment targets. */
  public List<dev.itsm.api.sla.SegmentStatus> stamp(Actor actor, UUID ticketId, dev.itsm.api.sla.SegmentTemplate template,
                                                    String code, Instant at) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_WORK);
      LoadedIncident incident = load(s, actor, TicketRef.of(Check.required("ticketId", ticketId)));
      Instant now = s.now();
      Instant when = at == null ? now : at;
      Map<String, Instant> stamps = stamps(s, ticketId).getOrDefault(template.name(), Map.of());
      dev.itsm.internal.sla.Segments.check(template, stamps, code, when, now, incident.number());
      dev.itsm.internal.persistence.SlaStampRow row = new dev.itsm.internal.persistence.SlaStampRow();
      row.ticketId = ticketId;
      row.template = template.name();
      row.code = code;
      row.tenantId = incident.row().tenantId;
      row.stampedAt = when;
      row.recordedAt = now;
      row.actorId = actor.id();
      s.mapper(dev.itsm.internal.persistence.SlaClockMapper.class).insertStamp(row);
      s.audit(ticketId, row.tenantId, "sla-stamp", "segment." + template.name() + "." + code, null, when);
      Map<String, Instant> after = new LinkedHashMap<>(stamps);
      after.put(code, when);
      return dev.itsm.internal.sla.Segments.compute(template, after, attributes(incident), now);
    });
  }

  /** The incident's segments, of every template it has stamps of. */
  public List<dev.itsm.api.sla.SegmentStatus> segments(ItsmSession s, UUID ticketId,
                                                       java.util.function.Function<String, dev.itsm.api.sla.SegmentTemplate> templates) {
    LoadedIncident incident = visible(s, s.actor(), ticketId);
    List<dev.itsm.api.sla.SegmentStatus> out = new ArrayList<>();
    stamps(s, ticketId).forEach((template, stamps) -> out.addAll(
        dev.itsm.internal.sla.Segments.compute(templates.apply(template), stamps, attributes(incident), s.now())));
    return out;
  }

  private static Map<String, Map<String, Instant>> stamps(ItsmSession s, UUID ticketId) {
    Map<String, Map<String, Instant>> out = new java.util.TreeMap<>();
    for (var row : s.mapper(dev.itsm.internal.persistence.SlaClockMapper.class).selectStamps(List.of(ticketId))) {
      out.computeIfAbsent(row.template, k -> new LinkedHashMap<>()).put(row.code, row.stampedAt);
    }
    return out;
  }

  /** What a segment's condition may read: priority, category, service, or a custom field. */
  private java.util.function.Function<String, Object> attributes(LoadedIncident incident) {
    IncidentRow row = incident.row();
    return name -> switch (name) {
      case "priority" -> row.priority.name();
      case "category" -> row.category;
      case "service" -> row.service;
      default -> incident.snapshot(customFields).fields().get(name);
    };
  }

  /** The incident's state and the states it has been in, from its timestamps. */
  private static ClockRules.Progress progress(IncidentRow row) {
    java.util.Set<String> reached = new java.util.HashSet<>(List.of(NEW.name(), row.state));
    if (row.assignedAt != null) {
      reached.add(ASSIGNED.name());
    }
    if (row.acknowledgedAt != null) {
      reached.add(ACKNOWLEDGED.name());
    }
    if (row.resolvedAt != null || row.reopenCount > 0) {
      reached.add(RESOLVED.name());
    }
    return new ClockRules.Progress(row.state, reached);
  }

  static ClockRules.Match match(IncidentRow row) {
    return new ClockRules.Match(TicketType.INCIDENT, row.service, row.customerClass, row.priority);
  }

  /** Something that selects SLA definitions changed: re-select, then move the timers. */
  private void reselectClocks(ItsmSession s, LoadedIncident incident, String reason) {
    IncidentRow row = incident.row();
    clocks.reselect(s, incident.clocksBySlot(), row.id, row.tenantId, match(row), progress(row), s.now(), reason,
        (clock, percent) -> lifecycle.recorded(s, incident, clock, percent, true)).forEach(incident::addClock);
    incident.updateNextSlaDue(s);
  }

  private void reassigned(ItsmSession s, LoadedIncident incident) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("groupId", incident.row().groupId);
    data.put("assigneeId", incident.row().assigneeId);
    Outbox.event(s, incident.row(), EventTypes.INCIDENT_REASSIGNED, data);
  }

  @Override
  public IncidentTicket acknowledge(Actor actor, TicketRef ref) {
    return step(actor, ref, Permission.INCIDENT_ACKNOWLEDGE, "acknowledge", TASK_ACKNOWLEDGE,
        Map.of(VAR_RESPONDED, true), (s, incident) -> {
          if (!actor.id().equals(incident.row().assigneeId) && !access.seesAll(actor)) {
            throw new AccessDeniedException("Expected the assignee " + incident.row().assigneeId
                + " or a manager to acknowledge " + incident.number() + ", but " + actor.id() + " is neither");
          }
        }, ASSIGNED);
  }

  @Override
  public IncidentTicket startWork(Actor actor, TicketRef ref) {
    return workStep(actor, ref, "start work on", OUTCOME_START, NO_CHANGE, ACKNOWLEDGED);
  }

  @Override
  public IncidentTicket hold(Actor actor, TicketRef ref, HoldReason reason, String comment) {
    Check.required("reason", reason);
    String text = Check.optionalText("comment", comment, 500);
    return workStep(actor, ref, "put on hold", OUTCOME_HOLD, (s, incident) -> {
      IncidentRow row = incident.row();
      if (incident.changeDetail(s, "hold", "holdReason", row.holdReason, reason)) {
        row.holdReason = reason;
      }
      if (incident.changeDetail(s, "hold", "holdComment", row.holdComment, text)) {
        row.holdComment = text;
      }
    }, ACKNOWLEDGED, IN_PROGRESS);
  }

  @Override
  public IncidentTicket resolve(Actor actor, TicketRef ref, Resolution resolution) {
    Check.required("resolution", resolution);
    String code = Check.oneOf("resolution.code", resolution.code(), settings.resolutionCodes());
    String text = Check.optionalText("resolution.text", resolution.text(), 4000);
    return workStep(actor, ref, "resolve", OUTCOME_RESOLVE, (s, incident) -> {
      IncidentRow row = incident.row();
      if (incident.changeDetail(s, "resolve", "resolutionCode", row.resolutionCode, code)) {
        row.resolutionCode = code;
      }
      if (incident.changeDetail(s, "resolve", "resolutionText", row.resolutionText, text)) {
        row.resolutionText = text;
      }
    }, ACKNOWLEDGED, IN_PROGRESS);
  }

  private IncidentTicket workStep(Actor actor, TicketRef ref, String verb, String outcome,
                                  BiConsumer<ItsmSession, LoadedIncident> change, IncidentState... allowed) {
    return step(actor, ref, Permission.INCIDENT_WORK, verb, TASK_WORK, Map.of(VAR_OUTCOME, outcome), change, allowed);
  }

  /**
   * One lifecycle step: check the permission, load (visibility, version), check the state and that
   * the process waits at the step's task, apply the operation's own checks and changes, complete the
   * task (the model then moves the state).
   */
  private IncidentTicket step(Actor actor, TicketRef ref, Permission permission, String verb, String taskKey,
                              Map<String, Object> variables, BiConsumer<ItsmSession, LoadedIncident> change,
                              IncidentState... allowed) {
    return tx.execute(actor, s -> {
      access.require(actor, permission);
      LoadedIncident incident = load(s, actor, ref);
      requireState(incident, verb, allowed);
      var task = steps.requireTask(s, incident, taskKey, verb);
      change.accept(s, incident);
      steps.complete(s, task, variables);
      return incident.snapshot(customFields);
    });
  }

  @Override
  public IncidentTicket resume(Actor actor, TicketRef ref) {
    return step(actor, ref, Permission.INCIDENT_WORK, "resume", TASK_ON_HOLD, Map.of(), NO_CHANGE, ON_HOLD);
  }

  @Override
  public IncidentTicket reclassify(Actor actor, TicketRef ref, Impact impact, Urgency urgency) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_RECLASSIFY);
      Check.required("impact", impact);
      Check.required("urgency", urgency);
      LoadedIncident incident = load(s, actor, ref);
      requireState(incident, "reclassify", NEW, ASSIGNED, ACKNOWLEDGED, IN_PROGRESS, ON_HOLD);
      IncidentRow row = incident.row();
      if (incident.changeDetail(s, "reclassify", "impact", row.impact, impact)) {
        row.impact = impact;
      }
      if (incident.changeDetail(s, "reclassify", "urgency", row.urgency, urgency)) {
        row.urgency = urgency;
      }
      Priority before = row.priority;
      Priority after = classification.priority(impact, urgency);
      if (after != before) {
        incident.setPriority(s, "reclassify", after);
        reselectClocks(s, incident, "priority " + before + " -> " + after);
        steps.rearm(s, incident, lifecycle::dueDate);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", before.name());
        data.put("to", after.name());
        Outbox.event(s, row, EventTypes.INCIDENT_PRIORITY_CHANGED, data);
      }
      return incident.snapshot(customFields);
    });
  }

  @Override
  public IncidentTicket updateFields(Actor actor, TicketRef ref, Map<String, Object> fields) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_UPDATE);
      Check.required("fields", fields);
      LoadedIncident incident = load(s, actor, ref);
      if (incident.state().isFinal()) {
        throw illegal(incident, "update fields of", EnumSet.complementOf(EnumSet.of(CLOSED, CANCELLED)));
      }
      Map<String, Object> changed = new LinkedHashMap<>();
      fields.forEach((name, value) -> {
        FieldRow field = customFields.toRow(incident.id(), name, value);
        FieldRow old = incident.fields().get(name);
        Object oldValue = old == null ? null : customFields.value(old);
        Object newValue = value == null ? null : customFields.value(field);
        incident.setField(s, "update-fields", field, oldValue, newValue);
        changed.put(name, newValue == null ? null : newValue.toString());
      });
      Outbox.event(s, incident.row(), EventTypes.INCIDENT_FIELDS_UPDATED, Map.of("fields", String.join(",", changed.keySet())));
      return incident.snapshot(customFields);
    });
  }

  @Override
  public TicketNote addNote(Actor actor, UUID incidentId, NewNote note) {
    return tx.execute(actor, s -> {
      Check.required("note", note);
      NoteVisibility visibility = Check.required("visibility", note.visibility());
      access.require(actor, visibility == NoteVisibility.REPLY ? Permission.INCIDENT_REPLY : Permission.INCIDENT_WORK_NOTE);
      String text = Check.text("text", note.text(), 4000);
      Duration spent = note.timeSpent();
      if (spent != null && (spent.isNegative() || spent.toHours() >= MAX_NOTE_HOURS)) {
        throw new InvalidValueException("timeSpent", "Expected time spent from 0 to " + MAX_NOTE_HOURS + " hours, but it is " + spent);
      }
      LoadedIncident incident = load(s, actor, TicketRef.of(Check.required("incidentId", incidentId)));
      if (incident.state().isFinal()) {
        throw illegal(incident, "add a note to", EnumSet.complementOf(EnumSet.of(CLOSED, CANCELLED)));
      }
      IncidentRow row = incident.row();
      NoteRow n = new NoteRow();
      n.id = UUID.randomUUID();
      n.tenantId = row.tenantId;
      n.ticketId = row.id;
      n.authorId = actor.id();
      n.visibility = visibility;
      n.body = text;
      n.timeSpentSeconds = spent == null ? null : spent.toSeconds();
      n.createdAt = s.now();
      s.note(n);
      s.audit(row.id, row.tenantId, "add-note", "notes", null, visibility.name() + " " + n.id);
      Outbox.event(s, row, EventTypes.INCIDENT_NOTE_ADDED, Map.of("visibility", visibility.name(), "noteId", n.id.toString()));
      if (visibility == NoteVisibility.REPLY && !actor.id().equals(row.callerId)) {
        Outbox.notify(s, row, EventTypes.INCIDENT_NOTE_ADDED, "reply:" + n.id, List.of(row.callerId),
            "Reply on " + row.number + ": " + row.title, text);
      }
      return note(n);
    });
  }

  @Override
  public List<TicketNote> notes(Actor actor, UUID incidentId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_READ);
      LoadedIncident incident = visible(s, actor, Check.required("incidentId", incidentId));
      s.flush();
      boolean workNotes = access.allows(actor, Permission.INCIDENT_WORK_NOTE);
      return s.mapper(NoteMapper.class).selectNotes(incident.id(), workNotes).stream().map(IncidentServiceImpl::note).toList();
    });
  }

  private static TicketNote note(NoteRow n) {
    return new TicketNote(n.id, n.ticketId, n.authorId, n.visibility, n.body,
        n.timeSpentSeconds == null ? null : Duration.ofSeconds(n.timeSpentSeconds), n.createdAt);
  }

  @Override
  public IncidentTicket reopen(Actor actor, TicketRef ref, String reason) {
    String text = Check.text("reason", reason, 500);
    return step(actor, ref, Permission.INCIDENT_REOPEN, "reopen", TASK_RESOLVED, Map.of(VAR_OUTCOME, OUTCOME_REOPEN),
        (s, incident) -> {
          Instant until = incident.row().resolvedAt.plus(settings.reopenWindow());
          if (!s.now().isBefore(until)) {
            throw new IllegalTransitionException(incident.number(), RESOLVED.name(), "Expected to reopen incident "
                + incident.number() + " within " + settings.reopenWindow() + " of its resolution (until " + until
                + "), but it is " + s.now());
          }
          s.audit(incident.id(), incident.row().tenantId, "reopen", "reopenReason", null, text);
        }, RESOLVED);
  }

  @Override
  public IncidentTicket close(Actor actor, TicketRef ref) {
    return step(actor, ref, Permission.INCIDENT_CLOSE, "close", TASK_RESOLVED, Map.of(VAR_OUTCOME, OUTCOME_CLOSE),
        NO_CHANGE, RESOLVED);
  }

  @Override
  public IncidentTicket cancel(Actor actor, TicketRef ref, String reason) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_CANCEL);
      String text = Check.optionalText("reason", reason, 500);
      LoadedIncident incident = load(s, actor, ref);
      requireState(incident, "cancel", NEW, ASSIGNED, ACKNOWLEDGED, IN_PROGRESS, ON_HOLD);
      IncidentRow row = incident.row();
      if (incident.changeDetail(s, "cancel", "cancelReason", row.cancelReason, text)) {
        row.cancelReason = text;
      }
      steps.deliver(s, incident, MESSAGE_CANCEL, "cancel");
      return incident.snapshot(customFields);
    });
  }

  @Override
  public List<Workload> workload(Actor actor, Instant from, Instant to) {
    return tx.execute(actor, s -> {
      access.requirePeopleReport(actor, Permission.REPORT_READ, "workload report");
      Check.period(from, to);
      s.flush();
      return s.mapper(NoteMapper.class).selectWorkload(actor.tenantId(), from, to).stream()
          .map(w -> new Workload(w.authorId, Duration.ofSeconds(w.seconds), w.notes)).toList();
    });
  }

  @Override
  public dev.itsm.api.incident.TechnicianReport technicianReport(Actor actor, Instant from, Instant to) {
    return reports.technicians(actor, from, to);
  }

  @Override
  public dev.itsm.api.incident.VolumeReport volumeReport(Actor actor, Instant from, Instant to,
                                                         dev.itsm.api.incident.VolumeReport.Grouping by) {
    return reports.volume(actor, from, to, by);
  }

  /** Every affected CI exists in the actor's tenant, is not retired, and is named once. */
  private static void checkAffectedCis(ItsmSession s, Actor actor, List<UUID> cis) {
    java.util.Set<UUID> seen = new java.util.HashSet<>();
    for (int i = 0; i < cis.size(); i++) {
      String path = "affectedCis[" + i + "]";
      UUID id = cis.get(i);
      if (!seen.add(id)) {
        throw new InvalidValueException(path, "Expected each affected CI once, but " + id + " is named twice");
      }
      LiveItems.require(s, actor.tenantId(), path, id);
    }
  }

  /**
   * The incident if the actor may change it, checked against the expected version: not found when the
   * actor may not see it, access denied when it may only read it (a change, problem, release or
   * knowledge manager reading another caller's incident).
   */
  LoadedIncident load(ItsmSession s, Actor actor, TicketRef ref) {
    Check.required("ticket", ref);
    LoadedIncident incident = visible(s, actor, ref.id());
    if (!access.mayChange(actor, incident.row())) {
      throw new AccessDeniedException("Expected actor " + actor.id() + " to be allowed to change incident " + incident.number()
          + ", but its roles " + new java.util.TreeSet<>(actor.roles()) + " let it only read it");
    }
    // inside a unit that already changed the incident, the version the last operation returned
    // (the one it will have after the commit) is the current one
    if (ref.expectedVersion() != null && ref.expectedVersion() != incident.pendingVersion()) {
      throw new ConcurrentUpdateException("Expected incident " + incident.number() + " at version " + ref.expectedVersion()
          + ", but it is at version " + incident.pendingVersion() + "; reload and retry");
    }
    return incident;
  }

  /** The incident if it exists and the actor may see it; else not found (existence is not revealed). */
  public LoadedIncident visible(ItsmSession s, Actor actor, UUID id) {
    LoadedIncident incident = find(s, id);
    if (incident == null || !access.sees(actor, incident.row())) {
      throw new NotFoundException("Expected an incident with id " + id + " visible to " + actor.id() + ", but there is none");
    }
    return incident;
  }

  /** The incident of this unit of work, loaded once; {@code null} if it does not exist. */
  LoadedIncident find(ItsmSession s, UUID id) {
    LoadedIncident incident = s.ticket(id, LoadedIncident.class, key -> LoadedIncident.load(s, key));
    if (incident != null) {
      org.slf4j.MDC.put(dev.itsm.internal.tx.Tx.MDC_TICKET, incident.number());   // every log line of the operation names it
    }
    return incident;
  }

  private static IncidentState requireState(LoadedIncident incident, String verb, IncidentState... allowed) {
    IncidentState state = incident.state();
    if (!Arrays.asList(allowed).contains(state)) {
      throw illegal(incident, verb, Set.of(allowed));
    }
    return state;
  }

  private static IllegalTransitionException illegal(LoadedIncident incident, String verb, Set<IncidentState> allowed) {
    String states = allowed.size() == 1 ? allowed.iterator().next().name()
        : "one of " + EnumSet.copyOf(allowed);
    return new IllegalTransitionException(incident.number(), incident.state().name(), "Expected to " + verb + " incident "
        + incident.number() + " in state " + states + ", but it is " + incident.state());
  }

  private String group(String groupId) {
    return Check.group(directory, groupId);
  }

  private String agent(String groupId, String agentId) {
    String a = Check.text("agentId", agentId, 64);
    if (groupId != null) {
      Set<String> members = directory.members(groupId);
      if (!members.isEmpty() && !members.contains(a)) {
        throw new InvalidValueException("agentId", "Expected a member of group " + groupId + " " + new java.util.TreeSet<>(members)
            + ", but " + a + " is not one");
      }
    }
    return a;
  }
}
