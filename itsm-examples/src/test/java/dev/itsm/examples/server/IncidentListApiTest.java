package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/incidents}: filters, order, paging and visibility over HTTP. */
class IncidentListApiTest {
  private static final DemoUsers USERS = DemoUsers.standard();

  @RegisterExtension
  static final ItsmExtension itsm = ItsmExtension.create(builder -> builder.plugin(c -> c.directory(USERS.directory())));

  private static ExampleServer server;
  private static ApiClient api;
  /** P1 network, NEW, response target missed. */
  private static String a;
  /** P2 email, NEW, response clock past its warning point. */
  private static String b;
  /** P5 hardware, ASSIGNED to bob. */
  private static String c;
  /** P3 hardware, IN_PROGRESS with bob. */
  private static String d;
  /** P4 software, ON_HOLD with sam. */
  private static String e;
  /** P3 database, RESOLVED by dora. */
  private static String f;

  @BeforeAll
  static void startServerWithIncidents() {
    a = open("carol", "network", Impact.HIGH, Urgency.HIGH).number();
    b = open("dave", "email", Impact.HIGH, Urgency.MEDIUM).number();
    itsm.clock().advance(Duration.ofMinutes(25));
    IncidentTicket tc = open("carol", "hardware", Impact.LOW, Urgency.LOW);
    incidents().assign(actor("bob"), tc.ref(), Assignment.toAgent("bob"));
    c = tc.number();
    d = work(open("dave", "hardware", Impact.MEDIUM, Urgency.MEDIUM), "bob").number();
    IncidentTicket te = work(open("carol", "software", Impact.LOW, Urgency.MEDIUM), "sam");
    e = incidents().hold(actor("sam"), te.ref(), HoldReason.AWAITING_VENDOR, null).number();
    IncidentTicket tf = work(open("dave", "database", Impact.MEDIUM, Urgency.MEDIUM), "dora");
    f = incidents().resolve(actor("dora"), tf.ref(), Resolution.of("FIXED", null)).number();
    server = ExampleServer.start(itsm.engine(), USERS, itsm.notifications(), 0);
    api = new ApiClient(server);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void shouldListNewestFirstByDefault() {
    Response page = list("mia", "");

    assertThat(page.itemTexts("number")).containsExactly(f, e, d, c, b, a);
    assertThat(page.body().get("total").asLong()).isEqualTo(6);
    assertThat(page.body().get("offset").asInt()).isZero();
    assertThat(page.body().get("limit").asInt()).isEqualTo(50);
  }

  @Test
  void shouldFilterByStatesRepeatedOrAsACommaList() {
    assertThat(list("mia", "state=NEW").itemTexts("number")).containsExactlyInAnyOrder(a, b);
    assertThat(list("mia", "state=assigned&state=in-progress").itemTexts("number")).containsExactlyInAnyOrder(c, d);
    assertThat(list("mia", "state=ASSIGNED,IN_PROGRESS,on_hold").itemTexts("number")).containsExactlyInAnyOrder(c, d, e);
  }

  @Test
  void shouldFilterByGroupAssigneeCallerAndPriority() {
    assertThat(list("mia", "group=desktop-support").itemTexts("number")).containsExactlyInAnyOrder(c, d);
    assertThat(list("mia", "group=desktop-support,dba").itemTexts("number")).containsExactlyInAnyOrder(c, d, f);
    assertThat(list("mia", "assignee=sam").itemTexts("number")).containsExactly(e);
    assertThat(list("mia", "caller=carol").itemTexts("number")).containsExactlyInAnyOrder(a, c, e);
    assertThat(list("mia", "priority=P1,P2").itemTexts("number")).containsExactlyInAnyOrder(a, b);
    assertThat(list("mia", "caller=dave&state=NEW").itemTexts("number")).containsExactly(b);
  }

  @Test
  void shouldFilterBySlaAtRiskAndBreached() {
    assertThat(list("mia", "slaAtRisk=true").itemTexts("number")).containsExactlyInAnyOrder(a, b);
    assertThat(list("mia", "slaBreached=true").itemTexts("number")).containsExactly(a);
    assertThat(list("mia", "slaBreached=false").itemTexts("number")).hasSize(6);
  }

  @Test
  void shouldPageInTheRequestedOrder() {
    Response first = list("mia", "sort=number&order=asc&limit=4");
    Response second = list("mia", "sort=number&order=asc&limit=4&offset=4");

    assertThat(first.itemTexts("number")).containsExactly(a, b, c, d);
    assertThat(second.itemTexts("number")).containsExactly(e, f);
    assertThat(second.body().get("total").asLong()).isEqualTo(6);
    assertThat(second.body().get("offset").asInt()).isEqualTo(4);
    assertThat(second.body().get("limit").asInt()).isEqualTo(4);
  }

  @Test
  void shouldSortByPriorityAndSlaDueMostUrgentFirst() {
    assertThat(list("mia", "sort=priority").itemTexts("number")).startsWith(a, b).endsWith(c);
    assertThat(list("mia", "sort=priority&order=desc").itemTexts("number")).startsWith(c).endsWith(b, a);
    assertThat(list("mia", "sort=slaDue").itemTexts("number")).startsWith(a, b);
  }

  @Test
  void shouldListOnlyWhatTheUserMaySee() {
    assertThat(list("carol", "").itemTexts("number")).containsExactlyInAnyOrder(a, c, e);
    assertThat(list("bob", "").itemTexts("number")).containsExactlyInAnyOrder(c, d);
  }

  @Test
  void shouldRejectMalformedAndOutOfRangeParameters() {
    assertThat(problem("limit=0")).isEqualTo("422 itsm.invalid-value limit");
    assertThat(problem("limit=1001")).isEqualTo("422 itsm.invalid-value limit");
    assertThat(problem("offset=-1")).isEqualTo("422 itsm.invalid-value offset");
    assertThat(problem("offset=first")).isEqualTo("400 itsm.invalid-input offset");
    assertThat(problem("state=SLEEPING")).isEqualTo("422 itsm.invalid-value state");
    assertThat(problem("priority=P9")).isEqualTo("422 itsm.invalid-value priority");
    assertThat(problem("sort=title")).isEqualTo("422 itsm.invalid-value sort");
    assertThat(problem("order=up")).isEqualTo("422 itsm.invalid-value order");
    assertThat(problem("slaAtRisk=yes")).isEqualTo("400 itsm.invalid-input slaAtRisk");
    assertThat(problem("assignee=bob&assignee=sam")).isEqualTo("400 itsm.invalid-input assignee");
  }

  private static Response list(String user, String query) {
    Response response = api.get("/api/incidents" + (query.isEmpty() ? "" : "?" + query), user);
    assertThat(response.status()).as(query + " -> " + response).isEqualTo(200);
    return response;
  }

  private static String problem(String query) {
    Response response = api.get("/api/incidents?" + query, "mia");
    return response.status() + " " + response.text("code") + " " + response.text("field");
  }

  private static IncidentTicket open(String caller, String category, Impact impact, Urgency urgency) {
    return incidents().open(actor(caller), NewIncident.builder("Incident about " + category).category(category)
        .impact(impact).urgency(urgency).build());
  }

  private static IncidentTicket work(IncidentTicket incident, String agent) {
    Actor actor = actor(agent);
    IncidentTicket assigned = incidents().assign(actor, incident.ref(), Assignment.toAgent(agent));
    return incidents().startWork(actor, incidents().acknowledge(actor, assigned.ref()).ref());
  }

  private static Actor actor(String id) {
    return USERS.user(id).actor();
  }

  private static IncidentService incidents() {
    return itsm.engine().incidents();
  }
}
