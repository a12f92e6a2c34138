package dev.itsm.api.change;

/** An approver's decision. */
public enum Vote {
  APPROVE,
  REJECT,
  /** Sends the change back to its requester, who answers and resubmits. */
  REQUEST_INFO
}
