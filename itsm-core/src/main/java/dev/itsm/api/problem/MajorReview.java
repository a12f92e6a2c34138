package dev.itsm.api.problem;

/** The major problem review of a problem linked to a P1 incident. */
public enum MajorReview {
  /** Opened when the first P1 incident was linked; closing the problem waits for it. */
  OPEN,
  /** Completed with findings. */
  DONE
}
