package dev.itsm.internal.release;

import static dev.itsm.api.process.ReleaseProcess.*;
import static dev.itsm.api.release.ReleaseState.*;
import static dev.itsm.internal.persistence.TicketLinks.BUNDLED_IN_RELEASE;
import static dev.itsm.internal.persistence.TicketLinks.DURING_RELEASE_SUPPORT;
import static dev.itsm.internal.persistence.TicketLinks.FIXES_PROBLEM;

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
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeWindow;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.Conflict;
import dev.itsm.api.change.WindowKind;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.AttributeType;
import dev.itsm.api.cmdb.CiRef;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.release.Environment;
import dev.itsm.api.release.EnvironmentStatus;
import dev.itsm.api.release.GoDecision;
import dev.itsm.api.release.NewEnvironment;
import dev.itsm.api.release.NewRelease;
import dev.itsm.api.release.PipelineResult;
import dev.itsm.api.release.ReleaseCalendar;
import dev.itsm.api.release.ReleaseQuery;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseService;
import dev.itsm.api.release.ReleaseSettings;
import dev.itsm.api.release.ReleaseStage;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.api.release.ReleaseType;
import dev.itsm.api.release.StageOutcome;
import dev.itsm.api.release.StageResult;
import dev.itsm.internal.change.ChangeGate;
import dev.itsm.internal.change.ChangeServiceImpl;
import dev.itsm.internal.change.Conflicts;
import dev.itsm.internal.cmdb.CmdbServiceImpl;
import dev.itsm.internal.cmdb.LiveItems;
import dev.itsm.internal.incident.Check;
import dev.itsm.internal.incident.IncidentServiceImpl;
import dev.itsm.internal.incident.NumberSequences;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.persistence.ChangeRow;
import dev.itsm.internal.persistence.CiRow;
import dev.itsm.internal.persistence.IncidentRow;
import dev.itsm.internal.persistence.ProblemMapper;
import dev.itsm.internal.persistence.ProblemRow;
import dev.itsm.internal.persistence.ReleaseEnvCiRow;
import dev.itsm.internal.persistence.ReleaseEnvRow;
import dev.itsm.internal.persistence.ReleaseMapper;
import dev.itsm.internal.persistence.ReleaseResultRow;
import dev.itsm.internal.persistence.ReleaseRow;
import dev.itsm.internal.persistence.TicketMapper;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.persistence.entity.TaskEntity;

/** Release operations: check permission, load and check, change, drive the release process. */
public final class ReleaseServiceImpl implements ReleaseService {
  private static final int MAX_CHANGES = 200;
  private static final int MAX_ENVIRONMENTS = 20;
  private static final int MAX_CIS = 100;
  private static final int MAX_NOTES = 100_000;
  private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final List<String> FINAL = EnumSet.allOf(ReleaseState.class).stream().filter(ReleaseState::isFinal)
      .map(Enum::name).toList();
  /** Releases the calendar leaves out. */
  private static final List<String> NOT_SHOWN = List.of(REJECTED.name(), CANCELLED.name(), ROLLED_BACK.name());

  private final Tx tx;
  private final AccessPolicy access;
  private final ReleaseSettings settings;
  private final Directory directory;
  private final NumberSequences numbers;
  private final ProcessSteps steps;
  private final CmdbServiceImpl cmdb;
  private final ChangeServiceImpl changes;
  private final IncidentServiceImpl incidents;
  private final ProcessEngine engine;
  private final ReleaseLifecycle lifecycle;

  public ReleaseServiceImpl(Tx tx, AccessPolicy access, ReleaseSettings settings, Directory directory,
                            NumberSequences numbers, ProcessEngine engine, CmdbServiceImpl cmdb, ChangeServiceImpl changes,
                            IncidentServiceImpl incidents) {
    this.tx = tx;
    this.access = access;
    this.settings = settings;
    this.directory = directory;
    this.numbers = numbers;
    this.steps = new ProcessSteps(engine, Set.of());
    this.cmdb = cmdb;
    this.changes = changes;
    this.incidents = incidents;
    this.engine = engine;
    this.lifecycle = new ReleaseLifecycle(settings, directory);
  }

  // ---------------------------------------------------------------- process steps

  /** The calls of the release model's steps. */
  public TicketProcessSupport.ReleaseCalls processSteps() {
    return new TicketProcessSupport.ReleaseCalls() {
      @Override
      public void enterState(ItsmSession session, UUID ticketId, String state) {
        ReleaseState target;
        try {
          target = ReleaseState.valueOf(state);
        } catch (IllegalArgumentException | NullPointerException e) {
          throw new ItsmConfigurationException("Expected the process to enter a release state "
              + Arrays.toString(ReleaseState.values()) + ", but it asked for '" + state + "'");
        }
        lifecycle.enter(session, releaseOfProcess(session, ticketId), target);
      }

      @Override
      public Instant dueDate(ItsmSession session, UUID ticketId, String timerId) {
        return dueDate(session, ticketId, timerId, null);
      }

      @Override
      public List<String> environments(ItsmSession session, UUID ticketId, boolean rollback) {
        LoadedRelease release = releaseOfProcess(session, ticketId);
        List<String> names = new ArrayList<>();
        for (ReleaseEnvRow env : release.envs()) {
          if (!rollback) {
            names.add(env.name);
          } else if (env.deployedAt != null) {
            // last deployed first; the engine reads the list again for every instance, so it must not shrink
            // as environments are rolled back
            names.add(0, env.name);
          }
        }
        return names;
      }

      @Override
      public boolean windowOpen(ItsmSession session, UUID ticketId, String environment) {
        ReleaseEnvRow env = envOfProcess(releaseOfProcess(session, ticketId), environment);
        return !session.now().isBefore(env.windowStart);
      }

      @Override
      public Instant dueDate(ItsmSession session, UUID ticketId, String timerId, String environment) {
        LoadedRelease release = releaseOfProcess(session, ticketId);
        Instant now = session.now();
        return switch (timerId == null ? "" : timerId) {
          case TIMER_BUILD -> now.plus(settings.buildTimeout());
          case TIMER_TEST -> now.plus(settings.testTimeout());
          case TIMER_VERIFY -> now.plus(settings.verifyTimeout());
          case TIMER_ROLLBACK -> now.plus(settings.rollbackTimeout());
          case TIMER_WINDOW -> envOfProcess(release, environment).windowStart;
          case TIMER_DEPLOY -> envOfProcess(release, environment).windowEnd;
          case TIMER_EARLY_SUPPORT -> release.row().supportEndsAt == null ? now : release.row().supportEndsAt;
          default -> throw new ItsmConfigurationException("Expected a timer id of the release contract ["
              + String.join(", ", TIMER_BUILD, TIMER_TEST, TIMER_WINDOW, TIMER_DEPLOY, TIMER_VERIFY, TIMER_ROLLBACK,
              TIMER_EARLY_SUPPORT) + "], but got '" + timerId + "'");
        };
      }

      @Override
      public void deploymentStarts(ItsmSession session, UUID ticketId, String environment) {
        LoadedRelease release = releaseOfProcess(session, ticketId);
        ReleaseEnvRow env = envOfProcess(release, environment);
        ReleaseRow row = release.row();
        release.envStatus(session, env, EnvironmentStatus.DEPLOYING);
        List<Conflict> freezes = changes.freezes(session, row.tenantId, release.cis(), env.windowStart, env.windowEnd,
            "the deployment window of " + env.name);
        Conflicts.record(session, freezes, "deploy", row.id, row.tenantId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("environment", env.name);
        data.put("releaseVersion", row.releaseVersion);
        data.put("windowEnd", env.windowEnd.toString());
        data.put("conflicts", freezes.stream().map(c -> c.policy() + " " + c.kind() + ": " + c.reason()).toList());
        Outbox.event(session, row, EventTypes.RELEASE_DEPLOYMENT_STARTED, data);
        Set<String> to = new LinkedHashSet<>();
        if (row.groupId != null) {
          to.addAll(directory.members(row.groupId));
        }
        to.add(row.assigneeId);
        Outbox.notify(session, row, EventTypes.RELEASE_DEPLOYMENT_STARTED, "deploy:" + row.id + ":" + env.idx + ":"
            + session.now().toEpochMilli(), to, row.number + " (" + row.releaseVersion + "): deployment to " + env.name
            + " may begin", "Window until " + env.windowEnd + (freezes.isEmpty() ? "" : "; freezes: " + freezes.size()));
      }

      @Override
      public void overdue(ItsmSession session, UUID ticketId, String timerId, String environment) {
        LoadedRelease release = releaseOfProcess(session, ticketId);
        ReleaseRow row = release.row();
        String stage = switch (timerId == null ? "" : timerId) {
          case TIMER_BUILD -> ReleaseStage.BUILD.name();
          case TIMER_TEST -> ReleaseStage.TEST.name();
          case TIMER_DEPLOY -> ReleaseStage.DEPLOY.name();
          case TIMER_VERIFY -> ReleaseStage.VERIFY.name();
          case TIMER_ROLLBACK -> ReleaseStage.ROLLBACK.name();
          default -> throw new ItsmConfigurationException("Expected a pipeline timer of the release contract, but got '"
              + timerId + "'");
        };
        String what = stage.toLowerCase(java.util.Locale.ROOT) + (environment == null ? "" : " of " + environment);
        List<String> recipients = lifecycle.managers(row);
        session.audit(row.id, row.tenantId, "overdue", "stage", null, what + "; escalated to " + String.join(",", recipients));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stage", stage);
        data.put("environment", environment);
        data.put("timer", timerId);
        Outbox.event(session, row, EventTypes.RELEASE_PIPELINE_OVERDUE, data);
        Outbox.notify(session, row, EventTypes.RELEASE_PIPELINE_OVERDUE, "overdue:" + row.id + ":" + timerId + ":"
            + environment + ":" + session.now().toEpochMilli(), recipients, row.number + " (" + row.releaseVersion
            + "): the " + what + " has not reported in time", row.title);
      }
    };
  }

  private LoadedRelease releaseOfProcess(ItsmSession session, UUID id) {
    LoadedRelease release = find(session, id);
    if (release == null) {
      throw new ItsmConfigurationException("Expected the process to belong to a release, but there is no release " + id);
    }
    session.changed();
    return release;
  }

  private static ReleaseEnvRow envOfProcess(LoadedRelease release, String environment) {
    ReleaseEnvRow env = environment == null ? null : release.env(environment);
    if (env == null) {
      throw new ItsmConfigurationException("Expected the process to name an environment of release " + release.number()
          + " in variable '" + VAR_ENVIRONMENT + "', but it names '" + environment + "'");
    }
    return env;
  }

  // ---------------------------------------------------------------- create

  @Override
  public ReleaseRecord create(Actor actor, NewRelease release) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_MANAGE);
      Check.required("release", release);
      String title = Check.text("title", release.title(), 200);
      String description = Check.optionalText("description", release.description(), 4000);
      ReleaseType type = Check.required("type", release.type());
      String version = Check.text("releaseVersion", release.releaseVersion(), 64);
      if (version.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw new InvalidValueException("releaseVersion", "Expected a version without spaces, but it is '" + version + "'");
      }
      String group = release.groupId() == null ? null : Check.group(directory, release.groupId());
      String manager = release.managerId() == null ? actor.id() : Check.text("managerId", release.managerId(), 64);
      Duration support = release.earlySupport() == null ? settings.earlySupport() : release.earlySupport();
      if (support.isNegative() || support.isZero() || support.compareTo(Duration.ofDays(366)) > 0) {
        throw new InvalidValueException("earlySupport", "Expected an early life support period above zero and at most 366 "
            + "days, but it is " + support);
      }
      List<ChangeRow> bundled = bundledChanges(s, actor, release.changeIds());
      List<NewEnvironment> environments = release.environments();
      if (environments.isEmpty()) {
        throw new InvalidInputException("environments", "Expected at least one target environment, but there is none");
      }
      if (environments.size() > MAX_ENVIRONMENTS) {
        throw new InvalidValueException("environments", "Expected at most " + MAX_ENVIRONMENTS + " environments, but there are "
            + environments.size());
      }
      Instant now = s.now();
      UUID id = UUID.randomUUID();
      List<ReleaseEnvRow> envRows = new ArrayList<>();
      List<ReleaseEnvCiRow> envCis = new ArrayList<>();
      Set<UUID> scope = new LinkedHashSet<>();
      for (int i = 0; i < environments.size(); i++) {
        String path = "environments[" + i + "]";
        NewEnvironment e = Check.required(path, environments.get(i));
        String name = Check.text(path + ".name", e.name(), 64);
        if (!ENVIRONMENT.matcher(name).matches()) {
          throw new InvalidValueException(path + ".name", "Expected an environment name of letters, digits, '.', '-' or '_', "
              + "but it is '" + name + "'");
        }
        for (ReleaseEnvRow earlier : envRows) {
          if (earlier.name.equals(name)) {
            throw new InvalidValueException(path + ".name", "Expected each environment once in the deployment order, but '"
                + name + "' comes at positions " + earlier.idx + " and " + i);
          }
        }
        Instant start = Check.required(path + ".windowStart", e.windowStart());
        Instant end = Check.required(path + ".windowEnd", e.windowEnd());
        if (!end.isAfter(start)) {
          throw new InvalidValueException(path + ".windowEnd", "Expected the window of " + name + " to end after its start "
              + start + ", but it ends at " + end);
        }
        if (start.isBefore(now)) {
          throw new InvalidValueException(path + ".windowStart", "Expected a window of " + name + " that is not in the past, "
              + "but it starts at " + start + ", before now (" + now + ")");
        }
        if (!envRows.isEmpty() && start.isBefore(envRows.get(envRows.size() - 1).windowStart)) {
          ReleaseEnvRow before = envRows.get(envRows.size() - 1);
          throw new InvalidValueException(path + ".windowStart", "Expected the window of " + name + " to start no earlier "
              + "than that of " + before.name + " deployed before it (" + before.windowStart + "), but it starts at " + start);
        }
        if (e.cis().size() > MAX_CIS) {
          throw new InvalidValueException(path + ".cis", "Expected at most " + MAX_CIS + " CIs per environment, but " + name
              + " has " + e.cis().size());
        }
        ReleaseEnvRow env = new ReleaseEnvRow();
        env.ticketId = id;
        env.idx = i;
        env.name = name;
        env.windowStart = start;
        env.windowEnd = end;
        env.status = EnvironmentStatus.PLANNED.name();
        envRows.add(env);
        Set<UUID> own = new HashSet<>();
        for (int j = 0; j < e.cis().size(); j++) {
          String ciPath = path + ".cis[" + j + "]";
          UUID ci = Check.required(ciPath, e.cis().get(j));
          if (!own.add(ci)) {
            throw new InvalidValueException(ciPath, "Expected each CI of " + name + " once, but " + ci + " is named twice");
          }
          requireSoftware(s, actor.tenantId(), ciPath, ci);
          ReleaseEnvCiRow row = new ReleaseEnvCiRow();
          row.ticketId = id;
          row.idx = i;
          row.ciId = ci;
          envCis.add(row);
          scope.add(ci);
        }
      }
      List<UUID> changeIds = bundled.stream().map(c -> c.id).toList();
      s.mapper(TicketMapper.class).selectCis(changeIds).forEach(r -> scope.add(r.ciId));
      if (!scope.isEmpty()) {
        cmdb.affectedServices(s, actor.tenantId(), List.copyOf(scope)).forEach(service -> scope.add(service.id()));
      }
      List<Conflict> freezes = new ArrayList<>();
      for (ReleaseEnvRow env : envRows) {
        freezes.addAll(changes.freezes(s, actor.tenantId(), scope, env.windowStart, env.windowEnd,
            "the deployment window of " + env.name));
      }
      Conflicts.enforce(s, freezes, "plan", "release '" + title + "'", null, null);

      NumberSequences.Numbered number = numbers.next(s, actor.tenantId(), TicketType.RELEASE);
      ReleaseRow row = new ReleaseRow();
      row.id = id;
      row.tenantId = actor.tenantId();
      row.ticketType = TicketType.RELEASE;
      row.number = number.number();
      row.numberSeq = number.value();
      row.title = title;
      row.description = description;
      row.state = PLANNING.name();
      row.priority = switch (type) {
        case EMERGENCY -> Priority.P1;
        case MAJOR -> Priority.P2;
        case MINOR -> Priority.P3;
      };
      row.groupId = group;
      row.assigneeId = manager;
      row.callerId = actor.id();
      row.openedAt = now;
      row.updatedAt = now;
      row.createdBy = actor.id();
      row.updatedBy = actor.id();
      row.version = 1;
      row.releaseType = type.name();
      row.releaseVersion = version;
      row.earlySupport = support.getSeconds();
      LoadedRelease loaded = LoadedRelease.create(row, List.copyOf(scope), envRows, envCis);
      s.add(loaded);
      s.audit(row.id, row.tenantId, "create", "state", null, row.state);
      s.flush();
      ChangeMapper links = s.mapper(ChangeMapper.class);
      for (ChangeRow change : bundled) {
        links.insertLink(change.id, row.id, BUNDLED_IN_RELEASE, row.tenantId, actor.id(), now);
        s.audit(row.id, row.tenantId, "bundle", "changes", null, change.number);
        s.audit(change.id, row.tenantId, "bundle", "release", null, row.number);
      }
      Conflicts.enforce(s, freezes, "plan", row.number, row.id, row.tenantId);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("releaseType", type.name());
      data.put("releaseVersion", version);
      data.put("environments", envRows.stream().map(e -> e.name).toList());
      data.put("changes", bundled.stream().map(c -> c.number).toList());
      Outbox.event(s, row, EventTypes.RELEASE_CREATED, data);
      row.processInstanceId = steps.start(s, PROCESS_KEY, loaded, Map.of(VAR_TICKET_ID, row.id.toString()));
      loaded.touch();
      return snapshot(s, loaded);
    });
  }

  /** The changes to bundle: given, each once, approved, of the tenant, in no other open release. */
  private static List<ChangeRow> bundledChanges(ItsmSession s, Actor actor, List<UUID> ids) {
    if (ids.isEmpty()) {
      throw new InvalidInputException("changeIds", "Expected at least one approved change to bundle, but there is none");
    }
    if (ids.size() > MAX_CHANGES) {
      throw new InvalidValueException("changeIds", "Expected at most " + MAX_CHANGES + " changes, but there are " + ids.size());
    }
    ChangeMapper mapper = s.mapper(ChangeMapper.class);
    ReleaseMapper releases = s.mapper(ReleaseMapper.class);
    List<ChangeRow> rows = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    s.flush();
    for (int i = 0; i < ids.size(); i++) {
      String path = "changeIds[" + i + "]";
      UUID id = Check.required(path, ids.get(i));
      if (!seen.add(id)) {
        throw new InvalidValueException(path, "Expected each change once, but " + id + " is named twice");
      }
      ChangeRow change = mapper.selectChange(id);
      if (change == null || !change.tenantId.equals(actor.tenantId())) {
        throw new InvalidValueException(path, "Expected a change of tenant " + actor.tenantId() + ", but there is no change "
            + id);
      }
      if (!approved(change)) {
        throw new InvalidValueException(path, "Expected an approved change at " + path + " (SCHEDULED, IMPLEMENTING, or in "
            + "REVIEW or CLOSED after a successful implementation), but " + change.number + " is " + change.state
            + (change.implementationOutcome == null ? "" : " after a " + change.implementationOutcome + " implementation"));
      }
      List<String> open = releases.selectOpenReleasesOf(id, BUNDLED_IN_RELEASE, FINAL);
      if (!open.isEmpty()) {
        throw new InvalidValueException(path, "Expected a change in no other open release, but " + change.number
            + " is bundled in " + String.join(", ", open));
      }
      rows.add(change);
    }
    return rows;
  }

  private static boolean approved(ChangeRow change) {
    ChangeState state = ChangeState.valueOf(change.state);
    return switch (state) {
      case SCHEDULED, IMPLEMENTING -> true;
      case REVIEW -> !"FAILED".equals(change.implementationOutcome);
      case CLOSED -> CloseCode.SUCCESSFUL.name().equals(change.closeCode)
          || CloseCode.SUCCESSFUL_WITH_ISSUES.name().equals(change.closeCode);
      default -> false;
    };
  }

  /** A live CI whose type has the version attribute, as a string. */
  private void requireSoftware(ItsmSession s, String tenantId, String path, UUID id) {
    CiRow ci = LiveItems.require(s, tenantId, path, id);
    AttributeDefinition attribute = cmdb.type(Actor.system(tenantId), ci.typeName).attributes().stream()
        .filter(a -> a.name().equals(settings.versionAttribute())).findFirst().orElse(null);
    if (attribute == null || attribute.type() != AttributeType.STRING) {
      throw new InvalidValueException(path, "Expected a software CI whose type has the string attribute "
          + settings.versionAttribute() + ", but " + ci.name + " is a " + ci.typeName
          + (attribute == null ? " without it" : " where it is a " + attribute.type()));
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public ReleaseRecord get(Actor actor, UUID id) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_READ);
      return snapshot(s, visible(s, actor, Check.required("id", id)));
    });
  }

  @Override
  public ReleaseRecord getByNumber(Actor actor, String number) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_READ);
      String n = Check.text("number", number, 32);
      s.flush();
      ReleaseRow row = s.mapper(ReleaseMapper.class).selectReleaseByNumber(actor.tenantId(), n);
      if (row == null) {
        throw new NotFoundException("Expected a release numbered " + n + " in tenant " + actor.tenantId() + ", but there is none");
      }
      return snapshot(s, visible(s, actor, row.id));
    });
  }

  @Override
  public Page<ReleaseRecord> query(Actor actor, ReleaseQuery query) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_READ);
      Check.required("query", query);
      Check.page(query.offset(), query.limit(), ReleaseQuery.MAX_LIMIT);
      List<String> states = query.states().stream().map(Enum::name).sorted().toList();
      s.flush();
      ReleaseMapper mapper = s.mapper(ReleaseMapper.class);
      List<ReleaseRow> rows = mapper.selectReleases(actor.tenantId(), states, query.changeId(), query.offset(), query.limit());
      long total = query.offset() == 0 && rows.size() < query.limit() ? rows.size()
          : mapper.countReleases(actor.tenantId(), states, query.changeId());
      if (rows.isEmpty()) {
        return new Page<>(List.of(), total, query.offset(), query.limit());
      }
      List<UUID> ids = rows.stream().map(r -> r.id).toList();
      Map<UUID, List<ReleaseEnvRow>> envs = new HashMap<>();
      mapper.selectEnvs(ids).forEach(e -> envs.computeIfAbsent(e.ticketId, k -> new ArrayList<>()).add(e));
      Map<UUID, List<ReleaseEnvCiRow>> envCis = new HashMap<>();
      mapper.selectEnvCis(ids).forEach(e -> envCis.computeIfAbsent(e.ticketId, k -> new ArrayList<>()).add(e));
      Map<UUID, List<UUID>> cis = new HashMap<>();
      List<UUID> withCis = rows.stream().filter(r -> r.hasCis).map(r -> r.id).toList();
      if (!withCis.isEmpty()) {
        s.mapper(TicketMapper.class).selectCis(withCis)
            .forEach(r -> cis.computeIfAbsent(r.ticketId, k -> new ArrayList<>()).add(r.ciId));
      }
      List<ReleaseRecord> items = rows.stream().map(r -> snapshot(s, LoadedRelease.readOnly(r, cis.getOrDefault(r.id,
          List.of()), envs.getOrDefault(r.id, List.of()), envCis.getOrDefault(r.id, List.of())))).toList();
      return new Page<>(items, total, query.offset(), query.limit());
    });
  }

  @Override
  public List<StageResult> results(Actor actor, UUID releaseId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_READ);
      LoadedRelease release = visible(s, actor, Check.required("releaseId", releaseId));
      s.flush();
      return s.mapper(ReleaseMapper.class).selectResults(release.id()).stream().map(r -> new StageResult(
          ReleaseStage.valueOf(r.stage), r.environment, StageOutcome.valueOf(r.outcome), r.details, r.externalRef,
          r.reportedBy, r.reportedAt)).toList();
    });
  }

  @Override
  public List<UUID> supportIncidents(Actor actor, UUID releaseId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_READ);
      LoadedRelease release = visible(s, actor, Check.required("releaseId", releaseId));
      s.flush();
      return access.visibleIncidents(s, actor, s.mapper(ChangeMapper.class).selectLinkedFrom(release.id(), DURING_RELEASE_SUPPORT));
    });
  }

  // ---------------------------------------------------------------- build, test, decision

  @Override
  public ReleaseRecord startBuild(Actor actor, TicketRef ref) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_MANAGE);
      LoadedRelease release = load(s, actor, ref);
      requireState(release, "start the build of", PLANNING);
      TaskEntity task = steps.requireTask(s, release, TASK_PLAN, "start the build of");
      steps.complete(s, task, Map.of());
      return snapshot(s, release);
    });
  }

  @Override
  public ReleaseRecord report(Actor actor, UUID releaseId, PipelineResult result) {
    return tx.execute(actor, s -> {
      if (!access.allows(actor, Permission.RELEASE_MANAGE)) {
        access.require(actor, Permission.RELEASE_PIPELINE);
      }
      Check.required("releaseId", releaseId);
      Check.required("result", result);
      ReleaseStage stage = Check.required("stage", result.stage());
      StageOutcome outcome = Check.required("outcome", result.outcome());
      String details = outcome == StageOutcome.FAILED ? Check.text("details", result.details(), 4000)
          : Check.optionalText("details", result.details(), 4000);
      String externalRef = Check.optionalText("externalRef", result.externalRef(), 500);
      String environment;
      if (stage.perEnvironment()) {
        environment = Check.text("environment", result.environment(), 64);
      } else {
        if (result.environment() != null) {
          throw new InvalidValueException("environment", "Expected no environment for a " + stage + " result, but it names '"
              + clip(result.environment()) + "'");
        }
        environment = null;
      }
      LoadedRelease release = visible(s, actor, releaseId);
      ReleaseRow row = release.row();
      ReleaseEnvRow env = environment == null ? null : release.env(environment);
      if (environment != null && env == null) {
        throw new InvalidValueException("environment", "Expected an environment of release " + row.number + " "
            + release.envs().stream().map(e -> e.name).toList() + ", but '" + clip(environment) + "' is not one");
      }
      if (externalRef != null && repeated(s, release, stage, environment, externalRef)) {
        return snapshot(s, release);   // a repeat delivery of a result recorded already
      }
      String verb = "record a " + stage + " result of";
      boolean success = outcome == StageOutcome.SUCCEEDED;
      TaskEntity task = switch (stage) {
        case BUILD -> {
          requireState(release, verb, BUILDING);
          yield steps.requireTask(s, release, TASK_BUILD, verb);
        }
        case TEST -> {
          requireState(release, verb, TESTING);
          yield steps.requireTask(s, release, TASK_TEST, verb);
        }
        case DEPLOY -> {
          requireState(release, verb, DEPLOYING);
          yield environmentTask(s, release, TASK_DEPLOY, env, verb);
        }
        case VERIFY -> {
          requireState(release, verb, DEPLOYING);
          yield environmentTask(s, release, TASK_VERIFY, env, verb);
        }
        case ROLLBACK -> {
          requireState(release, verb, ROLLING_BACK);
          yield environmentTask(s, release, TASK_ROLLBACK, env, verb);
        }
      };
      ReleaseResultRow recorded = new ReleaseResultRow();
      recorded.id = UUID.randomUUID();
      recorded.ticketId = row.id;
      recorded.seq = release.nextResultSeq(s);
      recorded.stage = stage.name();
      recorded.environment = environment;
      recorded.outcome = outcome.name();
      recorded.details = details;
      recorded.externalRef = externalRef;
      recorded.reportedBy = actor.id();
      recorded.reportedAt = s.now();
      release.addResult(s, recorded);
      s.audit(row.id, row.tenantId, "result", stage.name().toLowerCase(java.util.Locale.ROOT)
          + (environment == null ? "" : "[" + environment + "]"), null, outcome + (details == null ? "" : ": " + details));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("stage", stage.name());
      data.put("environment", environment);
      data.put("outcome", outcome.name());
      data.put("externalRef", externalRef);
      Outbox.event(s, row, EventTypes.RELEASE_RESULT_RECORDED, data);
      switch (stage) {
        case DEPLOY -> {
          if (success) {
            setVersions(s, release, env);
            release.envStatus(s, env, EnvironmentStatus.DEPLOYED);
          } else {
            release.envStatus(s, env, EnvironmentStatus.FAILED);
            rollbackReason(s, release, "Deployment to " + env.name + " failed: " + details);
          }
        }
        case VERIFY -> {
          release.envStatus(s, env, success ? EnvironmentStatus.VERIFIED : EnvironmentStatus.FAILED);
          if (!success) {
            rollbackReason(s, release, "Verification of " + env.name + " failed: " + details);
          }
        }
        case ROLLBACK -> {
          if (success) {
            restoreVersions(s, release, env);
            release.envStatus(s, env, EnvironmentStatus.ROLLED_BACK);
          } else {
            Outbox.notify(s, row, EventTypes.RELEASE_RESULT_RECORDED, "rollback-failed:" + recorded.id,
                lifecycle.managers(row), row.number + " (" + row.releaseVersion + "): the rollback of " + env.name
                + " failed", details);
            return snapshot(s, release);   // the rollback waits for another result
          }
        }
        default -> { }
      }
      steps.complete(s, task, Map.of(VAR_OUTCOME, success ? OUTCOME_SUCCESS : OUTCOME_FAILED));
      return snapshot(s, release);
    });
  }

  private static String clip(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }

  private static boolean repeated(ItsmSession s, LoadedRelease release, ReleaseStage stage, String environment,
                                  String externalRef) {
    s.flush();
    return s.mapper(ReleaseMapper.class).selectResults(release.id()).stream().anyMatch(r -> r.stage.equals(stage.name())
        && Objects.equals(r.environment, environment) && externalRef.equals(r.externalRef));
  }

  /** The open task of the step for the environment, or an illegal transition naming what the process waits for. */
  private TaskEntity environmentTask(ItsmSession s, LoadedRelease release, String taskKey, ReleaseEnvRow env, String verb) {
    List<TaskEntity> open = steps.openTasks(release, taskKey);
    List<String> waiting = new ArrayList<>();
    for (TaskEntity task : open) {
      Object name = engine.getTaskService().getVariable(task.getId(), VAR_ENVIRONMENT);
      if (env.name.equals(name)) {
        return task;
      }
      waiting.add(String.valueOf(name));
    }
    if (waiting.isEmpty()) {
      throw steps.notWaitingAt(s, release, "step '" + taskKey + "' of " + env.name, verb);
    }
    throw new IllegalTransitionException(release.number(), release.stateName(), "Expected release " + release.number()
        + " to wait at step '" + taskKey + "' of " + env.name + " to " + verb + " it, but it waits there for " + waiting);
  }

  private static void rollbackReason(ItsmSession s, LoadedRelease release, String reason) {
    ReleaseRow row = release.row();
    String text = reason.length() > 4000 ? reason.substring(0, 3997) + "..." : reason;
    if (release.change(s, "rollback", "rollbackReason", row.rollbackReason, text)) {
      row.rollbackReason = text;
    }
  }

  /** Sets the release's version on the environment's CIs, keeping what they had for a rollback. */
  private void setVersions(ItsmSession s, LoadedRelease release, ReleaseEnvRow env) {
    ReleaseRow row = release.row();
    Actor system = Actor.system(row.tenantId);
    ChangeGate.applying(s, Cause.of("release", row.number), () -> {
      for (ReleaseEnvCiRow ci : release.cisOf(env)) {
        Object before = cmdb.get(system, ci.ciId).attributes().get(settings.versionAttribute());
        release.previousVersion(ci, before == null ? null : before.toString());
        if (!row.releaseVersion.equals(before)) {
          cmdb.update(system, CiRef.of(ci.ciId), Map.of(settings.versionAttribute(), row.releaseVersion));
        }
      }
    });
  }

  /** Gives the environment's CIs back the versions they had before the release. */
  private void restoreVersions(ItsmSession s, LoadedRelease release, ReleaseEnvRow env) {
    ReleaseRow row = release.row();
    Actor system = Actor.system(row.tenantId);
    ChangeGate.applying(s, Cause.of("release", row.number), () -> {
      for (ReleaseEnvCiRow ci : release.cisOf(env)) {
        Map<String, Object> restore = new HashMap<>();
        restore.put(settings.versionAttribute(), ci.previousVersion);   // null removes it
        cmdb.update(system, CiRef.of(ci.ciId), restore);
      }
    });
  }

  @Override
  public ReleaseRecord decide(Actor actor, TicketRef ref, GoDecision decision, String comment) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_APPROVE);
      Check.required("decision", decision);
      String text = decision == GoDecision.GO ? Check.optionalText("comment", comment, 2000)
          : Check.text("comment", comment, 2000);
      LoadedRelease release = load(s, actor, ref);
      ReleaseRow row = release.row();
      requireState(release, "decide on", AWAITING_APPROVAL);
      if (actor.id().equals(row.assigneeId) || actor.id().equals(row.callerId)) {
        throw new AccessDeniedException("Expected an approver who neither manages nor recorded release " + row.number
            + " to decide on it, but " + actor.id() + " is its " + (actor.id().equals(row.assigneeId) ? "manager" : "requester"));
      }
      TaskEntity task = steps.requireTask(s, release, TASK_GO_NO_GO, "decide on");
      if (decision == GoDecision.GO) {
        List<Conflict> freezes = freezes(s, release);
        Conflicts.enforce(s, freezes, "approve", row.number, row.id, row.tenantId);
      }
      Instant now = s.now();
      if (release.change(s, "decide", "goDecision", row.goDecision, decision.name())) {
        row.goDecision = decision.name();
      }
      if (release.change(s, "decide", "decidedBy", row.decidedBy, actor.id())) {
        row.decidedBy = actor.id();
      }
      if (release.change(s, "decide", "decisionComment", row.decisionComment, text)) {
        row.decisionComment = text;
      }
      if (release.change(s, "decide", "decidedAt", row.decidedAt, now)) {
        row.decidedAt = now;
      }
      steps.complete(s, task, Map.of(VAR_DECISION, decision == GoDecision.GO ? DECISION_GO : DECISION_NO_GO));
      return snapshot(s, release);
    });
  }

  private List<Conflict> freezes(ItsmSession s, LoadedRelease release) {
    List<Conflict> found = new ArrayList<>();
    for (ReleaseEnvRow env : release.envs()) {
      found.addAll(changes.freezes(s, release.row().tenantId, release.cis(), env.windowStart, env.windowEnd,
          "the deployment window of " + env.name));
    }
    return found;
  }

  // ---------------------------------------------------------------- notes, closure, cancellation

  @Override
  public String releaseNotes(Actor actor, UUID releaseId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_READ);
      LoadedRelease release = visible(s, actor, Check.required("releaseId", releaseId));
      return release.row().notes != null ? release.row().notes : ReleaseNotes.generate(s, release, cmdb);
    });
  }

  @Override
  public ReleaseRecord publishNotes(Actor actor, TicketRef ref, String markdown) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_MANAGE);
      if (markdown != null && markdown.isBlank()) {
        throw new InvalidInputException("markdown", "Expected release notes, or null for the generated ones, but they are blank");
      }
      String given = Check.optionalText("markdown", markdown, MAX_NOTES);
      LoadedRelease release = load(s, actor, ref);
      ReleaseRow row = release.row();
      requireState(release, "publish the release notes of", AWAITING_APPROVAL, DEPLOYING, EARLY_LIFE_SUPPORT, REVIEW);
      String notes = given != null ? given : ReleaseNotes.generate(s, release, cmdb);
      if (notes.length() > MAX_NOTES) {
        throw new InvalidValueException("markdown", "Expected release notes of at most " + MAX_NOTES + " characters, but the "
            + "generated ones have " + notes.length() + "; pass them shortened");
      }
      Instant now = s.now();
      if (release.change(s, "publish-notes", "notes", row.notes, notes)) {
        row.notes = notes;
      }
      if (release.change(s, "publish-notes", "notesPublishedBy", row.notesPublishedBy, actor.id())) {
        row.notesPublishedBy = actor.id();
      }
      release.change(s, "publish-notes", "notesPublishedAt", row.notesPublishedAt, now);
      row.notesPublishedAt = now;
      release.touch();   // every publication is a new version of the release, announced under its own key
      Outbox.event(s, row, EventTypes.RELEASE_NOTES_PUBLISHED, Map.of("length", notes.length()));
      Set<String> readers = new LinkedHashSet<>();
      if (row.groupId != null) {
        readers.addAll(directory.members(row.groupId));
      }
      readers.add(row.assigneeId);
      s.flush();
      ChangeMapper mapper = s.mapper(ChangeMapper.class);
      for (UUID change : mapper.selectLinkedFrom(row.id, BUNDLED_IN_RELEASE)) {
        ChangeRow c = mapper.selectChange(change);
        if (c != null) {
          readers.add(c.callerId);
        }
      }
      Outbox.notify(s, row, EventTypes.RELEASE_NOTES_PUBLISHED, "notes:" + row.id + ":" + release.pendingVersion(), readers,
          "Release notes of " + row.number + " (" + row.releaseVersion + "): " + row.title, notes);
      return snapshot(s, release);
    });
  }

  @Override
  public ReleaseRecord close(Actor actor, TicketRef ref, String notes) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_MANAGE);
      String text = Check.optionalText("notes", notes, 4000);
      LoadedRelease release = load(s, actor, ref);
      ReleaseRow row = release.row();
      requireState(release, "close", REVIEW);
      if (row.notesPublishedAt == null) {
        throw new IllegalTransitionException(row.number, row.state, "Expected the release notes of " + row.number
            + " to be published before it closes, but they are not; publish them first");
      }
      TaskEntity task = steps.requireTask(s, release, TASK_CLOSE, "close");
      if (release.change(s, "close", "closeNotes", row.closeNotes, text)) {
        row.closeNotes = text;
      }
      steps.complete(s, task, Map.of());
      return snapshot(s, release);
    });
  }

  @Override
  public ReleaseRecord cancel(Actor actor, TicketRef ref, String reason) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_MANAGE);
      String text = Check.text("reason", reason, 500);
      LoadedRelease release = load(s, actor, ref);
      ReleaseRow row = release.row();
      requireState(release, "cancel", PLANNING, BUILDING, TESTING, AWAITING_APPROVAL);
      if (release.change(s, "cancel", "cancelReason", row.cancelReason, text)) {
        row.cancelReason = text;
      }
      steps.deliver(s, release, MESSAGE_CANCEL, "cancel");
      return snapshot(s, release);
    });
  }

  // ---------------------------------------------------------------- conflicts and calendar

  @Override
  public List<Conflict> conflicts(Actor actor, UUID releaseId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_READ);
      LoadedRelease release = visible(s, actor, Check.required("releaseId", releaseId));
      return release.state().isFinal() ? List.<Conflict>of() : freezes(s, release);
    });
  }

  @Override
  public ReleaseCalendar calendar(Actor actor, Instant from, Instant to) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.RELEASE_READ);
      Check.period(from, to);
      s.flush();
      List<ReleaseEnvRow> envs = s.mapper(ReleaseMapper.class).selectEnvsDuring(actor.tenantId(), from, to, NOT_SHOWN,
          ReleaseQuery.MAX_LIMIT + 1);
      if (envs.size() > ReleaseQuery.MAX_LIMIT) {
        throw new InvalidValueException("to", "Expected at most " + ReleaseQuery.MAX_LIMIT + " deployment windows in the "
            + "period, but there are more; ask for a shorter period");
      }
      List<ReleaseCalendar.Deployment> deployments = new ArrayList<>();
      for (ReleaseEnvRow env : envs) {
        LoadedRelease release = find(s, env.ticketId);
        ReleaseRow row = release.row();
        List<Conflict> conflicts = release.state().isFinal() ? List.of() : changes.freezes(s, row.tenantId, release.cis(),
            env.windowStart, env.windowEnd, "the deployment window of " + env.name);
        deployments.add(new ReleaseCalendar.Deployment(row.id, row.number, row.title, row.releaseVersion, release.state(),
            env.name, EnvironmentStatus.valueOf(release.env(env.name).status), env.windowStart, env.windowEnd, conflicts));
      }
      List<ChangeWindow> freezes = s.mapper(ChangeMapper.class).selectWindowsDuring(actor.tenantId(), from, to).stream()
          .filter(w -> WindowKind.FREEZE.name().equals(w.kind)).map(ChangeServiceImpl::window).toList();
      return new ReleaseCalendar(from, to, deployments, freezes);
    });
  }

  // ---------------------------------------------------------------- early life support

  /**
   * An incident opened (in its unit of work): when one of its CIs is in the scope of a release in early life
   * support, the incident is linked to the release, gets a work note, and the release managers are told.
   */
  public void incidentOpened(ItsmSession s, IncidentRow incident, List<UUID> cis) {
    if (cis.isEmpty()) {
      return;
    }
    s.flush();
    List<UUID> releases = s.mapper(ReleaseMapper.class).selectInStateOnCis(incident.tenantId, EARLY_LIFE_SUPPORT.name(), cis);
    for (UUID id : releases) {
      LoadedRelease release = find(s, id);
      ReleaseRow row = release.row();
      s.mapper(ChangeMapper.class).insertLink(incident.id, row.id, DURING_RELEASE_SUPPORT, row.tenantId, s.actor().id(),
          s.now());
      s.audit(row.id, row.tenantId, "support-incident", "supportIncidents", null, incident.number);
      s.audit(incident.id, row.tenantId, "support-incident", "release", null, row.number);
      incidents.addNote(Actor.system(row.tenantId), incident.id, NewNote.workNote("Opened during the early life support of "
          + row.number + " (version " + row.releaseVersion + ", until " + row.supportEndsAt + ") on a CI it deployed to or "
          + "changed; release manager " + row.assigneeId + "."));
      Outbox.event(s, row, EventTypes.RELEASE_SUPPORT_INCIDENT, Map.of("incidentId", incident.id.toString(),
          "incidentNumber", incident.number));
      Outbox.notify(s, row, EventTypes.RELEASE_SUPPORT_INCIDENT, "support-incident:" + row.id + ":" + incident.id,
          lifecycle.managers(row), incident.number + " opened on a CI of " + row.number + " (" + row.releaseVersion
          + ") during its early life support", incident.title);
    }
  }

  // ---------------------------------------------------------------- loading

  private LoadedRelease load(ItsmSession s, Actor actor, TicketRef ref) {
    Check.required("release", ref);
    LoadedRelease release = visible(s, actor, ref.id());
    release.requireVersion(ref.expectedVersion());
    return release;
  }

  /** Throws not found unless the release exists in the actor's tenant (for the audit service). */
  public void requireVisible(ItsmSession s, Actor actor, UUID id) {
    visible(s, actor, id);
  }

  private LoadedRelease visible(ItsmSession s, Actor actor, UUID id) {
    LoadedRelease release = find(s, id);
    if (release == null || !actor.tenantId().equals(release.row().tenantId)) {
      throw new NotFoundException("Expected a release with id " + id + " visible to " + actor.id() + ", but there is none");
    }
    return release;
  }

  private LoadedRelease find(ItsmSession s, UUID id) {
    LoadedRelease release = s.ticket(id, LoadedRelease.class, key -> LoadedRelease.load(s, key));
    if (release != null) {
      org.slf4j.MDC.put(Tx.MDC_TICKET, release.number());
    }
    return release;
  }

  private static void requireState(LoadedRelease release, String verb, ReleaseState... allowed) {
    release.requireState(verb, release.state(), allowed);
  }

  private ReleaseRecord snapshot(ItsmSession s, LoadedRelease release) {
    ReleaseRow r = release.row();
    List<Environment> envs = release.envs().stream().map(e -> new Environment(e.idx, e.name, e.windowStart, e.windowEnd,
        release.cisOf(e).stream().map(c -> c.ciId).toList(), EnvironmentStatus.valueOf(e.status), e.startedAt,
        e.deployedAt, e.verifiedAt, e.rolledBackAt)).toList();
    s.flush();
    List<UUID> changeIds = s.mapper(ChangeMapper.class).selectLinkedFrom(r.id, BUNDLED_IN_RELEASE);
    return new ReleaseRecord(r.id, r.number, r.tenantId, ReleaseType.valueOf(r.releaseType), r.title, r.description,
        r.releaseVersion, release.state(), r.groupId, r.assigneeId, r.callerId, changeIds, envs, release.cis(),
        r.goDecision == null ? null : GoDecision.valueOf(r.goDecision), r.decidedBy, r.decisionComment, r.rollbackReason,
        r.supportEndsAt, r.notesPublishedAt, r.closeNotes, r.openedAt, r.closedAt, r.processInstanceId,
        release.pendingVersion());
  }
}
