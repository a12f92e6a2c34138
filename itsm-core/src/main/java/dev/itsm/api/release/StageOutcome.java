package dev.itsm.api.release;

/** How a stage ended. */
public enum StageOutcome {
  SUCCEEDED,
  FAILED
}
