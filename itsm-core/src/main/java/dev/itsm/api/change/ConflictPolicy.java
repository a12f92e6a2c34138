package dev.itsm.api.change;

/** What a conflict of a kind does. */
public enum ConflictPolicy {
  /** Recorded in the change's audit trail and listed by {@code ChangeService#conflicts}; the step goes on. */
  WARN,
  /** The step (submission, approval, rescheduling, start of implementation) is refused with a {@link dev.itsm.api.ChangeConflictException}. */
  BLOCK
}
