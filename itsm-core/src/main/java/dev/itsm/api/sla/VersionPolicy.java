package dev.itsm.api.sla;

/** What running clocks do when a new version of their definition is published. */
public enum VersionPolicy {
  /** Running clocks keep the version their ticket started with; new tickets get the new one. */
  KEEP,
  /**
   * Running clocks move to the new version at once, recomputed from their timelines with the
   * definition's {@link RecomputePolicy}; stopped clocks are left as they were.
   */
  REEVALUATE
}
