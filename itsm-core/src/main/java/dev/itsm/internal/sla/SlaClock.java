package dev.itsm.internal.sla;

import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.internal.persistence.SlaClockMapper;
import dev.itsm.internal.persistence.SlaClockRow;
import dev.itsm.internal.tx.ItsmSession;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An SLA clock: started at a moment with a target, paused and resumed, stopped. Elapsed time is
 * derived from the stored start, pause total and pause/stop instants, so it can be recomputed at any
 * moment; deadline and warning point are stored too, for queries.
 *
 * <p>Stopping a clock whose target already passed records the breach (and a warning) as of the
 * moment it happened, even if no timer fired, so a breach is never lost.
 */
public final class SlaClock {
  public static final String STOP_MET = "MET";
  public static final String STOP_CANCELLED = "CANCELLED";

  private final SlaClockRow row;
  private boolean inserted;
  private long persistedVersion;
  private boolean dirty;

  private SlaClock(SlaClockRow row, boolean isNew) {
    this.row = row;
    this.inserted = !isNew;
    this.persistedVersion = row.version;
    this.dirty = isNew;
  }

  public static SlaClock load(SlaClockRow row) {
    return new SlaClock(row, false);
  }

  public static SlaClock start(UUID ticketId, String tenantId, SlaKind kind, Duration target, double warningRatio,
                               Instant now) {
    SlaClockRow row = new SlaClockRow();
    row.id = UUID.randomUUID();
    row.tenantId = tenantId;
    row.ticketId = ticketId;
    row.kind = kind;
    row.targetMs = target.toMillis();
    row.warningRatio = BigDecimal.valueOf(warningRatio).setScale(4, RoundingMode.HALF_UP);
    row.startedAt = now;
    row.pausedTotalMs = 0;
    row.version = 1;
    SlaClock clock = new SlaClock(row, true);
    clock.recompute();
    return clock;
  }

  public UUID id() {
    return row.id;
  }

  public SlaKind kind() {
    return row.kind;
  }

  public Duration target() {
    return Duration.ofMillis(row.targetMs);
  }

  public boolean isStopped() {
    return row.stoppedAt != null;
  }

  public boolean isPaused() {
    return row.pausedSince != null && row.stoppedAt == null;
  }

  public boolean isRunning() {
    return row.stoppedAt == null && row.pausedSince == null;
  }

  /** Deadline if running, else {@code null}. */
  public Instant deadline() {
    return row.deadline;
  }

  /** Warning point if running, else {@code null}. */
  public Instant warningAt() {
    return row.warningAt;
  }

  public Instant warnedAt() {
    return row.warnedAt;
  }

  public Instant breachedAt() {
    return row.breachedAt;
  }

  public Duration elapsed(Instant now) {
    Instant end = row.stoppedAt != null ? row.stoppedAt : row.pausedSince != null ? row.pausedSince : now;
    long ms = end.toEpochMilli() - row.startedAt.toEpochMilli() - row.pausedTotalMs;
    return Duration.ofMillis(Math.max(0, ms));
  }

  public void pause(Instant now) {
    if (isRunning()) {
      row.pausedSince = now;
      recompute();
      touch();
    }
  }

  /** Resumes a paused clock, or restarts a stopped one (a reopened ticket); the time in between does not count. */
  public void resume(Instant now) {
    if (isPaused()) {
      row.pausedTotalMs += now.toEpochMilli() - row.pausedSince.toEpochMilli();
      row.pausedSince = null;
    } else if (isStopped()) {
      row.pausedTotalMs += now.toEpochMilli() - row.stoppedAt.toEpochMilli();
      row.stoppedAt = null;
      row.stopReason = null;
    } else {
      return;
    }
    recompute();
    touch();
  }

  /**
   * Stops the clock. If the target (or the warning point) already passed without being recorded,
   * records it as of when it passed.
   *
   * @return what this stop recorded late
   */
  public LateRecords stop(Instant now, String reason) {
    if (isStopped()) {
      return LateRecords.NONE;
    }
    LateRecords late = recordPassedThresholds(now);
    if (row.pausedSince != null) {
      row.pausedTotalMs += now.toEpochMilli() - row.pausedSince.toEpochMilli();
      row.pausedSince = null;
    }
    row.stoppedAt = now;
    row.stopReason = reason;
    recompute();
    touch();
    return late;
  }

  private LateRecords recordPassedThresholds(Instant now) {
    Duration elapsed = elapsed(now);
    boolean warning = false;
    boolean breach = false;
    long base = row.startedAt.toEpochMilli() + row.pausedTotalMs;
    if (row.warnedAt == null && elapsed.toMillis() >= warningOffsetMs()) {
      row.warnedAt = Instant.ofEpochMilli(base + warningOffsetMs());
      warning = true;
    }
    if (row.breachedAt == null && elapsed.toMillis() >= row.targetMs) {
      row.breachedAt = Instant.ofEpochMilli(base + row.targetMs);
      breach = true;
    }
    return new LateRecords(warning, breach);
  }

  /** Changes the target (a priority change); deadline and warning point follow. */
  public void retarget(Duration target) {
    if (isStopped() || target.toMillis() == row.targetMs) {
      return;
    }
    row.targetMs = target.toMillis();
    recompute();
    touch();
  }

  /** Records the warning once; returns false if it was already recorded. */
  public boolean recordWarning(Instant now) {
    if (row.warnedAt != null) {
      return false;
    }
    row.warnedAt = now;
    touch();
    return true;
  }

  /** Records the breach once; returns false if it was already recorded. */
  public boolean recordBreach(Instant now) {
    if (row.breachedAt != null) {
      return false;
    }
    row.breachedAt = now;
    touch();
    return true;
  }

  public SlaState state(Instant now) {
    if (row.breachedAt != null || elapsed(now).toMillis() >= row.targetMs) {
      return SlaState.BREACHED;
    }
    if (row.stoppedAt != null) {
      return STOP_CANCELLED.equals(row.stopReason) ? SlaState.CANCELLED : SlaState.MET;
    }
    return row.pausedSince != null ? SlaState.PAUSED : SlaState.RUNNING;
  }

  public SlaStatus status(Instant now) {
    Duration elapsed = elapsed(now);
    Duration paused = Duration.ofMillis(row.pausedTotalMs
        + (isPaused() ? now.toEpochMilli() - row.pausedSince.toEpochMilli() : 0));
    return new SlaStatus(row.ticketId, row.kind, state(now), target(), row.startedAt, row.deadline, elapsed,
        target().minus(elapsed), paused, row.warnedAt, row.breachedAt, row.stoppedAt);
  }

  private long warningOffsetMs() {
    return row.warningRatio.multiply(BigDecimal.valueOf(row.targetMs)).setScale(0, RoundingMode.HALF_UP).longValue();
  }

  private void recompute() {
    if (isRunning()) {
      long base = row.startedAt.toEpochMilli() + row.pausedTotalMs;
      row.deadline = Instant.ofEpochMilli(base + row.targetMs);
      row.warningAt = Instant.ofEpochMilli(base + warningOffsetMs());
    } else {
      row.deadline = null;
      row.warningAt = null;
    }
  }

  private void touch() {
    dirty = true;
  }

  /** Writes the clock if it changed since the last flush. */
  public void flush(ItsmSession session, String ticketNumber) {
    if (!dirty) {
      return;
    }
    SlaClockMapper mapper = session.mapper(SlaClockMapper.class);
    if (!inserted) {
      mapper.insertClock(row);
      inserted = true;
    } else {
      row.version = persistedVersion + 1;
      if (mapper.updateClock(row, persistedVersion) != 1) {
        throw new ConcurrentUpdateException("Expected to update the " + row.kind + " SLA clock of " + ticketNumber
            + " at version " + persistedVersion + ", but another transaction changed it first; reload and retry");
      }
    }
    persistedVersion = row.version;
    dirty = false;
  }

  /** What a {@link #stop} recorded after the fact. */
  public record LateRecords(boolean warning, boolean breach) {
    static final LateRecords NONE = new LateRecords(false, false);
  }
}
