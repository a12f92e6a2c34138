package dev.itsm.examples.bench;

import org.operaton.bpm.engine.ProcessEngine;

/**
 * One way of running the incident lifecycle the benchmark measures: open, assign, acknowledge,
 * resolve, close, each step one transaction.
 */
interface LifecyclePath extends AutoCloseable {

  /** Short name for the output, e.g. {@code ITSM}. */
  String name();

  /** The process engine underneath (for the shape check and the completion counts). */
  ProcessEngine processEngine();

  /**
   * Runs lifecycle number {@code i} from open to close; calls {@code probe} after each of the five
   * steps with the process instance id.
   */
  void lifecycle(int i, StepProbe probe);

  /** Waits until work the path does after its commits (such as event delivery) is done. */
  void drain();

  /** Counts that show every lifecycle so far completed. */
  Completion completion();

  @Override
  void close();

  /** Looks at the process after a step. */
  @FunctionalInterface
  interface StepProbe {
    StepProbe NONE = (step, processInstanceId) -> { };

    void after(String step, String processInstanceId);
  }

  /**
   * What a path reports about the lifecycles it ran.
   *
   * @param completedInstances process instances that ended, from history (0 at history level none)
   * @param runningInstances   process instances still running (expected 0)
   * @param closedTickets      tickets closed ({@code -1} where there are no tickets)
   * @param decisions          historic decision evaluations (recorded at history level full only)
   * @param delivered          events and notifications delivered after commit ({@code -1} where there are none)
   */
  record Completion(long completedInstances, long runningInstances, long closedTickets, long decisions,
                    long delivered) {}
}
