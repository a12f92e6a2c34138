package dev.itsm.bpmn.model;

import static dev.itsm.api.process.IncidentProcess.PROCESS_KEY;
import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.ModelContractException;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.Resolution;
import dev.itsm.bpmn.IncidentProcessPack;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.spi.ModelResource;
import dev.itsm.testkit.ItsmExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.repository.ProcessDefinition;

/**
 * A host extends the incident model with a step of its own and registers it under the same key:
 * the library never deploys its version over it again (restart, upgrade), running instances stay
 * on their version, and an override that breaks the contract is refused naming what it lacks.
 */
class ModelOverrideTest {

  @RegisterExtension
  ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  /** The shipped model with a service task "Tell the CMDB owner" between acknowledged and the work step. */
  static String hostModel() {
    String shipped = new String(ModelResource.classpath(PROCESS_KEY, IncidentProcessPack.INCIDENT_BPMN,
        ModelOverrideTest.class).content(), StandardCharsets.UTF_8);
    String flow = "<bpmn:sequenceFlow id=\"f_to_work\" sourceRef=\"st_acknowledged\" targetRef=\"gw_work_loop\"/>";
    assertThat(shipped).contains(flow);
    return shipped
        .replace(flow, """
            <bpmn:sequenceFlow id="f_to_work" sourceRef="st_acknowledged" targetRef="host_tell_owner"/>
            <bpmn:serviceTask id="host_tell_owner" name="Tell the CMDB owner" operaton:expression="${execution.setVariable('ownerTold', true)}"/>
            <bpmn:sequenceFlow id="f_host_to_work" sourceRef="host_tell_owner" targetRef="gw_work_loop"/>""")
        .replace("<bpmndi:BPMNEdge id=\"f_to_work_di\" bpmnElement=\"f_to_work\">", """
            <bpmndi:BPMNShape id="host_tell_owner_di" bpmnElement="host_tell_owner">
              <dc:Bounds x="1400" y="560" width="100" height="80"/>
            </bpmndi:BPMNShape>
            <bpmndi:BPMNEdge id="f_to_work_di" bpmnElement="f_to_work">""");
  }

  static ItsmPlugin override(String xml) {
    return context -> context.overrideModel(new ModelResource(PROCESS_KEY, "host-incident.bpmn",
        xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theHostsOverrideWinsAndStaysAcrossRestartsAndUpgrades() {
    RepositoryService repository = itsm.engine().processEngine().getRepositoryService();
    // the library's model runs an incident before the host overrides it
    IncidentTicket early = openP1(itsm.engine().incidents());
    String libraryDefinition = definitionOf(itsm.engine(), early);
    assertThat(latest(repository).getVersion()).isEqualTo(1);

    // the host registers its extended model
    ItsmEngine engine = itsm.restart(b -> b.plugin(DIRECTORY).plugin(override(hostModel())));
    repository = engine.processEngine().getRepositoryService();
    assertThat(latest(repository).getVersion()).isEqualTo(2);
    assertThat(sourceOf(repository, latest(repository))).isEqualTo("itsm-host");

    IncidentTicket inc = openP1(engine.incidents());
    inc = engine.incidents().assign(MANAGER, inc.ref(), Assignment.toAgent("alice"));
    inc = engine.incidents().acknowledge(AGENT, inc.ref());
    assertThat(engine.processEngine().getHistoryService().createHistoricActivityInstanceQuery()
        .processInstanceId(inc.processInstanceId()).activityId("host_tell_owner").count()).isEqualTo(1);
    assertThat(engine.processEngine().getRuntimeService().getVariable(inc.processInstanceId(), "ownerTold")).isEqualTo(true);

    // the instance started before the override stays on the library's version and still works
    assertThat(definitionOf(engine, early)).isEqualTo(libraryDefinition);
    early = engine.incidents().assign(MANAGER, engine.incidents().get(MANAGER, early.id()).ref(), Assignment.toAgent("alice"));
    assertThat(early.state()).isEqualTo(IncidentState.ASSIGNED);

    // restart with the same override: nothing new is deployed
    engine = itsm.restart(b -> b.plugin(DIRECTORY).plugin(override(hostModel())));
    assertThat(latest(engine.processEngine().getRepositoryService()).getVersion()).isEqualTo(2);

    // restart without the override: the library does not deploy its version over the host's
    engine = itsm.restart(b -> b.plugin(DIRECTORY));
    assertThat(latest(engine.processEngine().getRepositoryService()).getVersion()).isEqualTo(2);

    // a library upgrade (a changed shipped model) does not replace the host's either
    String upgraded = new String(ModelResource.classpath(PROCESS_KEY, IncidentProcessPack.INCIDENT_BPMN,
        getClass()).content(), StandardCharsets.UTF_8).replace("name=\"Incident\"", "name=\"Incident (v2 of the library)\"");
    engine = itsm.restart(b -> b.plugin(DIRECTORY).plugin(context -> context.shippedModel(
        new ModelResource(PROCESS_KEY, "incident.bpmn", upgraded.getBytes(StandardCharsets.UTF_8)))));
    assertThat(latest(engine.processEngine().getRepositoryService()).getVersion()).isEqualTo(2);
    assertThat(sourceOf(engine.processEngine().getRepositoryService(), latest(engine.processEngine().getRepositoryService()))).isEqualTo("itsm-host");

    // new incidents keep running the host's step
    IncidentTicket later = openP1(engine.incidents());
    later = engine.incidents().assign(MANAGER, later.ref(), Assignment.toAgent("alice"));
    later = engine.incidents().acknowledge(AGENT, later.ref());
    later = engine.incidents().resolve(AGENT, later.ref(), Resolution.of("FIXED", "done"));
    assertThat(engine.processEngine().getHistoryService().createHistoricActivityInstanceQuery()
        .processInstanceId(later.processInstanceId()).activityId("host_tell_owner").count()).isEqualTo(1);
  }

  @Test
  void anOverrideThatLacksAContractElementIsRefusedNamingIt() {
    String broken = hostModel()
        .replace("id=\"task_acknowledge\"", "id=\"task_accept\"")
        .replace("attachedToRef=\"task_acknowledge\"", "attachedToRef=\"task_accept\"")
        .replace("targetRef=\"task_acknowledge\"", "targetRef=\"task_accept\"")
        .replace("sourceRef=\"task_acknowledge\"", "sourceRef=\"task_accept\"")
        .replace("bpmnElement=\"task_acknowledge\"", "bpmnElement=\"task_accept\"")
        .replace("${itsmState.enter(execution, 'ON_HOLD')}", "${itsmState.enter(execution, 'PAUSED')}")
        .replace("itsmEscalation.acceptanceOverdue(execution)", "itsmEscalation.toString()");

    assertThatThrownBy(() -> itsm.restart(b -> b.plugin(DIRECTORY).plugin(override(broken))))
        .isInstanceOfSatisfying(ModelContractException.class, e -> {
          assertThat(e.modelKey()).isEqualTo(PROCESS_KEY);
          assertThat(e.missing()).containsExactlyInAnyOrder("user task 'task_acknowledge'",
              "timer 'timer_acceptance' attached to 'task_acknowledge'",
              "a step ${itsmState.enter(execution, 'ON_HOLD')}",
              "an escalation ${itsmEscalation.acceptanceOverdue(execution)}");
          assertThat(e.getMessage()).contains("host-incident.bpmn").contains("user task 'task_acknowledge'");
        });

    ItsmEngine engine = itsm.restart(b -> b.plugin(DIRECTORY));
    assertThat(latest(engine.processEngine().getRepositoryService()).getVersion()).isEqualTo(1);
    assertThat(sourceOf(engine.processEngine().getRepositoryService(), latest(engine.processEngine().getRepositoryService()))).isEqualTo("itsm-library");
  }

  private static ProcessDefinition latest(RepositoryService repository) {
    return repository.createProcessDefinitionQuery().processDefinitionKey(PROCESS_KEY).latestVersion().singleResult();
  }

  private static String sourceOf(RepositoryService repository, ProcessDefinition definition) {
    return repository.createDeploymentQuery().deploymentId(definition.getDeploymentId()).singleResult().getSource();
  }

  private static String definitionOf(ItsmEngine engine, IncidentTicket inc) {
    return engine.processEngine().getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(inc.processInstanceId()).singleResult().getProcessDefinitionId();
  }
}
