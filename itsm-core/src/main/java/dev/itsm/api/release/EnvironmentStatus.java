package dev.itsm.api.release;

/** Where the deployment of a release to one environment is. */
public enum EnvironmentStatus {
  /** Not started. */
  PLANNED,
  /** Its window opened; waiting for the deployment result. */
  DEPLOYING,
  /** Deployed (its CIs carry the release's version); waiting for the verification. */
  DEPLOYED,
  /** Deployed and verified. */
  VERIFIED,
  /** Its deployment or verification failed. */
  FAILED,
  /** Rolled back (its CIs carry their versions from before the release again). */
  ROLLED_BACK
}
