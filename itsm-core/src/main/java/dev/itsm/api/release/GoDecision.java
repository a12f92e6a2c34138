package dev.itsm.api.release;

/** The go/no-go decision on a built and tested release. */
public enum GoDecision {
  /** Deploy it. */
  GO,
  /** Do not deploy it: the release ends {@link ReleaseState#REJECTED}. */
  NO_GO
}
