package dev.itsm.api.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An SLA clock of a ticket as of the moment it was read. A ticket has one clock per target of each
 * definition that applies to it; {@code clock} names the target ({@link SlaDefinition#RESPONSE},
 * {@link SlaDefinition#RESOLUTION} or a milestone).
 *
 * @param clock       the target's name
 * @param agreement   SLA, OLA or UC
 * @param party       the group (OLA) or vendor (UC); empty for an SLA
 * @param definition  code of the definition in force
 * @param version     its version (the one the ticket started with unless re-evaluated)
 * @param calendar    name of the business calendar it counts on
 * @param target      the business time allowed
 * @param deadline    when the target is missed if nothing pauses the clock; {@code null} unless running
 * @param elapsed     counted business time so far (pauses excluded), since the last reset
 * @param remaining   target minus elapsed; negative once breached
 * @param pausedTotal wall time during which the clock did not count since it started (paused, and
 *                    stopped before a restart)
 * @param warnedAt    when the first threshold below 100 % was recorded, or {@code null}
 * @param breachedAt  when the first breach was recorded, or {@code null}; it stays on record after a
 *                    reset, and the state stays {@link SlaState#BREACHED}
 * @param stoppedAt   when the clock stopped (met, breached and stopped, cancelled), or {@code null}
 */
public record SlaStatus(UUID ticketId, String clock, Agreement agreement, String party, String definition, int version,
                        String calendar, SlaState state, Duration target, Instant startedAt, Instant deadline,
                        Duration elapsed, Duration remaining, Duration pausedTotal, Instant warnedAt,
                        Instant breachedAt, Instant stoppedAt) {

  /** {@link SlaKind} of a response or resolution clock, {@code null} for a milestone. */
  public SlaKind kind() {
    for (SlaKind k : SlaKind.values()) {
      if (k.name().equals(clock)) {
        return k;
      }
    }
    return null;
  }
}
