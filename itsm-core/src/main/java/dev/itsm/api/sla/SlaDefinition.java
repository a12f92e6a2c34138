package dev.itsm.api.sla;

import dev.itsm.api.InvalidValueException;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import dev.itsm.api.incident.IncidentState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A service level agreement (or OLA, or underpinning contract): which tickets it applies to, the
 * business calendar it counts on, and its targets. Immutable; built with {@link #builder(String)}
 * and published through {@link SlaService#define} or a plugin; every change of a code is a new
 * version.
 *
 * <h2>Which definition applies</h2>
 * A definition matches a ticket when the ticket's type is among {@link #ticketTypes()} and its
 * service, customer class and priority are among the definition's (an empty set matches any).
 * Among the matching definitions of the same agreement and party, the most specific applies: one
 * naming services beats one that does not, then customer classes, then priorities; then the lowest
 * code. The library's defaults (built from {@link SlaSettings}) apply only where no host definition
 * of the agreement matches.
 *
 * <h2>Targets</h2>
 * Each target is a clock of the ticket: {@link #RESPONSE} (stops when the ticket is acknowledged),
 * {@link #RESOLUTION} (pauses on hold, stops when resolved, runs again when reopened) and named
 * milestones (stopped by {@link SlaService#reach}). The states that pause or stop a clock are
 * configurable per target.
 *
 * <pre>{@code
 * SlaDefinition gold = SlaDefinition.builder("gold-p1")
 *     .name("Gold customers, P1")
 *     .ticketTypes(TicketType.INCIDENT).customerClasses("gold").priorities(Priority.P1)
 *     .calendar("emea-office")
 *     .response(Duration.ofMinutes(10))
 *     .resolution(Duration.ofHours(2))
 *     .milestone("callback", Duration.ofMinutes(30))
 *     .build();
 * }</pre>
 */
public final class SlaDefinition {
  /** Name of the response target. */
  public static final String RESPONSE = "RESPONSE";
  /** Name of the resolution target. */
  public static final String RESOLUTION = "RESOLUTION";
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern TARGET = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
  private static final Pattern STATE = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

  private final String code;
  private final String name;
  private final Agreement agreement;
  private final String party;
  private final Set<TicketType> ticketTypes;
  private final Set<String> services;
  private final Set<String> customerClasses;
  private final Set<Priority> priorities;
  private final String calendar;
  private final List<Target> targets;
  private final List<SlaThresholdRule> thresholds;
  private final RecomputePolicy recompute;
  private final VersionPolicy versions;

  private SlaDefinition(Builder b) {
    this.code = b.code;
    this.name = b.name == null ? b.code : b.name;
    this.agreement = b.agreement;
    this.party = b.party;
    this.ticketTypes = Set.copyOf(b.ticketTypes);
    this.services = Set.copyOf(b.services);
    this.customerClasses = Set.copyOf(b.customerClasses);
    this.priorities = Set.copyOf(b.priorities);
    this.calendar = b.calendar;
    this.targets = b.targets.values().stream().map(TargetSpec::build).toList();
    this.thresholds = b.thresholds != null ? List.copyOf(b.thresholds.values())
        : List.of(SlaThresholdRule.at(b.warningPercent, SlaAction.NOTIFY_ASSIGNEE),
            SlaThresholdRule.at(100, SlaAction.NOTIFY_ASSIGNEE, SlaAction.NOTIFY_MANAGERS));
    this.recompute = b.recompute;
    this.versions = b.versions;
  }

  /**
   * Starts a definition.
   *
   * @param code its stable key: letters, digits, {@code . _ -}, at most 64 characters
   */
  public static Builder builder(String code) {
    return new Builder(code);
  }

  /** A builder holding this definition's values, to publish a changed version. */
  public Builder toBuilder() {
    Builder b = new Builder(code).name(name).agreement(agreement, party).calendar(calendar)
        .recompute(recompute).versions(versions);
    thresholds.forEach(t -> b.threshold(t.percent(), t.actions().toArray(SlaAction[]::new)));
    b.ticketTypes.addAll(ticketTypes);
    b.services.addAll(services);
    b.customerClasses.addAll(customerClasses);
    b.priorities.addAll(priorities);
    for (Target t : targets) {
      b.target(t.name(), t.duration());
      b.pauseIn(t.name(), t.pauseIn().toArray(String[]::new));
      b.stopIn(t.name(), t.stopIn().toArray(String[]::new));
      b.restartOnReopen(t.name(), t.restartOnReopen());
    }
    return b;
  }

  public String code() {
    return code;
  }

  public String name() {
    return name;
  }

  public Agreement agreement() {
    return agreement;
  }

  /** The group (OLA) or vendor (UC) bound by it; empty for an SLA. */
  public String party() {
    return party;
  }

  public Set<TicketType> ticketTypes() {
    return ticketTypes;
  }

  /** Services it applies to; empty = any. */
  public Set<String> services() {
    return services;
  }

  /** Customer classes it applies to; empty = any. */
  public Set<String> customerClasses() {
    return customerClasses;
  }

  /** Priorities it applies to; empty = any. */
  public Set<Priority> priorities() {
    return priorities;
  }

  /** Name of the business calendar its targets count on. */
  public String calendar() {
    return calendar;
  }

  public List<Target> targets() {
    return targets;
  }

  /** The target of that name, or {@code null}. */
  public Target target(String targetName) {
    return targets.stream().filter(t -> t.name().equals(targetName)).findFirst().orElse(null);
  }

  /**
   * The thresholds of every target, by percent. Without {@link Builder#threshold} calls: a warning
   * at 75 % ({@link Builder#warningRatio}) notifying the assignee, and the breach at 100 % notifying
   * the assignee and the group's managers.
   */
  public List<SlaThresholdRule> thresholds() {
    return thresholds;
  }

  /** The first threshold below 100 % as a share of the target (the warning point), or 0 when there is none. */
  public double warningRatio() {
    return thresholds.stream().filter(t -> t.percent() < 100).findFirst().map(t -> t.percent() / 100.0).orElse(0.0);
  }

  public RecomputePolicy recompute() {
    return recompute;
  }

  public VersionPolicy versions() {
    return versions;
  }

  /** Whether it applies to a ticket with these values (any may be {@code null}). */
  public boolean matches(TicketType type, String service, String customerClass, Priority priority) {
    return ticketTypes.contains(type)
        && (services.isEmpty() || service != null && services.contains(service))
        && (customerClasses.isEmpty() || customerClass != null && customerClasses.contains(customerClass))
        && (priorities.isEmpty() || priority != null && priorities.contains(priority));
  }

  /** How specific its criteria are: services count 4, customer classes 2, priorities 1. */
  public int specificity() {
    return (services.isEmpty() ? 0 : 4) + (customerClasses.isEmpty() ? 0 : 2) + (priorities.isEmpty() ? 0 : 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlaDefinition d && code.equals(d.code) && name.equals(d.name) && agreement == d.agreement
        && party.equals(d.party) && ticketTypes.equals(d.ticketTypes) && services.equals(d.services)
        && customerClasses.equals(d.customerClasses) && priorities.equals(d.priorities)
        && calendar.equals(d.calendar) && targets.equals(d.targets) && thresholds.equals(d.thresholds)
        && recompute == d.recompute && versions == d.versions;
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, agreement, party, targets);
  }

  @Override
  public String toString() {
    return "SlaDefinition[" + code + ", " + agreement + (party.isEmpty() ? "" : " " + party) + ", " + ticketTypes
        + ", calendar " + calendar + ", " + targets + "]";
  }

  /**
   * One target of a definition: a clock of the ticket.
   *
   * @param name            {@link #RESPONSE}, {@link #RESOLUTION} or a milestone's name
   * @param duration        business time allowed on the definition's calendar
   * @param pauseIn         ticket states in which the clock does not count
   * @param stopIn          ticket states that stop the clock as met (empty for a milestone reached by API)
   * @param restartOnReopen whether a stopped clock runs again when the ticket leaves a stop state
   *                        for an open one (a reopened incident); the time in between does not count
   */
  public record Target(String name, Duration duration, Set<String> pauseIn, Set<String> stopIn,
                       boolean restartOnReopen) {
    public Target {
      pauseIn = Set.copyOf(new TreeSet<>(pauseIn));
      stopIn = Set.copyOf(new TreeSet<>(stopIn));
    }
  }

  /** Builder of {@link SlaDefinition}; {@link #build()} validates everything. */
  public static final class Builder {
    private final String code;
    private String name;
    private Agreement agreement = Agreement.SLA;
    private String party = "";
    private final Set<TicketType> ticketTypes = EnumSet.noneOf(TicketType.class);
    private final Set<String> services = new LinkedHashSet<>();
    private final Set<String> customerClasses = new LinkedHashSet<>();
    private final Set<Priority> priorities = EnumSet.noneOf(Priority.class);
    private String calendar = BusinessCalendar.ALWAYS;
    private final Map<String, TargetSpec> targets = new LinkedHashMap<>();
    private int warningPercent = 75;
    private java.util.TreeMap<Integer, SlaThresholdRule> thresholds;
    private RecomputePolicy recompute = RecomputePolicy.FROM_START;
    private VersionPolicy versions = VersionPolicy.KEEP;

    private Builder(String code) {
      this.code = code;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** An SLA (the default, no party), or an OLA of a group, or an underpinning contract of a vendor. */
    public Builder agreement(Agreement agreement, String party) {
      this.agreement = agreement;
      this.party = party == null ? "" : party;
      return this;
    }

    public Builder ticketTypes(TicketType... types) {
      ticketTypes.addAll(List.of(types));
      return this;
    }

    public Builder services(String... codes) {
      services.addAll(List.of(codes));
      return this;
    }

    public Builder customerClasses(String... classes) {
      customerClasses.addAll(List.of(classes));
      return this;
    }

    public Builder priorities(Priority... values) {
      priorities.addAll(List.of(values));
      return this;
    }

    /** The business calendar, by name; default {@link BusinessCalendar#ALWAYS}. */
    public Builder calendar(String calendarName) {
      this.calendar = calendarName;
      return this;
    }

    /** The response target: stops when the ticket is acknowledged (or resolved). */
    public Builder response(Duration duration) {
      return target(RESPONSE, duration).stopIn(RESPONSE, IncidentState.ACKNOWLEDGED.name(), IncidentState.RESOLVED.name());
    }

    /** The resolution target: pauses on hold, stops when resolved, runs again when reopened. */
    public Builder resolution(Duration duration) {
      return target(RESOLUTION, duration).pauseIn(RESOLUTION, IncidentState.ON_HOLD.name())
          .stopIn(RESOLUTION, IncidentState.RESOLVED.name()).restartOnReopen(RESOLUTION, true);
    }

    /** A named milestone, stopped by {@link SlaService#reach} (or by the states of {@link #stopIn}). */
    public Builder milestone(String milestone, Duration duration) {
      return target(milestone, duration);
    }

    /** Adds (or changes the duration of) a target of that name. */
    public Builder target(String targetName, Duration duration) {
      targets.computeIfAbsent(targetName, TargetSpec::new).duration = duration;
      return this;
    }

    /** The ticket states in which the named target does not count (replacing earlier ones). */
    public Builder pauseIn(String targetName, String... states) {
      TargetSpec t = spec(targetName);
      t.pauseIn.clear();
      t.pauseIn.addAll(List.of(states));
      return this;
    }

    /** The ticket states that stop the named target as met (replacing earlier ones). */
    public Builder stopIn(String targetName, String... states) {
      TargetSpec t = spec(targetName);
      t.stopIn.clear();
      t.stopIn.addAll(List.of(states));
      return this;
    }

    public Builder restartOnReopen(String targetName, boolean restart) {
      spec(targetName).restartOnReopen = restart;
      return this;
    }

    /**
     * Share of a target at which the default warning fires (rounded to a whole percent); default
     * 0.75. Has no effect once {@link #threshold} is used.
     */
    public Builder warningRatio(double ratio) {
      if (!(ratio > 0 && ratio < 1)) {
        throw new InvalidValueException("warningRatio", "Expected a warning ratio between 0 and 1 (exclusive) for "
            + "definition " + code + ", but it is " + ratio);
      }
      this.warningPercent = (int) Math.max(1, Math.min(99, Math.round(ratio * 100)));
      return this;
    }

    /**
     * Adds (or replaces) the threshold at {@code percent} of every target's time, with its actions.
     * The first call replaces the default thresholds; the breach at 100 % is recorded whether or not
     * it is listed.
     *
     * @param percent 1 to 1000
     */
    public Builder threshold(int percent, SlaAction... actions) {
      if (percent < 1 || percent > 1000) {
        throw new InvalidValueException("thresholds", "Expected thresholds of definition " + code
            + " from 1 to 1000 percent, but one is " + percent);
      }
      if (thresholds == null) {
        thresholds = new java.util.TreeMap<>();
      }
      thresholds.put(percent, SlaThresholdRule.at(percent, actions));
      return this;
    }

    /** What running clocks do when their target or calendar changes; default {@link RecomputePolicy#FROM_START}. */
    public Builder recompute(RecomputePolicy policy) {
      this.recompute = policy;
      return this;
    }

    /** What running clocks do when a new version is published; default {@link VersionPolicy#KEEP}. */
    public Builder versions(VersionPolicy policy) {
      this.versions = policy;
      return this;
    }

    /** @throws InvalidValueException naming the first invalid field */
    public SlaDefinition build() {
      if (code == null || !CODE.matcher(code).matches()) {
        throw new InvalidValueException("code", "Expected a definition code of letters, digits, '.', '_' or '-' "
            + "(at most 64), but it is '" + code + "'");
      }
      if (name != null && (name.isBlank() || name.length() > 200)) {
        throw new InvalidValueException("name", "Expected a name of 1 to 200 characters for definition " + code);
      }
      if (agreement == null) {
        throw new InvalidValueException("agreement", "Expected an agreement (SLA, OLA, UC) for definition " + code);
      }
      if (agreement == Agreement.SLA ? !party.isEmpty() : party.isBlank() || party.length() > 64) {
        throw new InvalidValueException("party", agreement == Agreement.SLA
            ? "Expected no party on SLA " + code + " (it binds the service desk), but it names '" + party + "'"
            : "Expected the " + (agreement == Agreement.OLA ? "group" : "vendor") + " bound by " + agreement + " " + code
            + " (at most 64 characters), but it names '" + party + "'");
      }
      if (ticketTypes.isEmpty()) {
        throw new InvalidValueException("ticketTypes", "Expected definition " + code
            + " to apply to at least one ticket type " + List.of(TicketType.values()) + ", but it names none");
      }
      requireTexts("services", services);
      requireTexts("customerClasses", customerClasses);
      if (calendar == null || calendar.isBlank()) {
        throw new InvalidValueException("calendar", "Expected the name of a business calendar for definition " + code);
      }
      if (recompute == null || versions == null) {
        throw new InvalidValueException(recompute == null ? "recompute" : "versions", "Expected a policy for definition "
            + code);
      }
      if (targets.isEmpty()) {
        throw new InvalidValueException("targets", "Expected definition " + code + " to have at least one target, but it has none");
      }
      Set<String> known = ticketTypes.equals(EnumSet.of(TicketType.INCIDENT)) ? names(IncidentState.values()) : null;
      for (TargetSpec t : targets.values()) {
        String field = "targets." + t.name;
        if (t.name == null || !TARGET.matcher(t.name).matches()) {
          throw new InvalidValueException("targets", "Expected a target name of letters, digits, '_' or '-' starting with "
              + "a letter (at most 32), but it is '" + t.name + "'");
        }
        if (t.duration == null || t.duration.isNegative() || t.duration.toMillis() <= 0) {
          throw new InvalidValueException(field + ".duration", "Expected target " + t.name + " of definition " + code
              + " to be at least one millisecond, but it is " + t.duration);
        }
        if (t.duration.compareTo(SlaSettings.MAX_TARGET) > 0) {
          throw new InvalidValueException(field + ".duration", "Expected target " + t.name + " of definition " + code
              + " to be at most " + SlaSettings.MAX_TARGET.toDays() + " days, but it is " + t.duration);
        }
        checkStates(field + ".pauseIn", t.pauseIn, known);
        checkStates(field + ".stopIn", t.stopIn, known);
        Set<String> both = new TreeSet<>(t.pauseIn);
        both.retainAll(t.stopIn);
        if (!both.isEmpty()) {
          throw new InvalidValueException(field + ".pauseIn", "Expected target " + t.name + " of definition " + code
              + " to pause and stop in different states, but " + both + " are in both");
        }
      }
      return new SlaDefinition(this);
    }

    private TargetSpec spec(String targetName) {
      TargetSpec t = targets.get(targetName);
      if (t == null) {
        throw new InvalidValueException("targets." + targetName, "Expected a target named " + targetName
            + " on definition " + code + " (declare it first), but there is none; targets: " + targets.keySet());
      }
      return t;
    }

    private void requireTexts(String field, Collection<String> values) {
      for (String v : values) {
        if (v == null || v.isBlank() || v.length() > 64) {
          throw new InvalidValueException(field, "Expected " + field + " of definition " + code
              + " to be texts of 1 to 64 characters, but one is '" + v + "'");
        }
      }
    }

    private void checkStates(String field, Collection<String> states, Set<String> known) {
      for (String s : states) {
        if (s == null || !STATE.matcher(s).matches() || (known != null && !known.contains(s))) {
          throw new InvalidValueException(field, "Expected a ticket state" + (known == null ? " (upper case)" : " of "
              + known) + " in " + field + " of definition " + code + ", but got '" + s + "'");
        }
      }
    }

    private static Set<String> names(Enum<?>[] values) {
      Set<String> out = new TreeSet<>();
      for (Enum<?> v : values) {
        out.add(v.name());
      }
      return out;
    }
  }

  private static final class TargetSpec {
    final String name;
    Duration duration;
    final List<String> pauseIn = new ArrayList<>();
    final List<String> stopIn = new ArrayList<>();
    boolean restartOnReopen;

    TargetSpec(String name) {
      this.name = name;
    }

    Target build() {
      return new Target(name, duration, new LinkedHashSet<>(pauseIn), new LinkedHashSet<>(stopIn), restartOnReopen);
    }
  }
}
