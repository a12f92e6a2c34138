package dev.itsm.api.change;

/** Lifecycle states of a change; the change process moves a change through them. */
public enum ChangeState {
  /** Submitted; the process routes it at once. */
  NEW,
  /** Waiting for the approval its type and risk call for. */
  AUTHORIZATION,
  /** An approver asked the requester for information; waits for the requester to resubmit. */
  INFO_REQUESTED,
  /** Approved (or standard) and waiting for its implementation to start. */
  SCHEDULED,
  /** Being implemented: its tasks are worked and their outcomes recorded. */
  IMPLEMENTING,
  /** Implementation failed; the backout task runs. */
  BACKING_OUT,
  /** Post-implementation review; an emergency change's retrospective review comes first, in this state. */
  REVIEW,
  /** Reviewed and closed with a {@link CloseCode}. */
  CLOSED,
  /** An approver rejected it. */
  REJECTED,
  /** Cancelled before its implementation started. */
  CANCELLED;

  /** Whether nothing follows this state. */
  public boolean isFinal() {
    return this == CLOSED || this == REJECTED || this == CANCELLED;
  }
}
