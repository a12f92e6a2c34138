package dev.itsm.bpmn.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.change.Risk;
import dev.itsm.api.process.ChangeProcess;
import dev.itsm.api.process.IncidentProcess;
import dev.itsm.bpmn.ChangeProcessPack;
import dev.itsm.bpmn.IncidentProcessPack;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.operaton.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.operaton.bpm.engine.DecisionService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.ProcessEngineConfiguration;
import org.operaton.bpm.engine.history.HistoricDecisionInstance;
import org.operaton.bpm.engine.history.HistoricDecisionOutputInstance;
import org.operaton.bpm.engine.test.Deployment;
import org.operaton.bpm.engine.test.junit5.ProcessEngineExtension;
import org.operaton.bpm.model.dmn.Dmn;
import org.operaton.bpm.model.dmn.DmnModelInstance;
import org.operaton.bpm.model.dmn.instance.Rule;

/** The shipped DMN tables on a bare Operaton engine (Operaton's own JUnit 5 extension). */
@Deployment(resources = {IncidentProcessPack.PRIORITY_DMN, IncidentProcessPack.ROUTING_DMN, ChangeProcessPack.RISK_DMN})
class DecisionTablesTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder()
      .useProcessEngine(new StandaloneInMemProcessEngineConfiguration()
          .setJdbcUrl("jdbc:h2:mem:decision-tables;DB_CLOSE_DELAY=-1")
          .setProcessEngineName("decision-tables")
          // full history records which rule of a table matched (HistoricDecisionOutputInstance.getRuleId)
          .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
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

  // ------------------------------------------------------------------ change risk (hit policy FIRST)

  /** A change's risk inputs, the risk the table must give and the rule (the first that matches) that gives it. */
  record RiskCase(String why, String criticality, int downstream, boolean outage, boolean backoutPlan, int size,
      int failedChanges, Risk risk, String rule) {

    Map<String, Object> inputs() {
      Map<String, Object> inputs = new LinkedHashMap<>();
      inputs.put(ChangeProcess.DMN_CRITICALITY, criticality);
      inputs.put(ChangeProcess.DMN_DOWNSTREAM, downstream);
      inputs.put(ChangeProcess.DMN_OUTAGE, outage);
      inputs.put(ChangeProcess.DMN_BACKOUT_PLAN, backoutPlan);
      inputs.put(ChangeProcess.DMN_SIZE, size);
      inputs.put(ChangeProcess.DMN_FAILED_CHANGES, failedChanges);
      return inputs;
    }

    @Override
    public String toString() {
      return why + " -> " + risk + " (" + rule + ")";
    }
  }

  static List<RiskCase> riskCases() {
    return List.of(
        // HIGH
        new RiskCase("a critical CI, nothing else", "critical", 0, false, true, 0, 0, Risk.HIGH, "rule_risk_1"),
        new RiskCase("a critical CI decides before every other rule", "critical", 0, true, false, 20, 5, Risk.HIGH,
            "rule_risk_1"),
        new RiskCase("two failed changes on the CIs", "none", 0, false, true, 0, 2, Risk.HIGH, "rule_risk_2"),
        new RiskCase("failures weigh more than a highly critical CI", "high", 0, false, true, 0, 3, Risk.HIGH, "rule_risk_2"),
        new RiskCase("an outage without a backout plan", "low", 0, true, false, 0, 0, Risk.HIGH, "rule_risk_3"),
        new RiskCase("fifty items fail downstream", "none", 50, false, true, 0, 0, Risk.HIGH, "rule_risk_4"),
        new RiskCase("fifty downstream weigh more than every medium reason", "high", 120, true, true, 20, 1, Risk.HIGH,
            "rule_risk_4"),
        // MEDIUM
        new RiskCase("a highly critical CI", "high", 0, false, true, 0, 0, Risk.MEDIUM, "rule_risk_5"),
        new RiskCase("an outage with a backout plan", "none", 0, true, true, 0, 0, Risk.MEDIUM, "rule_risk_6"),
        new RiskCase("ten items fail downstream", "none", 10, false, true, 0, 0, Risk.MEDIUM, "rule_risk_7"),
        new RiskCase("forty-nine items fail downstream", "medium", 49, false, true, 0, 0, Risk.MEDIUM, "rule_risk_7"),
        new RiskCase("eleven tasks and CI changes", "none", 0, false, true, 11, 0, Risk.MEDIUM, "rule_risk_8"),
        new RiskCase("one failed change on the CIs", "low", 0, false, true, 0, 1, Risk.MEDIUM, "rule_risk_9"),
        new RiskCase("no backout plan, no outage", "none", 0, false, false, 0, 0, Risk.MEDIUM, "rule_risk_10"),
        // LOW: falls through every rule above
        new RiskCase("nothing risky at all", "none", 0, false, true, 0, 0, Risk.LOW, "rule_risk_11"),
        new RiskCase("just under every threshold", "low", 9, false, true, 10, 0, Risk.LOW, "rule_risk_11"),
        new RiskCase("a medium critical CI alone", "medium", 0, false, true, 1, 0, Risk.LOW, "rule_risk_11"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("riskCases")
  void aChangesRiskIsGivenByTheFirstRuleItsInputsMatch(RiskCase change) {
    Object risk = engine.getDecisionService().evaluateDecisionByKey(ChangeProcess.RISK_DECISION)
        .variables(change.inputs()).evaluate().getSingleResult().getSingleEntry();
    assertThat(risk).isEqualTo(change.risk().name());

    String definitionId = engine.getRepositoryService().createDecisionDefinitionQuery()
        .decisionDefinitionKey(ChangeProcess.RISK_DECISION).latestVersion().singleResult().getId();
    HistoricDecisionInstance evaluation = engine.getHistoryService().createHistoricDecisionInstanceQuery()
        .decisionDefinitionId(definitionId).includeOutputs().singleResult();
    assertThat(evaluation.getOutputs()).extracting(HistoricDecisionOutputInstance::getRuleId)
        .containsExactly(change.rule());
  }

  @Test
  void theRiskCasesCoverEveryRuleOfTheTableWithTheRisksItsOutputsName() throws Exception {
    Map<String, String> outputs = riskRules().stream().collect(Collectors.toMap(Rule::getId,
        rule -> rule.getOutputEntries().iterator().next().getTextContent().trim(), (a, b) -> a, LinkedHashMap::new));
    assertThat(outputs).hasSize(11);
    assertThat(riskCases()).extracting(RiskCase::rule).containsAll(outputs.keySet());
    assertThat(riskCases()).allSatisfy(change ->
        assertThat(outputs.get(change.rule())).as(change.rule()).isEqualTo("\"" + change.risk() + "\""));
  }

  @Test
  void theRiskRulesAreOrderedFromTheHighestRiskDownSoTheFirstMatchIsTheWorst() throws Exception {
    List<Risk> risks = riskRules().stream()
        .map(rule -> Risk.valueOf(rule.getOutputEntries().iterator().next().getTextContent().trim().replace("\"", "")))
        .toList();
    assertThat(risks).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(risks).last().isEqualTo(Risk.LOW);
    assertThat(riskRules().get(risks.size() - 1).getInputEntries())
        .allSatisfy(entry -> assertThat(entry.getTextContent().trim()).as("the last rule matches everything").isEqualTo("-"));
  }

  private static List<Rule> riskRules() throws Exception {
    try (InputStream in = DecisionTablesTest.class.getClassLoader().getResourceAsStream(ChangeProcessPack.RISK_DMN)) {
      DmnModelInstance dmn = Dmn.readModelFromStream(in);
      return List.copyOf(dmn.getModelElementsByType(Rule.class));
    }
  }
}
