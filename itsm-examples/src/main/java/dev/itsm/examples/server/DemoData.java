package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.change.ChangeQuery;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.ChangeService;
import dev.itsm.api.change.CloseCode;
import dev.itsm.api.change.ImplementationTask.Outcome;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.change.Risk;
import dev.itsm.api.change.WindowDefinition;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.CiQuery;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Channel;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.knowledge.Article;
import dev.itsm.api.knowledge.NewArticle;
import dev.itsm.api.problem.NewKnownError;
import dev.itsm.api.problem.NewProblem;
import dev.itsm.api.problem.ProblemRecord;
import dev.itsm.api.release.NewEnvironment;
import dev.itsm.api.release.NewRelease;
import dev.itsm.api.release.PipelineResult;
import dev.itsm.api.release.ReleaseRecord;
import dev.itsm.api.release.ReleaseStage;
import dev.itsm.api.release.ReleaseType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The demo data of every area, worked through the public API by the {@link DemoUsers#standard() demo
 * users}, so audit trails, histories, notes and SLA clocks are real:
 *
 * <ul>
 *   <li>a CMDB of the default model: four business services, their applications, databases, servers,
 *       a server cluster, network devices and a data centre, related so that an impact analysis from
 *       a core switch reaches every service;</li>
 *   <li>incidents in every state of the lifecycle (NEW, ASSIGNED, ACKNOWLEDGED, IN_PROGRESS, ON_HOLD,
 *       RESOLVED, CLOSED, CANCELLED, and one reopened), several on CIs; a P1 nobody has accepted, whose
 *       response clock passes its warning 11¼ minutes and its target 15 minutes after loading;</li>
 *   <li>changes on the calendar of the next weeks in the states AUTHORIZATION, INFO_REQUESTED,
 *       SCHEDULED, CLOSED, REJECTED and CANCELLED, maintenance windows of the database server, and a
 *       global freeze that one scheduled change now conflicts with;</li>
 *   <li>a problem with a known error whose workaround is published, and one under analysis;</li>
 *   <li>a release being built, bundling a scheduled change, with test, staging and production
 *       environments;</li>
 *   <li>published knowledge articles and a draft.</li>
 * </ul>
 *
 * Loaded only into an empty database (no incidents, no configuration items, no changes): restarting
 * on the same database adds nothing.
 */
public final class DemoData {
  /**
   * How far ahead of its submission the window of the change implemented during the load opens; the
   * incidents are loaded meanwhile, so loading seldom has to wait for it.
   */
  private static final Duration IMPLEMENTATION_LEAD = Duration.ofSeconds(1);

  private final ItsmEngine engine;
  private final DemoUsers users;
  private final Consumer<Instant> awaitTime;

  /**
   * Demo data for a server on the real clock: where a step must wait for a planned moment (the start
   * of the change implemented during loading, planned a second ahead), it waits for the engine's clock.
   *
   * @param users must hold the users of {@link DemoUsers#standard()}
   */
  public DemoData(ItsmEngine engine, DemoUsers users) {
    this(engine, users, at -> awaitClock(engine, at));
  }

  /**
   * Demo data whose waits for a planned moment are up to {@code awaitTime}; a test passes its test
   * clock's {@code set}, so loading needs no real time.
   *
   * @param users     must hold the users of {@link DemoUsers#standard()}
   * @param awaitTime returns once the engine's clock has reached the instant
   */
  public DemoData(ItsmEngine engine, DemoUsers users, Consumer<Instant> awaitTime) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.users = Objects.requireNonNull(users, "users");
    this.awaitTime = Objects.requireNonNull(awaitTime, "awaitTime");
  }

  /**
   * What was loaded.
   *
   * @param incidents     the incidents, as they were left
   * @param items         configuration items by name
   * @param relations     relations between them
   * @param changes       the changes, as they were left
   * @param windows       maintenance and freeze windows defined
   * @param problems      the problems, as they were left
   * @param releases      the releases, as they were left
   * @param articles      the knowledge articles, as they were left
   * @param slaCountdown  the P1 incident whose response clock is about to warn and breach, or null
   */
  public record Loaded(List<IncidentTicket> incidents, Map<String, Ci> items, int relations, List<ChangeRequest> changes,
                       int windows, List<ProblemRecord> problems, List<ReleaseRecord> releases, List<Article> articles,
                       IncidentTicket slaCountdown) {
    /** Nothing loaded (the database was not empty). */
    public static final Loaded NOTHING = new Loaded(List.of(), Map.of(), 0, List.of(), 0, List.of(), List.of(), List.of(), null);

    public Loaded {
      incidents = List.copyOf(incidents);
      items = Map.copyOf(items);
      changes = List.copyOf(changes);
      problems = List.copyOf(problems);
      releases = List.copyOf(releases);
      articles = List.copyOf(articles);
    }

    /** Whether nothing was loaded. */
    public boolean isEmpty() {
      return incidents.isEmpty() && items.isEmpty() && changes.isEmpty();
    }

    /** One line per area, for the start-up banner. */
    public String summary() {
      long published = articles.stream().filter(a -> a.state() == dev.itsm.api.knowledge.ArticleState.PUBLISHED).count();
      return String.format(java.util.Locale.ROOT, """
            CMDB       %d items (services, applications, databases, servers, network), %d relations
            incidents  %d in states %s
            changes    %d (%s), %d maintenance/freeze windows
            problems   %d (%s)
            releases   %d (%s)
            knowledge  %d articles, %d published
          """, items.size(), relations, incidents.size(), states(incidents.stream().map(t -> t.state().name()).toList()),
          changes.size(), states(changes.stream().map(c -> c.state().name()).toList()), windows, problems.size(),
          states(problems.stream().map(p -> p.state().name()).toList()), releases.size(),
          states(releases.stream().map(r -> r.number() + " " + r.state().name()).toList()), articles.size(), published);
    }

    private static String states(List<String> states) {
      return String.join(", ", new java.util.LinkedHashSet<>(states));
    }
  }

  /**
   * Loads the demo data unless the default tenant has incidents, configuration items or changes
   * already; returns what was created ({@link Loaded#NOTHING} when skipped). All of it is one unit
   * of work: a crash while loading leaves nothing, and the next start loads it again.
   */
  public Loaded loadIfEmpty() {
    return engine.inTransaction(() -> isEmpty() ? load() : Loaded.NOTHING);
  }

  private boolean isEmpty() {
    Actor system = Actor.system();
    return incidents().query(system, IncidentQuery.builder().page(0, 1).build()).total() == 0
        && cmdb().query(system, CiQuery.all().page(0, 1)).total() == 0
        && changes().query(system, ChangeQuery.all().page(0, 1)).total() == 0;
  }

  private Loaded load() {
    Instant now = engine.clock().instant();
    Cmdb items = loadCmdb();
    // submitted before the incidents are loaded, so that its window has opened when it is implemented
    ChangeRequest certificate = submitCertificateChange(items);
    Incidents incidents = loadIncidents(items);
    Changes changes = loadChanges(items, now, certificate);
    List<ProblemRecord> problems = loadProblems(items, incidents);
    ReleaseRecord release = loadRelease(items, changes.bundled, now);
    List<Article> articles = loadArticles(items);
    // everything as it is at the end (a problem's workaround adds notes to incidents, a release links changes)
    Actor system = Actor.system();
    List<IncidentTicket> finalIncidents = incidents.all.stream().map(t -> incidents().get(system, t.id())).toList();
    List<ChangeRequest> finalChanges = changes.all.stream().map(c -> changes().get(system, c.id())).toList();
    List<Article> allArticles = new ArrayList<>(articles);
    problems.stream().filter(p -> p.knownError() != null && p.knownError().articleId() != null)
        .forEach(p -> allArticles.add(engine.knowledge().get(system, p.knownError().articleId())));
    return new Loaded(finalIncidents, items.byName, items.relations, finalChanges, changes.windows, problems,
        List.of(release), allArticles, incidents.slaCountdown);
  }

  // ---------------------------------------------------------------- CMDB

  /** The items by name and how many relations tie them. */
  private static final class Cmdb {
    final Map<String, Ci> byName = new LinkedHashMap<>();
    int relations;

    UUID id(String name) {
      Ci ci = byName.get(name);
      if (ci == null) {
        throw new IllegalStateException("Expected a demo CI '" + name + "', but there is none");
      }
      return ci.id();
    }
  }

  private Cmdb loadCmdb() {
    Actor cora = actor("cora");
    Cmdb c = new Cmdb();
    ci(c, cora, "Location", "Frankfurt data centre", Map.of("address", "Hanauer Landstrasse 300, Frankfurt", "site", "FRA1"));
    UUID dc = c.id("Frankfurt data centre");
    ci(c, cora, "NetworkDevice", "core-switch-01", Map.of("serialNumber", "SW-7731-01", "manufacturer", "Arista",
        "managementIp", "10.0.0.2", "role", "switch", "location", dc));
    ci(c, cora, "Firewall", "edge-fw-01", Map.of("serialNumber", "FW-2210-01", "manufacturer", "Palo Alto",
        "managementIp", "10.0.0.1", "role", "router", "ruleSetVersion", "2026.11", "location", dc));
    ci(c, cora, "NetworkDevice", "vpn-gw-01", Map.of("serialNumber", "VPN-4410-01", "manufacturer", "Cisco",
        "managementIp", "10.0.0.5", "role", "other", "location", dc));
    ci(c, cora, "Cluster", "web-pool", Map.of("kind", "pool"));
    for (String host : List.of("web-01", "web-02", "app-01", "db-01", "mail-01")) {
      ci(c, cora, "Server", host, Map.of("serialNumber", "SRV-" + host.toUpperCase(java.util.Locale.ROOT),
          "manufacturer", "Dell", "hostname", host + ".example.net", "os", "Linux 6.6", "cpuCores", 16, "memoryGb", 64,
          "location", dc));
    }
    ci(c, cora, "Database", "payroll-db", Map.of("engine", "PostgreSQL", "engineVersion", "16.4", "sizeGb", 120));
    ci(c, cora, "Database", "crm-db", Map.of("engine", "PostgreSQL", "engineVersion", "15.8", "sizeGb", 800));
    ci(c, cora, "BusinessApplication", "Payroll", Map.of("vendor", "Acme HR", "softwareVersion", "4.2.1",
        "criticality", "high", "businessOwner", "Head of HR"));
    ci(c, cora, "BusinessApplication", "Payroll (test)", Map.of("vendor", "Acme HR", "softwareVersion", "4.2.1",
        "criticality", "low", "businessOwner", "Head of HR"));
    ci(c, cora, "BusinessApplication", "Payroll (staging)", Map.of("vendor", "Acme HR", "softwareVersion", "4.2.1",
        "criticality", "low", "businessOwner", "Head of HR"));
    ci(c, cora, "Portal", "Employee portal", Map.of("url", "https://portal.example.net", "audience", "internal",
        "softwareVersion", "2.8", "criticality", "medium"));
    ci(c, cora, "BusinessApplication", "CRM", Map.of("vendor", "Sellwell", "softwareVersion", "11.3",
        "criticality", "high", "businessOwner", "Head of Sales"));
    ci(c, cora, "Application", "Mail and calendars", Map.of("vendor", "Mailsoft", "softwareVersion", "2019 CU14",
        "criticality", "medium"));
    ci(c, cora, "BusinessService", "Payroll service", Map.of("owner", "Head of HR", "criticality", "high",
        "serviceHours", "Mon-Fri 07:00-19:00"));
    ci(c, cora, "BusinessService", "Customer relationship management", Map.of("owner", "Head of Sales",
        "criticality", "high", "serviceHours", "Mon-Sat 06:00-22:00"));
    ci(c, cora, "BusinessService", "Email and calendars", Map.of("owner", "Head of IT", "criticality", "medium",
        "serviceHours", "24x7"));
    ci(c, cora, "BusinessService", "Remote access", Map.of("owner", "Head of IT", "criticality", "medium",
        "serviceHours", "24x7"));

    // services -> applications
    relate(c, cora, "depends-on", "Payroll service", "Payroll");
    relate(c, cora, "depends-on", "Payroll service", "Employee portal");
    relate(c, cora, "depends-on", "Customer relationship management", "CRM");
    relate(c, cora, "depends-on", "Email and calendars", "Mail and calendars");
    relate(c, cora, "depends-on", "Remote access", "vpn-gw-01");
    // applications -> databases and hosts
    relate(c, cora, "depends-on", "Payroll", "payroll-db");
    relate(c, cora, "depends-on", "Employee portal", "Payroll");
    relate(c, cora, "runs-on", "Payroll", "web-pool");
    relate(c, cora, "runs-on", "Employee portal", "web-pool");
    relate(c, cora, "depends-on", "CRM", "crm-db");
    relate(c, cora, "runs-on", "CRM", "app-01");
    relate(c, cora, "runs-on", "Mail and calendars", "mail-01");
    relate(c, cora, "runs-on", "payroll-db", "db-01");
    relate(c, cora, "runs-on", "crm-db", "db-01");
    // the pool fails only when both web servers fail
    relate(c, cora, "member-of", "web-01", "web-pool");
    relate(c, cora, "member-of", "web-02", "web-pool");
    // servers and the VPN gateway -> network
    for (String host : List.of("web-01", "web-02", "app-01", "db-01", "mail-01", "vpn-gw-01")) {
      relate(c, cora, "depends-on", host, "core-switch-01");
    }
    relate(c, cora, "depends-on", "core-switch-01", "edge-fw-01");
    relate(c, cora, "connected-to", "vpn-gw-01", "edge-fw-01");
    for (String hardware : List.of("core-switch-01", "edge-fw-01", "vpn-gw-01", "web-01", "web-02", "app-01", "db-01",
        "mail-01")) {
      relate(c, cora, "located-in", hardware, "Frankfurt data centre");
    }
    return c;
  }

  private void ci(Cmdb c, Actor actor, String type, String name, Map<String, Object> attributes) {
    c.byName.put(name, cmdb().create(actor, NewCi.of(type, name, attributes)));
  }

  private void relate(Cmdb c, Actor actor, String type, String source, String target) {
    cmdb().relate(actor, type, c.id(source), c.id(target));
    c.relations++;
  }

  // ---------------------------------------------------------------- incidents

  private static final class Incidents {
    final List<IncidentTicket> all = new ArrayList<>();
    IncidentTicket slaCountdown;
    IncidentTicket outlook;
    IncidentTicket outlookAgain;
    IncidentTicket crm;
  }

  private Incidents loadIncidents(Cmdb cmdb) {
    Actor carol = actor("carol");
    Actor dave = actor("dave");
    Actor alice = actor("alice");
    Actor bob = actor("bob");
    Actor sam = actor("sam");
    Actor ida = actor("ida");
    Actor eric = actor("eric");
    Actor dora = actor("dora");
    Actor sue = actor("sue");
    Incidents created = new Incidents();
    List<IncidentTicket> all = created.all;

    // NEW, P1: nobody has accepted it yet, so its response clock runs towards its warning and breach
    created.slaCountdown = open(carol, incident("VPN gateway drops every connection after a few minutes", "network",
        Impact.HIGH, Urgency.HIGH, Channel.PHONE).affectedCi(cmdb.id("vpn-gw-01")));
    all.add(created.slaCountdown);
    all.add(open(dave, incident("Printer on floor 3 jams on duplex jobs", "hardware", Impact.LOW, Urgency.LOW,
        Channel.PORTAL)));

    IncidentTicket payroll = open(carol, incident("Cannot log in to the payroll portal", "access", Impact.MEDIUM,
        Urgency.HIGH, Channel.EMAIL).affectedCi(cmdb.id("Employee portal")));
    all.add(incidents().assign(ida, payroll.ref(), Assignment.toAgent("identity", "ida")));

    IncidentTicket export = open(dave, incident("Payroll export to the bank runs for hours", "software", Impact.MEDIUM,
        Urgency.MEDIUM, Channel.PORTAL).affectedCi(cmdb.id("Payroll")));
    export = incidents().assign(sam, export.ref(), Assignment.toAgent("app-support", "sam"));
    all.add(incidents().acknowledge(sam, export.ref()));

    IncidentTicket outlook = open(dave, incident("Outlook crashes when opening shared calendars", "email", Impact.MEDIUM,
        Urgency.MEDIUM, Channel.CHAT).affectedCi(cmdb.id("Mail and calendars")));
    outlook = startWork(eric, incidents().assign(eric, outlook.ref(), Assignment.toAgent("messaging", "eric")));
    incidents().addNote(eric, outlook.id(), NewNote.workNote("Reproduced with the shared calendar of the sales team",
        Duration.ofMinutes(20)));
    incidents().addNote(eric, outlook.id(), NewNote.reply("We can reproduce it and are working on a fix."));
    created.outlook = outlook;
    all.add(outlook);
    created.outlookAgain = open(carol, incident("Outlook closes itself when I open the team calendar", "email",
        Impact.LOW, Urgency.MEDIUM, Channel.PORTAL).affectedCi(cmdb.id("Mail and calendars")));
    all.add(created.outlookAgain);

    IncidentTicket battery = open(carol, incident("Laptop battery is swelling", "hardware", Impact.LOW, Urgency.HIGH,
        Channel.WALK_IN));
    battery = startWork(bob, incidents().assign(bob, battery.ref(), Assignment.toAgent("desktop-support", "bob")));
    all.add(incidents().hold(bob, battery.ref(), HoldReason.AWAITING_VENDOR, "Replacement battery ordered"));

    IncidentTicket crm = open(dave, incident("CRM reports time out", "database", Impact.HIGH, Urgency.MEDIUM,
        Channel.MONITORING).affectedCi(cmdb.id("crm-db")));
    crm = startWork(dora, incidents().assign(dora, crm.ref(), Assignment.toAgent("dba", "dora")));
    created.crm = incidents().resolve(dora, crm.ref(), Resolution.of("FIXED", "Added the missing index on orders.customer_id"));
    all.add(created.crm);

    IncidentTicket wifi = open(carol, incident("Guest Wi-Fi asks for a password", "network", Impact.LOW, Urgency.MEDIUM,
        Channel.PORTAL));
    wifi = startWork(alice, incidents().assign(alice, wifi.ref(), Assignment.toAgent("network-ops", "alice")));
    wifi = incidents().resolve(alice, wifi.ref(), Resolution.of("USER_ERROR", "The guest network is 'Visitors', not 'Staff'"));
    all.add(incidents().close(carol, wifi.ref()));

    // reopened: resolved, then the caller says it is not fixed (back IN_PROGRESS, the audit trail shows the reopen)
    IncidentTicket drive = open(carol, incident("Shared drive H: is gone after every reboot", "hardware", Impact.LOW,
        Urgency.MEDIUM, Channel.PORTAL));
    drive = startWork(bob, incidents().assign(bob, drive.ref(), Assignment.toAgent("desktop-support", "bob")));
    drive = incidents().resolve(bob, drive.ref(), Resolution.of("FIXED", "Re-created the drive mapping"));
    all.add(incidents().reopen(carol, drive.ref(), "The drive was gone again this morning"));

    IncidentTicket duplicate = open(dave, incident("Printer jams again", "other", Impact.LOW, Urgency.LOW, Channel.EMAIL));
    all.add(incidents().cancel(sue, duplicate.ref(), "Duplicate of the printer incident reported earlier"));
    return created;
  }

  private IncidentTicket startWork(Actor agent, IncidentTicket assigned) {
    return incidents().startWork(agent, incidents().acknowledge(agent, assigned.ref()).ref());
  }

  private IncidentTicket open(Actor caller, NewIncident.Builder incident) {
    return incidents().open(caller, incident.build());
  }

  private static NewIncident.Builder incident(String title, String category, Impact impact, Urgency urgency, Channel channel) {
    return NewIncident.builder(title).category(category).impact(impact).urgency(urgency).channel(channel);
  }

  // ---------------------------------------------------------------- changes

  private static final class Changes {
    final List<ChangeRequest> all = new ArrayList<>();
    ChangeRequest bundled;
    int windows;
  }

  /** A change whose window opens {@link #IMPLEMENTATION_LEAD} from now, to be implemented during the load. */
  private ChangeRequest submitCertificateChange(Cmdb cmdb) {
    // whole milliseconds: the engine compares its time, in milliseconds, with the planned start, so a start
    // with a fraction of a millisecond could be refused within the millisecond the wait ends in
    Instant start = engine.clock().instant().plus(IMPLEMENTATION_LEAD).truncatedTo(ChronoUnit.MILLIS);
    return changes().submit(actor("eric"), NewChange.normal("Renew the mail server's TLS certificate")
        .group("messaging").implementer("eric").window(start, start.plus(Duration.ofHours(2)))
        .backoutPlan("Put the old certificate back").affectedCi(cmdb.id("mail-01"))
        .task("Install the new certificate").task("Check mail clients connect", 2).build());
  }

  private Changes loadChanges(Cmdb cmdb, Instant now, ChangeRequest certificate) {
    Actor chris = actor("chris");
    Actor cleo = actor("cleo");
    Actor alice = actor("alice");
    Actor sam = actor("sam");
    Actor dora = actor("dora");
    Actor eric = actor("eric");
    Actor bob = actor("bob");
    Changes c = new Changes();
    Instant today = now.truncatedTo(ChronoUnit.DAYS);

    // maintenance windows of the database server: four weekly nights from the third day on
    for (int week = 0; week < 4; week++) {
      Instant night = at(today, 3 + 7 * week, 21);
      changes().defineWindow(chris, WindowDefinition.maintenance("db-01 patch night", cmdb.id("db-01"), night,
          night.plus(Duration.ofHours(4))));
      c.windows++;
    }

    // implemented during the load and closed
    certificate = authorise(certificate, "messaging");
    awaitTime.accept(certificate.plannedStart());
    certificate = changes().startImplementation(eric, certificate.ref());
    certificate = changes().recordTask(eric, certificate.ref(), 0, Outcome.SUCCEEDED, null);
    certificate = changes().recordTask(eric, certificate.ref(), 1, Outcome.SUCCEEDED, "Outlook and phones connect");
    c.all.add(changes().close(chris, certificate.ref(), CloseCode.SUCCESSFUL, null));

    // scheduled: core switch firmware in the first patch night (an outage: the change manager approves)
    ChangeRequest firmware = changes().submit(alice, NewChange.normal("Upgrade the core switch firmware to 4.32")
        .group("network-ops").implementer("alice").window(at(today, 3, 22), at(today, 3, 24)).outage(true)
        .backoutPlan("Boot the previous image from flash").affectedCi(cmdb.id("core-switch-01"))
        .task("Upload and verify the image").task("Reload the switch", 2).task("Check every uplink", 3).build());
    c.all.add(authorise(firmware, "network-ops"));

    // scheduled in the same night on the database server: warnings for the related changes
    ChangeRequest patch = changes().submit(dora, NewChange.normal("Apply the monthly OS patches to db-01")
        .group("dba").implementer("dora").window(at(today, 3, 22), at(today, 4, 0)).outage(true)
        .backoutPlan("Boot the previous kernel").affectedCi(cmdb.id("db-01")).task("Patch and reboot db-01").build());
    c.all.add(authorise(patch, "dba"));

    // waiting for the change manager
    c.all.add(changes().submit(dora, NewChange.normal("Add a covering index to the CRM orders table")
        .group("dba").implementer("dora").window(at(today, 10, 21), at(today, 10, 23))
        .backoutPlan("Drop the index").affectedCi(cmdb.id("crm-db")).task("Create the index concurrently").build()));

    // bundled in the payroll release
    ChangeRequest payroll = changes().submit(sam, NewChange.normal("Upgrade Payroll to 4.3")
        .group("app-support").implementer("sam").window(at(today, 8, 9), at(today, 14, 2))
        .backoutPlan("Redeploy 4.2.1 and restore the schema backup").affectedCi(cmdb.id("Payroll"))
        .task("Deploy 4.3 to test, staging and production").build());
    c.bundled = authorise(payroll, "app-support");
    c.all.add(c.bundled);

    // the approver asked a question
    ChangeRequest vlan = changes().submit(bob, NewChange.normal("Move the floor 3 printers to their own VLAN")
        .group("desktop-support").implementer("bob").window(at(today, 6, 18), at(today, 6, 20))
        .backoutPlan("Move the ports back").task("Re-patch the printer ports").build());
    c.all.add(changes().requestInformation(approver(vlan, "desktop-support"), vlan.ref(),
        "Which printers exactly, and who tells the users?"));

    // rejected
    ChangeRequest fax = changes().submit(eric, NewChange.normal("Switch the fax gateway off")
        .group("messaging").implementer("eric").window(at(today, 5, 18), at(today, 5, 19))
        .backoutPlan("Switch it back on").task("Shut the fax gateway down").build());
    c.all.add(changes().reject(approver(fax, "messaging"), fax.ref(), "Legal still receives faxes; ask them first"));

    // cancelled by its requester
    ChangeRequest portal = changes().submit(sam, NewChange.normal("Restyle the employee portal's login page")
        .group("app-support").implementer("sam").window(at(today, 12, 18), at(today, 12, 19))
        .backoutPlan("Restore the old stylesheet").affectedCi(cmdb.id("Employee portal")).task("Deploy the stylesheet").build());
    c.all.add(changes().cancel(sam, portal.ref(), "Waiting for the new corporate design"));

    // scheduled, then the quarter-end freeze was declared over its window: a blocking conflict to sort out
    ChangeRequest vpn = changes().submit(alice, NewChange.normal("Upgrade the VPN gateway software")
        .group("network-ops").implementer("alice").window(at(today, 17, 22), at(today, 17, 23))
        .backoutPlan("Boot the old image").affectedCi(cmdb.id("vpn-gw-01")).task("Upgrade vpn-gw-01").build());
    c.all.add(authorise(vpn, "network-ops"));
    changes().defineWindow(cleo, WindowDefinition.globalFreeze("Quarter-end freeze", at(today, 16, 0), at(today, 19, 0)));
    c.windows++;
    return c;
  }

  /** Approves the change at the level it waits for: a peer of the group for low risk, a change manager otherwise. */
  private ChangeRequest authorise(ChangeRequest change, String group) {
    return changes().approve(approver(change, group), change.ref(), "Plan and backout look fine");
  }

  private Actor approver(ChangeRequest change, String group) {
    if (change.risk() == Risk.LOW) {
      return users.directory().members(group).stream()
          .filter(m -> !m.equals(change.requesterId()) && !m.equals(change.implementerId()))
          .findFirst().map(this::actor)
          .orElseThrow(() -> new IllegalStateException("Expected a peer in " + group + " to approve " + change.number()));
    }
    return actor("chris");
  }

  private static Instant at(Instant today, int days, int hour) {
    return today.plus(Duration.ofDays(days)).plus(Duration.ofHours(hour));
  }

  // ---------------------------------------------------------------- problems

  private List<ProblemRecord> loadProblems(Cmdb cmdb, Incidents incidents) {
    Actor pam = actor("pam");
    Actor eric = actor("eric");
    Actor dora = actor("dora");

    ProblemRecord outlook = engine.problems().create(eric, NewProblem.builder("Outlook crashes on shared calendars")
        .description("Two callers so far; both open a calendar shared by another team").category("email")
        .impact(Impact.MEDIUM).urgency(Urgency.MEDIUM).affectedCi(cmdb.id("Mail and calendars"))
        .incident(incidents.outlook.id()).incident(incidents.outlookAgain.id()).build());
    outlook = engine.problems().assess(pam, outlook.ref(), Impact.MEDIUM, Urgency.HIGH, "messaging", "eric");
    outlook = engine.problems().startAnalysis(eric, outlook.ref());
    outlook = engine.problems().addAnalysisTask(eric, outlook.ref(), "Compare the client builds of both callers", "eric");
    outlook = engine.problems().completeAnalysisTask(eric, outlook.ref(), 0,
        "Both run build 16.0.1711; calendars with more than 500 recurring entries crash it");
    outlook = engine.problems().recordKnownError(pam, outlook.ref(), NewKnownError.of(
        "Outlook closes when a shared calendar is opened",
        "Client build 16.0.1711 fails on calendars with more than 500 recurring entries",
        "Open the shared calendar in Outlook on the web until the client update is rolled out"));
    outlook = engine.problems().publishWorkaround(pam, outlook.ref());

    ProblemRecord crm = engine.problems().create(dora, NewProblem.builder("CRM database slows down every Monday morning")
        .description("Reports time out between 08:00 and 10:00 on Mondays").category("database")
        .impact(Impact.HIGH).urgency(Urgency.MEDIUM).affectedCi(cmdb.id("crm-db")).incident(incidents.crm.id()).build());
    crm = engine.problems().assess(pam, crm.ref(), Impact.HIGH, Urgency.MEDIUM, "dba", "dora");
    crm = engine.problems().startAnalysis(dora, crm.ref());
    crm = engine.problems().addAnalysisTask(dora, crm.ref(), "Correlate the slow queries with the weekend batch jobs", "dora");
    return List.of(outlook, crm);
  }

  // ---------------------------------------------------------------- release

  private ReleaseRecord loadRelease(Cmdb cmdb, ChangeRequest change, Instant now) {
    Actor rita = actor("rita");
    Actor ci = actor("ci-bot");
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    ReleaseRecord release = engine.releases().create(rita, NewRelease.builder("Payroll 4.3", ReleaseType.MINOR, "4.3.0")
        .description("Faster bank export, new tax tables").group("app-support").manager("rita").change(change.id())
        .environment(NewEnvironment.of("test", at(today, 8, 9), at(today, 8, 12), cmdb.id("Payroll (test)")))
        .environment(NewEnvironment.of("staging", at(today, 9, 9), at(today, 9, 12), cmdb.id("Payroll (staging)")))
        .environment(NewEnvironment.of("production", at(today, 13, 22), at(today, 14, 2), cmdb.id("Payroll")))
        .earlySupport(Duration.ofDays(14)).build());
    release = engine.releases().startBuild(rita, release.ref());
    return engine.releases().report(ci, release.id(), PipelineResult.succeeded(ReleaseStage.BUILD, null, "build #431"));
  }

  // ---------------------------------------------------------------- knowledge

  private List<Article> loadArticles(Cmdb cmdb) {
    Actor kai = actor("kai");
    List<Article> articles = new ArrayList<>();
    articles.add(publish(kai, actor("alice"), NewArticle.builder("Connect to the VPN from home",
            "1. Start the VPN client.\n2. Choose the gateway 'vpn.example.net'.\n3. Sign in with your usual account and "
                + "confirm the push message on your phone.\nIf it disconnects after a few minutes, restart the client.")
        .tag("vpn").tag("remote-access").ci(cmdb.id("vpn-gw-01")).build()));
    articles.add(publish(kai, actor("bob"), NewArticle.builder("Clear a paper jam on duplex jobs",
            "Open the rear cover, pull the sheet out towards you, close the cover and print again. "
                + "Jams on every duplex job mean the duplex unit needs service: report an incident.")
        .tag("printer").tag("hardware").build()));
    articles.add(publish(kai, actor("ida"), NewArticle.builder("Reset your payroll portal password",
            "Use 'Forgot password' on the portal's login page. The link in the mail works for 30 minutes. "
                + "Accounts lock after five failed attempts and unlock after 15 minutes.")
        .tag("password").tag("payroll").ci(cmdb.id("Employee portal")).build()));
    articles.add(engine.knowledge().create(actor("sue"), NewArticle.builder("Request a new laptop",
        "Draft: how to order a laptop through the portal.").tag("hardware").build()));
    return articles;
  }

  private Article publish(Actor reviewer, Actor author, NewArticle content) {
    Article article = engine.knowledge().create(author, content);
    article = engine.knowledge().submitForReview(author, article.ref());
    return engine.knowledge().review(reviewer, article.ref(), true, null);
  }

  // ---------------------------------------------------------------- helpers

  /** Waits (at most ten seconds) for the engine's clock to reach the instant. */
  private static void awaitClock(ItsmEngine engine, Instant instant) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (engine.clock().instant().isBefore(instant)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Expected the engine's clock to reach " + instant
 + " within ten seconds, but it reads " + engine.clock().instant()
            + "; a clock that does not move on its own needs DemoData(engine, users, awaitTime)");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the engine's clock to reach " + instant, e);
      }
    }
  }

  private Actor actor(String id) {
    return users.user(id).actor();
  }

  private IncidentService incidents() {
    return engine.incidents();
  }

  private ChangeService changes() {
    return engine.changes();
  }

  private CmdbService cmdb() {
    return engine.cmdb();
  }
}
