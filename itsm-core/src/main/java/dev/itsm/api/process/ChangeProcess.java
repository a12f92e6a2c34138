package dev.itsm.api.process;

/**
 * The contract between core and the change process model ({@code itsm-bpmn} ships
 * {@code change.bpmn} and {@code change-risk.dmn}). A model that replaces the shipped one must keep
 * every element named here; deployment refuses a model that lacks one ({@code ModelContractException}).
 *
 * <h2>How core drives the model</h2>
 * <ul>
 *   <li>{@code submit} evaluates {@link #RISK_DECISION} for a normal change and starts
 *       {@link #PROCESS_KEY} with business key and {@link #VAR_TICKET_ID} = the ticket id,
 *       {@link #VAR_CHANGE_TYPE} = {@code STANDARD}, {@code NORMAL} or {@code EMERGENCY},
 *       {@link #VAR_RISK} = {@code LOW}, {@code MEDIUM}, {@code HIGH} (or {@code NONE} for a standard
 *       change) and {@link #VAR_DECISION} = {@code pending}.</li>
 *   <li>The model moves the ticket's state with {@code ${itsmState.enter(execution, 'STATE')}} for every
 *       state it enters (NEW is set by core).</li>
 *   <li>Approvals: core completes the approval task the change waits at, setting {@link #VAR_DECISION}
 *       to {@code approved}, {@code rejected} or {@code info} once the votes decide. The boards' tasks
 *       are multi-instance over {@code ${itsmApprovals.members(execution, 'CAB')}} (or {@code 'ECAB'})
 *       with element variable {@link #VAR_APPROVER} as assignee, complete when
 *       {@code ${decision != 'pending'}}; core sets {@link #VAR_DECISION} on the instance when a vote
 *       decides.</li>
 *   <li>{@code resubmit} completes {@link #TASK_REVISE} with a new {@link #VAR_RISK} and
 *       {@link #VAR_DECISION} = {@code pending}.</li>
 *   <li>{@code startImplementation} completes {@link #TASK_SCHEDULED}; the last task outcome completes
 *       {@link #TASK_IMPLEMENT} with {@link #VAR_OUTCOME} {@code success} or {@code failed}.</li>
 *   <li>{@code completeBackout}, {@code recordRetrospective} and {@code close} complete
 *       {@link #TASK_BACKOUT}, {@link #TASK_RETROSPECTIVE} and {@link #TASK_REVIEW}.</li>
 *   <li>{@code cancel} correlates {@link #MESSAGE_CANCEL}.</li>
 *   <li>Timer dates come from {@code ${itsmDeadlines.at(execution, 'timer id')}}:
 *       {@link #TIMER_ECAB} (interrupting, on {@link #TASK_ECAB_APPROVAL}: the decision falls to
 *       {@link #TASK_MANAGER_APPROVAL}) and {@link #TIMER_NOT_STARTED} (non-interrupting, on
 *       {@link #TASK_SCHEDULED}, at the planned end: calls
 *       {@code ${itsmEscalation.changeNotStarted(execution)}}).</li>
 * </ul>
 */
public final class ChangeProcess {

  /** Process definition key. */
  public static final String PROCESS_KEY = "itsm-change";
  /**
   * Decision assessing a normal change's risk; inputs {@link #DMN_CRITICALITY}, {@link #DMN_DOWNSTREAM},
   * {@link #DMN_OUTAGE}, {@link #DMN_BACKOUT_PLAN}, {@link #DMN_SIZE}, {@link #DMN_FAILED_CHANGES};
   * output {@link #DMN_RISK}.
   */
  public static final String RISK_DECISION = "itsm-change-risk";

  /** Highest {@code criticality} attribute among the affected CIs and the services they impact: {@code none}, {@code low}, {@code medium}, {@code high}, {@code critical}. */
  public static final String DMN_CRITICALITY = "criticality";
  /** How many items fail downstream of the affected CIs (impact analysis). */
  public static final String DMN_DOWNSTREAM = "downstream";
  /** Whether the change needs an outage. */
  public static final String DMN_OUTAGE = "outage";
  /** Whether the change has a backout plan. */
  public static final String DMN_BACKOUT_PLAN = "backoutPlan";
  /** Implementation tasks plus planned CI changes. */
  public static final String DMN_SIZE = "size";
  /** Changes on the same CIs that failed or were backed out within the failure history period. */
  public static final String DMN_FAILED_CHANGES = "failedChanges";
  /** Output: {@code LOW}, {@code MEDIUM} or {@code HIGH}. */
  public static final String DMN_RISK = "risk";

  /** Process variable: the ticket id. */
  public static final String VAR_TICKET_ID = "ticketId";
  /** Process variable: the change type's name. */
  public static final String VAR_CHANGE_TYPE = "changeType";
  /** Process variable: the assessed risk's name, {@code NONE} for a standard change. */
  public static final String VAR_RISK = "risk";
  /** Process variable: {@code pending}, {@code approved}, {@code rejected} or {@code info}. */
  public static final String VAR_DECISION = "decision";
  /** Element variable of the boards' multi-instance tasks: the member who votes. */
  public static final String VAR_APPROVER = "approver";
  /** Process variable set when the implementation ends: {@code success} or {@code failed}. */
  public static final String VAR_OUTCOME = "outcome";

  public static final String DECISION_PENDING = "pending";
  public static final String DECISION_APPROVED = "approved";
  public static final String DECISION_REJECTED = "rejected";
  public static final String DECISION_INFO = "info";
  public static final String OUTCOME_SUCCESS = "success";
  public static final String OUTCOME_FAILED = "failed";

  /** Technical approval by a peer (low risk). */
  public static final String TASK_TECHNICAL_APPROVAL = "task_technical_approval";
  /** Approval by a change manager (medium risk; emergency changes after the ECAB timer). */
  public static final String TASK_MANAGER_APPROVAL = "task_manager_approval";
  /** CAB vote, one instance per member (high risk). */
  public static final String TASK_CAB_APPROVAL = "task_cab_approval";
  /** ECAB vote, one instance per member (emergency). */
  public static final String TASK_ECAB_APPROVAL = "task_ecab_approval";
  /** The requester answers a request for information. */
  public static final String TASK_REVISE = "task_revise";
  /** Waits in {@code SCHEDULED} for the implementation to start. */
  public static final String TASK_SCHEDULED = "task_scheduled";
  /** Waits in {@code IMPLEMENTING} until every implementation task has an outcome. */
  public static final String TASK_IMPLEMENT = "task_implement";
  /** Waits in {@code BACKING_OUT} for the backout to be done. */
  public static final String TASK_BACKOUT = "task_backout";
  /** Retrospective review of an emergency change. */
  public static final String TASK_RETROSPECTIVE = "task_retrospective";
  /** Post-implementation review; closing it closes the change. */
  public static final String TASK_REVIEW = "task_review";

  /** Interrupting timer on {@link #TASK_ECAB_APPROVAL}. */
  public static final String TIMER_ECAB = "timer_ecab";
  /** Non-interrupting timer on {@link #TASK_SCHEDULED} at the planned end. */
  public static final String TIMER_NOT_STARTED = "timer_not_started";

  /** Message that cancels a change. */
  public static final String MESSAGE_CANCEL = "itsm.change.cancel";

  /** Expression bean listing a board's voters: {@code ${itsmApprovals.members(execution, 'CAB')}}. */
  public static final String BEAN_APPROVALS = "itsmApprovals";

  private ChangeProcess() {}
}
