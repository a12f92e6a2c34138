package dev.itsm.api.process;

/**
 * The contract between core and the incident process model ({@code itsm-bpmn} ships
 * {@code incident.bpmn}, {@code incident-priority.dmn} and {@code incident-routing.dmn}). A model
 * that replaces the shipped one must keep every element named here; deployment refuses a model
 * that lacks one ({@code ModelContractException}).
 *
 * <h2>How core drives the model</h2>
 * <ul>
 *   <li>{@code open} starts {@link #PROCESS_KEY} with business key and {@link #VAR_TICKET_ID} = the
 *       ticket id, {@link #VAR_RESPONDED} = {@code false}.</li>
 *   <li>Each API operation completes the user task of its step (and only if the process waits there),
 *       setting {@link #VAR_OUTCOME} where the step has several ways out.</li>
 *   <li>{@code cancel} correlates {@link #MESSAGE_CANCEL}.</li>
 *   <li>The model moves the ticket's state by calling
 *       {@code ${itsmState.enter(execution, 'STATE')}} ({@link #BEAN_STATE}) for every state it enters.</li>
 *   <li>Timer dates come from {@code ${itsmDeadlines.at(execution, 'timer id')}} ({@link #BEAN_DEADLINES});
 *       when a deadline moves (priority change, reassignment) core moves the armed timer jobs with
 *       the ids below.</li>
 *   <li>The acceptance timeout calls {@code ${itsmEscalation.acceptanceOverdue(execution)}}; the
 *       gateways read {@link #VAR_OUTCOME} (one condition per {@code OUTCOME_} value) and
 *       {@link #VAR_RESPONDED}. Deployment checks all of these too.</li>
 *   <li>SLA clocks are not in the model: each running clock has an engine timer job of its own
 *       (type {@code itsm-sla-threshold}, on the process instance) due at its next threshold, since
 *       the clocks a ticket has depend on its SLA definitions. A threshold with {@code MAJOR_REVIEW}
 *       delivers {@link #MESSAGE_MAJOR_REVIEW} when the model waits for it.</li>
 * </ul>
 *
 * <p>The contract has no BPMN error codes: the shipped model throws no BPMN errors and core catches
 * none. Failures of core's beans are typed exceptions that roll the whole operation back. A host
 * model may add error events of its own and must handle them inside the model.
 */
public final class IncidentProcess {

  /** Process definition key. */
  public static final String PROCESS_KEY = "itsm-incident";
  /** Decision deciding the priority; inputs {@link #DMN_IMPACT}, {@link #DMN_URGENCY}, output {@link #DMN_PRIORITY}. */
  public static final String PRIORITY_DECISION = "itsm-incident-priority";
  /** Decision routing to a group; input {@link #DMN_CATEGORY}, output {@link #DMN_GROUP}. */
  public static final String ROUTING_DECISION = "itsm-incident-routing";

  /** Input of the priority decision: {@code HIGH}, {@code MEDIUM} or {@code LOW}. */
  public static final String DMN_IMPACT = "impact";
  /** Input of the priority decision: {@code HIGH}, {@code MEDIUM} or {@code LOW}. */
  public static final String DMN_URGENCY = "urgency";
  /** Output of the priority decision: {@code P1}..{@code P5}. */
  public static final String DMN_PRIORITY = "priority";
  /** Input of the routing decision: the incident category. */
  public static final String DMN_CATEGORY = "category";
  /** Output of the routing decision: a group id. */
  public static final String DMN_GROUP = "group";

  /** Process variable: the ticket id (a UUID as text). */
  public static final String VAR_TICKET_ID = "ticketId";
  /** Process variable set when a step with several ways out is completed; see the {@code OUTCOME_} constants. */
  public static final String VAR_OUTCOME = "outcome";
  /** Process variable: {@code true} once the incident was acknowledged (the response phase is over). */
  public static final String VAR_RESPONDED = "responded";

  /** Waits in {@code NEW} for an agent to be assigned. */
  public static final String TASK_ASSIGN = "task_assign";
  /** Waits in {@code ASSIGNED} for the agent to acknowledge. */
  public static final String TASK_ACKNOWLEDGE = "task_acknowledge";
  /** Waits in {@code ACKNOWLEDGED} or {@code IN_PROGRESS}; outcomes start, hold, resolve. */
  public static final String TASK_WORK = "task_work";
  /** Waits in {@code ON_HOLD} for resume. */
  public static final String TASK_ON_HOLD = "task_on_hold";
  /** Waits in {@code RESOLVED}; outcomes close, reopen; the auto-close timer sits on it. */
  public static final String TASK_RESOLVED = "task_resolved";

  /** {@link #TASK_WORK} completed by start work. */
  public static final String OUTCOME_START = "start";
  /** {@link #TASK_WORK} completed by hold. */
  public static final String OUTCOME_HOLD = "hold";
  /** {@link #TASK_WORK} completed by resolve. */
  public static final String OUTCOME_RESOLVE = "resolve";
  /** {@link #TASK_RESOLVED} completed by close. */
  public static final String OUTCOME_CLOSE = "close";
  /** {@link #TASK_RESOLVED} completed by reopen. */
  public static final String OUTCOME_REOPEN = "reopen";

  /** Message that cancels an open incident. */
  public static final String MESSAGE_CANCEL = "itsm.incident.cancel";
  /**
   * Message an SLA threshold with {@code MAJOR_REVIEW} sends to start a major-incident review; the
   * shipped model opens {@link #TASK_MAJOR_REVIEW} in a non-interrupting event subprocess. Optional:
   * a model without it gets the managers' notification only.
   */
  public static final String MESSAGE_MAJOR_REVIEW = "itsm.incident.majorReview";
  /** The major-incident review task of the shipped model (for the group's managers; completing it ends the review). */
  public static final String TASK_MAJOR_REVIEW = "task_major_review";

  /** Non-interrupting timer on {@link #TASK_ACKNOWLEDGE}: acceptance timeout. */
  public static final String TIMER_ACCEPTANCE = "timer_acceptance";
  /** Interrupting timer on {@link #TASK_RESOLVED}: closes the incident automatically. */
  public static final String TIMER_AUTO_CLOSE = "timer_auto_close";

  /** Expression bean moving the ticket state: {@code ${itsmState.enter(execution, 'ASSIGNED')}}. */
  public static final String BEAN_STATE = "itsmState";
  /** Expression bean for timer dates: {@code ${itsmDeadlines.at(execution, 'timer_acceptance')}}. */
  public static final String BEAN_DEADLINES = "itsmDeadlines";
  /** Expression bean for escalations: {@code ${itsmEscalation.acceptanceOverdue(execution)}}. */
  public static final String BEAN_ESCALATION = "itsmEscalation";

  private IncidentProcess() {}
}
