package dev.itsm.api.problem;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle states of a problem. The ticket row owns the state; the problem process model moves it
 * ({@code dev.itsm.api.process.ProblemProcess}).
 *
 * <pre>
 * NEW -assess-> ASSESSED -start analysis-> ROOT_CAUSE_ANALYSIS -record known error-> KNOWN_ERROR
 * KNOWN_ERROR -request fix (a change)-> FIX_IN_PROGRESS -fix change fails-> KNOWN_ERROR
 * any open state -resolve-> RESOLVED -close-> CLOSED
 * any open state -cancel-> CANCELLED
 * </pre>
 */
public enum ProblemState {
  /** Recorded, by hand, from incidents or from an accepted proposal; not assessed yet. */
  NEW,
  /** Impact, urgency and owner confirmed by the problem manager. */
  ASSESSED,
  /** The root cause is being looked for (analysis tasks). */
  ROOT_CAUSE_ANALYSIS,
  /** Root cause and workaround are known. */
  KNOWN_ERROR,
  /** A change that fixes it is under way. */
  FIX_IN_PROGRESS,
  /** Resolved; waits for the closure. */
  RESOLVED,
  /** Final. */
  CLOSED,
  /** Final; withdrawn. */
  CANCELLED;

  private static final Set<ProblemState> OPEN = EnumSet.of(NEW, ASSESSED, ROOT_CAUSE_ANALYSIS, KNOWN_ERROR, FIX_IN_PROGRESS);

  /** Whether the problem is still being worked (not resolved, closed or cancelled). */
  public boolean isOpen() {
    return OPEN.contains(this);
  }

  /** Whether no further transition is possible. */
  public boolean isFinal() {
    return this == CLOSED || this == CANCELLED;
  }
}
