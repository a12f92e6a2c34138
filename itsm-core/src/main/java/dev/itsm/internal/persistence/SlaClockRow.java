package dev.itsm.internal.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An SLA clock ({@code itsm_sla_clock}): its identity and, for queries and timers, the figures
 * derived from its timeline ({@code itsm_sla_event}); the arithmetic lives in
 * {@code dev.itsm.internal.sla.SlaClock}.
 */
public class SlaClockRow {
  public UUID id;
  public String tenantId;
  public UUID ticketId;
  /** The target's name (RESPONSE, RESOLUTION or a milestone). */
  public String kind;
  public String agreement;
  public String party;
  public String definitionCode;
  public int definitionVersion;
  public String calendar;
  public long targetMs;
  /** Share of the target at the first threshold below 100 %, or 0. */
  public BigDecimal warningRatio;
  /** Threshold percents, ascending, comma-separated (100 among them). */
  public String thresholds;
  /** The engine timer job armed for the next threshold, or null. */
  public String jobId;
  /** Business time counted, once stopped; null while it runs. */
  public Long elapsedMs;
  public Instant startedAt;
  public Instant pausedSince;
  public long pausedTotalMs;
  public Instant stoppedAt;
  public String stopReason;
  public Instant deadline;
  public Instant warningAt;
  public Instant warnedAt;
  public Instant breachedAt;
  /** Events written so far (the next one gets seq = eventCount + 1). */
  public int eventCount;
  public long version;
}
