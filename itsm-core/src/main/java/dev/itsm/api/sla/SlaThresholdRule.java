package dev.itsm.api.sla;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A point on a clock, as a share of its target, and what happens there. 100 % is the breach;
 * points below it are warnings; points above it escalate further after a breach.
 *
 * @param percent share of the target, 1 to 1000
 * @param actions what to do, in the order of {@link SlaAction}; may be empty (the threshold is only recorded)
 */
public record SlaThresholdRule(int percent, Set<SlaAction> actions) {
  public SlaThresholdRule {
    actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
  }

  /** A threshold with its actions. */
  public static SlaThresholdRule at(int percent, SlaAction... actions) {
    return new SlaThresholdRule(percent, actions.length == 0 ? Set.of() : EnumSet.copyOf(List.of(actions)));
  }

  /** The actions in the order they run. */
  public List<SlaAction> ordered() {
    return actions.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(actions));
  }
}
