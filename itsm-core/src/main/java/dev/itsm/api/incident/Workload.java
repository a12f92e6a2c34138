package dev.itsm.api.incident;

import java.time.Duration;

/**
 * Time an agent recorded on notes within a period.
 *
 * @param agentId   the author of the notes
 * @param timeSpent sum of the notes' time spent
 * @param notes     how many notes with time spent
 */
public record Workload(String agentId, Duration timeSpent, long notes) {}
