package dev.itsm.api.change;

/** How a change is authorised. */
public enum ChangeType {
  /** Created from a pre-approved template of the catalogue: no approval, straight to scheduling. */
  STANDARD,
  /** Risk assessed by the risk decision; approved by a peer, the change manager or the CAB. */
  NORMAL,
  /** Approved by the emergency CAB under a short timer; a retrospective review is mandatory. */
  EMERGENCY
}
