package dev.itsm.bpmn.model;

import static dev.itsm.api.process.IncidentProcess.PROCESS_KEY;
import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Resolution;
import dev.itsm.api.process.IncidentProcess;
import dev.itsm.bpmn.IncidentProcessPack;
import dev.itsm.spi.ModelResource;
import dev.itsm.testkit.ItsmExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.operaton.bpm.engine.task.Task;

/**
 * The ticket row owns the state and the model moves it only through the contract: an API operation
 * whose step the process is not waiting for is refused, and a model that moves a ticket along a
 * transition the lifecycle does not allow is refused too; both leave ticket and process unchanged.
 */
class ModelDrivenStepsTest {
  private static final String FLOW = "<bpmn:sequenceFlow id=\"f_to_work\" sourceRef=\"st_acknowledged\" targetRef=\"gw_work_loop\"/>";
  private static final String FLOW_DI = "<bpmndi:BPMNEdge id=\"f_to_work_di\" bpmnElement=\"f_to_work\">";

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  /** The shipped model with one host element between "acknowledged" and the work step. */
  private static String withHostStep(String element) {
    String shipped = new String(ModelResource.classpath(PROCESS_KEY, IncidentProcessPack.INCIDENT_BPMN,
        ModelDrivenStepsTest.class).content(), StandardCharsets.UTF_8);
    assertThat(shipped).contains(FLOW).contains(FLOW_DI);
    return shipped
        .replace(FLOW, """
            <bpmn:sequenceFlow id="f_to_work" sourceRef="st_acknowledged" targetRef="host_step"/>
            %s
            <bpmn:sequenceFlow id="f_host_to_work" sourceRef="host_step" targetRef="gw_work_loop"/>""".formatted(element))
        .replace(FLOW_DI, """
            <bpmndi:BPMNShape id="host_step_di" bpmnElement="host_step">
              <dc:Bounds x="1400" y="560" width="100" height="80"/>
            </bpmndi:BPMNShape>
            %s""".formatted(FLOW_DI));
  }

  @Test
  void anOperationWhoseStepTheProcessDoesNotWaitForIsRefusedNamingWhereItWaits() {
    // given a host model that waits in a review task of its own after the acknowledgement
    ItsmEngine engine = itsm.restart(b -> b.plugin(DIRECTORY).plugin(ModelOverrideTest.override(
        withHostStep("<bpmn:userTask id=\"host_step\" name=\"Owner reviews\"/>"))));
    IncidentTicket inc = openP1(engine.incidents());
    inc = engine.incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    IncidentTicket acknowledged = engine.incidents().acknowledge(AGENT, inc.ref());
    assertThat(acknowledged.state()).isEqualTo(IncidentState.ACKNOWLEDGED);

    // when the agent resolves while the process still waits for the host's task
    // then the step is refused, naming the ticket, its state, the step and where the process waits
    assertThatThrownBy(() -> engine.incidents().resolve(AGENT, acknowledged.ref(), Resolution.of("FIXED", "done")))
        .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
          assertThat(e.ticketNumber()).isEqualTo(acknowledged.number());
          assertThat(e.state()).isEqualTo("ACKNOWLEDGED");
          assertThat(e.getMessage()).contains(acknowledged.number()).contains(IncidentProcess.TASK_WORK)
              .contains("host_step");
        });
    // and nothing changed
    IncidentTicket after = engine.incidents().get(AGENT, acknowledged.id());
    assertThat(after.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThat(after.version()).isEqualTo(acknowledged.version());
    assertThat(engine.processEngine().getRuntimeService().getActiveActivityIds(inc.processInstanceId()))
        .contains("host_step").doesNotContain(IncidentProcess.TASK_WORK);

    // once the host completes its task, the same operation goes through
    Task review = engine.processEngine().getTaskService().createTaskQuery().processInstanceId(inc.processInstanceId())
        .taskDefinitionKey("host_step").singleResult();
    engine.processEngine().getTaskService().complete(review.getId());
    IncidentTicket current = engine.incidents().get(AGENT, acknowledged.id());
    assertThat(engine.incidents().resolve(AGENT, current.ref(), Resolution.of("FIXED", "done")).state())
        .isEqualTo(IncidentState.RESOLVED);
  }

  @Test
  void aModelThatMovesTheTicketAlongATransitionTheLifecycleForbidsIsRefused() {
    // given a host model that tries to close the ticket right after the acknowledgement
    ItsmEngine engine = itsm.restart(b -> b.plugin(DIRECTORY).plugin(ModelOverrideTest.override(withHostStep(
        "<bpmn:serviceTask id=\"host_step\" name=\"Close at once\" operaton:expression=\"${itsmState.enter(execution, 'CLOSED')}\"/>"))));
    IncidentTicket inc = openP1(engine.incidents());
    IncidentTicket assigned = engine.incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));

    // when the agent acknowledges, then the model's move ACKNOWLEDGED -> CLOSED is refused
    assertThatThrownBy(() -> engine.incidents().acknowledge(AGENT, assigned.ref()))
        .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
          assertThat(e.ticketNumber()).isEqualTo(assigned.number());
          assertThat(e.getMessage()).contains(assigned.number()).contains("ACKNOWLEDGED").contains("CLOSED");
        });
    // and the whole operation rolled back: still assigned, still waiting for the acknowledgement
    IncidentTicket after = engine.incidents().get(AGENT, assigned.id());
    assertThat(after.state()).isEqualTo(IncidentState.ASSIGNED);
    assertThat(after.version()).isEqualTo(assigned.version());
    assertThat(engine.processEngine().getRuntimeService().getActiveActivityIds(inc.processInstanceId()))
        .contains(IncidentProcess.TASK_ACKNOWLEDGE);
  }
}
