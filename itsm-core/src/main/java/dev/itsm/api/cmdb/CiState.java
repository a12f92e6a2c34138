package dev.itsm.api.cmdb;

import java.util.EnumSet;
import java.util.Set;

/** Lifecycle of a configuration item. */
public enum CiState {
  PLANNED,
  IN_USE,
  IN_MAINTENANCE,
  /** Final: a retired CI keeps its history but changes no more. */
  RETIRED;

  /** States this one may move to. */
  public Set<CiState> next() {
    return switch (this) {
      case PLANNED -> EnumSet.of(IN_USE, RETIRED);
      case IN_USE -> EnumSet.of(IN_MAINTENANCE, RETIRED);
      case IN_MAINTENANCE -> EnumSet.of(IN_USE, RETIRED);
      case RETIRED -> EnumSet.noneOf(CiState.class);
    };
  }
}
