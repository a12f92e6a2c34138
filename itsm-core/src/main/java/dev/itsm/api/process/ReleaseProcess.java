package dev.itsm.api.process;

/**
 * The contract between core and the release process model ({@code itsm-bpmn} ships {@code release.bpmn}). A model
 * that replaces the shipped one must keep every element named here; deployment refuses a model that lacks one
 * ({@code ModelContractException}). A host may add its own stages (a user task, a call to its own delegates)
 * between them.
 *
 * <h2>How core drives the model</h2>
 * <ul>
 *   <li>{@code create} starts {@link #PROCESS_KEY} with business key and {@link #VAR_TICKET_ID} = the ticket id;
 *       the release is {@code PLANNING} and the model waits at {@link #TASK_PLAN}.</li>
 *   <li>The model moves the ticket's state with {@code ${itsmState.enter(execution, 'STATE')}}: {@code BUILDING},
 *       {@code TESTING}, {@code AWAITING_APPROVAL}, {@code DEPLOYING}, {@code ROLLING_BACK},
 *       {@code EARLY_LIFE_SUPPORT}, {@code REVIEW}, {@code CLOSED}, {@code ROLLED_BACK}, {@code REJECTED},
 *       {@code CANCELLED}.</li>
 *   <li>{@code startBuild} completes {@link #TASK_PLAN}. Build and test results complete {@link #TASK_BUILD} and
 *       {@link #TASK_TEST} with {@link #VAR_OUTCOME}; {@code decide} completes {@link #TASK_GO_NO_GO} with
 *       {@link #VAR_DECISION}; {@code close} completes {@link #TASK_CLOSE}.</li>
 *   <li>Deployment: a sequential multi-instance sub-process over
 *       {@code ${itsmRelease.environments(execution)}} with element variable {@link #VAR_ENVIRONMENT}. Per
 *       environment it waits for the window ({@code ${itsmRelease.windowOpen(execution)}}, else
 *       {@link #TIMER_WINDOW}), calls {@code ${itsmRelease.deploymentStarts(execution)}}, waits at
 *       {@link #TASK_DEPLOY} then {@link #TASK_VERIFY} (completed by the results with {@link #VAR_OUTCOME}); a
 *       failure ends the environment with error {@link #ERROR_DEPLOYMENT_FAILED}, caught on the sub-process, which
 *       leads to the rollback.</li>
 *   <li>Rollback: a sequential multi-instance sub-process {@link #SUBPROCESS_ROLLBACK} over
 *       {@code ${itsmRelease.rollbackOrder(execution)}} (the environments deployed, last first), element variable
 *       {@link #VAR_ENVIRONMENT}, in which {@link #TASK_ROLLBACK} waits for each environment's successful rollback
 *       result.</li>
 *   <li>Early life support waits at {@link #TIMER_EARLY_SUPPORT}; then the release waits at {@link #TASK_CLOSE}.</li>
 *   <li>{@code cancel} correlates {@link #MESSAGE_CANCEL} (an interrupting event sub-process).</li>
 *   <li>Timer dates come from {@code ${itsmRelease.due(execution, 'timer id')}}. The non-interrupting pipeline
 *       timers {@link #TIMER_BUILD}, {@link #TIMER_TEST}, {@link #TIMER_DEPLOY} (at the window's end),
 *       {@link #TIMER_VERIFY} and {@link #TIMER_ROLLBACK} call {@code ${itsmRelease.overdue(execution, 'timer id')}},
 *       which escalates to the release managers while the stage keeps waiting.</li>
 * </ul>
 */
public final class ReleaseProcess {

  /** Process definition key. */
  public static final String PROCESS_KEY = "itsm-release";

  /** Process variable: the ticket id. */
  public static final String VAR_TICKET_ID = "ticketId";
  /** Element variable of the deployment and rollback multi-instances: the environment's name. */
  public static final String VAR_ENVIRONMENT = "environment";
  /** Variable set by a stage's result: {@link #OUTCOME_SUCCESS} or {@link #OUTCOME_FAILED}. */
  public static final String VAR_OUTCOME = "outcome";
  /** Variable set by the go/no-go decision: {@link #DECISION_GO} or {@link #DECISION_NO_GO}. */
  public static final String VAR_DECISION = "decision";

  public static final String OUTCOME_SUCCESS = "success";
  public static final String OUTCOME_FAILED = "failed";
  public static final String DECISION_GO = "go";
  public static final String DECISION_NO_GO = "no_go";

  /** Waits in {@code PLANNING} for the build to start. */
  public static final String TASK_PLAN = "task_plan";
  /** Waits in {@code BUILDING} for a build result. */
  public static final String TASK_BUILD = "task_build";
  /** Waits in {@code TESTING} for the test result. */
  public static final String TASK_TEST = "task_test";
  /** Waits in {@code AWAITING_APPROVAL} for the go/no-go decision. */
  public static final String TASK_GO_NO_GO = "task_go_no_go";
  /** Waits for the deployment result of the environment {@link #VAR_ENVIRONMENT}. */
  public static final String TASK_DEPLOY = "task_deploy";
  /** Waits for the verification result of the environment {@link #VAR_ENVIRONMENT}. */
  public static final String TASK_VERIFY = "task_verify";
  /** Waits for the rollback result of the environment {@link #VAR_ENVIRONMENT} (inside {@link #SUBPROCESS_ROLLBACK}). */
  public static final String TASK_ROLLBACK = "task_rollback";
  /** Waits in {@code REVIEW} for the closure. */
  public static final String TASK_CLOSE = "task_close";

  /** The deployment sub-process (multi-instance over the environments). */
  public static final String SUBPROCESS_DEPLOY = "sp_deploy";
  /** The rollback sub-process (multi-instance over the environments deployed, last first). */
  public static final String SUBPROCESS_ROLLBACK = "sp_rollback";

  /** Non-interrupting timer on {@link #TASK_BUILD}. */
  public static final String TIMER_BUILD = "timer_build";
  /** Non-interrupting timer on {@link #TASK_TEST}. */
  public static final String TIMER_TEST = "timer_test";
  /** Intermediate timer: the environment's window opens. */
  public static final String TIMER_WINDOW = "timer_window";
  /** Non-interrupting timer on {@link #TASK_DEPLOY}, at the end of the environment's window. */
  public static final String TIMER_DEPLOY = "timer_deploy";
  /** Non-interrupting timer on {@link #TASK_VERIFY}. */
  public static final String TIMER_VERIFY = "timer_verify";
  /** Non-interrupting timer on {@link #TASK_ROLLBACK}, one per environment rolled back. */
  public static final String TIMER_ROLLBACK = "timer_rollback";
  /** Intermediate timer: the end of early life support. */
  public static final String TIMER_EARLY_SUPPORT = "timer_early_support";

  /** Error that ends an environment's deployment or verification with a failure. */
  public static final String ERROR_DEPLOYMENT_FAILED = "itsm-release-deployment-failed";
  /** Message that cancels a release. */
  public static final String MESSAGE_CANCEL = "itsm.release.cancel";

  /** Expression bean of the release steps. */
  public static final String BEAN_RELEASE = "itsmRelease";

  private ReleaseProcess() {}
}
