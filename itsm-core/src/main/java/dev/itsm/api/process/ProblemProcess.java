package dev.itsm.api.process;

/**
 * The contract between core and the problem process model ({@code itsm-bpmn} ships
 * {@code problem.bpmn}). A model that replaces the shipped one must keep every element named here;
 * deployment refuses a model that lacks one ({@code ModelContractException}).
 *
 * <h2>How core drives the model</h2>
 * <ul>
 *   <li>{@code create} starts {@link #PROCESS_KEY} with business key and {@link #VAR_TICKET_ID} = the
 *       ticket id; the problem is {@code NEW} and the model waits at {@link #TASK_ASSESS}.</li>
 *   <li>The model moves the ticket's state with {@code ${itsmState.enter(execution, 'STATE')}} for every
 *       state it enters: {@code ASSESSED}, {@code ROOT_CAUSE_ANALYSIS}, {@code KNOWN_ERROR},
 *       {@code FIX_IN_PROGRESS}, {@code RESOLVED}, {@code CLOSED}, {@code CANCELLED}.</li>
 *   <li>{@code assess} completes {@link #TASK_ASSESS}, {@code startAnalysis} {@link #TASK_INVESTIGATE},
 *       {@code recordKnownError} {@link #TASK_ROOT_CAUSE}, {@code requestFix} {@link #TASK_KNOWN_ERROR}
 *       and {@code close} {@link #TASK_CLOSE}.</li>
 *   <li>While the problem is open (from {@code NEW} to {@code FIX_IN_PROGRESS}) {@code resolve}
 *       correlates {@link #MESSAGE_RESOLVE} and {@code cancel} {@link #MESSAGE_CANCEL}: both interrupt the
 *       work wherever it is.</li>
 *   <li>When the fix change of a problem in {@code FIX_IN_PROGRESS} fails, is backed out, rejected or
 *       cancelled, core correlates {@link #MESSAGE_FIX_FAILED}: the model leaves {@link #TASK_FIX}
 *       (a boundary event) and goes back to {@code KNOWN_ERROR}.</li>
 *   <li>When a problem gets a linked incident of priority P1, core correlates
 *       {@link #MESSAGE_MAJOR_REVIEW} once: a non-interrupting event sub-process opens
 *       {@link #TASK_MAJOR_REVIEW}, which {@code completeMajorReview} completes. Closing waits for it.</li>
 * </ul>
 */
public final class ProblemProcess {

  /** Process definition key. */
  public static final String PROCESS_KEY = "itsm-problem";

  /** Process variable: the ticket id. */
  public static final String VAR_TICKET_ID = "ticketId";

  /** Waits in {@code NEW} for the assessment. */
  public static final String TASK_ASSESS = "task_assess";
  /** Waits in {@code ASSESSED} for the root-cause analysis to start. */
  public static final String TASK_INVESTIGATE = "task_investigate";
  /** Waits in {@code ROOT_CAUSE_ANALYSIS} for the known error. */
  public static final String TASK_ROOT_CAUSE = "task_root_cause";
  /** Waits in {@code KNOWN_ERROR} for a fix to be requested. */
  public static final String TASK_KNOWN_ERROR = "task_known_error";
  /** Waits in {@code FIX_IN_PROGRESS} while the fix change runs. */
  public static final String TASK_FIX = "task_fix";
  /** Waits in {@code RESOLVED} for the closure. */
  public static final String TASK_CLOSE = "task_close";
  /** The major problem review (event sub-process). */
  public static final String TASK_MAJOR_REVIEW = "task_major_review";

  /** Message that resolves an open problem. */
  public static final String MESSAGE_RESOLVE = "itsm.problem.resolve";
  /** Message that cancels an open problem. */
  public static final String MESSAGE_CANCEL = "itsm.problem.cancel";
  /** Message: the fix change ended without success; back to the known error. */
  public static final String MESSAGE_FIX_FAILED = "itsm.problem.fixFailed";
  /** Message that opens the major problem review. */
  public static final String MESSAGE_MAJOR_REVIEW = "itsm.problem.majorReview";

  private ProblemProcess() {}
}
