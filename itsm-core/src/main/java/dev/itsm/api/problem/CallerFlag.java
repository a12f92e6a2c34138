package dev.itsm.api.problem;

import java.time.Instant;

/**
 * A caller flagged as sensitive because they contacted the desk repeatedly about the same service.
 * Agents see the flag as a work note on the caller's next incidents until a problem manager clears it.
 *
 * @param service  the service of the repeated contacts
 * @param contacts how many incidents about it the caller opened within the detection period
 */
public record CallerFlag(String callerId, String service, int contacts, Instant flaggedAt) {}
