package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Roles;
import dev.itsm.examples.server.ApiClient.Response;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real headless Chromium against the example server: signing in, the queue with
 * its live SLA countdowns, working an incident to resolution, its SLA explanation and process diagram,
 * a CI's impact graph, the change calendar with a conflict, and the report charts. Each page is saved
 * as {@code target/screenshots/<name>.png}; the assertions read the DOM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final char[] PASSWORD = DemoUsers.DEMO_PASSWORD.toCharArray();
  private static final DemoUsers USERS = DemoUsers.builder()
      .caller("carol", PASSWORD)
      .agent("alice", PASSWORD, "network-ops")
      .agent("paul", PASSWORD, "network-ops")
      .agent("carl", PASSWORD, "network-ops")
      .agent("bob", PASSWORD, "desktop-support")
      .manager("mia", PASSWORD, "network-ops")
      .user("conny", PASSWORD, Set.of(Roles.AGENT, Roles.CONFIGURATION_MANAGER), "network-ops")
      .build();
  private static final Pattern SPAN = Pattern.compile("(-)?(?:(\\d+)d )?(\\d+)h (\\d+)m (\\d+)s");

  @RegisterExtension
  static final ItsmExtension itsm = ItsmExtension.create(builder -> builder.plugin(c -> c.directory(USERS.directory())));

  private static ExampleServer server;
  private static ApiClient api;
  private static ConsoleBrowser browser;

  private static String vpnIncident;
  private static String printerIncident;
  private static String database;
  private static String host;

  @BeforeAll
  static void start() {
    server = ExampleServer.start(itsm.engine(), USERS, itsm.notifications(), 0);
    api = new ApiClient(server);
    // a small CMDB: orders-db runs on host-7, order-entry depends on the database, a service on the application
    host = create("Server", "host-7", "{\"hostname\": \"host-7.example.net\", \"cpuCores\": 8}");
    database = create("Database", "orders-db", "{\"engine\": \"PostgreSQL\"}");
    String application = create("BusinessApplication", "order-entry", "{}");
    String service = create("BusinessService", "Equities trading", "{\"criticality\": \"high\"}");
    relate("runs-on", database, host);
    relate("depends-on", application, database);
    relate("depends-on", service, application);
    // a P1 incident on the database for network-ops, and a P4 of another group
    vpnIncident = open("""
        {"title": "Orders database refuses connections", "impact": "high", "urgency": "high", "category": "database",
         "groupId": "network-ops", "affectedCis": ["%s"]}""".formatted(database)).text("number");
    printerIncident = open("""
        {"title": "Printer on floor 3 jams", "impact": "low", "urgency": "low", "category": "hardware",
         "groupId": "desktop-support"}""").text("number");
    browser = ConsoleBrowser.start();
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      server.close();
    }
  }

  @Test
  @Order(1)
  void shouldSignInAndWorkAnIncidentFromTheQueueWithALiveSlaCountdown() {
    // given the console's page, which asks for a sign-in
    browser.open(server.url() + "/");
    browser.waitFor(By.id("login-form"));
    browser.screenshot("login");

    // when alice gets her password wrong, she is told so and stays on the sign-in form
    signInForm("alice", "wrong");
    assertThat(browser.waitForText(By.id("login-error"), "wrong password")).contains("Unknown user");

    // when she signs in
    signInForm("alice", DemoUsers.DEMO_PASSWORD);

    // then her group's queue lists the P1 incident, most urgent SLA first, but not the other group's printer
    WebElement row = browser.waitFor(By.cssSelector("#queue-table tr[data-number='" + vpnIncident + "']"));
    assertThat(browser.find(By.id("user-name")).getText()).contains("alice").contains("network-ops");
    assertThat(browser.find(By.id("queue-table")).getText()).contains("Orders database refuses connections")
        .doesNotContain(printerIncident);
    assertThat(row.getText()).contains("P1").contains("NEW");
    // and the countdown to the 15-minute response target runs live in the browser
    By countdown = By.cssSelector("#queue-table tr[data-number='" + vpnIncident + "'] .countdown");
    String first = browser.waitFor("a countdown", d -> blankToNull(d.findElement(countdown).getText()));
    assertThat(seconds(first)).isBetween(13 * 60L, 15 * 60L);
    assertThat(browser.find(countdown).getAttribute("data-level")).isEqualTo("ok");
    browser.waitFor("the countdown to tick", d -> d.findElement(countdown).getText().equals(first) ? null : true);
    browser.screenshot("queue");

    // when eleven and a half minutes pass on the engine's clock (past the 75 % warning point) and she refreshes
    itsm.clock().advance(Duration.ofSeconds(690));
    itsm.fireDueTimers();
    browser.find(By.id("queue-refresh")).click();

    // then the countdown shows the time left on the engine's clock, coloured as a warning
    browser.waitFor("the warning colour", d -> "warning".equals(d.findElement(countdown).getAttribute("data-level")));
    assertThat(seconds(browser.find(countdown).getText())).isBetween(60L, 4 * 60L);
    assertThat(browser.find(By.cssSelector("#queue-table tr[data-number='" + vpnIncident + "']")).getAttribute("class"))
        .contains("sla-warning");
    browser.screenshot("queue-warning");

    // when she opens the incident
    browser.find(By.linkText(vpnIncident)).click();
    browser.waitForText(By.id("incident-title"), vpnIncident);

    // then she sees its fields, its SLA clocks counting down, its timeline and its process waiting for an assignment
    assertThat(browser.find(By.id("incident-state")).getText()).isEqualTo("NEW");
    assertThat(browser.find(By.id("incident-fields")).getText()).contains("P1").contains("network-ops")
        .contains("orders-db (Database)");
    assertThat(browser.find(By.id("sla-clocks")).getText()).contains("RESPONSE").contains("RESOLUTION");
    assertThat(browser.find(By.id("audit-timeline")).getText()).contains("carol");
    assertActiveStep("task_assign", "Assign");
    browser.find(By.cssSelector("button.explain[data-clock='RESPONSE']")).click();
    assertThat(browser.waitForText(By.id("sla-arithmetic"), "target")).isNotBlank();
    assertThat(browser.find(By.id("sla-timeline")).getText()).contains("START by carol").contains("THRESHOLD (75 %)");
    browser.screenshot("incident");

    // when she takes it, acknowledges it and starts work (each step sends the ETag it read as If-Match)
    browser.find(By.id("assign-agent")).clear();
    browser.find(By.id("assign-agent")).sendKeys("alice");
    browser.find(By.id("action-assign")).click();
    browser.waitForText(By.id("incident-state"), "ASSIGNED");
    assertThat(browser.find(By.id("incident-assignee")).getText()).isEqualTo("alice");
    assertActiveStep("task_acknowledge", "Acknowledge");
    browser.find(By.id("action-acknowledge")).click();
    browser.waitFor(By.id("action-start-work")).click();
    browser.waitForText(By.id("incident-state"), "IN_PROGRESS");
    assertActiveStep("task_work", "Work on incident");

    // and someone else changes the incident behind her back, so her next step is refused and the page reloads
    String version = browser.find(By.id("incident-version")).getText();
    Response note = api.post("/api/incidents/" + vpnIncident + "/hold", "paul",
        "{\"reason\": \"AWAITING_CALLER\", \"comment\": \"Asked carol for the error text\"}");
    assertThat(note.status()).as(note.toString()).isEqualTo(200);
    Response resumed = api.post("/api/incidents/" + vpnIncident + "/resume", "paul", null);
    assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
    browser.find(By.id("resolve-text")).sendKeys("Restarted the connection pooler");
    browser.find(By.id("action-resolve")).click();
    assertThat(browser.waitForText(By.id("flash"), "changed")).contains("reloaded");
    browser.waitFor("the reloaded version", d -> d.findElement(By.id("incident-version")).getText().equals(version) ? null : true);
    assertThat(browser.find(By.id("incident-state")).getText()).isEqualTo("IN_PROGRESS");

    // when she resolves it on the fresh version
    browser.find(By.id("resolve-text")).sendKeys("Restarted the connection pooler");
    browser.find(By.id("action-resolve")).click();

    // then it is resolved, the timeline says so, and the process waits for the caller's confirmation
    browser.waitForText(By.id("incident-state"), "RESOLVED");
    assertThat(browser.find(By.id("incident-fields")).getText()).contains("FIXED: Restarted the connection pooler");
    assertThat(browser.find(By.id("audit-timeline")).getText()).contains("alice");
    assertActiveStep("task_resolved", "Confirm resolution");
    browser.screenshot("incident-resolved");
    assertThat(browser.scriptErrors()).isEmpty();
  }

  @Test
  @Order(2)
  void shouldDrawTheImpactGraphOfAConfigurationItem() {
    signIn("alice");

    // when alice opens the database from the incident's CIs
    browser.open(server.url() + "/#/cis/" + database);

    // then she sees its attributes, its open tickets and the graph of what it affects and what it depends on
    browser.waitForText(By.id("ci-title"), "orders-db");
    assertThat(browser.find(By.id("ci-attributes")).getText()).contains("PostgreSQL");
    assertThat(browser.find(By.id("impact-downstream")).getText()).contains("order-entry").contains("Equities trading");
    assertThat(browser.find(By.id("impact-upstream")).getText()).contains("host-7");
    WebElement graph = browser.waitFor(By.cssSelector("#impact-graph[data-nodes]"));
    assertThat(graph.getAttribute("data-nodes")).isEqualTo("4");
    assertThat(graph.getAttribute("data-edges")).isEqualTo("3");
    assertThat(graph.getAttribute("data-labels").split("\\|"))
        .containsExactlyInAnyOrder("orders-db", "order-entry", "Equities trading", "host-7");
    assertThat(graph.findElements(By.tagName("canvas"))).isNotEmpty();
    assertThat(browser.find(By.id("ci-history")).getText()).contains("conny");
    browser.screenshot("ci-impact");

    // and following the host in the list leads to its own page
    browser.find(By.linkText("host-7")).click();
    browser.waitForText(By.id("ci-title"), "host-7");
    assertThat(browser.find(By.id("impact-downstream")).getText()).contains("orders-db");
    assertThat(browser.scriptErrors()).isEmpty();
  }

  @Test
  @Order(3)
  void shouldMarkConflictingChangesOnTheCalendar() {
    // given two changes on the host in overlapping hours three days from now, and one that clashes with nothing
    Instant day = itsm.clock().instant().plus(Duration.ofDays(3));
    String first = submitChange("Patch host-7", "carl", day, day.plus(Duration.ofHours(2)), host);
    String second = submitChange("Resize host-7 disks", "paul", day.plus(Duration.ofHours(1)), day.plus(Duration.ofHours(3)), host);
    String alone = submitChange("Rotate router logs", "carl", day.plus(Duration.ofDays(1)),
        day.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)), null);
    signIn("alice");

    // when alice opens the change calendar of that week
    browser.open(server.url() + "/#/calendar?view=week&date=" + day.toString().substring(0, 10));

    // then the clashing changes are marked with their reasons, and the other is not
    browser.waitFor(By.id("calendar-grid"));
    WebElement clash = browser.waitFor(By.cssSelector(".event[data-number='" + first + "']"));
    assertThat(clash.getAttribute("class")).contains("conflict");
    assertThat(browser.find(By.cssSelector(".event[data-number='" + second + "']")).getAttribute("class")).contains("conflict");
    assertThat(browser.find(By.cssSelector(".event[data-number='" + alone + "']")).getAttribute("class")).doesNotContain("conflict");
    assertThat(browser.find(By.id("calendar-conflicts")).getText()).contains("SAME_CI").contains(first).contains(second);
    browser.screenshot("calendar-week");

    // and the month view shows them too
    browser.find(By.id("calendar-month")).click();
    browser.waitForText(By.id("calendar-title"), "Change calendar");
    browser.waitFor(By.cssSelector(".calendar.month .event.conflict[data-number='" + first + "']"));
    browser.screenshot("calendar");
    assertThat(browser.scriptErrors()).isEmpty();
  }

  @Test
  @Order(4)
  void shouldDrawTheReportChartsForAManager() {
    // given an incident resolved with time recorded on it
    String number = open("""
        {"title": "VPN drops", "impact": "medium", "urgency": "medium", "category": "network", "groupId": "network-ops"}""")
        .text("number");
    String path = "/api/incidents/" + number;
    assertThat(api.post(path + "/assign", "alice", "{\"groupId\": \"network-ops\", \"agentId\": \"paul\"}").status()).isEqualTo(200);
    assertThat(api.post(path + "/acknowledge", "paul", null).status()).isEqualTo(200);
    assertThat(api.post(path + "/start-work", "paul", null).status()).isEqualTo(200);
    assertThat(api.post(path + "/notes", "paul", "{\"text\": \"Replaced the VPN certificate\", \"visibility\": \"WORK_NOTE\","
        + " \"timeSpentMinutes\": 90}").status()).isEqualTo(201);
    itsm.clock().advance(Duration.ofMinutes(30));
    assertThat(api.post(path + "/resolve", "paul", "{\"code\": \"FIXED\", \"text\": \"New certificate\"}").status()).isEqualTo(200);

    // when mia, a manager, signs in (alice signs out first) and opens the reports
    signIn("mia");
    browser.open(server.url() + "/#/reports");

    // then each chart is drawn and its figures are listed: SLA compliance, MTTA/MTTR, workload, incidents, changes
    browser.waitFor(By.cssSelector("#report-sla-chart[data-rendered='true']"));
    assertThat(browser.find(By.id("report-sla-table")).getText()).contains("P1").contains("P3");
    assertThat(browser.find(By.id("report-mttr-table")).getText()).contains("P3");
    String technicians = browser.find(By.id("report-technicians-table")).getText();
    assertThat(technicians).contains("paul").contains("1.5").contains("alice");
    assertThat(browser.find(By.id("report-cis-table")).getText()).contains("orders-db");
    assertThat(browser.find(By.id("report-change-rate")).getText()).isNotBlank();
    for (String chart : List.of("report-sla", "report-mttr", "report-technicians", "report-services", "report-cis", "report-changes")) {
      WebElement canvas = browser.find(By.id(chart + "-chart"));
      assertThat(canvas.getAttribute("data-rendered")).as(chart).isEqualTo("true");
      assertThat(canvas.getSize().getHeight()).as(chart).isGreaterThan(100);
    }
    browser.screenshot("reports");
    assertThat(browser.scriptErrors()).isEmpty();
  }

  private static void assertActiveStep(String activityId, String name) {
    WebElement diagram = browser.waitFor(By.cssSelector("#process-diagram[data-active]"));
    browser.waitFor("active step " + activityId, d -> d.findElement(By.id("process-diagram")).getAttribute("data-active")
        .contains(activityId) ? true : null);
    assertThat(browser.find(By.id("process-caption")).getText()).contains("now at").contains(name);
    assertThat(diagram.findElements(By.cssSelector(".djs-element.active[data-element-id='" + activityId + "']"))).hasSize(1);
    assertThat(diagram.findElements(By.cssSelector("svg"))).isNotEmpty();
  }

  /**
   * Signs in as the user through the form, signing the current user out first; a session that ended
   * (idle while the test clock moved on) leads to the form as well.
   */
  private static void signIn(String user) {
    browser.open(server.url() + "/#/queue");
    String shown = browser.waitFor("the queue or the sign-in form", d -> !d.findElements(By.id("queue-count")).isEmpty() ? "queue"
        : !d.findElements(By.id("login-form")).isEmpty() ? "login" : null);
    if (shown.equals("queue")) {
      if (browser.find(By.id("user-name")).getText().startsWith(user + " ")) {
        return;
      }
      browser.find(By.id("logout")).click();
      browser.waitFor(By.id("login-form"));
    }
    signInForm(user, DemoUsers.DEMO_PASSWORD);
    browser.waitForText(By.id("user-name"), user);
  }

  private static void signInForm(String user, String password) {
    browser.waitFor(By.id("login-username")).clear();
    browser.find(By.id("login-username")).sendKeys(user);
    browser.find(By.id("login-password")).clear();
    browser.find(By.id("login-password")).sendKeys(password);
    browser.find(By.id("login-submit")).click();
  }

  /** "01h 02m 03s" or "overdue 00h 01m 00s" in seconds, negative when overdue. */
  private static long seconds(String countdown) {
    Matcher m = SPAN.matcher(countdown);
    assertThat(m.find()).as("a countdown in '" + countdown + "'").isTrue();
    long s = (m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 86400) + Long.parseLong(m.group(3)) * 3600
        + Long.parseLong(m.group(4)) * 60 + Long.parseLong(m.group(5));
    return countdown.startsWith("overdue") ? -s : s;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static Response open(String body) {
    Response opened = api.post("/api/incidents", "carol", body);
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    return opened;
  }

  private static String create(String type, String name, String attributes) {
    Response created = api.post("/api/cmdb/cis", "conny", """
        {"type": "%s", "name": "%s", "attributes": %s}""".formatted(type, name, attributes));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.text("id");
  }

  private static void relate(String type, String source, String target) {
    Response related = api.post("/api/cmdb/relations", "conny", """
        {"type": "%s", "source": "%s", "target": "%s"}""".formatted(type, source, target));
    assertThat(related.status()).as(related.toString()).isEqualTo(201);
  }

  private static String submitChange(String title, String implementer, Instant start, Instant end, String ci) {
    Response submitted = api.post("/api/changes", "alice", """
        {"type": "normal", "title": "%s", "groupId": "network-ops", "implementerId": "%s", "backoutPlan": "Undo",
         "plannedStart": "%s", "plannedEnd": "%s", "affectedCis": [%s]}"""
        .formatted(title, implementer, start, end, ci == null ? "" : "\"" + ci + "\""));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    return submitted.text("number");
  }
}
