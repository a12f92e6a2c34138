package dev.itsm.api.release;

/** Lifecycle states of a release; the release process moves a release through them. */
public enum ReleaseState {
  /** Recorded; its plan can be reviewed before the build starts. */
  PLANNING,
  /** Waiting for a build result; a failed build or failed tests come back here. */
  BUILDING,
  /** Waiting for the test result. */
  TESTING,
  /** Built and tested; waiting for the go/no-go decision. */
  AWAITING_APPROVAL,
  /** Deployed to its environments one after the other, each in its window and verified. */
  DEPLOYING,
  /** A deployment or verification failed: the environments deployed are rolled back in reverse order. */
  ROLLING_BACK,
  /** Deployed everywhere; incidents on its CIs get heightened attention until the support period ends. */
  EARLY_LIFE_SUPPORT,
  /** Early life support ended; waits to be closed (after its release notes are published). */
  REVIEW,
  /** Closed. */
  CLOSED,
  /** Rolled back after a failed deployment or verification. */
  ROLLED_BACK,
  /** The go/no-go decision was no-go. */
  REJECTED,
  /** Cancelled before its deployment started. */
  CANCELLED;

  /** Whether nothing follows this state. */
  public boolean isFinal() {
    return this == CLOSED || this == ROLLED_BACK || this == REJECTED || this == CANCELLED;
  }
}
