package dev.itsm.api.incident;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of incident management. Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * @param categories      allowed categories; the routing DMN maps each to a group
 * @param resolutionCodes allowed resolution codes
 * @param reopenWindow    how long after resolution the caller or an agent may reopen
 * @param autoCloseAfter  how long after resolution the incident closes by itself
 */
public record IncidentSettings(Set<String> categories, Set<String> resolutionCodes, Duration reopenWindow,
                               Duration autoCloseAfter) {

  /** Categories known to the shipped routing table. */
  public static final List<String> DEFAULT_CATEGORIES =
      List.of("network", "hardware", "software", "access", "email", "database", "other");

  /** Resolution codes allowed by default. */
  public static final List<String> DEFAULT_RESOLUTION_CODES =
      List.of("FIXED", "WORKAROUND", "NO_FAULT_FOUND", "DUPLICATE", "USER_ERROR", "WITHDRAWN");

  public IncidentSettings {
    categories = Set.copyOf(requireNotEmpty(categories, "categories"));
    resolutionCodes = Set.copyOf(requireNotEmpty(resolutionCodes, "resolutionCodes"));
    requirePositive(reopenWindow, "reopenWindow");
    requirePositive(autoCloseAfter, "autoCloseAfter");
  }

  /** Seven categories, six resolution codes, reopen and auto-close after 5 days. */
  public static IncidentSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static <T extends Set<String>> T requireNotEmpty(T values, String name) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    for (String value : values) {
      if (value == null || value.isBlank() || value.length() > 64) {
        throw new IllegalArgumentException(name + " must hold non-blank values of at most 64 characters, but has '" + value + "'");
      }
    }
    return values;
  }

  /** Longest reopen window or auto-close period accepted (ten years). */
  public static final Duration MAX_DURATION = Duration.ofDays(3650);

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, but is " + duration);
    }
    if (duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION.toDays() + " days, but is " + duration);
    }
  }

  /** Builder for {@link IncidentSettings}. */
  public static final class Builder {
    private Set<String> categories = new LinkedHashSet<>(DEFAULT_CATEGORIES);
    private Set<String> resolutionCodes = new LinkedHashSet<>(DEFAULT_RESOLUTION_CODES);
    private Duration reopenWindow = Duration.ofDays(5);
    private Duration autoCloseAfter = Duration.ofDays(5);

    private Builder() {}

    /** Replaces the allowed categories. Extend the routing DMN for new ones. */
    public Builder categories(String... categories) {
      this.categories = new LinkedHashSet<>(List.of(categories));
      return this;
    }

    /** Replaces the allowed resolution codes. */
    public Builder resolutionCodes(String... codes) {
      this.resolutionCodes = new LinkedHashSet<>(List.of(codes));
      return this;
    }

    public Builder reopenWindow(Duration reopenWindow) {
      this.reopenWindow = reopenWindow;
      return this;
    }

    public Builder autoCloseAfter(Duration autoCloseAfter) {
      this.autoCloseAfter = autoCloseAfter;
      return this;
    }

    public IncidentSettings build() {
      return new IncidentSettings(categories, resolutionCodes, reopenWindow, autoCloseAfter);
    }
  }
}
