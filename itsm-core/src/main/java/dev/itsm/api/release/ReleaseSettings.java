package dev.itsm.api.release;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of release management. Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * @param releaseManagers  directory group of the release managers: told about overdue pipelines, failed rollbacks
 *                         and incidents during early life support
 * @param versionAttribute the CI attribute that holds a software CI's version ({@code softwareVersion} of the default
 *                         CMDB model's {@code Application} types)
 * @param buildTimeout     how long a build may take before it escalates
 * @param testTimeout      how long the tests may take before they escalate
 * @param verifyTimeout    how long the verification of an environment may take before it escalates
 * @param rollbackTimeout  how long a rollback may take before it escalates
 * @param earlySupport     the default early life support period
 */
public record ReleaseSettings(String releaseManagers, String versionAttribute, Duration buildTimeout, Duration testTimeout,
                              Duration verifyTimeout, Duration rollbackTimeout, Duration earlySupport) {

  public ReleaseSettings {
    if (releaseManagers == null || releaseManagers.isBlank() || releaseManagers.length() > 64) {
      throw new IllegalArgumentException("releaseManagers must be a group id of 1 to 64 characters, but is '"
          + releaseManagers + "'");
    }
    if (versionAttribute == null || !versionAttribute.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
      throw new IllegalArgumentException("versionAttribute must be an attribute name, but is '" + versionAttribute + "'");
    }
    requirePositive(buildTimeout, "buildTimeout");
    requirePositive(testTimeout, "testTimeout");
    requirePositive(verifyTimeout, "verifyTimeout");
    requirePositive(rollbackTimeout, "rollbackTimeout");
    requirePositive(earlySupport, "earlySupport");
  }

  /**
   * Release managers group {@code release-managers}; versions in {@code softwareVersion}; builds escalate after 4
   * hours, tests after 8, verifications and rollbacks after 4; early life support of 14 days.
   */
  public static ReleaseSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException(name + " must be positive and at most 366 days, but is " + duration);
    }
  }

  /** Builder for {@link ReleaseSettings}. */
  public static final class Builder {
    private String releaseManagers = "release-managers";
    private String versionAttribute = "softwareVersion";
    private Duration buildTimeout = Duration.ofHours(4);
    private Duration testTimeout = Duration.ofHours(8);
    private Duration verifyTimeout = Duration.ofHours(4);
    private Duration rollbackTimeout = Duration.ofHours(4);
    private Duration earlySupport = Duration.ofDays(14);

    private Builder() {}

    public Builder releaseManagers(String group) {
      this.releaseManagers = group;
      return this;
    }

    public Builder versionAttribute(String attribute) {
      this.versionAttribute = attribute;
      return this;
    }

    /** How long the build, the tests, each verification and each rollback may take before they escalate. */
    public Builder pipelineTimeouts(Duration build, Duration test, Duration verify, Duration rollback) {
      this.buildTimeout = build;
      this.testTimeout = test;
      this.verifyTimeout = verify;
      this.rollbackTimeout = rollback;
      return this;
    }

    public Builder earlySupport(Duration period) {
      this.earlySupport = period;
      return this;
    }

    public ReleaseSettings build() {
      return new ReleaseSettings(releaseManagers, versionAttribute, buildTimeout, testTimeout, verifyTimeout,
          rollbackTimeout, earlySupport);
    }
  }
}
