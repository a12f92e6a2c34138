package dev.itsm.bpmn.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.process.IncidentProcess;
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

/** Parses the shipped models and checks that every constant of {@link IncidentProcess} exists in them. */
class ModelContractTest {
  private static final ModelResource BPMN = ModelResource.classpath(IncidentProcess.PROCESS_KEY,
      IncidentProcessPack.INCIDENT_BPMN, ModelContractTest.class);
  private static final ModelResource PRIORITY = ModelResource.classpath(IncidentProcess.PRIORITY_DECISION,
      IncidentProcessPack.PRIORITY_DMN, ModelContractTest.class);
  private static final ModelResource ROUTING = ModelResource.classpath(IncidentProcess.ROUTING_DECISION,
      IncidentProcessPack.ROUTING_DMN, ModelContractTest.class);

  private final BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(BPMN.content()));
  private final String xml = new String(BPMN.content(), StandardCharsets.UTF_8);

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
    List<String> values = new ArrayList<>();
    for (Field field : IncidentProcess.class.getFields()) {
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

  /** Records the bean names a plugin registers; everything else is ignored. */
  private record RecordingSetupContext(List<String> beans) implements dev.itsm.spi.ItsmSetupContext {
    public dev.itsm.api.process.ProcessSupport processSupport() { return null; }
    public void expressionBean(String name, Object bean) { beans.add(name); }
    public void shippedModel(ModelResource model) { }
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
