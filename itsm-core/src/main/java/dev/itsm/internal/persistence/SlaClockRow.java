package dev.itsm.internal.persistence;

import dev.itsm.api.sla.SlaKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An SLA clock ({@code itsm_sla_clock}); the arithmetic lives in {@code dev.itsm.internal.sla.SlaClock}. */
public class SlaClockRow {
  public UUID id;
  public String tenantId;
  public UUID ticketId;
  public SlaKind kind;
  public long targetMs;
  public BigDecimal warningRatio;
  public Instant startedAt;
  public Instant pausedSince;
  public long pausedTotalMs;
  public Instant stoppedAt;
  public String stopReason;
  public Instant deadline;
  public Instant warningAt;
  public Instant warnedAt;
  public Instant breachedAt;
  public long version;
}
