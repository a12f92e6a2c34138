package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.spi.Notification;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events and notifications go through the outbox: delivered only after the transaction commits,
 * never for a rolled-back one, and again (with the same id / idempotency key) after a failed delivery.
 */
class EventDeliveryTest {
  /** Titles starting with "flaky" make the listener fail this many times before it accepts. */
  private static final int FLAKY_FAILURES = 2;
  private static final Map<UUID, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
  private static final List<DomainEvent> RECEIVED = new CopyOnWriteArrayList<>();
  private static final List<Notification> SENT = new CopyOnWriteArrayList<>();

  /** Without problem detection: these tests count the events of incidents opened in bulk, one category. */
  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.problems(dev.itsm.api.problem.ProblemSettings.builder()
      .repeatedIncidents(0, java.time.Duration.ofDays(7)).build()).plugin(DIRECTORY).plugin(context -> {
    context.eventListener(event -> {
      int attempt = ATTEMPTS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
      if (event.ticketNumber() != null && isFlaky(event) && attempt <= FLAKY_FAILURES) {
        throw new IllegalStateException("listener down, attempt " + attempt);
      }
      if (isHopeless(event)) {
        throw new IllegalStateException("listener always fails");
      }
      RECEIVED.add(event);
    });
    context.notificationSender(SENT::add);
  }));

  private static final java.util.Set<UUID> FLAKY = ConcurrentHashMap.newKeySet();
  private static final java.util.Set<UUID> HOPELESS = ConcurrentHashMap.newKeySet();

  private static boolean isFlaky(DomainEvent event) {
    return FLAKY.contains(event.ticketId());
  }

  private static boolean isHopeless(DomainEvent event) {
    return HOPELESS.contains(event.ticketId());
  }

  @Test
  void eventsOfAUnitAreDeliveredOnlyAfterItCommits() {
    IncidentTicket inc = itsm.engine().inTransaction(() -> {
      IncidentTicket opened = openP1(itsm.engine().incidents());
      IncidentTicket assigned = itsm.engine().incidents().assign(MANAGER, opened.ref(), Assignment.toAgent("alice"));
      itsm.awaitDeliveries();
      assertThat(received(opened.id())).isEmpty();
      return assigned;
    });
    itsm.awaitDeliveries();
    assertThat(received(inc.id())).extracting(DomainEvent::type)
        .containsExactly(EventTypes.INCIDENT_OPENED, EventTypes.INCIDENT_ASSIGNED);
    assertThat(SENT).anySatisfy(n -> assertThat(n.ticketId()).isEqualTo(inc.id()));
  }

  @Test
  void aRolledBackOperationDeliversNothing() {
    int before = RECEIVED.size();
    int sentBefore = SENT.size();
    assertThatThrownBy(() -> itsm.engine().inTransaction(() -> {
      IncidentTicket opened = openP1(itsm.engine().incidents());
      itsm.engine().incidents().assign(MANAGER, opened.ref(), Assignment.toAgent("nobody-in-the-group"));
      return opened;
    })).isInstanceOf(dev.itsm.api.InvalidValueException.class);
    itsm.awaitDeliveries();
    assertThat(RECEIVED).hasSize(before);
    assertThat(SENT).hasSize(sentBefore);
  }

  @Test
  void aFailedDeliveryIsRetriedWithBackOffAndTheSameEventId() throws Exception {
    UUID id = itsm.engine().inTransaction(() -> {
      IncidentTicket opened = itsm.engine().incidents().open(CALLER, NewIncident.builder("Flaky").category("network").build());
      FLAKY.add(opened.id());
      return opened.id();
    });
    itsm.awaitDeliveries();
    assertThat(received(id)).isEmpty();
    assertThat(outboxStatus(id)).isEqualTo("PENDING");

    itsm.clock().advance(Duration.ofSeconds(10));   // first back-off: the retry interval
    itsm.redeliverDue();
    assertThat(received(id)).isEmpty();
    assertThat(attempts(id)).isEqualTo(2);
    itsm.clock().advance(Duration.ofSeconds(10));   // not yet: the second back-off is twice as long
    itsm.redeliverDue();
    assertThat(attempts(id)).isEqualTo(2);
    itsm.clock().advance(Duration.ofSeconds(10));
    itsm.redeliverDue();

    assertThat(received(id)).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventTypes.INCIDENT_OPENED);
      assertThat(ATTEMPTS.get(e.id())).hasValue(FLAKY_FAILURES + 1);
    });
    assertThat(outboxStatus(id)).isEqualTo("DELIVERED");
  }

  @Test
  void anEntryThatKeepsFailingEndsDead() throws Exception {
    UUID id = openedWithAHopelessListener("Hopeless");
    assertThat(outboxStatus(id)).isEqualTo("DEAD");
    itsm.clock().advance(Duration.ofHours(1));
    itsm.redeliverDue();
    assertThat(attempts(id)).isEqualTo(10);
    assertThat(received(id)).isEmpty();
  }

  @Test
  void deadEntriesAreListedAndTheEngineJobDeliversThemOnceRevived() throws Exception {
    // given an entry that died after ten attempts
    UUID id = openedWithAHopelessListener("Dead letter");

    // then operators see it, with its key and last error
    dev.itsm.api.DeadLetter dead = itsm.engine().deadLetters(1000).stream()
        .filter(d -> d.ticketId().equals(id)).findFirst().orElseThrow();
    assertThat(dead.kind()).isEqualTo("EVENT");
    assertThat(dead.type()).isEqualTo(EventTypes.INCIDENT_OPENED);
    assertThat(dead.attempts()).isEqualTo(10);
    assertThat(dead.lastError()).contains("listener always fails");
    assertThat(dead.idempotencyKey()).startsWith("event:");

    // when the listener works again and the entry is put back in line
    HOPELESS.remove(id);
    assertThat(itsm.engine().redeliver(dead.id())).isTrue();
    assertThat(itsm.engine().redeliver(dead.id())).as("no longer dead").isFalse();
    assertThat(itsm.engine().deadLetters(1000)).extracting(dev.itsm.api.DeadLetter::id).doesNotContain(dead.id());

    // then the engine's outbox job (a timer like any other) claims it at its next run and it arrives once
    itsm.clock().advance(Duration.ofSeconds(10));
    assertThat(itsm.fireDueTimers()).isPositive();
    itsm.awaitDeliveries();
    assertThat(opened(id)).singleElement().satisfies(e ->
        assertThat("event:" + e.id()).isEqualTo(dead.idempotencyKey()));
    assertThat(outboxStatus(id)).isEqualTo("DELIVERED");
    itsm.clock().advance(Duration.ofSeconds(10));
    itsm.fireDueTimers();
    itsm.awaitDeliveries();
    assertThat(opened(id)).hasSize(1);
  }

  @Test
  void aDeadLetterLimitOutsideItsRangeIsRefused() {
    assertThatThrownBy(() -> itsm.engine().deadLetters(0)).isInstanceOf(dev.itsm.api.InvalidValueException.class)
        .hasMessageContaining("from 1 to 1000, but got 0");
  }

  @Test
  void aBurstOfOperationsIsDeliveredOnceEachAndEveryEntryIsMarkedDelivered() throws Exception {
    // given four threads opening and assigning incidents at once, one of them flaky
    int threads = 4;
    int perThread = 25;
    List<UUID> opened = new CopyOnWriteArrayList<>();
    var start = new java.util.concurrent.CountDownLatch(1);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          IncidentTicket inc = openP1(itsm.engine().incidents());
          opened.add(inc.id());
          itsm.engine().incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
        }
        return null;
      }));
    }
    UUID flaky = itsm.engine().inTransaction(() -> {
      IncidentTicket inc = itsm.engine().incidents().open(CALLER, NewIncident.builder("Flaky in a burst").category("network").build());
      FLAKY.add(inc.id());
      return inc.id();
    });
    start.countDown();
    for (var future : done) {
      future.get(2, java.util.concurrent.TimeUnit.MINUTES);
    }
    pool.shutdown();

    // when everything committed so far was handed over
    itsm.awaitDeliveries();

    // then each event arrived once and its outbox entry says so; the flaky one waits for its retry
    assertThat(opened).hasSize(threads * perThread);
    for (UUID id : opened) {
      assertThat(received(id)).extracting(DomainEvent::type)
          .containsExactly(EventTypes.INCIDENT_OPENED, EventTypes.INCIDENT_ASSIGNED);
    }
    try (Connection c = itsm.database().connect();
         var s = c.prepareStatement("SELECT ticket_id, status FROM itsm_outbox WHERE status <> 'DELIVERED'");
         var rs = s.executeQuery()) {
      java.util.Set<UUID> undelivered = new java.util.HashSet<>();
      while (rs.next()) {
        UUID ticket = rs.getObject(1, UUID.class);
        if (opened.contains(ticket) || flaky.equals(ticket)) {
          undelivered.add(ticket);
        }
      }
      assertThat(undelivered).containsOnly(flaky);
    }
    // and a poll after the retry interval delivers none of the marked entries again
    int before = RECEIVED.size();
    itsm.clock().advance(Duration.ofSeconds(10));
    itsm.redeliverDue();
    assertThat(RECEIVED).hasSize(before);
    assertThat(received(flaky)).isEmpty();
  }

  /** Opens an incident whose events the listener always refuses, and retries until the first one is dead. */
  private static UUID openedWithAHopelessListener(String title) throws Exception {
    UUID id = itsm.engine().inTransaction(() -> {
      IncidentTicket opened = itsm.engine().incidents().open(CALLER, NewIncident.builder(title).category("network").build());
      HOPELESS.add(opened.id());
      return opened.id();
    });
    itsm.awaitDeliveries();
    for (int attempt = 2; attempt <= 10; attempt++) {
      itsm.clock().advance(Duration.ofHours(1));
      itsm.redeliverDue();
      assertThat(attempts(id)).isEqualTo(attempt);
    }
    return id;
  }

  private static long attempts(UUID ticketId) throws Exception {
    try (Connection c = itsm.database().connect()) {
      return count(c, "SELECT attempts FROM itsm_outbox WHERE ticket_id = ? AND kind = 'EVENT'", ticketId);
    }
  }

  private static List<DomainEvent> received(UUID ticketId) {
    return RECEIVED.stream().filter(e -> ticketId.equals(e.ticketId())).toList();
  }

  private static List<DomainEvent> opened(UUID ticketId) {
    return received(ticketId).stream().filter(e -> e.type().equals(EventTypes.INCIDENT_OPENED)).toList();
  }

  private static String outboxStatus(UUID ticketId) throws Exception {
    try (Connection c = itsm.database().connect();
         var s = c.prepareStatement("SELECT status FROM itsm_outbox WHERE ticket_id = ? AND kind = 'EVENT' AND type = 'incident.opened'")) {
      s.setObject(1, ticketId);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
