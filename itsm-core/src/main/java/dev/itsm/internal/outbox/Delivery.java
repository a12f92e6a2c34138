package dev.itsm.internal.outbox;

import dev.itsm.api.Actor;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.internal.persistence.OutboxMapper;
import dev.itsm.internal.persistence.OutboxRow;
import dev.itsm.internal.tx.ItsmSession;
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
import java.util.concurrent.TimeUnit;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.operaton.bpm.engine.impl.jobexecutor.JobHandler;
import org.operaton.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.JobEntity;
import org.operaton.bpm.engine.impl.persistence.entity.TimerEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox entries at least once: right after their transaction commits (on the committing
 * node's delivery thread, in commit order), and again later with exponential back-off if a listener
 * or the sender threw. Entries that keep failing end as {@code DEAD} after {@link #MAX_ATTEMPTS}.
 *
 * <p>Every entry is written with a lease for the node that commits it, as long as the job lock
 * time. Retries, and entries whose node died before delivering them (lease run out), go through
 * the engine's job executor: the recurring job {@value #JOB_TYPE} claims due entries with a new
 * lease in its own transaction, and the node that ran it delivers them after the commit. Any
 * node's executor may run the job; one runs it at a time, and no entry is claimed while a lease on
 * it runs.
 */
public final class Delivery implements AutoCloseable {
  public static final int MAX_ATTEMPTS = 10;
  /** Job handler type of the recurring outbox job. */
  public static final String JOB_TYPE = "itsm-outbox";
  /** Entries one run of the job claims at most; a full claim runs the job again at once. */
  static final int CLAIM = 200;
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);
  /** Entries marked delivered per transaction at most. */
  private static final int MARK_CHUNK = 500;
  /** How long delivered entries may wait for more before they are marked; far below the retry interval. */
  private static final Duration MAX_MARK_DELAY = Duration.ofMillis(20);
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final java.util.function.Supplier<Tx> txs;
  private final Clock clock;
  private final List<ItsmEventListener> listeners;
  private final NotificationSender sender;
  private final Duration retryInterval;
  private final java.util.function.Supplier<Duration> lease;
  private final Duration markDelay;
  private final ExecutorService worker;
  private final Object lock = new Object();
  /** Committed entries not yet taken by the delivery thread, in commit order. */
  private final List<OutboxRow> queue = new ArrayList<>();
  /** Ids of the entries this node is delivering (queued or dispatched, not yet marked). */
  private final java.util.Set<UUID> mine = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private int inFlight;
  private boolean draining;

  /**
   * @param tx the units of work (available once the engine initialised)
   * @param retryInterval how often the outbox job runs, and the first back-off
   * @param lease how long an entry claimed by the job stays with the claiming node (the job lock time)
   */
  public Delivery(String name, java.util.function.Supplier<Tx> tx, Clock clock, List<ItsmEventListener> listeners,
                  NotificationSender sender, Duration retryInterval, java.util.function.Supplier<Duration> lease) {
    this.txs = tx;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
    this.sender = sender;
    this.retryInterval = retryInterval;
    this.lease = lease;
    Duration quarter = retryInterval.dividedBy(4);
    this.markDelay = quarter.compareTo(MAX_MARK_DELAY) < 0 ? quarter : MAX_MARK_DELAY;
    this.worker = Executors.newSingleThreadExecutor(daemon("itsm-delivery-" + name));
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
    rows.forEach(row -> mine.add(row.id));
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
          release(queue);
          queue.forEach(row -> mine.remove(row.id));
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

  /** How long a node keeps the entries it committed or claimed before others may take them. */
  public Duration lease() {
    return lease.get();
  }

  /**
   * Claims pending entries that are due for a retry, or whose node died before delivering them
   * (lease run out), in the session's unit of work: each gets a lease unless another node took it.
   * Entries this node is delivering are left alone.
   */
  List<OutboxRow> claim(ItsmSession s) {
    Instant now = now();
    OutboxMapper mapper = s.mapper(OutboxMapper.class);
    List<OutboxRow> claimed = new ArrayList<>();
    for (UUID id : mapper.selectDue(now, CLAIM)) {
      if (!mine.contains(id) && mapper.lease(id, now, now.plus(lease.get())) == 1) {
        claimed.add(mapper.selectOutbox(id));
      }
    }
    return claimed;
  }

  /**
   * Claims and delivers due entries at once, on the calling thread (what the job does, without
   * waiting for it); returns how many it delivered or tried.
   */
  public int pollNow() {
    List<OutboxRow> claimed = txs.get().execute(Actor.system(), this::claim);
    deliver(claimed);
    return claimed.size();
  }

  /**
   * Arms the recurring job unless it is armed; gives a job that failed its retries (the database
   * was away) its retries back. Nodes starting at once may arm two: harmless, leases keep them apart.
   */
  public void arm(CommandContext context, Instant now) {
    List<JobEntity> jobs = context.getJobManager().findJobsByConfiguration(JOB_TYPE, Poll.CANONICAL, null);
    if (jobs.isEmpty()) {
      schedule(context, now.plus(retryInterval));
    }
    for (JobEntity job : jobs) {
      if (job.getRetries() <= 0) {
        LOG.warn("The outbox job had failed its retries ({}); it runs again", job.getExceptionMessage());
        job.setRetries(3);
        job.setDuedate(java.util.Date.from(now));
      }
    }
  }

  private static void schedule(CommandContext context, Instant due) {
    TimerEntity timer = new TimerEntity();
    timer.setJobHandlerType(JOB_TYPE);
    timer.setJobHandlerConfigurationRaw(Poll.CANONICAL);
    timer.setDuedate(java.util.Date.from(due));
    timer.setExclusive(true);
    context.getJobManager().schedule(timer);
  }

  /**
   * The handler of the recurring job: claims due entries, hands them to this node's delivery
   * thread after the commit, and runs again after the retry interval (at once after a full claim).
   */
  public JobHandler<Poll> handler() {
    return new JobHandler<>() {
      @Override
      public String getType() {
        return JOB_TYPE;
      }

      @Override
      public void execute(Poll configuration, ExecutionEntity execution, CommandContext context, String tenantId) {
        ItsmSession s = ItsmSession.current();
        List<OutboxRow> claimed = claim(s);
        if (!claimed.isEmpty()) {
          s.afterCommit(() -> afterCommit(claimed));
        }
        schedule(context, claimed.size() == CLAIM ? now() : now().plus(retryInterval));
      }

      @Override
      public Poll newConfiguration(String canonical) {
        return new Poll();
      }
    };
  }

  /** The recurring job's (only) configuration. */
  public static final class Poll implements JobHandlerConfiguration {
    static final String CANONICAL = "poll";

    @Override
    public String toCanonicalString() {
      return CANONICAL;
    }
  }

  /** Gives up this node's lease on entries it will not deliver, so the outbox job takes them at once. */
  private void release(List<OutboxRow> rows) {
    try {
      List<UUID> ids = rows.stream().map(row -> row.id).toList();
      for (int from = 0; from < ids.size(); from += MARK_CHUNK) {
        List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + MARK_CHUNK));
        txs.get().execute(Actor.system(), s -> s.mapper(OutboxMapper.class).release(chunk));
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not release {} outbox entries; other nodes take them when their lease runs out", rows.size(), e);
    }
  }

  /** Dead entries, oldest first. */
  public List<dev.itsm.api.DeadLetter> deadLetters(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new dev.itsm.api.InvalidValueException("limit", "Expected a limit of dead letters from 1 to 1000, but got " + limit);
    }
    return txs.get().execute(Actor.system(), s -> s.mapper(OutboxMapper.class).selectDead(limit)).stream()
        .map(r -> new dev.itsm.api.DeadLetter(r.id, r.kind, r.type, r.ticketId, r.idempotencyKey, r.attempts,
            r.lastError, r.createdAt))
        .toList();
  }

  /** Puts a dead entry back in line; false when no dead entry has the id. */
  public boolean redeliver(UUID id) {
    java.util.Objects.requireNonNull(id, "deadLetterId");
    boolean revived = txs.get().execute(Actor.system(), s -> s.mapper(OutboxMapper.class).revive(id, now()) == 1);
    if (revived) {
      LOG.info("Dead outbox entry {} put back in line", id);
    }
    return revived;
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
      if (delivered.isEmpty()) {
        return;
      }
      for (int from = 0; from < delivered.size(); from += MARK_CHUNK) {
        List<UUID> chunk = delivered.subList(from, Math.min(delivered.size(), from + MARK_CHUNK));
        txs.get().execute(Actor.system(), s -> s.mapper(OutboxMapper.class).markDelivered(chunk, now()));
      }
    } catch (RuntimeException e) {
      LOG.warn("Delivered {} outbox entries but could not mark them; they will be delivered again", delivered.size(), e);
    } finally {
      delivered.forEach(mine::remove);
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
      txs.get().execute(Actor.system(), s -> s.mapper(OutboxMapper.class).markFailed(row.id, status, truncated, next));
    } catch (RuntimeException markFailure) {
      LOG.warn("Could not record the failed delivery of {}", row.idempotencyKey, markFailure);
    } finally {
      mine.remove(row.id);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.shutdownNow();
    }
    List<OutboxRow> left;
    synchronized (lock) {
      left = new ArrayList<>(queue);
      queue.clear();
    }
    if (!left.isEmpty()) {
      LOG.warn("Delivery stopped with {} committed entries undelivered; the outbox job delivers them", left.size());
      release(left);
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
