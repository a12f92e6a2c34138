package dev.itsm.api.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * One entry of an SLA clock's timeline. Clocks are computed from their timelines, so these are the
 * facts; deadlines and elapsed times are derived.
 *
 * @param seq        position in the timeline, from 1
 * @param reason     why (the ticket state that paused or stopped it, a milestone, a policy), or {@code null}
 * @param definition code of the definition in force from this event on (START, RETARGET), else {@code null}
 * @param version    its version, or 0
 * @param target     the target in force from this event on (START, RETARGET, RESET), else {@code null}
 * @param calendar   the calendar in force from this event on (START, RETARGET, RESET), else {@code null}
 * @param policy     how a RETARGET applies, else {@code null}
 * @param percent    the threshold a THRESHOLD or BREACH event records (100 for the breach), else 0
 * @param actorId    who caused it
 */
public record SlaEvent(int seq, Type type, Instant at, String reason, String definition, int version, Duration target,
                       String calendar, RecomputePolicy policy, int percent, String actorId) {

  /** What happened to the clock. */
  public enum Type {
    /** The clock began counting. */
    START,
    /** It stopped counting for a while (the reason names the state or who paused it). */
    PAUSE,
    /** It counts again after a pause. */
    RESUME,
    /** It stopped for good: the target was met (or missed, see {@link #BREACH}). */
    STOP,
    /** A stopped clock counts again (a reopened ticket); the time it was stopped does not count. */
    RESTART,
    /** Its target, calendar or definition changed; see {@link RecomputePolicy}. */
    RETARGET,
    /** Counting begins again from zero at this moment (what elapsed before stays on the timeline). */
    RESET,
    /** It stopped because the ticket was cancelled or the definition no longer applies. */
    CANCEL,
    /**
     * A threshold other than 100 % was reached ({@link #percent()}); its actions ran unless the
     * reason says {@code late} (found when the clock stopped). Recorded once per counting period.
     */
    THRESHOLD,
    /** The target was missed: the 100 % threshold (recorded once per counting period). */
    BREACH
  }
}
