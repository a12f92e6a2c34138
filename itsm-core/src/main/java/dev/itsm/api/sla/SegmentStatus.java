package dev.itsm.api.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * A segment of a ticket as of the moment it was read.
 *
 * @param startedAt when its first timestamp was recorded, or {@code null} (not started)
 * @param endedAt   when its second timestamp was recorded, or {@code null} (open or not started)
 * @param actual    time taken (wall time; up to now while open), or {@code null} when not started
 * @param late      whether it took (or is taking) longer than its target
 * @param overrun   how much longer than the target, else zero
 */
public record SegmentStatus(String template, String from, String to, String owner, Duration target, Instant startedAt,
                            Instant endedAt, Duration actual, boolean late, Duration overrun) {}
