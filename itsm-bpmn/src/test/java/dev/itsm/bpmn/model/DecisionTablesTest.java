package dev.itsm.bpmn.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.process.IncidentProcess;
import dev.itsm.bpmn.IncidentProcessPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.operaton.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.operaton.bpm.engine.DecisionService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.test.Deployment;
import org.operaton.bpm.engine.test.junit5.ProcessEngineExtension;

/** The shipped DMN tables on a bare Operaton engine (Operaton's own JUnit 5 extension). */
@Deployment(resources = {IncidentProcessPack.PRIORITY_DMN, IncidentProcessPack.ROUTING_DMN})
class DecisionTablesTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder()
      .useProcessEngine(new StandaloneInMemProcessEngineConfiguration()
          .setJdbcUrl("jdbc:h2:mem:decision-tables;DB_CLOSE_DELAY=-1")
          .setProcessEngineName("decision-tables")
          .buildProcessEngine())
      .closeEngineAfterAllTests()
      .build();

  private final ProcessEngine engine = extension.getProcessEngine();

  @ParameterizedTest(name = "impact {0} x urgency {1} = {2}")
  @CsvSource({"HIGH,HIGH,P1", "HIGH,MEDIUM,P2", "HIGH,LOW,P3", "MEDIUM,HIGH,P2", "MEDIUM,MEDIUM,P3", "MEDIUM,LOW,P4",
      "LOW,HIGH,P3", "LOW,MEDIUM,P4", "LOW,LOW,P5"})
  void priorityMatrix(String impact, String urgency, String priority) {
    DecisionService decisions = engine.getDecisionService();
    Object result = decisions.evaluateDecisionByKey(IncidentProcess.PRIORITY_DECISION)
        .variables(java.util.Map.of("impact", impact, "urgency", urgency)).evaluate().getSingleResult().getSingleEntry();
    assertThat(result).isEqualTo(priority);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"network,network-ops", "hardware,desktop-support", "software,app-support", "access,identity",
      "email,messaging", "database,dba", "other,service-desk", "unheard-of,service-desk"})
  void routing(String category, String group) {
    Object result = engine.getDecisionService().evaluateDecisionByKey(IncidentProcess.ROUTING_DECISION)
        .variables(java.util.Map.of("category", category)).evaluate().getSingleResult().getSingleEntry();
    assertThat(result).isEqualTo(group);
  }

  @Test
  void theEngineUnderTestIsOperatonsOwn() {
    assertThat(engine.getName()).isNotBlank();
  }
}
