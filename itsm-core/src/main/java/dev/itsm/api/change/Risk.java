package dev.itsm.api.change;

/**
 * The risk of a normal change as the risk decision ({@code itsm-change-risk}) assesses it; it selects
 * the approval: {@link #LOW} a technical approval by a peer, {@link #MEDIUM} the change manager,
 * {@link #HIGH} the CAB.
 */
public enum Risk {
  LOW,
  MEDIUM,
  HIGH
}
