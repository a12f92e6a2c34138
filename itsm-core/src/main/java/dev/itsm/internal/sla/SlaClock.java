package dev.itsm.internal.sla;

import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.api.sla.RecomputePolicy;
import dev.itsm.api.sla.SlaEvent;
import dev.itsm.api.sla.SlaEvent.Type;
import dev.itsm.api.sla.SlaExplanation;
import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.internal.persistence.SlaClockMapper;
import dev.itsm.internal.persistence.SlaClockRow;
import dev.itsm.internal.persistence.SlaEventRow;
import dev.itsm.internal.tx.ItsmSession;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * An SLA clock: one target of one definition on one ticket, kept as a timeline of events (start,
 * pause, resume, stop, restart, retarget, reset, cancel, and the warning and breach records). Every
 * figure is computed from the timeline on the clock's calendar ({@link Timeline}); the row keeps the
 * derived deadline and warning point for queries and timers.
 *
 * <p>Stopping a clock whose target already passed records the breach (and a warning) as of the
 * moment it happened, even if no timer fired, so a breach is never lost.
 */
public final class SlaClock {
  public static final String STOP_MET = "MET";
  public static final String STOP_CANCELLED = "CANCELLED";

  private final SlaClockRow row;
  private final List<SlaEvent> events;
  private final List<SlaEvent> unsaved = new ArrayList<>();
  private final Function<String, BusinessCalendar> calendars;
  private boolean inserted;
  private long persistedVersion;
  private boolean dirty;

  private SlaClock(SlaClockRow row, List<SlaEvent> events, boolean isNew, Function<String, BusinessCalendar> calendars) {
    this.row = row;
    this.events = events;
    this.calendars = calendars;
    this.inserted = !isNew;
    this.persistedVersion = row.version;
    this.dirty = isNew;
  }

  public static SlaClock load(SlaClockRow row, List<SlaEventRow> eventRows, Function<String, BusinessCalendar> calendars) {
    List<SlaEvent> events = new ArrayList<>(eventRows.size());
    for (SlaEventRow e : eventRows) {
      events.add(new SlaEvent(e.seq, Type.valueOf(e.eventType), e.occurredAt, e.reason, e.definitionCode,
          e.definitionVersion, e.targetMs == null ? null : Duration.ofMillis(e.targetMs), e.calendar,
          e.policy == null ? null : RecomputePolicy.valueOf(e.policy), e.percent, e.actorId));
    }
    return new SlaClock(row, events, false, calendars);
  }

  /**
   * What a clock is started with: the definition version in force, its target and calendar, and
   * the threshold percents (ascending; 100 is added when missing).
   */
  public record Terms(Agreement agreement, String party, String definition, int version, String target,
                      Duration duration, String calendar, List<Integer> thresholds) {
    public Terms {
      java.util.TreeSet<Integer> all = new java.util.TreeSet<>(thresholds);
      all.add(100);
      thresholds = List.copyOf(all);
    }
  }

  public static SlaClock start(UUID ticketId, String tenantId, Terms terms, Instant now, String actorId,
                               Function<String, BusinessCalendar> calendars) {
    SlaClockRow row = new SlaClockRow();
    row.id = UUID.randomUUID();
    row.tenantId = tenantId;
    row.ticketId = ticketId;
    row.kind = terms.target();
    row.agreement = terms.agreement().name();
    row.party = terms.party();
    row.startedAt = now;
    row.version = 1;
    apply(row, terms);
    SlaClock clock = new SlaClock(row, new ArrayList<>(), true, calendars);
    clock.append(Type.START, now, null, terms, null, actorId);
    return clock;
  }

  private static void apply(SlaClockRow row, Terms terms) {
    row.definitionCode = terms.definition();
    row.definitionVersion = terms.version();
    row.calendar = terms.calendar();
    row.targetMs = terms.duration().toMillis();
    int warning = terms.thresholds().get(0) < 100 ? terms.thresholds().get(0) : 0;
    row.warningRatio = BigDecimal.valueOf(warning, 2).setScale(4, RoundingMode.HALF_UP);
    row.thresholds = terms.thresholds().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
  }

  /** Threshold percents of the clock, ascending (100 among them). */
  public List<Integer> thresholds() {
    List<Integer> out = new ArrayList<>();
    for (String p : row.thresholds.split(",")) {
      out.add(Integer.parseInt(p));
    }
    return out;
  }

  /** Whether the clock changed since it was loaded or last written. */
  public boolean changed() {
    return dirty;
  }

  /** Id of the engine timer job armed for the clock's next threshold, or {@code null}. */
  public String jobId() {
    return row.jobId;
  }

  public void jobId(String id) {
    if (!java.util.Objects.equals(id, row.jobId)) {
      row.jobId = id;
      dirty = true;
    }
  }

  /** A threshold the clock reaches (or reached), with when. */
  public record Due(int percent, Instant at) {}

  /** Thresholds of the current counting period not yet recorded, with when they are (were) reached; none unless running. */
  public List<Due> pending(Instant now) {
    Timeline.Result r = replay(now);
    List<Due> out = new ArrayList<>();
    if (!r.running()) {
      return out;
    }
    for (int p : thresholds()) {
      if (!r.recorded().contains(p)) {
        Instant at = r.instantAtElapsed(offsetMs(p));
        if (at != null) {
          out.add(new Due(p, at));
        }
      }
    }
    return out;
  }

  public UUID id() {
    return row.id;
  }

  public UUID ticketId() {
    return row.ticketId;
  }

  /** When the current counting period began (the start, or the last reset): part of idempotency keys. */
  public Instant periodStart() {
    return replay(row.startedAt).periodStart();
  }

  /** The target's name: RESPONSE, RESOLUTION or a milestone. */
  public String name() {
    return row.kind;
  }

  /** Key of the clock within its ticket: agreement, party and target. */
  public String slot() {
    return slot(Agreement.valueOf(row.agreement), row.party, row.kind);
  }

  public static String slot(Agreement agreement, String party, String target) {
    return agreement + "/" + party + "/" + target;
  }

  /** The group (OLA) or vendor (UC); empty for an SLA. */
  public String party() {
    return row.party;
  }

  public Agreement agreement() {
    return Agreement.valueOf(row.agreement);
  }

  public String definitionCode() {
    return row.definitionCode;
  }

  public int definitionVersion() {
    return row.definitionVersion;
  }

  public String calendar() {
    return row.calendar;
  }

  public Duration target() {
    return Duration.ofMillis(row.targetMs);
  }

  public boolean isStopped() {
    return row.stoppedAt != null;
  }

  public boolean isCancelled() {
    return STOP_CANCELLED.equals(row.stopReason);
  }

  public boolean isPaused() {
    return row.pausedSince != null && row.stoppedAt == null;
  }

  public boolean isRunning() {
    return row.stoppedAt == null && row.pausedSince == null;
  }

  /** Why the clock is paused (the last PAUSE event's reason), or {@code null} when it is not. */
  public String pauseReason() {
    if (!isPaused()) {
      return null;
    }
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).type() == Type.PAUSE) {
        return events.get(i).reason();
      }
    }
    return null;
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

  public void pause(Instant now, String reason, String actorId) {
    if (isRunning()) {
      append(Type.PAUSE, now, reason, null, null, actorId);
    }
  }

  public void resume(Instant now, String actorId) {
    if (isPaused()) {
      append(Type.RESUME, now, null, null, null, actorId);
    }
  }

  /** Counting begins again at zero (a new counting period: its thresholds are pending again). */
  public void reset(Instant now, String reason, String actorId) {
    if (!isStopped()) {
      recordPassedThresholds(now, actorId);
      append(Type.RESET, now, reason, null, null, actorId);
    }
  }

  /**
   * A stopped or cancelled clock counts again (a reopened ticket; a definition that applies again);
   * the time it was stopped does not count.
   */
  public void restart(Instant now, String actorId) {
    if (isStopped()) {
      append(Type.RESTART, now, null, null, null, actorId);
    }
  }

  /**
   * Stops the clock as met. If the target (or the warning point) already passed without being
   * recorded, records it as of when it passed.
   *
   * @return what this stop recorded late
   */
  public LateRecords stop(Instant now, String reason, String actorId) {
    return end(Type.STOP, now, reason, actorId);
  }

  /** Stops the clock as cancelled (ticket cancelled, definition no longer applies); see {@link #stop}. */
  public LateRecords cancel(Instant now, String reason, String actorId) {
    return end(Type.CANCEL, now, reason, actorId);
  }

  private LateRecords end(Type type, Instant now, String reason, String actorId) {
    if (isStopped()) {
      return LateRecords.NONE;
    }
    LateRecords late = recordPassedThresholds(now, actorId);
    append(type, now, reason, null, null, actorId);
    return late;
  }

  /** Changes definition, target or calendar; see {@link RecomputePolicy}. Stopped clocks keep theirs. */
  public boolean retarget(Instant now, Terms terms, RecomputePolicy policy, String reason, String actorId) {
    boolean sameTarget = terms.duration().toMillis() == row.targetMs && terms.calendar().equals(row.calendar);
    if (isStopped() || (terms.definition().equals(row.definitionCode) && terms.version() == row.definitionVersion
        && sameTarget && terms.thresholds().equals(thresholds()))) {
      return false;
    }
    // FROM_NOW begins a new period only when what is counted changes; thresholds that passed in the
    // old period are recorded first (late), so none is lost
    RecomputePolicy effective = policy == RecomputePolicy.FROM_NOW && !sameTarget ? policy : RecomputePolicy.FROM_START;
    if (effective == RecomputePolicy.FROM_NOW) {
      recordPassedThresholds(now, actorId);
    }
    apply(row, terms);
    append(Type.RETARGET, now, reason, terms, effective, actorId);
    return true;
  }

  /**
   * The content of the clock's calendar changed (hours, holidays): the same timeline measured on it
   * again, recorded as a RETARGET from the start with the same terms so the explanation says why the
   * deadline moved.
   */
  public void calendarChanged(Instant now, String actorId) {
    Terms same = new Terms(agreement(), row.party, row.definitionCode, row.definitionVersion, row.kind, target(),
        row.calendar, thresholds());
    append(Type.RETARGET, now, "calendar " + row.calendar + " changed", same, RecomputePolicy.FROM_START, actorId);
  }

  private LateRecords recordPassedThresholds(Instant now, String actorId) {
    Timeline.Result r = replay(now);
    List<Integer> late = new ArrayList<>();
    for (int p : thresholds()) {
      if (!r.recorded().contains(p) && r.elapsedMs() >= offsetMs(p)) {
        Instant at = r.instantAtElapsed(offsetMs(p));
        record(p, at == null ? now : at, "late", actorId);
        late.add(p);
      }
    }
    return new LateRecords(late);
  }

  /**
   * Records that a threshold was reached, once per counting period.
   *
   * @param note {@code null}, or why it is recorded other than by its timer (e.g. {@code late})
   * @return false if it was already recorded in this period
   */
  public boolean recordThreshold(int percent, Instant at, String note, String actorId) {
    if (replay(at).recorded().contains(percent)) {
      return false;
    }
    record(percent, at, note, actorId);
    return true;
  }

  private void record(int percent, Instant at, String note, String actorId) {
    if (percent < 100 && row.warnedAt == null) {
      row.warnedAt = at;
    }
    if (percent >= 100 && row.breachedAt == null) {
      row.breachedAt = at;
    }
    appendRecord(percent == 100 ? Type.BREACH : Type.THRESHOLD, at, note, percent, actorId);
  }

  public SlaState state(Instant now) {
    return state(replay(now));
  }

  private SlaState state(Timeline.Result r) {
    if (row.breachedAt != null || r.elapsedMs() >= row.targetMs) {
      return SlaState.BREACHED;
    }
    if (r.stopped()) {
      return r.cancelled() ? SlaState.CANCELLED : SlaState.MET;
    }
    return r.paused() ? SlaState.PAUSED : SlaState.RUNNING;
  }

  public SlaStatus status(Instant now) {
    return status(replay(now));
  }

  private SlaStatus status(Timeline.Result r) {
    Duration elapsed = Duration.ofMillis(r.elapsedMs());
    return new SlaStatus(row.ticketId, row.kind, agreement(), row.party, row.definitionCode, row.definitionVersion,
        row.calendar, state(r), target(), row.startedAt, row.deadline, elapsed, target().minus(elapsed),
        Duration.ofMillis(r.pausedWallMs()), row.warnedAt, row.breachedAt, row.stoppedAt);
  }

  /** The timeline and the arithmetic behind the figures, as of {@code now}. */
  public SlaExplanation explain(Instant now) {
    Timeline.Result r = replay(now);
    List<SlaExplanation.Interval> counted = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    lines.add("definition " + row.definitionCode + " v" + row.definitionVersion + " (" + row.agreement
        + (row.party.isEmpty() ? "" : " " + row.party) + "), target " + row.kind + " = " + human(target())
        + " on calendar " + row.calendar);
    lines.add("counting period since " + r.periodStart());
    long sum = 0;
    for (int i = 0; i < r.intervals().size(); i++) {
      Instant[] iv = r.intervals().get(i);
      boolean open = iv[1] == null;
      Instant to = open ? now : iv[1];
      Duration business = Duration.ofMillis(r.businessMs()[i]);
      counted.add(new SlaExplanation.Interval(iv[0], to, business, open));
      sum += r.businessMs()[i];
      lines.add("counted " + iv[0] + " .. " + (open ? to + " (now, running)" : to) + " = " + human(business)
          + " business time");
    }
    lines.add("elapsed = " + human(Duration.ofMillis(sum)) + "; remaining = target - elapsed = "
        + human(target().minusMillis(sum)));
    if (r.running()) {
      long before = sum - r.businessMs()[r.intervals().size() - 1];
      long left = row.targetMs - before;
      if (left > 0) {
        lines.add("deadline = calendar " + row.calendar + " plus " + human(Duration.ofMillis(left)) + " (target "
            + human(target()) + " - " + human(Duration.ofMillis(before)) + " counted before) from " + r.openSince()
            + " = " + row.deadline);
      } else {
        lines.add("deadline = " + row.deadline + ": the target was used up before the current interval began");
      }
      if (row.warningAt != null) lines.add("warning at " + row.warningRatio.stripTrailingZeros().toPlainString() + " x target = "
          + human(Duration.ofMillis(warningOffsetMs())) + " elapsed = " + row.warningAt);
      for (Due d : pending(now)) {
        lines.add("threshold " + d.percent() + "% = " + human(Duration.ofMillis(offsetMs(d.percent()))) + " elapsed, at "
            + d.at() + (d.at().isAfter(now) ? "" : " (due, not yet recorded)"));
      }
    } else if (r.paused()) {
      lines.add("no deadline while paused (since " + r.pausedSince() + "); on resume it moves by the paused time");
    } else if (r.stopped()) {
      lines.add("stopped at " + r.stoppedAt() + " (" + r.stopReason() + ")");
    }
    if (r.pausedWallMs() > 0) {
      lines.add("not counted (paused or stopped) = " + human(Duration.ofMillis(r.pausedWallMs())) + " wall time");
    }
    return new SlaExplanation(status(r), now, List.copyOf(events), counted, lines);
  }

  /** The timeline so far, oldest first. */
  public List<SlaEvent> events() {
    return List.copyOf(events);
  }

  private Timeline.Result replay(Instant now) {
    return Timeline.replay(events, calendars, now);
  }

  private long warningOffsetMs() {
    return row.warningRatio.multiply(BigDecimal.valueOf(row.targetMs)).setScale(0, RoundingMode.HALF_UP).longValue();
  }

  private long offsetMs(int percent) {
    return Math.multiplyExact(row.targetMs, percent) / 100;
  }

  private void append(Type type, Instant at, String reason, Terms terms, RecomputePolicy policy, String actorId) {
    add(new SlaEvent(nextSeq(), type, at, reason, terms == null ? null : terms.definition(),
        terms == null ? 0 : terms.version(), terms == null ? null : terms.duration(),
        terms == null ? null : terms.calendar(), policy, 0, actorId));
    recompute(at);
  }

  private void appendRecord(Type type, Instant at, String note, int percent, String actorId) {
    add(new SlaEvent(nextSeq(), type, at, note, null, 0, null, null, null, percent, actorId));
  }

  /** Seq of the next event: after the last one (timelines migrated from older schemas may have gaps). */
  private int nextSeq() {
    return events.isEmpty() ? 1 : events.get(events.size() - 1).seq() + 1;
  }

  private void add(SlaEvent e) {
    events.add(e);
    unsaved.add(e);
    dirty = true;
  }

  /** Derived figures, as of the moment of the last change (they do not depend on later time). */
  private void recompute(Instant at) {
    Timeline.Result r = replay(at);
    row.pausedSince = r.pausedSince();
    row.stoppedAt = r.stoppedAt();
    row.stopReason = r.stoppedAt() == null ? null : r.cancelled() ? STOP_CANCELLED : STOP_MET;
    row.pausedTotalMs = r.pausedWallMs();
    row.elapsedMs = r.stopped() ? r.elapsedMs() : null;
    if (r.running()) {
      row.deadline = r.instantAtElapsed(row.targetMs);
      row.warningAt = row.warningRatio.signum() == 0 ? null : r.instantAtElapsed(warningOffsetMs());
    } else {
      row.deadline = null;
      row.warningAt = null;
    }
  }

  /** Writes the clock and its new events if it changed since the last flush. */
  public void flush(ItsmSession session, String ticketNumber) {
    if (!dirty) {
      return;
    }
    SlaClockMapper mapper = session.mapper(SlaClockMapper.class);
    row.eventCount = events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
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
    writeEvents(session.batch(SlaClockMapper.class));
  }

  /**
   * Queues the update of a changed, stored clock on a batch mapper; its new events follow with
   * {@link #queueEvents} (queue all updates first: one batch per statement kind). The caller checks
   * the update counts ({@link ItsmSession#flushBatch()}) for conflicts.
   */
  public void queueUpdate(SlaClockMapper batch) {
    if (!dirty || !inserted) {
      throw new IllegalStateException("only changed, stored clocks are written in batches");
    }
    row.eventCount = events.get(events.size() - 1).seq();
    row.version = persistedVersion + 1;
    batch.updateClock(row, persistedVersion);
  }

  /** Queues the new events of a clock whose update was queued. */
  public void queueEvents(SlaClockMapper batch) {
    writeEvents(batch);
  }

  private void writeEvents(SlaClockMapper batch) {
    for (SlaEvent e : unsaved) {
      SlaEventRow r = new SlaEventRow();
      r.clockId = row.id;
      r.seq = e.seq();
      r.ticketId = row.ticketId;
      r.tenantId = row.tenantId;
      r.eventType = e.type().name();
      r.occurredAt = e.at();
      r.reason = e.reason() == null ? null : e.reason().length() > 200 ? e.reason().substring(0, 200) : e.reason();
      r.definitionCode = e.definition();
      r.definitionVersion = e.version();
      r.targetMs = e.target() == null ? null : e.target().toMillis();
      r.calendar = e.calendar();
      r.policy = e.policy() == null ? null : e.policy().name();
      r.actorId = e.actorId();
      r.percent = e.percent();
      batch.insertEvent(r);
    }
    unsaved.clear();
    persistedVersion = row.version;
    dirty = false;
  }

  static String human(Duration d) {
    if (d.isNegative()) {
      return "-" + human(d.negated());
    }
    long s = d.getSeconds();
    StringBuilder out = new StringBuilder();
    if (s >= 86_400) {
      out.append(s / 86_400).append('d');
    }
    if (s % 86_400 >= 3600) {
      out.append(s % 86_400 / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      out.append(s % 3600 / 60).append("min");
    }
    if (s % 60 > 0 || d.toMillisPart() > 0 || out.length() == 0) {
      out.append(s % 60);
      if (d.toMillisPart() > 0) {
        out.append('.').append(String.format("%03d", d.toMillisPart()));
      }
      out.append('s');
    }
    return out.toString();
  }

  /** The threshold percents a {@link #stop} recorded after the fact, ascending. */
  public record LateRecords(List<Integer> percents) {
    static final LateRecords NONE = new LateRecords(List.of());
  }
}
