package dev.itsm.api.sla;

/** What running clocks do when a new version of their definition is published. */
public enum VersionPolicy {
  /** Running clocks keep the version their ticket started with; new tickets get the new one. */
  KEEP,
  /**
   * Running clocks move to the new version when it is published (by the API, or at the start that
   * publishes a changed plugin or file definition), recomputed from their timelines with the
   * definition's {@link RecomputePolicy}; stopped clocks are left as they were.
   */
  REEVALUATE
}
