package dev.itsm.api.change;

/** Why two plans clash; each kind has a {@link ConflictPolicy} in {@link ChangeSettings#conflictPolicies()}. */
public enum ConflictKind {
  /** Another active change touches the same CI in an overlapping window. */
  SAME_CI,
  /** Another active change touches a CI directly related (either direction) to one of this change's, in an overlapping window. */
  RELATED_CI,
  /** A CI has maintenance windows (its own or of a service it supports), and none holds the change's window. */
  OUTSIDE_MAINTENANCE_WINDOW,
  /** The window overlaps a freeze window, global or of a service the change's CIs support. */
  FREEZE,
  /** The implementer implements another active change in an overlapping window. */
  IMPLEMENTER_BUSY
}
