package dev.itsm.examples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Minimum, median and maximum of a few measurements. */
record Summary(double min, double median, double max) {

  static Summary of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one value to summarise, but there are none");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int size = sorted.size();
    double median = size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    return new Summary(sorted.get(0), median, sorted.get(size - 1));
  }
}
