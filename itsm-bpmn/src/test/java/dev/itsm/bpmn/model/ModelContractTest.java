package dev.itsm.bpmn.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.Risk;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.api.process.ChangeProcess;
import dev.itsm.api.process.KnowledgeProcess;
import dev.itsm.api.process.ProblemProcess;
import dev.itsm.api.process.IncidentProcess;
import dev.itsm.api.process.ReleaseProcess;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.bpmn.ReleaseProcessPack;
import dev.itsm.bpmn.ChangeProcessPack;
import dev.itsm.bpmn.ProblemProcessPack;
import dev.itsm.bpmn.IncidentProcessPack;
import dev.itsm.internal.model.ModelContracts;
import dev.itsm.spi.ModelResource;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.model.bpmn.Bpmn;
import org.operaton.bpm.model.bpmn.BpmnModelInstance;
import org.operaton.bpm.model.bpmn.instance.BoundaryEvent;
import org.operaton.bpm.model.bpmn.instance.CatchEvent;
import org.operaton.bpm.model.bpmn.instance.ConditionExpression;
import org.operaton.bpm.model.bpmn.instance.FlowNode;
import org.operaton.bpm.model.bpmn.instance.Message;
import org.operaton.bpm.model.bpmn.instance.MessageEventDefinition;
import org.operaton.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.operaton.bpm.model.bpmn.instance.Process;
import org.operaton.bpm.model.bpmn.instance.SequenceFlow;
import org.operaton.bpm.model.bpmn.instance.TimerEventDefinition;
import org.operaton.bpm.model.bpmn.instance.UserTask;
import org.operaton.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.operaton.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.operaton.bpm.model.dmn.Dmn;
import org.operaton.bpm.model.dmn.DmnModelInstance;
import org.operaton.bpm.model.dmn.instance.Decision;
import org.operaton.bpm.model.dmn.instance.DecisionTable;
import org.operaton.bpm.model.dmn.instance.Input;
import org.operaton.bpm.model.dmn.instance.Output;

/**
 * Parses the shipped models and checks that every constant of {@link IncidentProcess} and
 * {@link ChangeProcess}, {@link ProblemProcess} and {@link KnowledgeProcess} exists in them, and that the deployment
 * check refuses a model without one.
 */
class ModelContractTest {
  private static final ModelResource BPMN = ModelResource.classpath(IncidentProcess.PROCESS_KEY,
      IncidentProcessPack.INCIDENT_BPMN, ModelContractTest.class);
  private static final ModelResource PRIORITY = ModelResource.classpath(IncidentProcess.PRIORITY_DECISION,
      IncidentProcessPack.PRIORITY_DMN, ModelContractTest.class);
  private static final ModelResource ROUTING = ModelResource.classpath(IncidentProcess.ROUTING_DECISION,
      IncidentProcessPack.ROUTING_DMN, ModelContractTest.class);

  private static final ModelResource CHANGE = ModelResource.classpath(ChangeProcess.PROCESS_KEY,
      ChangeProcessPack.CHANGE_BPMN, ModelContractTest.class);
  private static final ModelResource RISK = ModelResource.classpath(ChangeProcess.RISK_DECISION,
      ChangeProcessPack.RISK_DMN, ModelContractTest.class);

  private final BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(BPMN.content()));
  private final String xml = new String(BPMN.content(), StandardCharsets.UTF_8);
  private final BpmnModelInstance changeModel = Bpmn.readModelFromStream(new ByteArrayInputStream(CHANGE.content()));
  private final String changeXml = new String(CHANGE.content(), StandardCharsets.UTF_8);

  @Test
  void theShippedModelsSatisfyTheContractTheEngineChecksAtDeployment() {
    assertThat(ModelContracts.missing(BPMN)).isEmpty();
    assertThat(ModelContracts.missing(PRIORITY)).isEmpty();
    assertThat(ModelContracts.missing(ROUTING)).isEmpty();
  }

  @Test
  void theProcessKeyIsAnExecutableProcessWithAHistoryTimeToLive() {
    Process process = model.getModelElementById(IncidentProcess.PROCESS_KEY);
    assertThat(process.isExecutable()).isTrue();
    assertThat(process.getOperatonHistoryTimeToLiveString()).isNotBlank();
  }

  @Test
  void everyTaskConstantIsAUserTask() {
    assertThat(constants("TASK_")).isNotEmpty().allSatisfy(id ->
        assertThat((Object) model.getModelElementById(id)).as(id).isInstanceOf(UserTask.class));
  }

  @Test
  void everyTimerConstantIsABoundaryTimerWhoseDateComesFromCore() {
    assertThat(constants("TIMER_")).isNotEmpty().allSatisfy(id -> {
      assertThat((Object) model.getModelElementById(id)).as(id).isInstanceOf(BoundaryEvent.class);
      BoundaryEvent event = model.getModelElementById(id);
      TimerEventDefinition timer = (TimerEventDefinition) event.getEventDefinitions().iterator().next();
      assertThat(timer.getTimeDate().getTextContent()).isEqualTo("${itsmDeadlines.at(execution, '" + id + "')}");
      assertThat(event.cancelActivity()).as("%s interrupts", id).isEqualTo(id.equals(IncidentProcess.TIMER_AUTO_CLOSE));
    });
  }

  @Test
  void everyMessageConstantIsCaughtByAnEvent() {
    List<String> caught = model.getModelElementsByType(MessageEventDefinition.class).stream()
        .filter(definition -> definition.getParentElement() instanceof CatchEvent)
        .map(MessageEventDefinition::getMessage).filter(m -> m != null).map(Message::getName).toList();
    assertThat(constants("MESSAGE_")).isNotEmpty().allSatisfy(name -> assertThat(caught).contains(name));
  }

  @Test
  void everyConstantBelongsToAKindThisTestChecks() {
    // a constant of a new kind (say ERROR_) must get its own check here before it is public
    List<String> kinds = List.of("PROCESS_KEY", "PRIORITY_DECISION", "ROUTING_DECISION", "DMN_", "VAR_", "TASK_",
        "OUTCOME_", "MESSAGE_", "TIMER_", "BEAN_");
    assertThat(IncidentProcess.class.getFields()).allSatisfy(field ->
        assertThat(kinds).as(field.getName()).anyMatch(kind -> field.getName().startsWith(kind)));
  }

  @Test
  void removingAnyContractElementFromTheModelIsReportedByTheDeploymentCheck() {
    Map<String, String[]> breakages = Map.of(
        "an escalation ${itsmEscalation.acceptanceOverdue(execution)}",
        new String[] {"itsmEscalation.acceptanceOverdue(execution)", "itsmEscalation.toString()"},
        "a condition reading ${outcome == 'reopen'}", new String[] {"${outcome == 'reopen'}", "${outcome == 'again'}"},
        "a condition reading variable 'responded' (e.g. ${responded})", new String[] {"${responded}", "${true}"},
        "a step ${itsmState.enter(execution, 'CLOSED')}",
        new String[] {"itsmState.enter(execution, 'CLOSED')", "itsmState.enter(execution, 'RESOLVED')"},
        "an event catching message 'itsm.incident.cancel'",
        new String[] {"name=\"itsm.incident.cancel\"", "name=\"host.cancel\""});
    breakages.forEach((expected, change) -> {
      assertThat(xml).as(expected).contains(change[0]);
      ModelResource broken = new ModelResource(IncidentProcess.PROCESS_KEY, "broken.bpmn",
          xml.replace(change[0], change[1]).getBytes(StandardCharsets.UTF_8));
      assertThat(ModelContracts.missing(broken)).as(expected).containsExactly(expected);
    });
  }

  @Test
  void everyOutcomeAndVariableTheGatewaysUseIsAConstant() {
    String conditions = model.getModelElementsByType(ConditionExpression.class).stream()
        .map(ConditionExpression::getTextContent).collect(Collectors.joining("\n"));
    assertThat(constants("OUTCOME_")).isNotEmpty().allSatisfy(outcome ->
        assertThat(conditions).contains("${" + IncidentProcess.VAR_OUTCOME + " == '" + outcome + "'}"));
    assertThat(conditions).contains("${" + IncidentProcess.VAR_RESPONDED + "}");
    // VAR_TICKET_ID is set by core and read by the beans, not by the model: IncidentLifecycleTest
    // checks it on a running instance
    assertThat(xml).doesNotContain("${" + IncidentProcess.VAR_TICKET_ID);
  }

  @Test
  void everyStateButNewIsEnteredByTheOneStateStep() {
    for (IncidentState state : IncidentState.values()) {
      String step = "${" + IncidentProcess.BEAN_STATE + ".enter(execution, '" + state + "')}";
      if (state == IncidentState.NEW) {
        assertThat(xml).doesNotContain(step);
      } else {
        assertThat(xml).as(state.name()).contains(step);
      }
    }
  }

  @Test
  void everyBeanTheModelCallsIsRegisteredByThePack() {
    List<String> registered = new ArrayList<>();
    new IncidentProcessPack().setup(new RecordingSetupContext(registered));
    assertThat(constants("BEAN_")).isNotEmpty().allSatisfy(bean -> {
      assertThat(xml).contains("${" + bean + ".");
      assertThat(registered).contains(bean);
    });
  }

  @Test
  void theDecisionsHaveTheContractsInputsAndOutputs() {
    assertDecision(PRIORITY, List.of(IncidentProcess.DMN_IMPACT, IncidentProcess.DMN_URGENCY), IncidentProcess.DMN_PRIORITY);
    assertDecision(ROUTING, List.of(IncidentProcess.DMN_CATEGORY), IncidentProcess.DMN_GROUP);
  }

  @Test
  void everyElementHasDiagramLayoutSoTheModelOpensInAModeler() {
    Map<String, BpmnShape> shapes = model.getModelElementsByType(BpmnShape.class).stream()
        .collect(Collectors.toMap(s -> s.getBpmnElement().getId(), s -> s));
    Collection<FlowNode> nodes = model.getModelElementsByType(FlowNode.class);
    assertThat(nodes).hasSizeGreaterThan(40).allSatisfy(node -> {
      assertThat(shapes).as("shape of %s", node.getId()).containsKey(node.getId());
      assertThat(shapes.get(node.getId()).getBounds().getWidth()).isPositive();
    });
    Map<String, BpmnEdge> edges = model.getModelElementsByType(BpmnEdge.class).stream()
        .collect(Collectors.toMap(e -> e.getBpmnElement().getId(), e -> e));
    assertThat(model.getModelElementsByType(SequenceFlow.class)).allSatisfy(flow -> {
      assertThat(edges).as("edge of %s", flow.getId()).containsKey(flow.getId());
      assertThat(edges.get(flow.getId()).getWaypoints()).hasSizeGreaterThanOrEqualTo(2);
    });
    for (ModelResource dmn : List.of(PRIORITY, ROUTING)) {
      assertThat(new String(dmn.content(), StandardCharsets.UTF_8)).contains("dmnElementRef=\"" + dmn.key() + "\"");
    }
  }

  // ------------------------------------------------------------------ change model (ChangeProcess)

  @Test
  void theShippedChangeModelsSatisfyTheContractTheEngineChecksAtDeployment() {
    assertThat(ModelContracts.missing(CHANGE)).isEmpty();
    assertThat(ModelContracts.missing(RISK)).isEmpty();
  }

  @Test
  void theChangePackShipsBothChangeModelsUnderTheContractsKeys() {
    List<ModelResource> shipped = new ArrayList<>();
    new ChangeProcessPack().setup(new RecordingSetupContext(new ArrayList<>(), shipped));
    assertThat(shipped).extracting(ModelResource::key, ModelResource::resourceName).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(ChangeProcess.PROCESS_KEY, "change.bpmn"),
        org.assertj.core.groups.Tuple.tuple(ChangeProcess.RISK_DECISION, "change-risk.dmn"));
  }

  @Test
  void theChangeProcessKeyIsAnExecutableProcessWithAHistoryTimeToLive() {
    Process process = changeModel.getModelElementById(ChangeProcess.PROCESS_KEY);
    assertThat(process).isNotNull();
    assertThat(process.isExecutable()).isTrue();
    assertThat(process.getOperatonHistoryTimeToLiveString()).isNotBlank();
  }

  @Test
  void everyChangeTaskConstantIsAUserTaskOfTheChangeModel() {
    assertThat(constants(ChangeProcess.class, "TASK_")).hasSize(10).allSatisfy(id ->
        assertThat((Object) changeModel.getModelElementById(id)).as(id).isInstanceOf(UserTask.class));
  }

  @Test
  void everyChangeTimerConstantIsABoundaryTimerWhoseDateComesFromCore() {
    assertThat(constants(ChangeProcess.class, "TIMER_")).containsExactlyInAnyOrder(ChangeProcess.TIMER_ECAB,
        ChangeProcess.TIMER_NOT_STARTED).allSatisfy(id -> {
      assertThat((Object) changeModel.getModelElementById(id)).as(id).isInstanceOf(BoundaryEvent.class);
      BoundaryEvent event = changeModel.getModelElementById(id);
      assertThat(event.getEventDefinitions()).as(id).singleElement().isInstanceOf(TimerEventDefinition.class);
      TimerEventDefinition timer = (TimerEventDefinition) event.getEventDefinitions().iterator().next();
      assertThat(timer.getTimeDate().getTextContent()).isEqualTo("${itsmDeadlines.at(execution, '" + id + "')}");
    });
  }

  @Test
  void theEcabTimerInterruptsTheEcabVoteAndHandsTheDecisionToTheChangeManager() {
    BoundaryEvent timer = changeModel.getModelElementById(ChangeProcess.TIMER_ECAB);
    assertThat(timer.cancelActivity()).isTrue();
    assertThat(timer.getAttachedTo().getId()).isEqualTo(ChangeProcess.TASK_ECAB_APPROVAL);
    assertThat(timer.getOutgoing()).extracting(flow -> flow.getTarget().getId())
        .containsExactly(ChangeProcess.TASK_MANAGER_APPROVAL);
  }

  @Test
  void theNotStartedTimerWatchesTheScheduledChangeWithoutInterruptingItAndEscalates() {
    BoundaryEvent timer = changeModel.getModelElementById(ChangeProcess.TIMER_NOT_STARTED);
    assertThat(timer.cancelActivity()).isFalse();
    assertThat(timer.getAttachedTo().getId()).isEqualTo(ChangeProcess.TASK_SCHEDULED);
    assertThat(timer.getOutgoing()).singleElement().satisfies(flow ->
        assertThat(flow.getTarget().getAttributeValueNs("http://operaton.org/schema/1.0/bpmn", "expression"))
            .isEqualTo("${itsmEscalation.changeNotStarted(execution)}"));
  }

  @Test
  void theBoardsVoteInParallelOneTaskPerMemberUntilTheDecisionIsNoLongerPending() {
    Map<String, String> boards = Map.of(ChangeProcess.TASK_CAB_APPROVAL, "CAB", ChangeProcess.TASK_ECAB_APPROVAL, "ECAB");
    boards.forEach((task, board) -> {
      UserTask vote = changeModel.getModelElementById(task);
      assertThat(vote.getLoopCharacteristics()).as(task).isInstanceOf(MultiInstanceLoopCharacteristics.class);
      MultiInstanceLoopCharacteristics loop = (MultiInstanceLoopCharacteristics) vote.getLoopCharacteristics();
      assertThat(loop.isSequential()).as("%s is sequential", task).isFalse();
      assertThat(loop.getOperatonCollection()).isEqualTo("${" + ChangeProcess.BEAN_APPROVALS + ".members(execution, '"
          + board + "')}");
      assertThat(loop.getOperatonElementVariable()).isEqualTo(ChangeProcess.VAR_APPROVER);
      assertThat(vote.getOperatonAssignee()).isEqualTo("${" + ChangeProcess.VAR_APPROVER + "}");
      assertThat(loop.getCompletionCondition().getTextContent())
          .isEqualTo("${" + ChangeProcess.VAR_DECISION + " != '" + ChangeProcess.DECISION_PENDING + "'}");
    });
  }

  @Test
  void theCancelMessageIsCaughtByAnEventOfTheChangeModel() {
    List<String> caught = changeModel.getModelElementsByType(MessageEventDefinition.class).stream()
        .filter(definition -> definition.getParentElement() instanceof CatchEvent)
        .map(MessageEventDefinition::getMessage).filter(m -> m != null).map(Message::getName).toList();
    assertThat(constants(ChangeProcess.class, "MESSAGE_")).containsExactly(ChangeProcess.MESSAGE_CANCEL)
        .allSatisfy(name -> assertThat(caught).contains(name));
  }

  @Test
  void everyChangeStateButNewIsEnteredByTheOneStateStep() {
    for (ChangeState state : ChangeState.values()) {
      String step = "${" + IncidentProcess.BEAN_STATE + ".enter(execution, '" + state + "')}";
      if (state == ChangeState.NEW) {
        assertThat(changeXml).doesNotContain(step);
      } else {
        assertThat(changeXml).as(state.name()).contains(step);
      }
    }
  }

  @Test
  void everyDecisionOutcomeAndRiskTheChangeGatewaysReadIsAConstant() {
    String conditions = changeModel.getModelElementsByType(ConditionExpression.class).stream()
        .map(ConditionExpression::getTextContent).collect(Collectors.joining("\n"));
    for (String decision : List.of(ChangeProcess.DECISION_APPROVED, ChangeProcess.DECISION_REJECTED,
        ChangeProcess.DECISION_INFO)) {
      assertThat(conditions).contains("${" + ChangeProcess.VAR_DECISION + " == '" + decision + "'}");
    }
    assertThat(constants(ChangeProcess.class, "OUTCOME_")).containsExactlyInAnyOrder("success", "failed")
        .allSatisfy(outcome -> assertThat(conditions).contains("${" + ChangeProcess.VAR_OUTCOME + " == '" + outcome + "'}"));
    for (Risk risk : Risk.values()) {
      assertThat(conditions).contains(ChangeProcess.VAR_RISK + " == '" + risk + "'");
    }
    assertThat(conditions).contains("${" + ChangeProcess.VAR_CHANGE_TYPE + " == 'STANDARD'}",
        "${" + ChangeProcess.VAR_CHANGE_TYPE + " == 'EMERGENCY'}");
  }

  @Test
  void everyChangeConstantBelongsToAKindThisTestChecks() {
    // a constant of a new kind must get its own check here before it is public
    List<String> kinds = List.of("PROCESS_KEY", "RISK_DECISION", "DMN_", "VAR_", "DECISION_", "OUTCOME_", "TASK_",
        "TIMER_", "MESSAGE_", "BEAN_");
    assertThat(ChangeProcess.class.getFields()).allSatisfy(field ->
        assertThat(kinds).as(field.getName()).anyMatch(kind -> field.getName().startsWith(kind)));
  }

  @Test
  void everyBeanTheChangeModelCallsIsRegisteredByTheChangePack() {
    List<String> registered = new ArrayList<>();
    new ChangeProcessPack().setup(new RecordingSetupContext(registered));
    Set<String> called = new TreeSet<>();
    Matcher calls = Pattern.compile("\\$\\{(\\w+)\\.").matcher(changeXml);
    while (calls.find()) {
      called.add(calls.group(1));
    }
    assertThat(called).containsExactlyInAnyOrder(IncidentProcess.BEAN_STATE, IncidentProcess.BEAN_DEADLINES,
        IncidentProcess.BEAN_ESCALATION, ChangeProcess.BEAN_APPROVALS);
    assertThat(registered).containsAll(called);
  }

  @Test
  void theRiskDecisionHasTheContractsInputsAndOutput() {
    assertDecision(RISK, List.of(ChangeProcess.DMN_CRITICALITY, ChangeProcess.DMN_DOWNSTREAM, ChangeProcess.DMN_OUTAGE,
        ChangeProcess.DMN_BACKOUT_PLAN, ChangeProcess.DMN_SIZE, ChangeProcess.DMN_FAILED_CHANGES), ChangeProcess.DMN_RISK);
    DmnModelInstance dmn = Dmn.readModelFromStream(new ByteArrayInputStream(RISK.content()));
    DecisionTable table = (DecisionTable) ((Decision) dmn.getModelElementById(RISK.key())).getExpression();
    assertThat(table.getHitPolicy()).hasToString("FIRST");
    List<String> risks = java.util.Arrays.stream(Risk.values()).map(r -> "\"" + r + "\"").toList();
    assertThat(table.getRules()).isNotEmpty().allSatisfy(rule -> assertThat(rule.getOutputEntries())
        .extracting(entry -> entry.getTextContent().trim()).singleElement().isIn(risks));
  }

  @Test
  void everyChangeElementHasDiagramLayoutSoTheModelOpensInAModeler() {
    assertLayout(changeModel);
    assertThat(new String(RISK.content(), StandardCharsets.UTF_8)).contains("dmnElementRef=\"" + RISK.key() + "\"");
  }

  /** Every flow node has a shape with a size, every sequence flow an edge with waypoints, and nothing else is drawn. */
  private static void assertLayout(BpmnModelInstance bpmn) {
    Map<String, BpmnShape> shapes = bpmn.getModelElementsByType(BpmnShape.class).stream()
        .collect(Collectors.toMap(s -> s.getBpmnElement().getId(), s -> s));
    Collection<FlowNode> nodes = bpmn.getModelElementsByType(FlowNode.class);
    assertThat(shapes).hasSameSizeAs(nodes);
    assertThat(nodes).isNotEmpty().allSatisfy(node -> {
      assertThat(shapes).as("shape of %s", node.getId()).containsKey(node.getId());
      assertThat(shapes.get(node.getId()).getBounds().getWidth()).as("width of %s", node.getId()).isPositive();
      assertThat(shapes.get(node.getId()).getBounds().getHeight()).as("height of %s", node.getId()).isPositive();
    });
    Map<String, BpmnEdge> edges = bpmn.getModelElementsByType(BpmnEdge.class).stream()
        .collect(Collectors.toMap(e -> e.getBpmnElement().getId(), e -> e));
    Collection<SequenceFlow> flows = bpmn.getModelElementsByType(SequenceFlow.class);
    assertThat(flows).isNotEmpty().allSatisfy(flow -> {
      assertThat(edges).as("edge of %s", flow.getId()).containsKey(flow.getId());
      assertThat(edges.get(flow.getId()).getWaypoints()).as("waypoints of %s", flow.getId()).hasSizeGreaterThanOrEqualTo(2);
    });
    assertThat(edges).hasSameSizeAs(flows);
  }

  @Test
  void removingAnyChangeContractElementFromTheModelIsReportedByTheDeploymentCheck() {
    List<Breakage> breakages = List.of(
        new Breakage("boundary timer event 'timer_ecab'", model -> remove(model,
            "\\s*<bpmn:boundaryEvent id=\"timer_ecab\".*?</bpmn:boundaryEvent>",
            "\\s*<bpmn:incoming>f_ecab_timeout</bpmn:incoming>",
            "\\s*<bpmn:sequenceFlow id=\"f_ecab_timeout\"[^>]*/>",
            "\\s*<bpmndi:BPMNShape id=\"timer_ecab_di\".*?</bpmndi:BPMNShape>",
            "\\s*<bpmndi:BPMNEdge id=\"f_ecab_timeout_di\".*?</bpmndi:BPMNEdge>")),
        new Breakage("cancelActivity=\"false\" on timer 'timer_not_started' (it must not interrupt the work)",
            replace("id=\"timer_not_started\" name=\"Window ended\" cancelActivity=\"false\"",
                "id=\"timer_not_started\" name=\"Window ended\" cancelActivity=\"true\"")),
        new Breakage("cancelActivity=\"false\" on timer 'timer_not_started' (it must not interrupt the work)",
            replace(" cancelActivity=\"false\" attachedToRef=\"task_scheduled\"", " attachedToRef=\"task_scheduled\"")),
        new Breakage("an interrupting timer 'timer_ecab' (cancelActivity=\"true\")",
            replace("<bpmn:boundaryEvent id=\"timer_ecab\"", "<bpmn:boundaryEvent cancelActivity=\"false\" id=\"timer_ecab\"")),
        new Breakage("timeDate ${itsmDeadlines.at(execution, 'timer_not_started')} on timer 'timer_not_started'",
            replace("${itsmDeadlines.at(execution, 'timer_not_started')}", "${itsmDeadlines.at(execution, 'timer_ecab')}")),
        new Breakage("completion condition ${decision != 'pending'} on 'task_cab_approval'", model -> remove(model,
            "(?<=members\\(execution, 'CAB'\\)}\" operaton:elementVariable=\"approver\">)\\s*<bpmn:completionCondition[^>]*>"
                + "[^<]*</bpmn:completionCondition>")),
        new Breakage("completion condition ${decision != 'pending'} on 'task_ecab_approval'", model -> remove(model,
            "(?<=members\\(execution, 'ECAB'\\)}\" operaton:elementVariable=\"approver\">)\\s*<bpmn:completionCondition[^>]*>"
                + "[^<]*</bpmn:completionCondition>")),
        new Breakage("multi-instance on 'task_ecab_approval' over ${itsmApprovals.members(execution, 'ECAB')} with element "
            + "variable 'approver'", replace("members(execution, 'ECAB')", "members(execution, 'CAB')")),
        new Breakage("assignee ${approver} on 'task_cab_approval'",
            replace("name=\"CAB vote\" operaton:assignee=\"${approver}\"", "name=\"CAB vote\"")),
        new Breakage("user task 'task_review'", model -> model.replaceAll(
            "(?s)<bpmn:userTask (id=\"task_review\".*?)</bpmn:userTask>", "<bpmn:manualTask $1</bpmn:manualTask>")),
        new Breakage("a step ${itsmState.enter(execution, 'REJECTED')}",
            replace("${itsmState.enter(execution, 'REJECTED')}", "${itsmState.enter(execution, 'CLOSED')}")),
        new Breakage("an escalation ${itsmEscalation.changeNotStarted(execution)}",
            replace("itsmEscalation.changeNotStarted(execution)", "itsmEscalation.toString()")),
        new Breakage("a condition reading ${decision == 'info'}",
            replace("${decision == 'info'}", "${decision == 'more'}")),
        new Breakage("a condition reading ${outcome == 'failed'}",
            replace("${outcome == 'failed'}", "${outcome != 'success'}")),
        new Breakage("a condition reading variable 'risk'", replace("&amp;&amp; risk ==", "&amp;&amp; level ==")),
        new Breakage("a condition reading variable 'changeType'", replace("${changeType", "${kind")),
        new Breakage("an event catching message 'itsm.change.cancel'",
            replace("name=\"itsm.change.cancel\"", "name=\"host.cancel\"")),
        new Breakage("timer 'timer_ecab' attached to 'task_ecab_approval'",
            replace("attachedToRef=\"task_ecab_approval\"", "attachedToRef=\"task_cab_approval\"")),
        // an expression only mentioned in a comment or the documentation is not in the model
        new Breakage("a step ${itsmState.enter(execution, 'REJECTED')}", model -> model
            .replace("${itsmState.enter(execution, 'REJECTED')}", "${itsmState.enter(execution, 'CLOSED')}")
            .replace("</bpmn:process>", "<!-- ${itsmState.enter(execution, 'REJECTED')} --></bpmn:process>")
            .replace("</bpmn:documentation>", " ${itsmState.enter(execution, 'REJECTED')}</bpmn:documentation>")));
    assertThat(breakages).allSatisfy(breakage -> {
      String broken = breakage.edit().apply(changeXml);
      assertThat(broken).as("the edit for: %s", breakage.expected()).isNotEqualTo(changeXml);
      assertThat(ModelContracts.missing(new ModelResource(ChangeProcess.PROCESS_KEY, "broken.bpmn",
          broken.getBytes(StandardCharsets.UTF_8)))).as(breakage.expected()).containsExactly(breakage.expected());
    });
  }

  /** An edit of the change model and what the deployment check must then report missing. */
  private record Breakage(String expected, UnaryOperator<String> edit) {
    @Override
    public String toString() {
      return expected;
    }
  }

  @Test
  void removingAnInputOrTheOutputFromTheRiskDecisionIsReportedByTheDeploymentCheck() {
    String dmn = new String(RISK.content(), StandardCharsets.UTF_8);
    Map<String, String[]> breakages = Map.of(
        "input expression 'failedChanges' in decision 'itsm-change-risk'",
        new String[] {"<text>failedChanges</text>", "<text>failures</text>"},
        "output 'risk' in decision 'itsm-change-risk'", new String[] {"name=\"risk\"", "name=\"level\""},
        "a decision with id 'itsm-change-risk'",
        new String[] {"<decision id=\"itsm-change-risk\"", "<decision id=\"itsm-change-risk-v2\""});
    breakages.forEach((expected, change) -> {
      assertThat(dmn).as(expected).contains(change[0]);
      ModelResource broken = new ModelResource(ChangeProcess.RISK_DECISION, "broken.dmn",
          dmn.replace(change[0], change[1]).getBytes(StandardCharsets.UTF_8));
      assertThat(ModelContracts.missing(broken)).as(expected).containsExactly(expected);
    });
  }

  // ------------------------------------------------------------------ problem and review models (ProblemProcess, KnowledgeProcess)
  private static final ModelResource PROBLEM = ModelResource.classpath(ProblemProcess.PROCESS_KEY,
      ProblemProcessPack.PROBLEM_BPMN, ModelContractTest.class);
  private static final ModelResource REVIEW = ModelResource.classpath(KnowledgeProcess.PROCESS_KEY,
      ProblemProcessPack.KNOWLEDGE_REVIEW_BPMN, ModelContractTest.class);
  private final BpmnModelInstance problemModel = Bpmn.readModelFromStream(new ByteArrayInputStream(PROBLEM.content()));
  private final String problemXml = new String(PROBLEM.content(), StandardCharsets.UTF_8);
  private final BpmnModelInstance reviewModel = Bpmn.readModelFromStream(new ByteArrayInputStream(REVIEW.content()));
  private final String reviewXml = new String(REVIEW.content(), StandardCharsets.UTF_8);

  @Test
  void theShippedProblemAndReviewModelsSatisfyTheContractTheEngineChecksAtDeployment() {
    assertThat(ModelContracts.missing(PROBLEM)).isEmpty();
    assertThat(ModelContracts.missing(REVIEW)).isEmpty();
    assertThat(ModelContracts.REQUIRED_KEYS).contains(ProblemProcess.PROCESS_KEY, KnowledgeProcess.PROCESS_KEY);
  }

  @Test
  void theProblemPackShipsBothModelsUnderTheContractsKeysAndRegistersTheBeansTheyCall() {
    List<ModelResource> shipped = new ArrayList<>();
    List<String> registered = new ArrayList<>();
    new ProblemProcessPack().setup(new RecordingSetupContext(registered, shipped));
    assertThat(shipped).extracting(ModelResource::key, ModelResource::resourceName)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ProblemProcess.PROCESS_KEY, "problem.bpmn"),
            org.assertj.core.groups.Tuple.tuple(KnowledgeProcess.PROCESS_KEY, "knowledge-review.bpmn"));
    Set<String> called = new TreeSet<>();
    Matcher calls = Pattern.compile("\\$\\{(\\w+)\\.").matcher(problemXml + reviewXml);
    while (calls.find()) {
      called.add(calls.group(1));
    }
    assertThat(called).containsExactlyInAnyOrder(IncidentProcess.BEAN_STATE, KnowledgeProcess.BEAN_KNOWLEDGE);
    assertThat(registered).containsAll(called);
  }

  @Test
  void everyProblemTaskConstantIsAUserTaskAndEveryStateButNewIsEnteredByTheOneStateStep() {
    assertThat(constants(ProblemProcess.class, "TASK_")).hasSize(7).allSatisfy(id ->
        assertThat((Object) problemModel.getModelElementById(id)).as(id).isInstanceOf(UserTask.class));
    for (ProblemState state : ProblemState.values()) {
      String step = "${" + IncidentProcess.BEAN_STATE + ".enter(execution, '" + state + "')}";
      if (state == ProblemState.NEW) {
        assertThat(problemXml).doesNotContain(step);
      } else {
        assertThat(problemXml).as(state.name()).contains(step);
      }
    }
  }

  @Test
  void resolveAndCancelInterruptTheWorkWhereverItIsAndAFailedFixReturnsToTheKnownError() {
    Map<String, BoundaryEvent> byMessage = problemModel.getModelElementsByType(BoundaryEvent.class).stream()
        .collect(Collectors.toMap(e -> e.getEventDefinitions().stream().filter(MessageEventDefinition.class::isInstance)
            .map(d -> ((MessageEventDefinition) d).getMessage().getName()).findFirst().orElseThrow(), e -> e));
    assertThat(byMessage).containsOnlyKeys(ProblemProcess.MESSAGE_RESOLVE, ProblemProcess.MESSAGE_CANCEL,
        ProblemProcess.MESSAGE_FIX_FAILED);
    for (String message : List.of(ProblemProcess.MESSAGE_RESOLVE, ProblemProcess.MESSAGE_CANCEL)) {
      BoundaryEvent event = byMessage.get(message);
      assertThat(event.cancelActivity()).as(message).isTrue();
      assertThat(event.getAttachedTo()).as(message).isInstanceOf(org.operaton.bpm.model.bpmn.instance.SubProcess.class);
      List<String> inside = event.getAttachedTo().getChildElementsByType(UserTask.class).stream().map(UserTask::getId).toList();
      assertThat(inside).as("tasks %s interrupts", message).containsExactlyInAnyOrder(ProblemProcess.TASK_ASSESS,
          ProblemProcess.TASK_INVESTIGATE, ProblemProcess.TASK_ROOT_CAUSE, ProblemProcess.TASK_KNOWN_ERROR,
          ProblemProcess.TASK_FIX);
    }
    BoundaryEvent fixFailed = byMessage.get(ProblemProcess.MESSAGE_FIX_FAILED);
    assertThat(fixFailed.getAttachedTo().getId()).isEqualTo(ProblemProcess.TASK_FIX);
    assertThat(fixFailed.getOutgoing()).singleElement().satisfies(flow ->
        assertThat(flow.getTarget().getAttributeValueNs("http://operaton.org/schema/1.0/bpmn", "expression"))
            .isEqualTo("${itsmState.enter(execution, 'KNOWN_ERROR')}"));
  }

  @Test
  void theMajorReviewRunsBesideTheWorkAndEveryMessageConstantIsCaught() {
    List<String> caught = problemModel.getModelElementsByType(MessageEventDefinition.class).stream()
        .filter(definition -> definition.getParentElement() instanceof CatchEvent)
        .map(MessageEventDefinition::getMessage).filter(m -> m != null).map(Message::getName).toList();
    assertThat(constants(ProblemProcess.class, "MESSAGE_")).hasSize(4).allSatisfy(name -> assertThat(caught).contains(name));
    UserTask review = problemModel.getModelElementById(ProblemProcess.TASK_MAJOR_REVIEW);
    org.operaton.bpm.model.bpmn.instance.SubProcess events =
        (org.operaton.bpm.model.bpmn.instance.SubProcess) review.getParentElement();
    assertThat(events.triggeredByEvent()).isTrue();
    assertThat(events.getChildElementsByType(org.operaton.bpm.model.bpmn.instance.StartEvent.class)).singleElement()
        .satisfies(start -> assertThat(start.isInterrupting()).isFalse());
  }

  @Test
  void theReviewModelPublishesOnApprovalAndReturnsToDraftOnRejection() {
    assertThat((Object) reviewModel.getModelElementById(KnowledgeProcess.TASK_REVIEW)).isInstanceOf(UserTask.class);
    String conditions = reviewModel.getModelElementsByType(ConditionExpression.class).stream()
        .map(ConditionExpression::getTextContent).collect(Collectors.joining("\n"));
    assertThat(constants(KnowledgeProcess.class, "DECISION_")).containsExactlyInAnyOrder("approved", "rejected")
        .allSatisfy(d -> assertThat(conditions).contains("${" + KnowledgeProcess.VAR_DECISION + " == '" + d + "'}"));
    assertThat(reviewXml).contains("${itsmKnowledge.enter(execution, 'PUBLISHED')}", "${itsmKnowledge.enter(execution, 'DRAFT')}");
  }

  @Test
  void everyProblemAndKnowledgeConstantBelongsToAKindThisTestChecks() {
    // a constant of a new kind must get its own check here before it is public
    List<String> kinds = List.of("PROCESS_KEY", "VAR_", "DECISION_", "TASK_", "MESSAGE_", "BEAN_");
    assertThat(ProblemProcess.class.getFields()).isNotEmpty().allSatisfy(field ->
        assertThat(kinds).as(field.getName()).anyMatch(kind -> field.getName().startsWith(kind)));
    assertThat(KnowledgeProcess.class.getFields()).isNotEmpty().allSatisfy(field ->
        assertThat(kinds).as(field.getName()).anyMatch(kind -> field.getName().startsWith(kind)));
  }

  @Test
  void everyProblemAndReviewElementHasDiagramLayoutSoTheModelsOpenInAModeler() {
    assertLayout(problemModel);
    assertLayout(reviewModel);
  }

  @Test
  void removingAProblemOrReviewContractElementIsReportedByTheDeploymentCheck() {
    Map<String, String[]> problemBreakages = Map.of(
        "a boundary event on 'task_fix' catching message 'itsm.problem.fixFailed'",
        new String[] {"name=\"itsm.problem.fixFailed\"", "name=\"host.fixFailed\""},
        "an event catching message 'itsm.problem.resolve'",
        new String[] {"name=\"itsm.problem.resolve\"", "name=\"host.resolve\""},
        "a step ${itsmState.enter(execution, 'FIX_IN_PROGRESS')}",
        new String[] {"${itsmState.enter(execution, 'FIX_IN_PROGRESS')}", "${itsmState.enter(execution, 'KNOWN_ERROR')}"});
    problemBreakages.forEach((expected, edit) -> {
      assertThat(problemXml).as(expected).contains(edit[0]);
      assertThat(ModelContracts.missing(new ModelResource(ProblemProcess.PROCESS_KEY, "broken.bpmn",
          problemXml.replace(edit[0], edit[1]).getBytes(StandardCharsets.UTF_8)))).as(expected).containsExactly(expected);
    });
    Map<String, String[]> reviewBreakages = Map.of(
        "a step ${itsmKnowledge.enter(execution, 'PUBLISHED')}",
        new String[] {"${itsmKnowledge.enter(execution, 'PUBLISHED')}", "${itsmKnowledge.enter(execution, 'DRAFT')}"},
        "a condition reading ${decision == 'rejected'}",
        new String[] {"${decision == 'rejected'}", "${decision != 'approved'}"});
    reviewBreakages.forEach((expected, edit) -> {
      assertThat(reviewXml).as(expected).contains(edit[0]);
      assertThat(ModelContracts.missing(new ModelResource(KnowledgeProcess.PROCESS_KEY, "broken.bpmn",
          reviewXml.replace(edit[0], edit[1]).getBytes(StandardCharsets.UTF_8)))).as(expected).containsExactly(expected);
    });
  }

  // ------------------------------------------------------------------ release model (ReleaseProcess)
  private static final ModelResource RELEASE = ModelResource.classpath(ReleaseProcess.PROCESS_KEY,
      ReleaseProcessPack.RELEASE_BPMN, ModelContractTest.class);
  private final BpmnModelInstance releaseModel = Bpmn.readModelFromStream(new ByteArrayInputStream(RELEASE.content()));
  private final String releaseXml = new String(RELEASE.content(), StandardCharsets.UTF_8);

  @Test
  void theShippedReleaseModelSatisfiesTheContractTheEngineChecksAtDeployment() {
    assertThat(ModelContracts.missing(RELEASE)).isEmpty();
    assertThat(ModelContracts.REQUIRED_KEYS).contains(ReleaseProcess.PROCESS_KEY);
    Process process = releaseModel.getModelElementById(ReleaseProcess.PROCESS_KEY);
    assertThat(process.isExecutable()).isTrue();
    assertThat(process.getOperatonHistoryTimeToLiveString()).isNotBlank();
  }

  @Test
  void theReleasePackShipsTheModelUnderTheContractsKeyAndRegistersEveryBeanItCalls() {
    RecordingSetupContext context = new RecordingSetupContext(new ArrayList<>());
    new ReleaseProcessPack().setup(context);
    assertThat(context.models()).extracting(ModelResource::key).containsExactly(ReleaseProcess.PROCESS_KEY);
    Set<String> called = new TreeSet<>();
    Matcher beans = Pattern.compile("\\$\\{(\\w+)\\.").matcher(releaseXml);
    while (beans.find()) {
      called.add(beans.group(1));
    }
    assertThat(called).containsExactlyInAnyOrder(IncidentProcess.BEAN_STATE, ReleaseProcess.BEAN_RELEASE);
    assertThat(context.beans()).containsAll(called);
  }

  @Test
  void everyReleaseTaskConstantIsAUserTaskAndEveryStateButPlanningIsEnteredByTheOneStateStep() {
    assertThat(constants(ReleaseProcess.class, "TASK_")).hasSize(8).allSatisfy(task ->
        assertThat((Object) releaseModel.getModelElementById(task))
            .as(task).isInstanceOf(UserTask.class));
    for (ReleaseState state : ReleaseState.values()) {
      String step = "${itsmState.enter(execution, '" + state + "')}";
      if (state == ReleaseState.PLANNING) {
        assertThat(releaseXml).as("core sets PLANNING").doesNotContain(step);
      } else {
        assertThat(releaseXml).as(state.name()).contains(step);
        assertThat(ModelContracts.RELEASE_STATES).contains(state.name());
      }
    }
  }

  @Test
  void thePipelineTimersEscalateWithoutInterruptingTheirStageAndTheWindowAndSupportTimersWait() {
    Map<String, String> onTask = Map.of(ReleaseProcess.TIMER_BUILD, ReleaseProcess.TASK_BUILD, ReleaseProcess.TIMER_TEST,
        ReleaseProcess.TASK_TEST, ReleaseProcess.TIMER_DEPLOY, ReleaseProcess.TASK_DEPLOY, ReleaseProcess.TIMER_VERIFY,
        ReleaseProcess.TASK_VERIFY, ReleaseProcess.TIMER_ROLLBACK, ReleaseProcess.TASK_ROLLBACK);
    assertThat(constants(ReleaseProcess.class, "TIMER_")).hasSize(7);
    for (String timer : constants(ReleaseProcess.class, "TIMER_")) {
      CatchEvent event = releaseModel.getModelElementById(timer);
      TimerEventDefinition definition = event.getEventDefinitions().stream().filter(TimerEventDefinition.class::isInstance)
          .map(TimerEventDefinition.class::cast).findFirst().orElseThrow();
      assertThat(definition.getTimeDate().getTextContent()).as(timer)
          .isEqualTo("${itsmRelease.due(execution, '" + timer + "')}");
      if (onTask.containsKey(timer)) {
        BoundaryEvent boundary = (BoundaryEvent) event;
        assertThat(boundary.getAttachedTo().getId()).as(timer).isEqualTo(onTask.get(timer));
        assertThat(boundary.cancelActivity()).as(timer).isFalse();
        FlowNode escalation = boundary.getOutgoing().iterator().next().getTarget();
        assertThat(escalation.getAttributeValueNs("http://operaton.org/schema/1.0/bpmn", "expression"))
            .as(timer).isEqualTo("${itsmRelease.overdue(execution, '" + timer + "')}");
      } else {
        assertThat(event).as(timer).isNotInstanceOf(BoundaryEvent.class);
      }
    }
  }

  @Test
  void theDeploymentRunsPerEnvironmentInOrderAndAFailureLeadsToTheRollbackOfTheDeployedOnesLastFirst() {
    FlowNode deploy = releaseModel.getModelElementById(ReleaseProcess.SUBPROCESS_DEPLOY);
    MultiInstanceLoopCharacteristics loop = (MultiInstanceLoopCharacteristics)
        ((org.operaton.bpm.model.bpmn.instance.Activity) deploy).getLoopCharacteristics();
    assertThat(loop.isSequential()).isTrue();
    assertThat(loop.getOperatonCollection()).isEqualTo("${itsmRelease.environments(execution)}");
    assertThat(loop.getOperatonElementVariable()).isEqualTo(ReleaseProcess.VAR_ENVIRONMENT);
    BoundaryEvent failed = releaseModel.getModelElementsByType(BoundaryEvent.class).stream()
        .filter(b -> b.getAttachedTo().getId().equals(ReleaseProcess.SUBPROCESS_DEPLOY)).findFirst().orElseThrow();
    assertThat(((org.operaton.bpm.model.bpmn.instance.ErrorEventDefinition) failed.getEventDefinitions().iterator().next())
        .getError().getErrorCode()).isEqualTo(ReleaseProcess.ERROR_DEPLOYMENT_FAILED);
    org.operaton.bpm.model.bpmn.instance.SubProcess rollback =
        releaseModel.getModelElementById(ReleaseProcess.SUBPROCESS_ROLLBACK);
    MultiInstanceLoopCharacteristics back = (MultiInstanceLoopCharacteristics) rollback.getLoopCharacteristics();
    assertThat(((UserTask) releaseModel.getModelElementById(ReleaseProcess.TASK_ROLLBACK)).getParentElement())
        .isSameAs(rollback);
    assertThat(((UserTask) releaseModel.getModelElementById(ReleaseProcess.TASK_DEPLOY)).getParentElement())
        .isSameAs(deploy);
    assertThat(back.isSequential()).isTrue();
    assertThat(back.getOperatonCollection()).isEqualTo("${itsmRelease.rollbackOrder(execution)}");
    assertThat(back.getOperatonElementVariable()).isEqualTo(ReleaseProcess.VAR_ENVIRONMENT);
    // the rollback follows the failure: error boundary -> ROLLING_BACK -> rollback task
    FlowNode marked = failed.getOutgoing().iterator().next().getTarget();
    assertThat(marked.getAttributeValueNs("http://operaton.org/schema/1.0/bpmn", "expression"))
        .isEqualTo("${itsmState.enter(execution, 'ROLLING_BACK')}");
    assertThat(marked.getOutgoing().iterator().next().getTarget().getId()).isEqualTo(ReleaseProcess.SUBPROCESS_ROLLBACK);
    assertThat(releaseXml).contains("name=\"" + ReleaseProcess.MESSAGE_CANCEL + "\"");
    for (String condition : List.of("${outcome == 'success'}", "${outcome == 'failed'}", "${decision == 'go'}",
        "${decision == 'no_go'}")) {
      assertThat(releaseModel.getModelElementsByType(ConditionExpression.class)).as(condition)
          .anyMatch(c -> c.getTextContent().equals(condition));
    }
  }

  @Test
  void everyReleaseConstantBelongsToAKindThisTestChecks() {
    List<String> kinds = List.of("PROCESS_KEY", "VAR_", "OUTCOME_", "DECISION_", "TASK_", "SUBPROCESS_", "TIMER_", "ERROR_",
        "MESSAGE_", "BEAN_");
    assertThat(ReleaseProcess.class.getFields()).isNotEmpty().allSatisfy(field ->
        assertThat(kinds).as(field.getName()).anyMatch(kind -> field.getName().startsWith(kind)));
  }

  @Test
  void everyReleaseElementHasDiagramLayoutSoTheModelOpensInAModeler() {
    assertLayout(releaseModel);
  }

  @Test
  void removingAReleaseContractElementIsReportedByTheDeploymentCheck() {
    Map<String, String[]> breakages = Map.of(
        "cancelActivity=\"false\" on timer 'timer_build' (it must not interrupt the work)",
        new String[] {"id=\"timer_build\" name=\"Build overdue\" attachedToRef=\"task_build\" cancelActivity=\"false\"",
            "id=\"timer_build\" name=\"Build overdue\" attachedToRef=\"task_build\" cancelActivity=\"true\""},
        "an event catching message 'itsm.release.cancel'",
        new String[] {"name=\"itsm.release.cancel\"", "name=\"host.cancel\""},
        "an error boundary event on 'sp_deploy' catching error code 'itsm-release-deployment-failed'",
        new String[] {"errorCode=\"itsm-release-deployment-failed\"", "errorCode=\"host-failed\""},
        "sequential multi-instance sub-process 'sp_rollback' over ${itsmRelease.rollbackOrder(execution)} with element "
            + "variable 'environment'",
        new String[] {"${itsmRelease.rollbackOrder(execution)}", "${itsmRelease.environments(execution)}"},
        "intermediate timer event 'timer_early_support' with timeDate ${itsmRelease.due(execution, 'timer_early_support')}",
        new String[] {"${itsmRelease.due(execution, 'timer_early_support')}", "${itsmRelease.due(execution, 'timer_window')}"},
        "a step ${itsmState.enter(execution, 'ROLLED_BACK')}",
        new String[] {"${itsmState.enter(execution, 'ROLLED_BACK')}", "${itsmState.enter(execution, 'CLOSED')}"},
        "an escalation ${itsmRelease.overdue(execution, 'timer_verify')}",
        new String[] {"${itsmRelease.overdue(execution, 'timer_verify')}", "${itsmRelease.toString()}"},
        "a condition reading ${decision == 'no_go'}",
        new String[] {"${decision == 'no_go'}", "${decision != 'go'}"});
    breakages.forEach((expected, edit) -> {
      assertThat(releaseXml).as(expected).contains(edit[0]);
      assertThat(ModelContracts.missing(new ModelResource(ReleaseProcess.PROCESS_KEY, "broken.bpmn",
          releaseXml.replace(edit[0], edit[1]).getBytes(StandardCharsets.UTF_8)))).as(expected).containsExactly(expected);
    });
  }

  /** An edit replacing {@code from}, which must occur in the model, by {@code to}. */
  private static UnaryOperator<String> replace(String from, String to) {
    return model -> {
      assertThat(model).contains(from);
      return model.replace(from, to);
    };
  }

  /** The model without the first match of each pattern (dot matches line ends); each must match. */
  private static String remove(String model, String... patterns) {
    String result = model;
    for (String pattern : patterns) {
      Matcher matcher = Pattern.compile(pattern, Pattern.DOTALL).matcher(result);
      assertThat(matcher.find()).as(pattern).isTrue();
      result = matcher.replaceFirst("");
    }
    return result;
  }

  private static void assertDecision(ModelResource resource, List<String> inputs, String output) {
    DmnModelInstance dmn = Dmn.readModelFromStream(new ByteArrayInputStream(resource.content()));
    Decision decision = dmn.getModelElementById(resource.key());
    DecisionTable table = (DecisionTable) decision.getExpression();
    assertThat(table.getInputs()).extracting(i -> i.getInputExpression().getText().getTextContent())
        .containsExactlyElementsOf(inputs);
    assertThat(table.getOutputs()).extracting(Output::getName).containsExactly(output);
    assertThat(decision.getOperatonHistoryTimeToLiveString()).isNotBlank();
  }

  private static List<String> constants(String prefix) {
    return constants(IncidentProcess.class, prefix);
  }

  private static List<String> constants(Class<?> contract, String prefix) {
    List<String> values = new ArrayList<>();
    for (Field field : contract.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith(prefix)) {
        try {
          values.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return values;
  }

  /** Records the bean names a plugin registers and the models it ships; everything else is ignored. */
  private record RecordingSetupContext(List<String> beans, List<ModelResource> models)
      implements dev.itsm.spi.ItsmSetupContext {
    RecordingSetupContext(List<String> beans) {
      this(beans, new ArrayList<>());
    }

    public dev.itsm.api.process.ProcessSupport processSupport() { return null; }
    public void expressionBean(String name, Object bean) { beans.add(name); }
    public void shippedModel(ModelResource model) { models.add(model); }
    public void overrideModel(ModelResource model) { }
    public void notificationSender(dev.itsm.spi.NotificationSender sender) { }
    public void eventListener(dev.itsm.spi.ItsmEventListener listener) { }
    public void directory(dev.itsm.spi.Directory directory) { }
    public void customField(dev.itsm.spi.CustomField field) { }
    public void ciTypes(String name, byte[] typeFile) { }
    public void calendar(dev.itsm.api.sla.BusinessCalendar calendar) { }
    public void calendars(String name, byte[] calendarFile) { }
    public void slaDefinition(dev.itsm.api.sla.SlaDefinition definition) { }
    public void slaDefinitions(String name, byte[] definitionFile) { }
    public void segmentTemplate(dev.itsm.api.sla.SegmentTemplate template) { }
    public void ticketArchiver(dev.itsm.spi.TicketArchiver archiver) { }
    public void changeControl(dev.itsm.spi.ChangeControl changeControl) { }
    public void grant(String role, dev.itsm.api.Permission... permissions) { }
    public void revoke(String role, dev.itsm.api.Permission... permissions) { }
  }
}
