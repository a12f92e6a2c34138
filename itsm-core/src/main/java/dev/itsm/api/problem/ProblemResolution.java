package dev.itsm.api.problem;

/** How a problem was resolved. */
public enum ProblemResolution {
  /** Removed by a fix change that closed successfully (required for this code). */
  FIXED,
  /** No fix will be made; the workaround stays the answer (the known error stays published). */
  WORKAROUND_ACCEPTED,
  /** The cause could not be found or the problem no longer occurs. */
  NOT_REPRODUCIBLE,
  /** The same problem is recorded elsewhere. */
  DUPLICATE
}
