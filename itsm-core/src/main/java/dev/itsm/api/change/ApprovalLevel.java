package dev.itsm.api.change;

/** Who approves a change. */
public enum ApprovalLevel {
  /** A member of the change's group (low risk); a peer review. */
  TECHNICAL,
  /** A change manager (medium risk, or an emergency change whose ECAB did not decide in time). */
  CHANGE_MANAGER,
  /** The members of the change advisory board, by the configured {@link CabRule} (high risk). */
  CAB,
  /** The members of the emergency CAB, by its rule, under the ECAB timer (emergency changes). */
  ECAB
}
