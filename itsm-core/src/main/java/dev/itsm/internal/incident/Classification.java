package dev.itsm.internal.incident;

import static dev.itsm.api.process.IncidentProcess.*;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.Priority;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;
import java.util.Map;
import org.operaton.bpm.dmn.engine.DmnDecisionResult;
import org.operaton.bpm.dmn.engine.DmnDecisionResultEntries;
import org.operaton.bpm.engine.DecisionService;

/** Priority and routing decided by the DMN tables of the process pack (or a host's override). */
public final class Classification {
  private final DecisionService decisions;

  public Classification(DecisionService decisions) {
    this.decisions = decisions;
  }

  public Priority priority(Impact impact, Urgency urgency) {
    Object value = single(PRIORITY_DECISION, DMN_PRIORITY, Map.of(DMN_IMPACT, impact.name(), DMN_URGENCY, urgency.name()));
    try {
      return Priority.valueOf(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw new ItsmConfigurationException("Expected decision " + PRIORITY_DECISION + " to give one of P1..P5 for impact "
          + impact + " and urgency " + urgency + ", but it gave '" + value + "'");
    }
  }

  String group(String category) {
    Object value = single(ROUTING_DECISION, DMN_GROUP, Map.of(DMN_CATEGORY, category));
    if (value == null || value.toString().isBlank()) {
      throw new ItsmConfigurationException("Expected decision " + ROUTING_DECISION + " to give a group for category '"
          + category + "', but it gave none");
    }
    return value.toString();
  }

  private Object single(String decision, String output, Map<String, Object> inputs) {
    DmnDecisionResult result = decisions.evaluateDecisionByKey(decision).variables(inputs).evaluate();
    if (result.isEmpty()) {
      throw new ItsmConfigurationException("Expected decision " + decision + " to match a rule for " + inputs
          + ", but none matched");
    }
    DmnDecisionResultEntries entries = result.get(0);
    if (!entries.containsKey(output)) {
      throw new ItsmConfigurationException("Expected decision " + decision + " to have output '" + output
          + "', but its outputs are " + entries.keySet());
    }
    return entries.get(output);
  }
}
