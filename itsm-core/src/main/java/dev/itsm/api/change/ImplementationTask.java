package dev.itsm.api.change;

import java.time.Instant;

/**
 * One implementation task of a change. Tasks of the same step run in parallel; a step starts when
 * every task of the steps before it succeeded.
 *
 * @param index   position in the change's task list, from 0
 * @param title   what to do
 * @param step    the step it belongs to, from 1
 * @param outcome {@code null} while open, else {@link Outcome}
 * @param note    what the implementer recorded, or {@code null}
 * @param doneBy  who recorded the outcome, or {@code null}
 * @param doneAt  when, or {@code null}
 */
public record ImplementationTask(int index, String title, int step, Outcome outcome, String note, String doneBy,
                                 Instant doneAt) {

  /** How a task ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    /** Not run because another task failed. */
    SKIPPED
  }
}
