package dev.itsm.api.release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A release to plan. Validated by {@code ReleaseService#create}, which throws
 * {@code InvalidInputException}/{@code InvalidValueException} naming the field.
 *
 * @param title          required, at most 200 characters
 * @param description    optional, at most 4000 characters
 * @param type           required
 * @param releaseVersion the version it deploys, e.g. {@code 2.4.0}: 1 to 64 characters without spaces
 * @param groupId        the group that builds and deploys it, or {@code null}
 * @param managerId      the release manager, or {@code null} for the actor who creates it
 * @param changeIds      the approved changes it bundles (at least one, each once, none in another open release)
 * @param environments   target environments in deployment order (1 to 20, names unique, windows starting in order)
 * @param earlySupport   the early life support period, or {@code null} for {@link ReleaseSettings#earlySupport()}
 */
public record NewRelease(String title, String description, ReleaseType type, String releaseVersion, String groupId,
                         String managerId, List<UUID> changeIds, List<NewEnvironment> environments, Duration earlySupport) {
  public NewRelease {
    changeIds = changeIds == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(changeIds));
    environments = environments == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(environments));
  }

  /** Starts a release with its title, type and version. */
  public static Builder builder(String title, ReleaseType type, String releaseVersion) {
    return new Builder(title, type, releaseVersion);
  }

  /** Builder for {@link NewRelease}. */
  public static final class Builder {
    private final String title;
    private final ReleaseType type;
    private final String releaseVersion;
    private String description;
    private String groupId;
    private String managerId;
    private Duration earlySupport;
    private final List<UUID> changeIds = new ArrayList<>();
    private final List<NewEnvironment> environments = new ArrayList<>();

    private Builder(String title, ReleaseType type, String releaseVersion) {
      this.title = title;
      this.type = type;
      this.releaseVersion = releaseVersion;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder group(String groupId) {
      this.groupId = groupId;
      return this;
    }

    public Builder manager(String managerId) {
      this.managerId = managerId;
      return this;
    }

    /** A change it bundles. */
    public Builder change(UUID changeId) {
      changeIds.add(changeId);
      return this;
    }

    /** The next target environment. */
    public Builder environment(NewEnvironment environment) {
      environments.add(environment);
      return this;
    }

    public Builder earlySupport(Duration period) {
      this.earlySupport = period;
      return this;
    }

    public NewRelease build() {
      return new NewRelease(title, description, type, releaseVersion, groupId, managerId, changeIds, environments,
          earlySupport);
    }
  }
}
