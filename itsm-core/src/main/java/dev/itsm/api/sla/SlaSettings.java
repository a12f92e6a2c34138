package dev.itsm.api.sla;

import dev.itsm.api.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Targets of the incident SLA clocks per priority, the warning point, and the acceptance timeout
 * (an assigned incident not acknowledged within it escalates to the group's managers).
 * Immutable; start from {@link #defaults()}.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>priority</th><th>response</th><th>resolution</th><th>acceptance</th></tr>
 *   <tr><td>P1</td><td>15 min</td><td>4 h</td><td>4 min</td></tr>
 *   <tr><td>P2</td><td>30 min</td><td>8 h</td><td>10 min</td></tr>
 *   <tr><td>P3</td><td>2 h</td><td>24 h</td><td>30 min</td></tr>
 *   <tr><td>P4</td><td>8 h</td><td>72 h</td><td>2 h</td></tr>
 *   <tr><td>P5</td><td>24 h</td><td>120 h</td><td>8 h</td></tr>
 * </table>
 * The warning fires at 75 % of a target.
 */
public final class SlaSettings {
  /** Longest target or timeout accepted (ten years), so deadlines never overflow. */
  public static final Duration MAX_TARGET = Duration.ofDays(3650);

  private final Map<Priority, Duration> response;
  private final Map<Priority, Duration> resolution;
  private final Map<Priority, Duration> acceptance;
  private final double warningRatio;
  private final GroupAlert groupAlert;

  private SlaSettings(Builder b) {
    this.response = Map.copyOf(b.response);
    this.resolution = Map.copyOf(b.resolution);
    this.acceptance = Map.copyOf(b.acceptance);
    this.warningRatio = b.warningRatio;
    this.groupAlert = b.groupAlert;
  }

  /**
   * The group-misses rule: when a group's tickets miss {@code breaches} targets within
   * {@code period}, the group's managers get one alert per period window.
   */
  public record GroupAlert(int breaches, Duration period) {}

  /** The group-misses rule, or {@code null} when it is off; default 5 breaches within a day. */
  public GroupAlert groupAlert() {
    return groupAlert;
  }

  public static SlaSettings defaults() {
    return builder().build();
  }

  /** A builder preset with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Target of the clock of the given kind at the given priority. */
  public Duration target(SlaKind kind, Priority priority) {
    return (kind == SlaKind.RESPONSE ? response : resolution).get(priority);
  }

  /** Acceptance timeout at the given priority. */
  public Duration acceptanceTimeout(Priority priority) {
    return acceptance.get(priority);
  }

  /** Share of a target after which the warning fires, between 0 and 1 (exclusive). */
  public double warningRatio() {
    return warningRatio;
  }

  @Override
  public String toString() {
    return "SlaSettings[response=" + response + ", resolution=" + resolution + ", acceptance=" + acceptance
        + ", warningRatio=" + warningRatio + ", groupAlert=" + groupAlert + "]";
  }

  /** Builder for {@link SlaSettings}, preset with the defaults. */
  public static final class Builder {
    private final Map<Priority, Duration> response = new EnumMap<>(Priority.class);
    private final Map<Priority, Duration> resolution = new EnumMap<>(Priority.class);
    private final Map<Priority, Duration> acceptance = new EnumMap<>(Priority.class);
    private double warningRatio = 0.75;
    private GroupAlert groupAlert = new GroupAlert(5, Duration.ofDays(1));

    private Builder() {
      target(Priority.P1, Duration.ofMinutes(15), Duration.ofHours(4));
      target(Priority.P2, Duration.ofMinutes(30), Duration.ofHours(8));
      target(Priority.P3, Duration.ofHours(2), Duration.ofHours(24));
      target(Priority.P4, Duration.ofHours(8), Duration.ofHours(72));
      target(Priority.P5, Duration.ofHours(24), Duration.ofHours(120));
      acceptanceTimeout(Priority.P1, Duration.ofMinutes(4));
      acceptanceTimeout(Priority.P2, Duration.ofMinutes(10));
      acceptanceTimeout(Priority.P3, Duration.ofMinutes(30));
      acceptanceTimeout(Priority.P4, Duration.ofHours(2));
      acceptanceTimeout(Priority.P5, Duration.ofHours(8));
    }

    /** Response and resolution targets of a priority. */
    public Builder target(Priority priority, Duration responseTarget, Duration resolutionTarget) {
      response.put(Objects.requireNonNull(priority, "priority"), positive(responseTarget, "response target"));
      resolution.put(priority, positive(resolutionTarget, "resolution target"));
      return this;
    }

    public Builder acceptanceTimeout(Priority priority, Duration timeout) {
      acceptance.put(Objects.requireNonNull(priority, "priority"), positive(timeout, "acceptance timeout"));
      return this;
    }

    /** Share of a target after which the warning fires; default 0.75. */
    public Builder warningRatio(double ratio) {
      if (!(ratio > 0 && ratio < 1)) {
        throw new IllegalArgumentException("warning ratio must be between 0 and 1 (exclusive), but is " + ratio);
      }
      this.warningRatio = ratio;
      return this;
    }

    /**
     * Alerts a group's managers when its tickets miss {@code breaches} targets within {@code period}.
     *
     * @param breaches at least 1
     * @param period   at least one minute
     */
    public Builder groupAlert(int breaches, Duration period) {
      if (breaches < 1) {
        throw new IllegalArgumentException("group alert breaches must be at least 1, but is " + breaches);
      }
      Objects.requireNonNull(period, "period");
      if (period.compareTo(Duration.ofMinutes(1)) < 0 || period.compareTo(MAX_TARGET) > 0) {
        throw new IllegalArgumentException("group alert period must be from one minute to " + MAX_TARGET.toDays()
            + " days, but is " + period);
      }
      this.groupAlert = new GroupAlert(breaches, period);
      return this;
    }

    /** Turns the group-misses alert off. */
    public Builder noGroupAlert() {
      this.groupAlert = null;
      return this;
    }

    public SlaSettings build() {
      return new SlaSettings(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
        throw new IllegalArgumentException(what + " must be at least one millisecond, but is " + d);
      }
      if (d.compareTo(MAX_TARGET) > 0) {
        throw new IllegalArgumentException(what + " must be at most " + MAX_TARGET.toDays() + " days, but is " + d);
      }
      return d;
    }
  }
}
