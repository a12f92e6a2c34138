package dev.itsm.api.incident;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle states of an incident. The ticket row owns the state; the incident process model moves
 * it through {@code ProcessSupport#enterState}.
 *
 * <pre>
 * NEW -assign agent-> ASSIGNED -acknowledge-> ACKNOWLEDGED -start work-> IN_PROGRESS
 * ACKNOWLEDGED | IN_PROGRESS -hold-> ON_HOLD -resume-> IN_PROGRESS
 * ACKNOWLEDGED | IN_PROGRESS -resolve-> RESOLVED -close / auto-close-> CLOSED
 * RESOLVED -reopen (within the reopen window)-> IN_PROGRESS
 * any open state -cancel-> CANCELLED
 * </pre>
 */
public enum IncidentState {
  /** Opened and routed to a group; no agent yet. */
  NEW,
  /** An agent is assigned and has not yet accepted it. */
  ASSIGNED,
  /** The agent accepted it (the response target is met here). */
  ACKNOWLEDGED,
  /** Being worked on. */
  IN_PROGRESS,
  /** Waiting for the caller, a vendor or a change; the resolution clock is paused. */
  ON_HOLD,
  /** Resolved; the caller may confirm (close) or reopen it; closes automatically later. */
  RESOLVED,
  /** Final. */
  CLOSED,
  /** Final; withdrawn before resolution. */
  CANCELLED;

  private static final Set<IncidentState> OPEN = EnumSet.of(NEW, ASSIGNED, ACKNOWLEDGED, IN_PROGRESS, ON_HOLD);

  /** Whether the incident is still being handled (not resolved, closed or cancelled). */
  public boolean isOpen() {
    return OPEN.contains(this);
  }

  /** Whether no further transition is possible. */
  public boolean isFinal() {
    return this == CLOSED || this == CANCELLED;
  }
}
