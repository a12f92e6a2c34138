package dev.itsm.api.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An SLA clock of a ticket as of the moment it was read.
 *
 * @param target      the time allowed
 * @param deadline    when the target is missed if nothing pauses the clock; {@code null} while paused
 * @param elapsed     counted time so far (pauses excluded)
 * @param remaining   target minus elapsed; negative once breached
 * @param pausedTotal time during which the clock did not count (on hold, and resolved before a reopen)
 * @param warnedAt    when the warning was recorded, or {@code null}
 * @param breachedAt  when the breach was recorded, or {@code null}
 * @param stoppedAt   when the clock stopped (met, breached and stopped, cancelled), or {@code null}
 */
public record SlaStatus(UUID ticketId, SlaKind kind, SlaState state, Duration target, Instant startedAt,
                        Instant deadline, Duration elapsed, Duration remaining, Duration pausedTotal,
                        Instant warnedAt, Instant breachedAt, Instant stoppedAt) {}
