package dev.itsm.internal.outbox;

import dev.itsm.api.Actor;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.internal.persistence.OutboxMapper;
import dev.itsm.internal.persistence.OutboxRow;
import dev.itsm.internal.tx.Tx;
import dev.itsm.spi.ItsmEventListener;
import dev.itsm.spi.Notification;
import dev.itsm.spi.NotificationSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox entries at least once: right after their transaction commits (on one delivery
 * thread, in commit order), and again later with exponential back-off if a listener or the sender
 * threw. Entries that keep failing end as {@code DEAD} after {@link #MAX_ATTEMPTS}. A poller also
 * picks up entries that a crashed node committed but never delivered.
 */
public final class Delivery implements AutoCloseable {
  public static final int MAX_ATTEMPTS = 10;
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);
  /** Entries marked delivered per transaction at most. */
  private static final int MARK_CHUNK = 500;
  /** How long delivered entries may wait for more before they are marked; far below the retry interval. */
  private static final Duration MAX_MARK_DELAY = Duration.ofMillis(20);
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final Tx tx;
  private final Clock clock;
  private final List<ItsmEventListener> listeners;
  private final NotificationSender sender;
  private final Duration retryInterval;
  private final Duration markDelay;
  private final ExecutorService worker;
  private final ScheduledExecutorService poller;
  private final Object lock = new Object();
  /** Committed entries not yet taken by the delivery thread, in commit order. */
  private final List<OutboxRow> queue = new ArrayList<>();
  private int inFlight;
  private boolean draining;

  public Delivery(String name, Tx tx, Clock clock, List<ItsmEventListener> listeners, NotificationSender sender,
                  Duration retryInterval) {
    this.tx = tx;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
    this.sender = sender;
    this.retryInterval = retryInterval;
    Duration quarter = retryInterval.dividedBy(4);
    this.markDelay = quarter.compareTo(MAX_MARK_DELAY) < 0 ? quarter : MAX_MARK_DELAY;
    this.worker = Executors.newSingleThreadExecutor(daemon("itsm-delivery-" + name));
    this.poller = Executors.newSingleThreadScheduledExecutor(daemon("itsm-delivery-poll-" + name));
    long ms = retryInterval.toMillis();
    poller.scheduleWithFixedDelay(this::pollSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Hands entries of a committed transaction to the delivery thread. The thread dispatches
   * everything queued at once and marks what it delivered in one transaction, after waiting up to
   * 20 ms (at most a quarter of the retry interval) for more, so the entries of a busy stream of
   * operations share that transaction instead of doubling the commits.
   */
  public void afterCommit(List<OutboxRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    boolean start;
    synchronized (lock) {
      queue.addAll(rows);
      inFlight += rows.size();
      lock.notifyAll();
      start = !draining;
      draining = true;
    }
    if (start) {
      try {
        worker.execute(this::drain);
      } catch (RuntimeException rejected) {
        synchronized (lock) {
          LOG.warn("Delivery is shut down; {} committed entries stay pending for the next start", queue.size());
          inFlight -= queue.size();
          queue.clear();
          draining = false;
          lock.notifyAll();
        }
      }
    }
  }

  private void drain() {
    List<UUID> unmarked = new ArrayList<>();
    long oldestUnmarked = 0;
    while (true) {
      List<OutboxRow> batch;
      synchronized (lock) {
        if (queue.isEmpty() && !unmarked.isEmpty()) {
          // let the marks of a busy stream share one transaction instead of one each
          waitQuietly(markDelay);
        }
        if (queue.isEmpty()) {
          if (unmarked.isEmpty()) {
            draining = false;
            return;
          }
          batch = List.of();
        } else {
          batch = new ArrayList<>(queue);
          queue.clear();
        }
      }
      int settled = 0;
      try {
        if (unmarked.isEmpty()) {
          oldestUnmarked = System.nanoTime();
        }
        settled = dispatchAll(batch, unmarked);
        if (batch.isEmpty() || unmarked.size() >= MARK_CHUNK
            || System.nanoTime() - oldestUnmarked >= markDelay.toNanos()) {
          markDelivered(unmarked);
          settled += unmarked.size();
          unmarked.clear();
        }
      } finally {
        synchronized (lock) {
          inFlight -= settled;
          lock.notifyAll();
        }
      }
    }
  }

  private void waitQuietly(Duration duration) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, duration.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Delivers pending entries that are due for a retry, or that were committed but never delivered
   * (created more than one retry interval ago). Returns how many it delivered or tried.
   */
  public int pollNow() {
    Instant now = now();
    List<UUID> due = tx.execute(Actor.system(), s -> s.mapper(OutboxMapper.class)
        .selectDue(now, now.minus(retryInterval), 100));
    int count = 0;
    for (UUID id : due) {
      OutboxRow row = tx.execute(Actor.system(), s -> {
        OutboxMapper mapper = s.mapper(OutboxMapper.class);
        return mapper.lease(id, now, now.plus(LEASE)) == 1 ? mapper.selectOutbox(id) : null;
      });
      if (row != null) {
        deliver(List.of(row));
        count++;
      }
    }
    return count;
  }

  /** Waits until every entry handed over so far was delivered or scheduled for a retry. */
  public boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void deliver(List<OutboxRow> rows) {
    List<UUID> delivered = new ArrayList<>();
    dispatchAll(rows, delivered);
    markDelivered(delivered);
  }

  /** Dispatches each row; adds the delivered ones to {@code delivered}, records the failed ones. */
  private int dispatchAll(List<OutboxRow> rows, List<UUID> delivered) {
    int failedCount = 0;
    for (OutboxRow row : rows) {
      try {
        dispatch(row);
        delivered.add(row.id);
      } catch (Exception e) {
        failed(row, e);
        failedCount++;
      }
    }
    return failedCount;
  }

  private void markDelivered(List<UUID> delivered) {
    try {
      for (int from = 0; from < delivered.size(); from += MARK_CHUNK) {
        List<UUID> chunk = delivered.subList(from, Math.min(delivered.size(), from + MARK_CHUNK));
        tx.execute(Actor.system(), s -> s.mapper(OutboxMapper.class).markDelivered(chunk, now()));
      }
    } catch (RuntimeException e) {
      LOG.warn("Delivered {} outbox entries but could not mark them; they will be delivered again", delivered.size(), e);
    }
  }

  private void dispatch(OutboxRow row) throws Exception {
    if (OutboxRow.EVENT.equals(row.kind)) {
      DomainEvent event = Json.read(row.payload, DomainEvent.class);
      for (ItsmEventListener listener : listeners) {
        listener.onEvent(event);
      }
    } else {
      sender.send(Json.read(row.payload, Notification.class));
    }
  }

  private void failed(OutboxRow row, Exception e) {
    int attempts = row.attempts + 1;
    String status = attempts >= MAX_ATTEMPTS ? OutboxRow.DEAD : OutboxRow.PENDING;
    Duration backoff = retryInterval.multipliedBy(1L << Math.min(attempts - 1, 20));
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    Instant next = now().plus(backoff);
    String error = e.getClass().getName() + ": " + e.getMessage();
    String truncated = error.length() > 2000 ? error.substring(0, 2000) : error;
    LOG.warn("Delivery of {} {} ({}) failed, attempt {}: {}", row.kind, row.type, row.idempotencyKey, attempts, error);
    try {
      tx.execute(Actor.system(), s -> s.mapper(OutboxMapper.class).markFailed(row.id, status, truncated, next));
    } catch (RuntimeException markFailure) {
      LOG.warn("Could not record the failed delivery of {}", row.idempotencyKey, markFailure);
    }
  }

  private void pollSafely() {
    try {
      pollNow();
    } catch (RuntimeException e) {
      LOG.warn("Polling the outbox failed", e);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public void close() {
    poller.shutdownNow();
    worker.shutdown();
    try {
      if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
