package dev.itsm.api.change;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of change management. Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * @param changeManagers  directory group of the change managers: told when a change did not start in its
 *                        window (approving as change manager takes the {@code change-manager} role)
 * @param cabGroup        directory group whose members form the change advisory board
 * @param ecabGroup       directory group whose members form the emergency CAB
 * @param cabRule         how the CAB's votes decide
 * @param ecabRule        how the ECAB's votes decide
 * @param ecabTimeout     how long the ECAB has to decide before the decision falls to a change manager
 * @param failureHistory  how far back failed changes on the same CIs count for the risk
 * @param templates       the standard change catalogue, by code
 * @param conflictPolicies what each kind of conflict does; every kind has one
 */
public record ChangeSettings(String changeManagers, String cabGroup, String ecabGroup, CabRule cabRule, CabRule ecabRule,
                             Duration ecabTimeout, Duration failureHistory, Map<String, ChangeTemplate> templates,
                             Map<ConflictKind, ConflictPolicy> conflictPolicies) {

  /** Conflict policies by default: a freeze blocks, the other kinds warn. */
  public static final Map<ConflictKind, ConflictPolicy> DEFAULT_CONFLICT_POLICIES = Map.of(
      ConflictKind.SAME_CI, ConflictPolicy.WARN, ConflictKind.RELATED_CI, ConflictPolicy.WARN,
      ConflictKind.OUTSIDE_MAINTENANCE_WINDOW, ConflictPolicy.WARN, ConflictKind.FREEZE, ConflictPolicy.BLOCK,
      ConflictKind.IMPLEMENTER_BUSY, ConflictPolicy.WARN);

  public ChangeSettings {
    requireGroup(changeManagers, "changeManagers");
    requireGroup(cabGroup, "cabGroup");
    requireGroup(ecabGroup, "ecabGroup");
    Objects.requireNonNull(cabRule, "cabRule");
    Objects.requireNonNull(ecabRule, "ecabRule");
    requirePositive(ecabTimeout, "ecabTimeout");
    requirePositive(failureHistory, "failureHistory");
    templates = Map.copyOf(Objects.requireNonNull(templates, "templates"));
    conflictPolicies = Map.copyOf(Objects.requireNonNull(conflictPolicies, "conflictPolicies"));
    for (ConflictKind kind : ConflictKind.values()) {
      if (!conflictPolicies.containsKey(kind)) {
        throw new IllegalArgumentException("conflictPolicies must give a policy for " + kind);
      }
    }
  }

  /**
   * Change managers group {@code change-managers}, CAB group {@code cab} (all must approve), ECAB group
   * {@code ecab} (majority) with 4 hours to decide, 180 days of failure history, no templates,
   * {@link #DEFAULT_CONFLICT_POLICIES}.
   */
  public static ChangeSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void requireGroup(String group, String name) {
    if (group == null || group.isBlank() || group.length() > 64) {
      throw new IllegalArgumentException(name + " must be a group id of 1 to 64 characters, but is '" + group + "'");
    }
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, but is " + duration);
    }
  }

  /** Builder for {@link ChangeSettings}. */
  public static final class Builder {
    private String changeManagers = "change-managers";
    private String cabGroup = "cab";
    private String ecabGroup = "ecab";
    private CabRule cabRule = CabRule.all();
    private CabRule ecabRule = CabRule.majority();
    private Duration ecabTimeout = Duration.ofHours(4);
    private Duration failureHistory = Duration.ofDays(180);
    private final Map<String, ChangeTemplate> templates = new LinkedHashMap<>();
    private final Map<ConflictKind, ConflictPolicy> conflictPolicies = new java.util.EnumMap<>(DEFAULT_CONFLICT_POLICIES);

    private Builder() {}

    public Builder changeManagers(String group) {
      this.changeManagers = group;
      return this;
    }

    public Builder cab(String group, CabRule rule) {
      this.cabGroup = group;
      this.cabRule = rule;
      return this;
    }

    public Builder ecab(String group, CabRule rule, Duration timeout) {
      this.ecabGroup = group;
      this.ecabRule = rule;
      this.ecabTimeout = timeout;
      return this;
    }

    public Builder failureHistory(Duration period) {
      this.failureHistory = period;
      return this;
    }

    /** Adds standard change templates to the catalogue; a code given twice is an error. */
    public Builder templates(List<ChangeTemplate> catalogue) {
      for (ChangeTemplate t : catalogue) {
        if (templates.putIfAbsent(t.code(), t) != null) {
          throw new IllegalArgumentException("template code " + t.code() + " is given twice");
        }
      }
      return this;
    }

    /** What conflicts of that kind do. */
    public Builder conflictPolicy(ConflictKind kind, ConflictPolicy policy) {
      conflictPolicies.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(policy, "policy"));
      return this;
    }

    public ChangeSettings build() {
      return new ChangeSettings(changeManagers, cabGroup, ecabGroup, cabRule, ecabRule, ecabTimeout, failureHistory, templates,
          conflictPolicies);
    }
  }
}
