package dev.itsm.bpmn.operations;

import static dev.itsm.api.incident.IncidentState.*;
import static dev.itsm.api.process.IncidentProcess.*;
import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.itsm.api.Actor;
import dev.itsm.api.AuditEntry;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.Priority;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Channel;
import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentSort;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NoteVisibility;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.incident.TicketNote;
import dev.itsm.api.sla.SlaEvent;
import dev.itsm.api.sla.SlaExplanation;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.bpmn.IncidentProcessPack;
import dev.itsm.spi.CustomField;
import dev.itsm.spi.Notification;
import dev.itsm.testkit.TestClock;
import dev.itsm.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.ManagementService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.operaton.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.operaton.bpm.engine.impl.util.ClockUtil;
import org.operaton.bpm.engine.runtime.Job;

/**
 * Upgrading a database of the first schema (V1) to the current one, with data in it: incidents as
 * the V1 engine left them ({@code v1-incidents.sql}) are read back, measured and carried on by a
 * current engine, whose start runs the migrations V2 and later. And the guard that keeps shipped
 * migrations as they were released. Runs on H2, and on PostgreSQL with {@code -Ditsm.test.db=postgresql}.
 */
class SchemaUpgradeTest {

  /**
   * Every migration script the library ships, with the SHA-256 of its text (line ends read as LF),
   * as 0.1.0 ships them. A database that ran a script keeps Flyway's checksum of it: a changed script
   * makes every engine on such a database refuse to start, and what it changed never reaches those
   * databases. So a released script never changes; a change to the schema is a new script
   * {@code Vn__what.sql}, portable to H2 and PostgreSQL, added to this list on purpose (the upgrade
   * test below then runs it on V1 data too).
   */
  private static final Map<String, String> SHIPPED_MIGRATIONS = shipped(
      "V1__foundation.sql", "eef75fe9fed628a76de72f722128755b58edcbe1bf37da1b3e3b6297b70febe8",
      "V2__cmdb_items.sql", "d815040940448795a043e1de287cadc4208b785ae781947c039b1babf5b2dc02",
      "V3__cmdb_relations.sql", "e27f0795797d25c28f194fd2018f6a6f910147d9abe178e1f5ca67144ce95caf",
      "V4__cmdb_baselines.sql", "27393174683b76517faf17fe31cfb1d8cebf2c1704d853f8bcf63248ccec25db",
      "V5__cmdb_import.sql", "263e2de0ee7a450277330ed3f2814c7d6290154cb70ec27c1054f0f981e92805",
      "V6__cmdb_graph_log.sql", "250e8dbde98281fe173fc6d959834f1399052bacc7e56f0f1547931c2e39beb9",
      "V7__cmdb_leaner_indexes.sql", "cca5587b746f82dc8b8be4c4d4f17032a92b9e7049fdf7b9a90ae1eea6690f9a",
      "V8__sla_definitions_timelines.sql", "7f5807954bdf0171a3acc876de1b5716a61c6731720ea65f806a3d1f7b8fb88c",
      "V9__ticket_detail_flags.sql", "979b6543fb86165723794f3693af44add69a3b43d96eae86f3e6a2b6fc83484b",
      "V10__change_management.sql", "f3941c7640070cc5b94aef341c0bdfafaa05b072674b0508351c819e297c9afd",
      "V11__problems_knowledge.sql", "12c1809d0df075b409d0958e25baee70dd19d8a5b32465362c16a92d8ec32e62",
      // the scripts of one database only (db/itsm/vendor/<database>), guarded the same way
      "h2/V12__knowledge_search.sql", "9be5c678287e3171cb6ab3a02815631877aa4069a71d69c6c25f1a922e3d3356",
      "postgresql/V12__knowledge_search.sql", "5f6673e686184aeb437fc6005bba4f20572bba64b40ca54d3f646388244db59b",
      "V13__releases.sql", "fac8d6e23c9a7ecd298e99556b2a177bbb5e26261d83a65e2950feb4754d6e9e",
      "V14__ticket_report_indexes.sql", "9415ea3315c6c8aa04a71df94bc47a1aa28db94004eb448adf8fc4e10c98ed42");

  /** Where the library's scripts are, and the history table released databases have: never rename them. */
  private static final String MIGRATIONS = "db/itsm/migration";
  /** Where the scripts of one database are, in a folder per database. */
  private static final String VENDOR_MIGRATIONS = "db/itsm/vendor";
  private static final String HISTORY_TABLE = "itsm_schema_history";

  /** When the V1 engine stopped and the upgraded one starts. */
  private static final Instant UPGRADE = Instant.parse("2026-03-02T11:45:00Z");
  private static final Actor DINA = Actor.manager("dina", "desktop-support");
  private static final Actor IVY = Actor.agent("ivy", "identity");
  private static final Actor MAX = Actor.agent("max", "messaging");
  private static final UUID VPN_CI = UUID.fromString("0195f0a0-0000-7000-8000-000000000042");
  /** The incident.assigned event of INC-000007 that V1 wrote and never delivered. */
  private static final UUID UNDELIVERED_EVENT = UUID.fromString("60000000-0000-4000-8000-000000000050");

  /**
   * Where the process instance of each V1 ticket waits. The V1 engine ran the incident model of its
   * time, which had four SLA boundary timers calling the {@code itsmSla} bean; both went with SLA
   * timelines (V8). On a database the V1 engine wrote itself, a current engine starts and carries the
   * tickets on, but those old timers fail when they fire ("Cannot resolve identifier 'itsmSla'"). No
   * release shipped that model (the changelog says to start such development databases afresh), so
   * the open tickets here get what a V1 engine running today's model would have left: an instance
   * of the shipped model with the contract's variables, waiting at the step of the ticket's state
   * (steps and timer ids are the same in both models), its acceptance or auto-close timer armed at
   * V1's due date. Closed and cancelled tickets get a finished instance, as they had.
   */
  private static final List<V1Instance> V1_INSTANCES = List.of(
      new V1Instance("INC-000001", "end_closed", true, null),
      new V1Instance("INC-000002", TASK_RESOLVED, true, Instant.parse("2026-03-07T08:30:00Z")),   // auto-close: resolved + 5 days
      new V1Instance("INC-000003", "end_cancelled", false, null),
      new V1Instance("INC-000004", TASK_WORK, true, null),
      new V1Instance("INC-000005", TASK_ON_HOLD, true, null),
      new V1Instance("INC-000006", TASK_ASSIGN, false, null),
      new V1Instance("INC-000007", TASK_ACKNOWLEDGE, false, Instant.parse("2026-03-02T11:50:00Z")));   // acceptance: assigned + 10 min (P2)

  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private final List<Notification> notifications = new CopyOnWriteArrayList<>();

  @Test
  void aV1DatabaseWithIncidentsIsUpgradedAndItsTicketsCarryOn() throws Exception {
    TestClock clock = new TestClock(UPGRADE, ZoneOffset.UTC);
    try (TestDatabase database = TestDatabase.create()) {
      // given a database at schema V1 holding the incidents, clocks, audit trail, notes and outbox the
      // V1 engine wrote, and the process instances of its tickets
      migrateToV1(database);
      load(database, "v1-incidents.sql");
      Map<String, String> processes = startV1ProcessInstances(database);

      // when a current engine starts on it
      try (ItsmEngine itsm = engine(database, clock)) {

        // then every shipped migration ran once and succeeded, V1 first
        assertThat(appliedMigrations(database)).containsExactlyEntriesOf(expectedHistory(database));

        // and the old tickets read back with their fields, states, priorities and versions
        List<IncidentTicket> tickets = itsm.incidents()
            .query(MANAGER, IncidentQuery.builder().sortBy(IncidentSort.NUMBER, true).build()).items();
        assertThat(tickets).extracting(IncidentTicket::number, IncidentTicket::state, IncidentTicket::priority,
                IncidentTicket::groupId, IncidentTicket::assigneeId, IncidentTicket::callerId, IncidentTicket::version)
            .containsExactly(
                tuple("INC-000001", CLOSED, Priority.P3, "desktop-support", "dan", "bob", 6L),
                tuple("INC-000002", RESOLVED, Priority.P1, "network-ops", "alice", "bob", 5L),
                tuple("INC-000003", CANCELLED, Priority.P4, "app-support", null, "cleo", 2L),
                tuple("INC-000004", IN_PROGRESS, Priority.P1, "network-ops", "alice", "bob", 6L),
                tuple("INC-000005", ON_HOLD, Priority.P2, "messaging", "max", "cleo", 6L),
                tuple("INC-000006", NEW, Priority.P3, "desktop-support", null, "cleo", 1L),
                tuple("INC-000007", ASSIGNED, Priority.P2, "identity", "ivy", "bob", 2L));
        assertThat(tickets).extracting(IncidentTicket::processInstanceId)
            .containsExactlyElementsOf(V1_INSTANCES.stream().map(i -> processes.get(i.number())).toList());
        IncidentTicket vpn = itsm.incidents().getByNumber(MANAGER, "INC-000004");
        assertThat(vpn.title()).isEqualTo("VPN gateway down");
        assertThat(vpn.description()).isEqualTo("No one can connect");
        assertThat(vpn.impact()).isEqualTo(Impact.HIGH);
        assertThat(vpn.category()).isEqualTo("network");
        assertThat(vpn.channel()).isEqualTo(Channel.API);
        assertThat(vpn.affectedCis()).containsExactly(VPN_CI);
        assertThat(vpn.fields()).containsExactly(Map.entry("site", "Hamburg"));
        assertThat(vpn.openedAt()).isEqualTo("2026-03-02T08:00:00Z");
        assertThat(vpn.acknowledgedAt()).isEqualTo("2026-03-02T08:05:00Z");
        assertThat(vpn.nextSlaDue()).isEqualTo("2026-03-02T12:30:00Z");
        assertThat(vpn.service()).isNull();          // columns V8 added
        assertThat(vpn.customerClass()).isNull();
        IncidentTicket mail = itsm.incidents().getByNumber(MANAGER, "INC-000005");
        assertThat(mail.holdReason()).isEqualTo(HoldReason.AWAITING_CALLER);
        IncidentTicket coreSwitch = itsm.incidents().getByNumber(MANAGER, "INC-000002");
        assertThat(coreSwitch.resolutionCode()).isEqualTo("WORKAROUND");
        assertThat(coreSwitch.resolutionText()).isEqualTo("Traffic moved to the standby switch");
        assertThat(coreSwitch.resolvedAt()).isEqualTo("2026-03-02T08:30:00Z");
        IncidentTicket docking = itsm.incidents().getByNumber(MANAGER, "INC-000001");
        assertThat(docking.closedAt()).isEqualTo("2026-03-02T10:30:00Z");
        assertThat(docking.fields()).containsExactly(Map.entry("site", "Berlin"));

        // and their audit trail and notes are as V1 wrote them
        assertThat(itsm.audit().trail(MANAGER, coreSwitch.id()))
            .extracting(AuditEntry::occurredAt, AuditEntry::actorId, AuditEntry::action, AuditEntry::field,
                AuditEntry::oldValue, AuditEntry::newValue)
            .containsExactly(
                tuple(at("06:00"), "bob", "open", "state", null, "NEW"),
                tuple(at("06:03"), "mona", "assign", "assigneeId", null, "alice"),
                tuple(at("06:03"), "mona", "enter-state", "state", "NEW", "ASSIGNED"),
                tuple(at("06:03"), "mona", "enter-state", "assignedAt", null, "2026-03-02T06:03:00Z"),
                tuple(at("06:07"), "system", "acceptance-overdue", "escalatedTo", null, "mona,mike"),
                tuple(at("06:11:15"), "system", "sla-warning", "sla.RESPONSE.warnedAt", null, "2026-03-02T06:11:15Z"),
                tuple(at("06:15"), "system", "sla-breach", "sla.RESPONSE.breachedAt", null, "2026-03-02T06:15:00Z"),
                tuple(at("06:20"), "alice", "enter-state", "state", "ASSIGNED", "ACKNOWLEDGED"),
                tuple(at("06:20"), "alice", "enter-state", "acknowledgedAt", null, "2026-03-02T06:20:00Z"),
                tuple(at("06:21"), "alice", "enter-state", "state", "ACKNOWLEDGED", "IN_PROGRESS"),
                tuple(at("08:30"), "alice", "resolve", "resolutionCode", null, "WORKAROUND"),
                tuple(at("08:30"), "alice", "resolve", "resolutionText", null, "Traffic moved to the standby switch"),
                tuple(at("08:30"), "alice", "enter-state", "state", "IN_PROGRESS", "RESOLVED"),
                tuple(at("08:30"), "alice", "enter-state", "resolvedAt", null, "2026-03-02T08:30:00Z"));
        assertThat(itsm.incidents().notes(MANAGER, vpn.id()))
            .extracting(TicketNote::authorId, TicketNote::visibility, TicketNote::text, TicketNote::timeSpent,
                TicketNote::createdAt)
            .containsExactly(tuple("alice", NoteVisibility.WORK_NOTE, "Gateway does not answer on its management port",
                Duration.ofMinutes(15), at("08:20")));

        // and their SLA clocks, converted to timelines by V8, give the figures V1 had: deadlines,
        // paused time, warnings and breaches kept
        assertThat(clocks(itsm, tickets)).containsExactly(
            clock("INC-000001", SlaKind.RESPONSE, SlaState.MET, null, "PT30M", "PT0S", null, null, "2026-03-01T09:30:00Z"),
            clock("INC-000001", SlaKind.RESOLUTION, SlaState.BREACHED, null, "PT25H", "PT0S", "2026-03-02T03:00:00Z",
                "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"),
            clock("INC-000002", SlaKind.RESPONSE, SlaState.BREACHED, null, "PT20M", "PT0S", "2026-03-02T06:11:15Z",
                "2026-03-02T06:15:00Z", "2026-03-02T06:20:00Z"),
            clock("INC-000002", SlaKind.RESOLUTION, SlaState.MET, null, "PT2H30M", "PT0S", null, null, "2026-03-02T08:30:00Z"),
            clock("INC-000003", SlaKind.RESPONSE, SlaState.CANCELLED, null, "PT30M", "PT0S", null, null, "2026-03-02T07:30:00Z"),
            clock("INC-000003", SlaKind.RESOLUTION, SlaState.CANCELLED, null, "PT30M", "PT0S", null, null, "2026-03-02T07:30:00Z"),
            clock("INC-000004", SlaKind.RESPONSE, SlaState.MET, null, "PT5M", "PT0S", null, null, "2026-03-02T08:05:00Z"),
            clock("INC-000004", SlaKind.RESOLUTION, SlaState.RUNNING, "2026-03-02T12:30:00Z", "PT3H15M", "PT30M",
                "2026-03-02T11:30:00Z", null, null),
            clock("INC-000005", SlaKind.RESPONSE, SlaState.MET, null, "PT15M", "PT0S", null, null, "2026-03-02T08:25:00Z"),
            clock("INC-000005", SlaKind.RESOLUTION, SlaState.PAUSED, null, "PT40M", "PT2H55M", null, null, null),
            clock("INC-000006", SlaKind.RESPONSE, SlaState.RUNNING, "2026-03-02T13:00:00Z", "PT45M", "PT0S", null, null, null),
            clock("INC-000006", SlaKind.RESOLUTION, SlaState.RUNNING, "2026-03-03T11:00:00Z", "PT45M", "PT0S", null, null, null),
            clock("INC-000007", SlaKind.RESPONSE, SlaState.RUNNING, "2026-03-02T12:05:00Z", "PT10M", "PT0S", null, null, null),
            clock("INC-000007", SlaKind.RESOLUTION, SlaState.RUNNING, "2026-03-02T19:35:00Z", "PT10M", "PT0S", null, null, null));
        SlaStatus vpnResolution = itsm.sla().status(MANAGER, vpn.id(), SlaKind.RESOLUTION);
        assertThat(vpnResolution.target()).isEqualTo(Duration.ofHours(4));
        assertThat(vpnResolution.remaining()).isEqualTo(Duration.ofMinutes(45));
        assertThat(vpnResolution.startedAt()).isEqualTo("2026-03-02T08:00:00Z");
        assertThat(vpnResolution.definition()).isEqualTo("incident-default");   // what V8 names clocks of before timelines
        assertThat(vpnResolution.calendar()).isEqualTo("24x7");
        SlaExplanation docked = itsm.sla().explain(MANAGER, docking.id(), "RESOLUTION");
        assertThat(docked.timeline()).extracting(SlaEvent::type, SlaEvent::at, SlaEvent::percent).containsExactly(
            tuple(SlaEvent.Type.START, Instant.parse("2026-03-01T09:00:00Z"), 0),
            tuple(SlaEvent.Type.PAUSE, Instant.parse("2026-03-01T09:00:00Z"), 0),
            tuple(SlaEvent.Type.RESUME, Instant.parse("2026-03-01T09:00:00Z"), 0),
            tuple(SlaEvent.Type.STOP, Instant.parse("2026-03-02T10:00:00Z"), 0),
            tuple(SlaEvent.Type.THRESHOLD, Instant.parse("2026-03-02T03:00:00Z"), 75),
            tuple(SlaEvent.Type.BREACH, Instant.parse("2026-03-02T09:00:00Z"), 100));
        // V1 kept a pause total, not the pauses: V8 puts it right after the start (same figures on 24x7)
        SlaExplanation held = itsm.sla().explain(MANAGER, mail.id(), "RESOLUTION");
        assertThat(held.timeline()).extracting(SlaEvent::type, SlaEvent::at).containsExactly(
            tuple(SlaEvent.Type.START, at("08:10")),
            tuple(SlaEvent.Type.PAUSE, at("08:10")),
            tuple(SlaEvent.Type.RESUME, at("08:20")),
            tuple(SlaEvent.Type.PAUSE, at("09:00")));
        assertThat(held.counted()).extracting(SlaExplanation.Interval::from, SlaExplanation.Interval::to)
            .endsWith(tuple(at("08:20"), at("09:00")));   // after an empty one from the start to the synthetic pause
        assertThat(held.counted().stream().map(SlaExplanation.Interval::business).reduce(Duration.ZERO, Duration::plus))
            .isEqualTo(Duration.ofMinutes(40));

        // and queries find them
        assertThat(numbers(itsm, IncidentQuery.builder().open().sortBy(IncidentSort.SLA_DUE, true)))
            .containsExactly("INC-000007", "INC-000004", "INC-000006", "INC-000005");
        assertThat(numbers(itsm, IncidentQuery.builder().slaBreached())).containsExactlyInAnyOrder("INC-000001", "INC-000002");
        assertThat(numbers(itsm, IncidentQuery.builder().slaAtRisk())).containsExactlyInAnyOrder("INC-000004");
        assertThat(numbers(itsm, IncidentQuery.builder().assignee("alice"))).containsExactlyInAnyOrder("INC-000002", "INC-000004");
        assertThat(numbers(itsm, IncidentQuery.builder().field("site", "Hamburg"))).containsExactlyInAnyOrder("INC-000004");
        assertThat(numbers(itsm, IncidentQuery.builder().affectedCi(VPN_CI))).containsExactlyInAnyOrder("INC-000004");
        assertThat(itsm.incidents().query(AGENT, IncidentQuery.builder().open().build()).items())
            .extracting(IncidentTicket::number).containsExactly("INC-000004");   // alice sees her group's tickets

        // and new work goes on: a new incident takes the next number and today's SLA definitions
        IncidentTicket fresh = openP1(itsm.incidents());
        assertThat(fresh.number()).isEqualTo("INC-000008");
        assertThat(itsm.sla().status(MANAGER, fresh.id(), SlaKind.RESOLUTION).definition()).isEqualTo("incident-p1");

        // and the old tickets move on through their processes
        IncidentTicket printer = itsm.incidents().getByNumber(MANAGER, "INC-000006");
        printer = itsm.incidents().assign(DINA, printer.ref(), Assignment.toAgent("dan"));
        assertThat(printer.state()).isEqualTo(ASSIGNED);
        assertThat(printer.version()).isEqualTo(2);
        assertThat(itsm.audit().trail(MANAGER, printer.id())).extracting(AuditEntry::action, AuditEntry::field)
            .startsWith(tuple("open", "state"))   // V1's entry stays first: new entries continue its sequence
            .contains(tuple("enter-state", "assignedAt"));

        mail = itsm.incidents().resume(MAX, mail.ref());
        assertThat(mail.state()).isEqualTo(IN_PROGRESS);
        SlaStatus mailResolution = itsm.sla().status(MANAGER, mail.id(), SlaKind.RESOLUTION);
        assertThat(mailResolution.state()).isEqualTo(SlaState.RUNNING);
        assertThat(mailResolution.deadline()).isEqualTo("2026-03-02T19:05:00Z");   // 8 h - 40 min left from 11:45

        coreSwitch = itsm.incidents().close(CALLER, coreSwitch.ref());
        assertThat(coreSwitch.state()).isEqualTo(CLOSED);
        assertThat(itsm.processEngine().getRuntimeService().createProcessInstanceQuery()
            .processInstanceId(coreSwitch.processInstanceId()).count()).isZero();

        // and their timers fire: the acceptance timeout V1 armed, the outbox retry for what V1 never
        // delivered, the SLA timers the upgraded engine armed for V1's running clocks
        runJobsUntil(itsm, clock, at("11:50"));
        IncidentTicket portal = itsm.incidents().getByNumber(MANAGER, "INC-000007");
        assertThat(itsm.audit().trail(MANAGER, portal.id())).extracting(AuditEntry::action, AuditEntry::newValue)
            .endsWith(tuple("acceptance-overdue", "ian"));
        assertThat(itsm.awaitDeliveries(Duration.ofSeconds(30))).isTrue();
        assertThat(events).filteredOn(e -> e.id().equals(UNDELIVERED_EVENT)).singleElement().satisfies(e -> {
          assertThat(e.type()).isEqualTo("incident.assigned");
          assertThat(e.ticketNumber()).isEqualTo("INC-000007");
          assertThat(e.occurredAt()).isEqualTo(at("11:40"));
        });
        String undeliveredKey = "assigned:" + portal.id() + ":2";
        assertThat(notifications).filteredOn(n -> n.idempotencyKey().equals(undeliveredKey))
            .singleElement().extracting(Notification::recipients).isEqualTo(List.of("ivy"));

        runJobsUntil(itsm, clock, at("12:30"));
        assertThat(itsm.sla().status(MANAGER, vpn.id(), SlaKind.RESOLUTION).breachedAt()).isEqualTo(at("12:30"));
        assertThat(itsm.sla().status(MANAGER, portal.id(), SlaKind.RESPONSE))
            .extracting(SlaStatus::state, SlaStatus::warnedAt, SlaStatus::breachedAt)
            .containsExactly(SlaState.BREACHED, at("11:57:30"), at("12:05"));

        clock.set(at("12:40"));
        vpn = itsm.incidents().resolve(AGENT, itsm.incidents().getByNumber(AGENT, "INC-000004").ref(),
            Resolution.of("FIXED", "Vendor replaced the appliance"));
        assertThat(vpn.state()).isEqualTo(RESOLVED);
        assertThat(itsm.sla().status(MANAGER, vpn.id(), SlaKind.RESOLUTION))
            .extracting(SlaStatus::state, SlaStatus::stoppedAt, SlaStatus::elapsed)
            .containsExactly(SlaState.BREACHED, at("12:40"), Duration.ofMinutes(4 * 60 + 10));
        portal = itsm.incidents().acknowledge(IVY, portal.ref());
        assertThat(portal.state()).isEqualTo(ACKNOWLEDGED);
      }
    } finally {
      ClockUtil.reset();
    }
  }

  @Test
  void shippedMigrationsNeverChange() throws IOException {
    // given the scripts on the class path
    Map<String, String> onClassPath = migrationScripts();

    // then each shipped script is there, unchanged
    for (Map.Entry<String, String> shipped : SHIPPED_MIGRATIONS.entrySet()) {
      assertThat(onClassPath).as("Migration %s was released and must stay; change the schema with a new Vn__ script",
          shipped.getKey()).containsKey(shipped.getKey());
      assertThat(onClassPath.get(shipped.getKey())).as("Migration %s was released: it must never change, because "
              + "databases that ran it keep its checksum and never run it again. Undo the edit and add a new "
              + "Vn__ script with the change instead", shipped.getKey())
          .isEqualTo(shipped.getValue());
    }
    // and every other script is one somebody added to the list on purpose
    assertThat(onClassPath.keySet()).as("Migration scripts not listed in SchemaUpgradeTest.SHIPPED_MIGRATIONS: add "
            + "each new script there with its SHA-256 (the upgrade test then runs it on V1 data), and never edit it "
            + "after its release")
        .containsExactlyInAnyOrderElementsOf(SHIPPED_MIGRATIONS.keySet());
  }

  // --- given: a database as V1 left it ---

  /** Flyway as the engine runs it (same scripts and history table), stopped after V1. */
  private static void migrateToV1(TestDatabase database) {
    Flyway.configure(SchemaUpgradeTest.class.getClassLoader())
        .dataSource(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .locations("classpath:" + MIGRATIONS)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .target("1")
        .load()
        .migrate();
  }

  private static void load(TestDatabase database, String resource) throws IOException, SQLException {
    String script;
    try (InputStream in = Objects.requireNonNull(SchemaUpgradeTest.class.getResourceAsStream(resource), resource)) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String withoutComments = script.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n", "", "\n"));
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      s.setEscapeProcessing(false);   // JSON payloads have braces
      for (String statement : withoutComments.split(";\\s*\n")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
  }

  /**
   * Starts the tickets' process instances with a bare Operaton engine, as the V1 engine left them
   * (see {@link #V1_INSTANCES}), and records them on the tickets; returns the instance id by number.
   */
  private static Map<String, String> startV1ProcessInstances(TestDatabase database) throws SQLException {
    Map<String, UUID> ids = new LinkedHashMap<>();
    Map<String, Instant> opened = new LinkedHashMap<>();
    try (Connection c = database.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT number, id, opened_at FROM itsm_ticket")) {
      while (rs.next()) {
        ids.put(rs.getString(1), rs.getObject(2, UUID.class));
        opened.put(rs.getString(1), rs.getObject(3, java.time.OffsetDateTime.class).toInstant());
      }
    }
    Map<String, Instant> timers = new TreeMap<>();
    V1_INSTANCES.stream().filter(i -> i.timerDue() != null)
        .forEach(i -> timers.put(ids.get(i.number()).toString(), i.timerDue()));

    StandaloneProcessEngineConfiguration cfg = new StandaloneProcessEngineConfiguration();
    cfg.setProcessEngineName("v1-" + UUID.randomUUID());
    cfg.setJdbcUrl(database.jdbcUrl());
    cfg.setJdbcUsername(database.user());
    cfg.setJdbcPassword("");
    cfg.setJdbcDriver(database.isPostgres() ? "org.postgresql.Driver" : "org.h2.Driver");
    cfg.setDatabaseSchemaUpdate("true");
    cfg.setHistory("full");
    cfg.setIdGenerator(new StrongUuidGenerator());
    cfg.setJobExecutorActivate(false);
    cfg.setMetricsEnabled(false);
    cfg.setBeans(Map.of(BEAN_DEADLINES, new V1Deadlines(timers)));
    ProcessEngine operaton = cfg.buildProcessEngine();
    Map<String, String> processes = new LinkedHashMap<>();
    try {
      // deployed as the engine deploys its shipped models
      operaton.getRepositoryService().createDeployment().name("itsm-library:" + PROCESS_KEY).source("itsm-library")
          .addClasspathResource(IncidentProcessPack.INCIDENT_BPMN).deploy();
      for (V1Instance instance : V1_INSTANCES) {
        String ticketId = ids.get(instance.number()).toString();
        ClockUtil.setCurrentTime(Date.from(opened.get(instance.number())));
        String pid = operaton.getRuntimeService().createProcessInstanceByKey(PROCESS_KEY).businessKey(ticketId)
            .setVariables(Map.of(VAR_TICKET_ID, ticketId, VAR_RESPONDED, instance.responded()))
            .startBeforeActivity(instance.waitsAt())
            .execute(true, true)
            .getId();
        processes.put(instance.number(), pid);
      }
    } finally {
      ClockUtil.reset();
      operaton.close();
    }
    try (Connection c = database.connect();
         PreparedStatement s = c.prepareStatement("UPDATE itsm_ticket SET process_instance_id = ? WHERE number = ?")) {
      for (Map.Entry<String, String> p : processes.entrySet()) {
        s.setString(1, p.getValue());
        s.setString(2, p.getKey());
        assertThat(s.executeUpdate()).isOne();
      }
    }
    return processes;
  }

  /** Where a V1 ticket's process waits, with the due date of the timer on that step, if any. */
  private record V1Instance(String number, String waitsAt, boolean responded, Instant timerDue) {}

  /** The {@code itsmDeadlines} bean of the bare engine: the due dates the V1 engine had computed. */
  public static final class V1Deadlines {
    private final Map<String, Instant> byTicket;

    V1Deadlines(Map<String, Instant> byTicket) {
      this.byTicket = byTicket;
    }

    public Date at(DelegateExecution execution, String timerId) {
      return Date.from(byTicket.get((String) execution.getVariable(VAR_TICKET_ID)));
    }
  }

  // --- when: a current engine starts ---

  private ItsmEngine engine(TestDatabase database, TestClock clock) {
    return ItsmEngine.builder().jdbcUrl(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .clock(clock).jobExecutor(false).deliveryRetryInterval(Duration.ofMinutes(5))
        .plugin(DIRECTORY)
        .plugin(context -> {
          context.customField(CustomField.string("site", 40));
          context.eventListener(events::add);
          context.notificationSender(notifications::add);
        })
        .build();
  }

  // --- then: helpers ---

  /** Version to script and success of the history table's migrations, in the order they ran. */
  private static Map<String, String> appliedMigrations(TestDatabase database) throws SQLException {
    Map<String, String> applied = new LinkedHashMap<>();
    try (Connection c = database.connect(); Statement s = c.createStatement();
         // Flyway quotes the names it creates (lower case on H2 too)
         ResultSet rs = s.executeQuery("SELECT \"version\", \"script\", \"success\" FROM \"" + HISTORY_TABLE
             + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      while (rs.next()) {
        applied.put(rs.getString(1), rs.getString(2) + (rs.getBoolean(3) ? "" : " FAILED"));
      }
    }
    return applied;
  }

  /** Every script on the class path for the database, by version, succeeded. */
  private static Map<String, String> expectedHistory(TestDatabase database) throws IOException {
    Map<Integer, String> byVersion = new TreeMap<>();
    Map<String, String> scripts = migrationScripts(MIGRATIONS, "");
    scripts.putAll(migrationScripts(VENDOR_MIGRATIONS + "/" + (database.isPostgres() ? "postgresql" : "h2"), ""));
    for (String script : scripts.keySet()) {
      Matcher m = Pattern.compile("V(\\d+)__.*\\.sql").matcher(script);
      assertThat(m.matches()).as("migration script name %s", script).isTrue();
      byVersion.put(Integer.parseInt(m.group(1)), script);
    }
    Map<String, String> expected = new LinkedHashMap<>();
    byVersion.forEach((version, script) -> expected.put(String.valueOf(version), script));
    return expected;
  }

  private record Figures(String number, SlaKind kind, SlaState state, Instant deadline, Duration elapsed,
                       Duration pausedTotal, Instant warnedAt, Instant breachedAt, Instant stoppedAt) {}

  private static Figures clock(String number, SlaKind kind, SlaState state, String deadline, String elapsed,
                             String pausedTotal, String warnedAt, String breachedAt, String stoppedAt) {
    return new Figures(number, kind, state, instant(deadline), Duration.parse(elapsed), Duration.parse(pausedTotal),
        instant(warnedAt), instant(breachedAt), instant(stoppedAt));
  }

  private static List<Figures> clocks(ItsmEngine itsm, List<IncidentTicket> tickets) {
    List<Figures> clocks = new ArrayList<>();
    for (IncidentTicket t : tickets) {
      for (SlaKind kind : List.of(SlaKind.RESPONSE, SlaKind.RESOLUTION)) {
        SlaStatus s = itsm.sla().status(MANAGER, t.id(), kind);
        clocks.add(new Figures(t.number(), kind, s.state(), s.deadline(), s.elapsed(), s.pausedTotal(), s.warnedAt(),
            s.breachedAt(), s.stoppedAt()));
      }
    }
    return clocks;
  }

  private static List<String> numbers(ItsmEngine itsm, IncidentQuery.Builder query) {
    return itsm.incidents().query(MANAGER, query.build()).items().stream().map(IncidentTicket::number).toList();
  }

  /**
   * Runs the engine's jobs due until {@code until} in due order, each at its due date, as the job
   * executor would; leaves the clock at {@code until}.
   */
  private static void runJobsUntil(ItsmEngine itsm, TestClock clock, Instant until) {
    ManagementService management = itsm.processEngine().getManagementService();
    while (true) {
      List<Job> due = management.createJobQuery().duedateLowerThan(Date.from(until.plusMillis(1)))
          .orderByJobDuedate().asc().listPage(0, 1);
      if (due.isEmpty()) {
        break;
      }
      Instant at = due.get(0).getDuedate().toInstant();
      if (at.isAfter(clock.instant())) {
        clock.set(at);
      }
      management.executeJob(due.get(0).getId());
    }
    clock.set(until);
  }

  private static Instant at(String timeOfUpgradeDay) {
    return Instant.parse("2026-03-02T" + (timeOfUpgradeDay.length() == 5 ? timeOfUpgradeDay + ":00" : timeOfUpgradeDay)
        + "Z");
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  // --- the shipped scripts ---

  private static Map<String, String> shipped(String... nameAndHash) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < nameAndHash.length; i += 2) {
      map.put(nameAndHash[i], nameAndHash[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * SHA-256 of every file in the migration locations, by name (a database's own scripts by folder and name),
   * from each class path entry that has them.
   */
  private static Map<String, String> migrationScripts() throws IOException {
    Map<String, String> scripts = migrationScripts(MIGRATIONS, "");
    for (String database : List.of("h2", "postgresql")) {
      scripts.putAll(migrationScripts(VENDOR_MIGRATIONS + "/" + database, database + "/"));
    }
    return scripts;
  }

  private static Map<String, String> migrationScripts(String location, String prefix) throws IOException {
    Map<String, String> scripts = new TreeMap<>();
    for (URL url : Collections.list(SchemaUpgradeTest.class.getClassLoader().getResources(location))) {
      URI uri;
      try {
        uri = url.toURI();
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
      if (uri.getScheme().equals("jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          hashAll(jar.getPath(location), prefix, scripts);
        } catch (FileSystemAlreadyExistsException e) {
          hashAll(FileSystems.getFileSystem(uri).getPath(location), prefix, scripts);   // someone else's: left open
        }
      } else {
        hashAll(Path.of(uri), prefix, scripts);
      }
    }
    return scripts;
  }

  private static void hashAll(Path dir, String prefix, Map<String, String> into) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        String previous = into.put(prefix + file.getFileName().toString(), sha256(text));
        assertThat(previous).as("migration %s is on the class path twice", file.getFileName()).isNull();
      }
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
