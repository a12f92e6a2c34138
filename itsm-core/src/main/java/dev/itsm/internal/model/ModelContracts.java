package dev.itsm.internal.model;

import static dev.itsm.api.process.IncidentProcess.*;

import dev.itsm.api.process.ChangeProcess;
import dev.itsm.api.process.KnowledgeProcess;
import dev.itsm.api.process.ProblemProcess;
import dev.itsm.api.process.ReleaseProcess;

import dev.itsm.spi.ModelResource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.operaton.bpm.model.bpmn.Bpmn;
import org.operaton.bpm.model.bpmn.BpmnModelInstance;
import org.operaton.bpm.model.bpmn.instance.BoundaryEvent;
import org.operaton.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.operaton.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.operaton.bpm.model.bpmn.instance.SubProcess;
import org.operaton.bpm.model.bpmn.instance.Message;
import org.operaton.bpm.model.bpmn.instance.MessageEventDefinition;
import org.operaton.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.operaton.bpm.model.bpmn.instance.Process;
import org.operaton.bpm.model.bpmn.instance.TimerEventDefinition;
import org.operaton.bpm.model.bpmn.instance.UserTask;
import org.operaton.bpm.model.dmn.Dmn;
import org.operaton.bpm.model.dmn.DmnModelInstance;
import org.operaton.bpm.model.dmn.instance.Decision;
import org.operaton.bpm.model.dmn.instance.DecisionTable;
import org.operaton.bpm.model.dmn.instance.Input;
import org.operaton.bpm.model.dmn.instance.Output;
import org.operaton.bpm.model.xml.ModelException;

/**
 * What core relies on in each model it drives (see {@code IncidentProcess}). Checked for every model
 * deployed, shipped or overridden, and by the process pack's contract tests.
 */
public final class ModelContracts {
  /** States the incident model must be able to enter (NEW is set by core when opening). */
  public static final List<String> INCIDENT_STATES =
      List.of("ASSIGNED", "ACKNOWLEDGED", "IN_PROGRESS", "ON_HOLD", "RESOLVED", "CLOSED", "CANCELLED");
  private static final List<String> OUTCOMES =
      List.of(OUTCOME_START, OUTCOME_HOLD, OUTCOME_RESOLVE, OUTCOME_CLOSE, OUTCOME_REOPEN);
  private static final List<String> TASKS = List.of(TASK_ASSIGN, TASK_ACKNOWLEDGE, TASK_WORK, TASK_ON_HOLD, TASK_RESOLVED);
  private static final Map<String, List<List<String>>> DECISIONS = Map.of(
      PRIORITY_DECISION, List.of(List.of(DMN_IMPACT, DMN_URGENCY), List.of(DMN_PRIORITY)),
      ROUTING_DECISION, List.of(List.of(DMN_CATEGORY), List.of(DMN_GROUP)),
      ChangeProcess.RISK_DECISION, List.of(List.of(ChangeProcess.DMN_CRITICALITY, ChangeProcess.DMN_DOWNSTREAM,
          ChangeProcess.DMN_OUTAGE, ChangeProcess.DMN_BACKOUT_PLAN, ChangeProcess.DMN_SIZE, ChangeProcess.DMN_FAILED_CHANGES),
          List.of(ChangeProcess.DMN_RISK)));

  /** States the change model must be able to enter (NEW is set by core when submitting). */
  public static final List<String> CHANGE_STATES = List.of("AUTHORIZATION", "INFO_REQUESTED", "SCHEDULED", "IMPLEMENTING",
      "BACKING_OUT", "REVIEW", "CLOSED", "REJECTED", "CANCELLED");
  private static final List<String> CHANGE_TASKS = List.of(ChangeProcess.TASK_TECHNICAL_APPROVAL,
      ChangeProcess.TASK_MANAGER_APPROVAL, ChangeProcess.TASK_CAB_APPROVAL, ChangeProcess.TASK_ECAB_APPROVAL,
      ChangeProcess.TASK_REVISE, ChangeProcess.TASK_SCHEDULED, ChangeProcess.TASK_IMPLEMENT, ChangeProcess.TASK_BACKOUT,
      ChangeProcess.TASK_RETROSPECTIVE, ChangeProcess.TASK_REVIEW);
  private static final List<String> CHANGE_CONDITIONS = List.of(
      ChangeProcess.VAR_DECISION + " == '" + ChangeProcess.DECISION_APPROVED + "'",
      ChangeProcess.VAR_DECISION + " == '" + ChangeProcess.DECISION_REJECTED + "'",
      ChangeProcess.VAR_DECISION + " == '" + ChangeProcess.DECISION_INFO + "'",
      ChangeProcess.VAR_OUTCOME + " == '" + ChangeProcess.OUTCOME_SUCCESS + "'",
      ChangeProcess.VAR_OUTCOME + " == '" + ChangeProcess.OUTCOME_FAILED + "'");

  /** States the problem model must be able to enter (NEW is set by core when recording). */
  public static final List<String> PROBLEM_STATES = List.of("ASSESSED", "ROOT_CAUSE_ANALYSIS", "KNOWN_ERROR",
      "FIX_IN_PROGRESS", "RESOLVED", "CLOSED", "CANCELLED");
  private static final List<String> PROBLEM_TASKS = List.of(ProblemProcess.TASK_ASSESS, ProblemProcess.TASK_INVESTIGATE,
      ProblemProcess.TASK_ROOT_CAUSE, ProblemProcess.TASK_KNOWN_ERROR, ProblemProcess.TASK_FIX, ProblemProcess.TASK_CLOSE,
      ProblemProcess.TASK_MAJOR_REVIEW);

  /** States the release model must be able to enter (PLANNING is set by core when recording). */
  public static final List<String> RELEASE_STATES = List.of("BUILDING", "TESTING", "AWAITING_APPROVAL", "DEPLOYING",
      "ROLLING_BACK", "EARLY_LIFE_SUPPORT", "REVIEW", "CLOSED", "ROLLED_BACK", "REJECTED", "CANCELLED");
  private static final List<String> RELEASE_TASKS = List.of(ReleaseProcess.TASK_PLAN, ReleaseProcess.TASK_BUILD,
      ReleaseProcess.TASK_TEST, ReleaseProcess.TASK_GO_NO_GO, ReleaseProcess.TASK_DEPLOY, ReleaseProcess.TASK_VERIFY,
      ReleaseProcess.TASK_ROLLBACK, ReleaseProcess.TASK_CLOSE);
  /** The pipeline timers and the task each sits on (non-interrupting, escalating). */
  private static final Map<String, String> RELEASE_PIPELINE_TIMERS = Map.of(ReleaseProcess.TIMER_BUILD,
      ReleaseProcess.TASK_BUILD, ReleaseProcess.TIMER_TEST, ReleaseProcess.TASK_TEST, ReleaseProcess.TIMER_DEPLOY,
      ReleaseProcess.TASK_DEPLOY, ReleaseProcess.TIMER_VERIFY, ReleaseProcess.TASK_VERIFY, ReleaseProcess.TIMER_ROLLBACK,
      ReleaseProcess.TASK_ROLLBACK);
  private static final List<String> RELEASE_CONDITIONS = List.of(
      ReleaseProcess.VAR_OUTCOME + " == '" + ReleaseProcess.OUTCOME_SUCCESS + "'",
      ReleaseProcess.VAR_OUTCOME + " == '" + ReleaseProcess.OUTCOME_FAILED + "'",
      ReleaseProcess.VAR_DECISION + " == '" + ReleaseProcess.DECISION_GO + "'",
      ReleaseProcess.VAR_DECISION + " == '" + ReleaseProcess.DECISION_NO_GO + "'");

  /** Keys that must have a deployed model before the engine starts. */
  public static final List<String> REQUIRED_KEYS = List.of(PROCESS_KEY, PRIORITY_DECISION, ROUTING_DECISION,
      ChangeProcess.PROCESS_KEY, ChangeProcess.RISK_DECISION, ProblemProcess.PROCESS_KEY, KnowledgeProcess.PROCESS_KEY,
      ReleaseProcess.PROCESS_KEY);

  private ModelContracts() {}

  /** Descriptions of every contract element the model lacks; empty when it is complete. */
  public static List<String> missing(ModelResource model) {
    if (model.isProcess()) {
      return switch (model.key()) {
        case PROCESS_KEY -> incident(model);
        case ChangeProcess.PROCESS_KEY -> change(model);
        case ProblemProcess.PROCESS_KEY -> problem(model);
        case KnowledgeProcess.PROCESS_KEY -> knowledgeReview(model);
        case ReleaseProcess.PROCESS_KEY -> release(model);
        default -> process(model);
      };
    }
    List<List<String>> io = DECISIONS.get(model.key());
    return decision(model, io == null ? List.of() : io.get(0), io == null ? List.of() : io.get(1));
  }

  private static List<String> process(ModelResource model) {
    List<String> missing = new ArrayList<>();
    parseProcess(model, missing);
    return missing;
  }

  private static Process parseProcess(ModelResource model, List<String> missing) {
    BpmnModelInstance instance;
    try {
      instance = Bpmn.readModelFromStream(new ByteArrayInputStream(model.content()));
    } catch (ModelException e) {
      missing.add("a valid BPMN document (" + e.getMessage() + ")");
      return null;
    }
    if (!(instance.getModelElementById(model.key()) instanceof Process process)) {
      missing.add("a process with id '" + model.key() + "'");
      return null;
    }
    if (!process.isExecutable()) {
      missing.add("isExecutable=\"true\" on process '" + model.key() + "'");
    }
    if (process.getOperatonHistoryTimeToLiveString() == null) {
      missing.add("operaton:historyTimeToLive on process '" + model.key() + "' (the engine refuses processes without it)");
    }
    return process;
  }

  private static List<String> incident(ModelResource model) {
    List<String> missing = new ArrayList<>();
    Process process = parseProcess(model, missing);
    if (process == null) {
      return missing;
    }
    BpmnModelInstance instance = (BpmnModelInstance) process.getModelInstance();
    userTasks(instance, TASKS, missing);
    message(instance, MESSAGE_CANCEL, missing);
    timer(instance, TIMER_ACCEPTANCE, TASK_ACKNOWLEDGE, false, missing);
    timer(instance, TIMER_AUTO_CLOSE, TASK_RESOLVED, true, missing);
    String xml = squashedXml(model);
    for (String state : INCIDENT_STATES) {
      require(xml, BEAN_STATE + ".enter(execution, '" + state + "')", "a step", missing);
    }
    require(xml, BEAN_ESCALATION + ".acceptanceOverdue(execution)", "an escalation", missing);
    for (String outcome : OUTCOMES) {
      require(xml, VAR_OUTCOME + " == '" + outcome + "'", "a condition reading", missing);
    }
    if (!Pattern.compile("\\$\\{[^}]*\\b" + VAR_RESPONDED + "\\b[^}]*}").matcher(xml).find()) {
      missing.add("a condition reading variable '" + VAR_RESPONDED + "' (e.g. ${" + VAR_RESPONDED + "})");
    }
    return missing;
  }

  private static List<String> change(ModelResource model) {
    List<String> missing = new ArrayList<>();
    Process process = parseProcess(model, missing);
    if (process == null) {
      return missing;
    }
    BpmnModelInstance instance = (BpmnModelInstance) process.getModelInstance();
    userTasks(instance, CHANGE_TASKS, missing);
    message(instance, ChangeProcess.MESSAGE_CANCEL, missing);
    timer(instance, ChangeProcess.TIMER_ECAB, ChangeProcess.TASK_ECAB_APPROVAL, true, missing);
    timer(instance, ChangeProcess.TIMER_NOT_STARTED, ChangeProcess.TASK_SCHEDULED, false, missing);
    board(instance, ChangeProcess.TASK_CAB_APPROVAL, "CAB", missing);
    board(instance, ChangeProcess.TASK_ECAB_APPROVAL, "ECAB", missing);
    String xml = squashedXml(model);
    for (String state : CHANGE_STATES) {
      require(xml, BEAN_STATE + ".enter(execution, '" + state + "')", "a step", missing);
    }
    require(xml, BEAN_ESCALATION + ".changeNotStarted(execution)", "an escalation", missing);
    for (String condition : CHANGE_CONDITIONS) {
      require(xml, condition, "a condition reading", missing);
    }
    for (String variable : List.of(ChangeProcess.VAR_CHANGE_TYPE, ChangeProcess.VAR_RISK)) {
      if (!Pattern.compile("\\$\\{[^}]*\\b" + variable + "\\b[^}]*}").matcher(xml).find()) {
        missing.add("a condition reading variable '" + variable + "'");
      }
    }
    return missing;
  }

  private static List<String> problem(ModelResource model) {
    List<String> missing = new ArrayList<>();
    Process process = parseProcess(model, missing);
    if (process == null) {
      return missing;
    }
    BpmnModelInstance instance = (BpmnModelInstance) process.getModelInstance();
    userTasks(instance, PROBLEM_TASKS, missing);
    for (String message : List.of(ProblemProcess.MESSAGE_RESOLVE, ProblemProcess.MESSAGE_CANCEL,
        ProblemProcess.MESSAGE_MAJOR_REVIEW)) {
      message(instance, message, missing);
    }
    boolean fixFailed = instance.getModelElementsByType(BoundaryEvent.class).stream()
        .filter(e -> e.getAttachedTo() != null && ProblemProcess.TASK_FIX.equals(e.getAttachedTo().getId()))
        .flatMap(e -> e.getEventDefinitions().stream())
        .filter(MessageEventDefinition.class::isInstance).map(d -> ((MessageEventDefinition) d).getMessage())
        .anyMatch(m -> m != null && ProblemProcess.MESSAGE_FIX_FAILED.equals(m.getName()));
    if (!fixFailed) {
      missing.add("a boundary event on '" + ProblemProcess.TASK_FIX + "' catching message '" + ProblemProcess.MESSAGE_FIX_FAILED
          + "'");
    }
    String xml = squashedXml(model);
    for (String state : PROBLEM_STATES) {
      require(xml, BEAN_STATE + ".enter(execution, '" + state + "')", "a step", missing);
    }
    return missing;
  }

  private static List<String> knowledgeReview(ModelResource model) {
    List<String> missing = new ArrayList<>();
    Process process = parseProcess(model, missing);
    if (process == null) {
      return missing;
    }
    userTasks((BpmnModelInstance) process.getModelInstance(), List.of(KnowledgeProcess.TASK_REVIEW), missing);
    String xml = squashedXml(model);
    for (String state : List.of("PUBLISHED", "DRAFT")) {
      require(xml, KnowledgeProcess.BEAN_KNOWLEDGE + ".enter(execution, '" + state + "')", "a step", missing);
    }
    for (String decision : List.of(KnowledgeProcess.DECISION_APPROVED, KnowledgeProcess.DECISION_REJECTED)) {
      require(xml, KnowledgeProcess.VAR_DECISION + " == '" + decision + "'", "a condition reading", missing);
    }
    return missing;
  }

  private static List<String> release(ModelResource model) {
    List<String> missing = new ArrayList<>();
    Process process = parseProcess(model, missing);
    if (process == null) {
      return missing;
    }
    BpmnModelInstance instance = (BpmnModelInstance) process.getModelInstance();
    userTasks(instance, RELEASE_TASKS, missing);
    message(instance, ReleaseProcess.MESSAGE_CANCEL, missing);
    RELEASE_PIPELINE_TIMERS.forEach((timer, task) -> timer(instance, timer, task, false, releaseDue(timer), missing));
    for (String timer : List.of(ReleaseProcess.TIMER_WINDOW, ReleaseProcess.TIMER_EARLY_SUPPORT)) {
      TimerEventDefinition definition = instance.getModelElementById(timer) instanceof IntermediateCatchEvent event
          ? event.getEventDefinitions().stream().filter(TimerEventDefinition.class::isInstance)
              .map(TimerEventDefinition.class::cast).findFirst().orElse(null) : null;
      if (definition == null || definition.getTimeDate() == null
          || !squash(definition.getTimeDate().getTextContent()).equals(squash(releaseDue(timer)))) {
        missing.add("intermediate timer event '" + timer + "' with timeDate " + releaseDue(timer));
      }
    }
    String environments = "${" + ReleaseProcess.BEAN_RELEASE + ".environments(execution)}";
    if (!(instance.getModelElementById(ReleaseProcess.SUBPROCESS_DEPLOY) instanceof SubProcess deploy)
        || !(deploy.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics loop) || !loop.isSequential()
        || !squash(loop.getOperatonCollection()).equals(squash(environments))
        || !ReleaseProcess.VAR_ENVIRONMENT.equals(loop.getOperatonElementVariable())) {
      missing.add("sequential multi-instance sub-process '" + ReleaseProcess.SUBPROCESS_DEPLOY + "' over " + environments
          + " with element variable '" + ReleaseProcess.VAR_ENVIRONMENT + "'");
    }
    boolean caught = instance.getModelElementsByType(BoundaryEvent.class).stream()
        .filter(e -> e.getAttachedTo() != null && ReleaseProcess.SUBPROCESS_DEPLOY.equals(e.getAttachedTo().getId()))
        .flatMap(e -> e.getEventDefinitions().stream()).filter(ErrorEventDefinition.class::isInstance)
        .map(d -> ((ErrorEventDefinition) d).getError())
        .anyMatch(e -> e != null && ReleaseProcess.ERROR_DEPLOYMENT_FAILED.equals(e.getErrorCode()));
    if (!caught) {
      missing.add("an error boundary event on '" + ReleaseProcess.SUBPROCESS_DEPLOY + "' catching error code '"
          + ReleaseProcess.ERROR_DEPLOYMENT_FAILED + "'");
    }
    String rollback = "${" + ReleaseProcess.BEAN_RELEASE + ".rollbackOrder(execution)}";
    if (!(instance.getModelElementById(ReleaseProcess.SUBPROCESS_ROLLBACK) instanceof SubProcess back)
        || !(back.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics loop) || !loop.isSequential()
        || !squash(loop.getOperatonCollection()).equals(squash(rollback))
        || !ReleaseProcess.VAR_ENVIRONMENT.equals(loop.getOperatonElementVariable())) {
      missing.add("sequential multi-instance sub-process '" + ReleaseProcess.SUBPROCESS_ROLLBACK + "' over " + rollback
          + " with element variable '" + ReleaseProcess.VAR_ENVIRONMENT + "'");
    }
    for (String[] inside : new String[][] {{ReleaseProcess.TASK_DEPLOY, ReleaseProcess.SUBPROCESS_DEPLOY},
        {ReleaseProcess.TASK_VERIFY, ReleaseProcess.SUBPROCESS_DEPLOY},
        {ReleaseProcess.TASK_ROLLBACK, ReleaseProcess.SUBPROCESS_ROLLBACK}}) {
      if (instance.getModelElementById(inside[0]) instanceof UserTask task
          && !(task.getParentElement() instanceof SubProcess parent && inside[1].equals(parent.getId()))) {
        missing.add("user task '" + inside[0] + "' inside '" + inside[1] + "' (it runs once per environment)");
      }
    }
    String xml = squashedXml(model);
    for (String state : RELEASE_STATES) {
      require(xml, BEAN_STATE + ".enter(execution, '" + state + "')", "a step", missing);
    }
    require(xml, ReleaseProcess.BEAN_RELEASE + ".deploymentStarts(execution)", "a step", missing);
    require(xml, ReleaseProcess.BEAN_RELEASE + ".windowOpen(execution)", "a condition", missing);
    for (String timer : RELEASE_PIPELINE_TIMERS.keySet()) {
      require(xml, ReleaseProcess.BEAN_RELEASE + ".overdue(execution, '" + timer + "')", "an escalation", missing);
    }
    for (String condition : RELEASE_CONDITIONS) {
      require(xml, condition, "a condition reading", missing);
    }
    return missing;
  }

  private static String releaseDue(String timer) {
    return "${" + ReleaseProcess.BEAN_RELEASE + ".due(execution, '" + timer + "')}";
  }

  private static void userTasks(BpmnModelInstance instance, List<String> tasks, List<String> missing) {
    for (String task : tasks) {
      if (!(instance.getModelElementById(task) instanceof UserTask)) {
        missing.add("user task '" + task + "'");
      }
    }
  }

  private static void message(BpmnModelInstance instance, String name, List<String> missing) {
    boolean caught = instance.getModelElementsByType(MessageEventDefinition.class).stream()
        .map(MessageEventDefinition::getMessage)
        .anyMatch(m -> m != null && name.equals(((Message) m).getName()));
    if (!caught) {
      missing.add("an event catching message '" + name + "'");
    }
  }

  private static void timer(BpmnModelInstance instance, String timer, String task, boolean interrupting,
                            List<String> missing) {
    timer(instance, timer, task, interrupting, "${" + BEAN_DEADLINES + ".at(execution, '" + timer + "')}", missing);
  }

  private static void timer(BpmnModelInstance instance, String timer, String task, boolean interrupting, String expected,
                            List<String> missing) {
    if (!(instance.getModelElementById(timer) instanceof BoundaryEvent event)) {
      missing.add("boundary timer event '" + timer + "'");
      return;
    }
    if (event.getAttachedTo() == null || !task.equals(event.getAttachedTo().getId())) {
      missing.add("timer '" + timer + "' attached to '" + task + "'");
    }
    TimerEventDefinition definition = event.getEventDefinitions().stream()
        .filter(TimerEventDefinition.class::isInstance).map(TimerEventDefinition.class::cast).findFirst().orElse(null);
    if (definition == null || definition.getTimeDate() == null
        || !squash(definition.getTimeDate().getTextContent()).equals(squash(expected))) {
      missing.add("timeDate " + expected + " on timer '" + timer + "'");
    }
    if (!interrupting && event.cancelActivity()) {
      missing.add("cancelActivity=\"false\" on timer '" + timer + "' (it must not interrupt the work)");
    }
    if (interrupting && !event.cancelActivity()) {
      missing.add("an interrupting timer '" + timer + "' (cancelActivity=\"true\")");
    }
  }

  /** A board's vote: multi-instance over its members, each instance assigned to one, ending once decided. */
  private static void board(BpmnModelInstance instance, String task, String board, List<String> missing) {
    if (!(instance.getModelElementById(task) instanceof UserTask userTask)) {
      return;   // reported with the tasks
    }
    String collection = "${" + ChangeProcess.BEAN_APPROVALS + ".members(execution, '" + board + "')}";
    if (!(userTask.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics loop)
        || !squash(loop.getOperatonCollection()).equals(squash(collection))
        || !ChangeProcess.VAR_APPROVER.equals(loop.getOperatonElementVariable())) {
      missing.add("multi-instance on '" + task + "' over " + collection + " with element variable '"
          + ChangeProcess.VAR_APPROVER + "'");
      return;
    }
    String completion = "${" + ChangeProcess.VAR_DECISION + " != '" + ChangeProcess.DECISION_PENDING + "'}";
    if (loop.getCompletionCondition() == null
        || !squash(loop.getCompletionCondition().getTextContent().replace('"', '\'')).equals(squash(completion))) {
      missing.add("completion condition " + completion + " on '" + task + "'");
    }
    if (!squash("${" + ChangeProcess.VAR_APPROVER + "}").equals(squash(userTask.getOperatonAssignee()))) {
      missing.add("assignee ${" + ChangeProcess.VAR_APPROVER + "} on '" + task + "'");
    }
  }

  /**
   * The model's text without whitespace, comments and documentation (an expression only mentioned
   * there is not in the model), quotes, {@code &apos;} and {@code &amp;} unescaped, for finding required expressions.
   */
  private static String squashedXml(ModelResource model) {
    String text = new String(model.content(), StandardCharsets.UTF_8)
        .replaceAll("(?s)<!--.*?-->", "")
        .replaceAll("(?s)<(\\w+:)?documentation\\b.*?</(\\w+:)?documentation>", "");
    return squash(text.replace("&quot;", "'").replace("&apos;", "'").replace("&amp;", "&").replace('"', '\''));
  }

  /** Adds {@code what ${expression}} to {@code missing} unless the squashed model contains the expression. */
  private static void require(String squashedXml, String expression, String what, List<String> missing) {
    if (!squashedXml.contains(squash(expression))) {
      missing.add(what + " ${" + expression + "}");
    }
  }

  private static List<String> decision(ModelResource model, List<String> inputs, List<String> outputs) {
    List<String> missing = new ArrayList<>();
    DmnModelInstance instance;
    try {
      instance = Dmn.readModelFromStream(new ByteArrayInputStream(model.content()));
    } catch (ModelException e) {
      missing.add("a valid DMN document (" + e.getMessage() + ")");
      return missing;
    }
    if (!(instance.getModelElementById(model.key()) instanceof Decision decision)) {
      missing.add("a decision with id '" + model.key() + "'");
      return missing;
    }
    if (decision.getOperatonHistoryTimeToLiveString() == null) {
      missing.add("operaton:historyTimeToLive on decision '" + model.key() + "' (the engine refuses decisions without it)");
    }
    if (!(decision.getExpression() instanceof DecisionTable table)) {
      if (!inputs.isEmpty() || !outputs.isEmpty()) {
        missing.add("a decision table in decision '" + model.key() + "'");
      }
      return missing;
    }
    for (String input : inputs) {
      boolean found = table.getInputs().stream().map(Input::getInputExpression)
          .anyMatch(e -> e != null && e.getText() != null && e.getText().getTextContent().trim().equals(input));
      if (!found) {
        missing.add("input expression '" + input + "' in decision '" + model.key() + "'");
      }
    }
    for (String output : outputs) {
      if (table.getOutputs().stream().map(Output::getName).noneMatch(output::equals)) {
        missing.add("output '" + output + "' in decision '" + model.key() + "'");
      }
    }
    return missing;
  }

  private static String squash(String s) {
    return s == null ? "" : s.replaceAll("\\s+", "");
  }
}
