package dev.itsm.bpmn.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.Roles;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ChangeTemplate;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.change.Risk;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.problem.NewKnownError;
import dev.itsm.api.problem.NewProblem;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemService;
import dev.itsm.api.release.NewEnvironment;
import dev.itsm.api.release.NewRelease;
import dev.itsm.api.release.PipelineResult;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseService;
import dev.itsm.api.release.ReleaseSettings;
import dev.itsm.api.release.ReleaseStage;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.api.release.ReleaseType;
import dev.itsm.spi.Directory;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * People, a catalogue and helpers of the release scenarios: CIs with a software version, approved changes to bundle,
 * releases taken to the go/no-go, and the process's open tasks and armed timers.
 */
final class ReleaseFixtures {
  /** The release manager: member of the release managers group. */
  static final Actor RM = Actor.builder("rm").roles(Roles.RELEASE_MANAGER).groups("release-managers").build();
  /** Another release manager of the group (told about escalations of releases he does not manage). */
  static final Actor REX = Actor.builder("rex").roles(Roles.RELEASE_MANAGER).groups("release-managers").build();
  /** Records releases for others and is a change manager too: may approve releases, but not those she recorded or manages. */
  static final Actor RITA = Actor.builder("rita").roles(Roles.RELEASE_MANAGER, Roles.CHANGE_MANAGER)
      .groups("release-managers").build();
  /** The approver of the go/no-go: a change manager. */
  static final Actor CM = Actor.changeManager("cm");
  /** The CI/CD pipeline's account. */
  static final Actor PIPELINE = Actor.builder("ci").roles(Roles.RELEASE_PIPELINE).build();
  /** Requests the changes a release bundles. */
  static final Actor ALICE = Actor.agent("alice", "app-ops");
  /** Implements them. */
  static final Actor CARL = Actor.agent("carl", "app-ops");
  /** A peer of app-ops: gives technical approvals. */
  static final Actor PAUL = Actor.agent("paul", "app-ops");
  /** The manager of app-support, where software incidents go: reads their work notes. */
  static final Actor ABE = Actor.manager("abe", "app-support");
  /** The problem manager. */
  static final Actor PAM = Actor.builder("pam").roles(Roles.PROBLEM_MANAGER).build();
  /** An agent of the service desk: reads releases. */
  static final Actor DORA = Actor.agent("dora", "service-desk");
  /** An end user. */
  static final Actor BOB = Actor.caller("bob");
  static final Actor SYSTEM = Actor.system();

  static final ItsmPlugin DIRECTORY = context -> context.directory(Directory.inMemory()
      .group("release-managers", List.of("rm", "rex", "rita"), List.of())
      .group("change-managers", List.of("cm"), List.of())
      .group("app-ops", List.of("alice", "carl", "paul"), List.of("mona"))
      .group("app-support", List.of("ann"), List.of("abe"))
      .group("service-desk", List.of("dora"), List.of("sam"))
      .group("problem-managers", List.of("pam"), List.of())
      .group("release-ops", List.of("ron", "rosa"), List.of())
      .build());

  /** Deploying an application is a standard change: scheduled at once. */
  static final ChangeTemplate DEPLOY_APP = new ChangeTemplate("deploy-app", "Deploy an application",
      "Automated deployment through the pipeline", List.of("Deploy", "Smoke test"), Duration.ofHours(8));

  static final ChangeSettings CHANGES = ChangeSettings.builder().templates(List.of(DEPLOY_APP)).build();

  static final String VERSION = "2.4.0";
  static final String OLD_VERSION = "1.0.0";

  private ReleaseFixtures() {}

  /** The engine of a test class: the directory, the catalogue and the release settings. */
  static ItsmExtension extension(ReleaseSettings settings) {
    return ItsmExtension.create(b -> b.plugin(DIRECTORY).changes(CHANGES).releases(settings));
  }

  static ItsmExtension extension() {
    return extension(ReleaseSettings.defaults());
  }

  // ------------------------------------------------------------------ CMDB

  /** A live Application with software version 1.0.0. */
  static Ci app(ItsmEngine engine, String name) {
    return engine.cmdb().create(SYSTEM, NewCi.of("Application", name, Map.of("softwareVersion", OLD_VERSION)));
  }

  /** A live CI of another type with the version 1.0.0 (Portal, Platform, BusinessApplication). */
  static Ci software(ItsmEngine engine, String type, String name) {
    return engine.cmdb().create(SYSTEM, NewCi.of(type, name, Map.of("softwareVersion", OLD_VERSION)));
  }

  /** A business service that depends on the CIs. */
  static Ci service(ItsmEngine engine, String name, UUID... dependsOn) {
    Ci service = engine.cmdb().create(SYSTEM, NewCi.of("BusinessService", name, Map.of()));
    for (UUID ci : dependsOn) {
      engine.cmdb().relate(SYSTEM, "depends-on", service.id(), ci);
    }
    return service;
  }

  /** The CI's software version now. */
  static Object version(ItsmEngine engine, UUID ci) {
    return engine.cmdb().get(SYSTEM, ci).attributes().get("softwareVersion");
  }

  // ------------------------------------------------------------------ changes

  /** A standard change (scheduled at once) of alice's, implemented by carl in an hour for an hour, on the CIs. */
  static ChangeRequest approvedChange(ItsmEngine engine, Instant now, String title, UUID... cis) {
    return approvedChange(engine, now, title, "Ships " + title, cis);
  }

  /** {@link #approvedChange(ItsmEngine, Instant, String, UUID...)} with its description. */
  static ChangeRequest approvedChange(ItsmEngine engine, Instant now, String title, String description, UUID... cis) {
    Instant start = now.plus(Duration.ofHours(1));
    NewChange.Builder change = NewChange.standard(DEPLOY_APP.code()).title(title).description(description)
        .group("app-ops").implementer("carl").window(start, start.plus(Duration.ofHours(1)));
    for (UUID ci : cis) {
      change.affectedCi(ci);
    }
    ChangeRequest scheduled = engine.changes().submit(ALICE, change.build());
    assertThat(scheduled.state()).as("standard change").isEqualTo(ChangeState.SCHEDULED);
    return scheduled;
  }

  /** A normal change of alice's, still waiting for its approval. */
  static ChangeRequest unapprovedChange(ItsmEngine engine, Instant now, String title) {
    Instant start = now.plus(Duration.ofHours(2));
    ChangeRequest change = engine.changes().submit(ALICE, NewChange.normal(title).group("app-ops").implementer("carl")
        .window(start, start.plus(Duration.ofHours(1))).backoutPlan("Redeploy the previous version").build());
    assertThat(change.state()).isEqualTo(ChangeState.AUTHORIZATION);
    return change;
  }

  /** Approves a normal change as its risk calls for: a peer for a low risk, a change manager for a medium one. */
  static ChangeRequest approve(ItsmEngine engine, ChangeRequest change) {
    Actor approver = change.risk() == Risk.LOW ? PAUL : CM;
    ChangeRequest approved = engine.changes().approve(approver, TicketRef.of(change.id()), null);
    assertThat(approved.state()).as("approved change").isEqualTo(ChangeState.SCHEDULED);
    return approved;
  }

  // ------------------------------------------------------------------ problems and incidents

  /** A problem on the CIs, taken by pam and alice to a known error. */
  static ProblemRecord knownError(ItsmEngine engine, String title, UUID... cis) {
    ProblemService problems = engine.problems();
    NewProblem.Builder p = NewProblem.builder(title).category("software").impact(Impact.MEDIUM).urgency(Urgency.MEDIUM);
    for (UUID ci : cis) {
      p.affectedCi(ci);
    }
    ProblemRecord problem = problems.create(ALICE, p.build());
    TicketRef ref = TicketRef.of(problem.id());
    problems.assess(PAM, ref, problem.impact(), problem.urgency(), "app-ops", "alice");
    problems.startAnalysis(ALICE, ref);
    return problems.recordKnownError(PAM, ref, NewKnownError.of("Symptom of " + title, "Root cause of " + title,
        "Workaround for " + title));
  }

  /** A software incident bob reports on the CIs. */
  static IncidentTicket incident(ItsmEngine engine, String title, UUID... cis) {
    NewIncident.Builder b = NewIncident.builder(title).category("software").impact(Impact.LOW).urgency(Urgency.LOW);
    for (UUID ci : cis) {
      b.affectedCi(ci);
    }
    return engine.incidents().open(BOB, b.build());
  }

  // ------------------------------------------------------------------ releases

  /** An environment with a four-hour window starting {@code hoursFromNow} after now, on the CIs. */
  static NewEnvironment env(String name, Instant now, long hoursFromNow, UUID... cis) {
    Instant start = now.plus(Duration.ofHours(hoursFromNow));
    return NewEnvironment.of(name, start, start.plus(Duration.ofHours(4)), cis);
  }

  /** A minor release of version 2.4.0 bundling the changes. */
  static NewRelease.Builder release(String title, UUID... changes) {
    NewRelease.Builder b = NewRelease.builder(title, ReleaseType.MINOR, VERSION).description("Release " + title);
    for (UUID change : changes) {
      b.change(change);
    }
    return b;
  }

  /** Its manager among the release managers above. */
  static Actor managerOf(ReleaseRecord release) {
    return List.of(RM, REX, RITA).stream().filter(a -> a.id().equals(release.managerId())).findFirst().orElse(RM);
  }

  /**
   * Starts the build (by its manager, when it is planned), reports a successful build and tests: the release waits
   * for the go/no-go.
   */
  static ReleaseRecord awaitingApproval(ReleaseService releases, ReleaseRecord release) {
    if (release.state() == ReleaseState.PLANNING) {
      releases.startBuild(managerOf(release), TicketRef.of(release.id()));
    }
    releases.report(PIPELINE, release.id(), PipelineResult.succeeded(ReleaseStage.BUILD, null, "build-" + release.number()));
    ReleaseRecord tested = releases.report(PIPELINE, release.id(),
        PipelineResult.succeeded(ReleaseStage.TEST, null, "test-" + release.number()));
    assertThat(tested.state()).isEqualTo(ReleaseState.AWAITING_APPROVAL);
    return tested;
  }

  /** A successful stage of an environment. */
  static PipelineResult ok(ReleaseStage stage, String environment, String ref) {
    return PipelineResult.succeeded(stage, environment, ref);
  }

  /** A failed stage of an environment. */
  static PipelineResult failed(ReleaseStage stage, String environment, String details, String ref) {
    return PipelineResult.failed(stage, environment, details, ref);
  }

  // ------------------------------------------------------------------ process

  /** The task definition keys the release's process waits at. */
  static List<String> openTasks(ItsmEngine engine, ReleaseRecord release) {
    return engine.processEngine().getTaskService().createTaskQuery().processInstanceId(release.processInstanceId())
        .list().stream().map(t -> t.getTaskDefinitionKey()).sorted().toList();
  }

  /** The environment of each open task with that key ({@code environment} of its execution). */
  static List<Object> taskEnvironments(ItsmEngine engine, ReleaseRecord release, String taskKey) {
    var processEngine = engine.processEngine();
    return processEngine.getTaskService().createTaskQuery().processInstanceId(release.processInstanceId())
        .taskDefinitionKey(taskKey).list().stream()
        .map(t -> processEngine.getRuntimeService().getVariable(t.getExecutionId(), "environment")).toList();
  }

  /** Whether the release's process instance still runs. */
  static boolean running(ItsmEngine engine, ReleaseRecord release) {
    return engine.processEngine().getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(release.processInstanceId()).count() > 0;
  }

  /** Runs the release's timer jobs that are due at the clock's time. */
  static int fireDue(ItsmExtension itsm, ReleaseRecord release) {
    return itsm.fireDueTimers(release.processInstanceId());
  }

  /** Every table a release operation writes: ITSM (release, ticket base, links, notes, audit, outbox, CMDB) and Operaton. */
  static final List<String> TABLES = List.of("itsm_ticket", "itsm_release", "itsm_release_env", "itsm_release_env_ci",
      "itsm_release_result", "itsm_ticket_link", "itsm_ticket_ci", "itsm_ticket_note", "itsm_audit", "itsm_outbox",
      "itsm_ci", "itsm_ci_history", "itsm_change", "itsm_change_window",
      "ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_JOB", "ACT_RU_VARIABLE", "ACT_RU_EVENT_SUBSCR",
      "ACT_HI_PROCINST", "ACT_HI_ACTINST", "ACT_HI_TASKINST", "ACT_HI_VARINST");

  /** Tables compared row by row, not only counted. */
  static final Map<String, String> CONTENT = Map.of(
      "itsm_ticket", "SELECT * FROM itsm_ticket ORDER BY id",
      "itsm_release", "SELECT * FROM itsm_release ORDER BY ticket_id",
      "itsm_release_env", "SELECT * FROM itsm_release_env ORDER BY ticket_id, idx",
      "itsm_release_env_ci", "SELECT * FROM itsm_release_env_ci ORDER BY ticket_id, idx, ci_id",
      "itsm_ci", "SELECT * FROM itsm_ci ORDER BY id",
      "ACT_RU_TASK", "SELECT ID_, TASK_DEF_KEY_, PROC_INST_ID_ FROM ACT_RU_TASK ORDER BY ID_",
      "ACT_RU_JOB", "SELECT ID_, DUEDATE_, PROCESS_INSTANCE_ID_ FROM ACT_RU_JOB ORDER BY ID_");

  /** The row counts of {@link #TABLES}, the delivered outbox rows and the rows of {@link #CONTENT}, after deliveries settled. */
  static Map<String, Object> snapshot(ItsmExtension itsm) {
    itsm.awaitDeliveries();
    Map<String, Object> snapshot = new java.util.LinkedHashMap<>();
    try (Connection c = itsm.database().connect()) {
      for (String table : TABLES) {
        snapshot.put(table, dev.itsm.bpmn.support.Fixtures.count(c, "SELECT COUNT(*) FROM " + table));
      }
      snapshot.put("delivered", dev.itsm.bpmn.support.Fixtures.count(c,
          "SELECT COUNT(*) FROM itsm_outbox WHERE status = 'DELIVERED'"));
      for (Map.Entry<String, String> content : new java.util.TreeMap<>(CONTENT).entrySet()) {
        snapshot.put(content.getKey() + " rows", rows(c, content.getValue()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return snapshot;
  }

  private static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
    List<Map<String, String>> rows = new java.util.ArrayList<>();
    try (java.sql.Statement statement = c.createStatement(); java.sql.ResultSet rs = statement.executeQuery(sql)) {
      java.sql.ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** Runs the call, which must fail with the exception type, and checks that no table changed. */
  static <E extends Throwable> E nothingWritten(ItsmExtension itsm, org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                               Class<E> type) {
    Map<String, Object> before = snapshot(itsm);
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).as("expected %s", type.getSimpleName()).isInstanceOf(type);
    assertThat(snapshot(itsm)).as("tables after the refusal").isEqualTo(before);
    return type.cast(thrown);
  }

  /** A count on a connection of its own. */
  static long count(ItsmExtension itsm, String sql, Object... params) {
    try (Connection c = itsm.database().connect()) {
      return dev.itsm.bpmn.support.Fixtures.count(c, sql, params);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
