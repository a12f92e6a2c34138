package dev.itsm.api.change;

/** Kinds of change window. */
public enum WindowKind {
  /** When changes to a CI (or the CIs a service depends on) may be made. */
  MAINTENANCE,
  /** When no change may be made: globally, or to the CIs of a service. */
  FREEZE
}
