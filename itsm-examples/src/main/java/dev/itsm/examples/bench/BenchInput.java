package dev.itsm.examples.bench;

import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;

/**
 * What lifecycle number {@code i} reports: both paths cycle through the nine impact x urgency
 * combinations in the same order, so they evaluate the priority table on the same inputs and arm
 * timers with the same targets.
 */
record BenchInput(Impact impact, Urgency urgency) {
  private static final Impact[] IMPACTS = Impact.values();
  private static final Urgency[] URGENCIES = Urgency.values();

  static BenchInput of(int i) {
    int combination = Math.floorMod(i, IMPACTS.length * URGENCIES.length);
    return new BenchInput(IMPACTS[combination / URGENCIES.length], URGENCIES[combination % URGENCIES.length]);
  }
}
