package dev.itsm.api.sla;

/**
 * What a running clock does when its target or calendar changes mid-ticket (priority changed, a
 * different definition now applies, or a new version of its definition is re-evaluated). Either way
 * the clock's timeline is kept, and time paused before the change stays paused.
 */
public enum RecomputePolicy {
  /**
   * The new target and calendar apply to the whole timeline, as if they had applied from the start:
   * elapsed time is measured again on the new calendar, and the deadline is the new target counted
   * from the start minus every pause. A ticket raised to P1 after two hours is breached at once if
   * its P1 target is one hour.
   */
  FROM_START,
  /**
   * The clock is reset at the change: the new target counts from now on the new calendar, and what
   * elapsed before stays in the timeline (and in the explanation) without counting against it.
   */
  FROM_NOW
}
