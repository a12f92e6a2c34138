package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.itsm.api.Actor;
import dev.itsm.api.change.ChangeCalendar;
import dev.itsm.api.change.ChangeQuery;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.ConflictKind;
import dev.itsm.api.change.WindowKind;
import dev.itsm.api.cmdb.CiQuery;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.knowledge.ArticleState;
import dev.itsm.api.knowledge.SearchHit;
import dev.itsm.api.problem.ProblemQuery;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.api.release.Environment;
import dev.itsm.api.release.ReleaseQuery;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo organisation and the demo data of every area, loaded into an engine from the test kit (a
 * fresh one per test) and read back over the library's API, as a user of the demo would find them.
 */
class DemoDataTest {
  private static final DemoUsers USERS = DemoUsers.standard();
  private static final Actor SYSTEM = Actor.system();

  @RegisterExtension
  final ItsmExtension itsm = ItsmExtension.create(builder -> builder.plugin(c -> c.directory(USERS.directory())));

  @Test
  void shouldCreateIncidentsInEveryStateOfTheLifecycle() {
    List<IncidentTicket> loaded = demoData().loadIfEmpty().incidents();

    assertThat(stored()).extracting(IncidentTicket::state).containsAll(EnumSet.allOf(IncidentState.class));
    assertThat(stored()).extracting(IncidentTicket::number, IncidentTicket::state)
        .containsExactlyInAnyOrderElementsOf(loaded.stream().map(t -> tuple(t.number(), t.state())).toList());
  }

  @Test
  void shouldHaveAReopenedIncident() {
    demoData().loadIfEmpty();

    assertThat(stored()).filteredOn(t -> t.state() == IncidentState.IN_PROGRESS)
        .anySatisfy(t -> assertThat(itsm.engine().audit().trail(SYSTEM, t.id()))
            .anySatisfy(entry -> assertThat(entry.toString()).containsIgnoringCase("reopen")));
  }

  @Test
  void shouldRunSlaClocksOneOfThemTowardsItsWarningAndBreach() {
    DemoData.Loaded loaded = demoData().loadIfEmpty();
    IncidentTicket p1 = loaded.slaCountdown();

    SlaStatus response = itsm.engine().sla().status(SYSTEM, p1.id()).stream()
        .filter(s -> s.clock().equals("RESPONSE")).findFirst().orElseThrow();
    assertThat(p1.state()).isEqualTo(IncidentState.NEW);
    assertThat(response.state()).isEqualTo(SlaState.RUNNING);
    assertThat(response.deadline()).isEqualTo(p1.openedAt().plus(Duration.ofMinutes(15)));
    IncidentTicket onHold = stored().stream().filter(t -> t.state() == IncidentState.ON_HOLD).findFirst().orElseThrow();
    assertThat(itsm.engine().sla().status(SYSTEM, onHold.id())).extracting(SlaStatus::state).contains(SlaState.PAUSED);

    // when a quarter of an hour passes without anyone accepting it
    itsm.clock().advance(Duration.ofMinutes(16));
    itsm.fireDueTimers();

    SlaStatus later = itsm.engine().sla().status(SYSTEM, p1.id()).stream()
        .filter(s -> s.clock().equals("RESPONSE")).findFirst().orElseThrow();
    assertThat(later.warnedAt()).isNotNull();
    assertThat(later.breachedAt()).isNotNull();
  }

  @Test
  void shouldBuildACmdbWhoseImpactGraphReachesEveryServiceFromTheNetwork() {
    DemoData.Loaded loaded = demoData().loadIfEmpty();
    var cmdb = itsm.engine().cmdb();

    assertThat(cmdb.query(SYSTEM, CiQuery.ofType("BusinessService").page(0, 100)).total()).isEqualTo(4);
    assertThat(cmdb.query(SYSTEM, CiQuery.ofType("Application").page(0, 100)).total()).isGreaterThanOrEqualTo(4);
    assertThat(cmdb.query(SYSTEM, CiQuery.ofType("Server").page(0, 100)).total()).isGreaterThanOrEqualTo(4);
    assertThat(cmdb.query(SYSTEM, CiQuery.ofType("Database").page(0, 100)).total()).isEqualTo(2);
    List<ImpactedCi> services = cmdb.impact(SYSTEM,
        ImpactQuery.downstream(loaded.items().get("core-switch-01").id()).ofTypes("BusinessService"));
    assertThat(services).extracting(ImpactedCi::name).containsExactlyInAnyOrder("Payroll service",
        "Customer relationship management", "Email and calendars", "Remote access");
    // service <- application <- database <- server <- network
    assertThat(services).filteredOn(s -> s.name().equals("Customer relationship management"))
        .allSatisfy(s -> assertThat(s.depth()).isGreaterThanOrEqualTo(3));
    // one web server alone does not take the pool (and payroll) down
    assertThat(cmdb.impact(SYSTEM, ImpactQuery.downstream(loaded.items().get("web-01").id()).ofTypes("BusinessService")))
        .isEmpty();
  }

  @Test
  void shouldPlanChangesOnTheCalendarWithWindowsAndAFreezeConflict() {
    demoData().loadIfEmpty();
    Instant now = itsm.clock().instant();

    ChangeCalendar calendar = itsm.engine().changes().calendar(SYSTEM, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(35)));

    assertThat(calendar.changes()).extracting(ChangeRequest::state)
        .contains(ChangeState.AUTHORIZATION, ChangeState.INFO_REQUESTED, ChangeState.SCHEDULED, ChangeState.CLOSED);
    assertThat(calendar.changes()).extracting(ChangeRequest::plannedStart)
        .anySatisfy(start -> assertThat(start).isAfter(now.plus(Duration.ofDays(7))));
    assertThat(calendar.windows()).extracting(w -> w.kind()).contains(WindowKind.MAINTENANCE, WindowKind.FREEZE);
    assertThat(allChanges()).extracting(ChangeRequest::state).contains(ChangeState.REJECTED, ChangeState.CANCELLED);
    assertThat(allChanges()).filteredOn(c -> c.state() == ChangeState.SCHEDULED)
        .anySatisfy(c -> assertThat(itsm.engine().changes().conflicts(SYSTEM, c.id()))
            .extracting(conflict -> conflict.kind()).contains(ConflictKind.FREEZE));
  }

  @Test
  void shouldRecordAKnownErrorWithAPublishedWorkaround() {
    demoData().loadIfEmpty();

    List<ProblemRecord> problems = itsm.engine().problems().query(SYSTEM, ProblemQuery.all()).items();

    assertThat(problems).extracting(ProblemRecord::state).contains(ProblemState.KNOWN_ERROR, ProblemState.ROOT_CAUSE_ANALYSIS);
    ProblemRecord knownError = problems.stream().filter(p -> p.state() == ProblemState.KNOWN_ERROR).findFirst().orElseThrow();
    assertThat(knownError.knownError().workaround()).isNotBlank();
    assertThat(knownError.knownError().articleId()).isNotNull();
    assertThat(knownError.incidentIds()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(itsm.engine().problems().workaroundsFor(SYSTEM, knownError.incidentIds().get(0))).isNotEmpty();
  }

  @Test
  void shouldPlanAReleaseWithEnvironments() {
    demoData().loadIfEmpty();

    List<ReleaseRecord> releases = itsm.engine().releases().query(SYSTEM, ReleaseQuery.all()).items();

    assertThat(releases).hasSize(1);
    ReleaseRecord release = releases.get(0);
    assertThat(release.state()).isIn(ReleaseState.BUILDING, ReleaseState.TESTING);
    assertThat(release.environments()).extracting(Environment::name).containsExactly("test", "staging", "production");
    assertThat(release.changeIds()).hasSize(1);
  }

  @Test
  void shouldPublishKnowledgeArticlesThatCallersFind() {
    DemoData.Loaded loaded = demoData().loadIfEmpty();

    assertThat(loaded.articles()).filteredOn(a -> a.state() == ArticleState.PUBLISHED).hasSizeGreaterThanOrEqualTo(3);
    List<SearchHit> hits = itsm.engine().knowledge().search(USERS.user("carol").actor(), "VPN", null, 10);
    assertThat(hits).extracting(SearchHit::title).contains("Connect to the VPN from home");
  }

  @Test
  void shouldLoadNothingIntoADatabaseWithData() {
    // given the demo data, loaded once
    DemoData.Loaded first = demoData().loadIfEmpty();

    // when the server starts again on the same database
    itsm.restart();
    DemoData.Loaded again = demoData().loadIfEmpty();

    // then nothing is added
    assertThat(again.isEmpty()).isTrue();
    assertThat(stored()).hasSize(first.incidents().size());
    assertThat(itsm.engine().cmdb().query(SYSTEM, CiQuery.all().page(0, 1)).total()).isEqualTo(first.items().size());
    assertThat(allChanges()).hasSize(first.changes().size());
  }

  @Test
  void shouldLoadNothingWhenAnyIncidentExists() {
    itsm.engine().incidents().open(Actor.caller("carol"), NewIncident.builder("Mouse broken").category("hardware").build());

    assertThat(demoData().loadIfEmpty().isEmpty()).isTrue();
    assertThat(stored()).hasSize(1);
    assertThat(allChanges()).isEmpty();
  }

  @Test
  void shouldSummariseTheDataAndTheLoginsOfEveryRoleInTheBanner() {
    DemoData.Loaded loaded = demoData().loadIfEmpty();

    String banner = ExampleServer.banner("http://127.0.0.1:8080", ServerSettings.parse(new String[0], java.util.Map.of()),
        USERS, loaded, Duration.ofMillis(1234));

    assertThat(banner).contains("demo data loaded in 1234 ms", "CMDB", "incidents", "changes", "problems", "releases",
        "knowledge", loaded.slaCountdown().number());
    for (DemoUser user : USERS.users()) {
      assertThat(banner).as(user.id()).containsPattern("\\b" + java.util.regex.Pattern.quote(user.id()) + "\\b");
    }
    assertThat(banner).contains("change-manager", "chris (change-managers, cab, ecab), cleo", "release-pipeline", "ci-bot");
  }

  @Test
  void shouldRouteEveryCategoryToAGroupWithMembersAndTwoManagers() {
    for (String category : IncidentSettings.DEFAULT_CATEGORIES) {
      IncidentTicket incident = itsm.engine().incidents().open(USERS.user("carol").actor(),
          NewIncident.builder("Something about " + category).category(category).build());

      String group = incident.groupId();
      assertThat(USERS.directory().groupExists(group)).as(category + " -> " + group).isTrue();
      assertThat(USERS.directory().members(group)).as(group).isNotEmpty();
      assertThat(USERS.directory().managers(group)).as(group).hasSize(2);
    }
  }

  @Test
  void shouldServeTheDemoDataToEachUserAsTheLibraryAllows() {
    demoData().loadIfEmpty();

    try (ExampleServer server = ExampleServer.start(itsm.engine(), USERS, itsm.notifications(), 0)) {
      ApiClient api = new ApiClient(server);
      Response all = api.get("/api/incidents", "mia");
      Response own = api.get("/api/incidents", "carol");

      assertThat(all.body().get("total").asLong()).isEqualTo(stored().size());
      assertThat(own.itemTexts("callerId")).isNotEmpty().containsOnly("carol");
    }
  }

  private DemoData demoData() {
    return new DemoData(itsm.engine(), USERS, itsm.clock()::set);
  }

  private List<ChangeRequest> allChanges() {
    return itsm.engine().changes().query(SYSTEM, ChangeQuery.all().page(0, 1000)).items();
  }

  private List<IncidentTicket> stored() {
    return itsm.engine().incidents().query(Actor.system(), IncidentQuery.builder().page(0, 1000).build()).items();
  }
}
