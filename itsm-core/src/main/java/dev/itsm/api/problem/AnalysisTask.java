package dev.itsm.api.problem;

import java.time.Instant;

/**
 * A root-cause analysis task of a problem. Tasks run in parallel: each is assigned to one person and
 * completed with its findings.
 *
 * @param index      position in the problem's task list, from 0
 * @param assigneeId who works on it
 * @param findings   what was found; {@code null} while open
 * @param doneBy     who completed it; {@code null} while open
 */
public record AnalysisTask(int index, String title, String assigneeId, String findings, String doneBy, Instant doneAt) {

  /** Whether the task was completed. */
  public boolean isDone() {
    return doneAt != null;
  }
}
