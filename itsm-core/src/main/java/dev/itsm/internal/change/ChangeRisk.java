package dev.itsm.internal.change;

import static dev.itsm.api.process.ChangeProcess.*;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.change.Risk;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.tx.ItsmSession;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.operaton.bpm.dmn.engine.DmnDecisionResult;
import org.operaton.bpm.engine.DecisionService;

/**
 * The risk of a normal change: core gathers the inputs from the CMDB and the change history, the
 * risk decision ({@code itsm-change-risk}, content a host may replace) decides.
 */
final class ChangeRisk {
  /** Criticality values of the default CMDB model, lowest first. */
  private static final List<String> CRITICALITY = List.of("none", "low", "medium", "high", "critical");

  private final DecisionService decisions;
  private final CmdbService cmdb;
  private final Duration failureHistory;

  ChangeRisk(DecisionService decisions, CmdbService cmdb, Duration failureHistory) {
    this.decisions = decisions;
    this.cmdb = cmdb;
    this.failureHistory = failureHistory;
  }

  /** The decision's inputs for a change on these CIs (also recorded in the change's audit trail). */
  Map<String, Object> inputs(ItsmSession s, String tenantId, List<UUID> cis, boolean outage, boolean backoutPlan, int size) {
    Actor system = Actor.system(tenantId);
    Set<UUID> downstream = new HashSet<>();
    Set<UUID> rated = new LinkedHashSet<>(cis);
    for (UUID ci : cis) {
      for (ImpactedCi impacted : cmdb.impact(system, ImpactQuery.downstream(ci))) {
        downstream.add(impacted.id());
      }
    }
    if (!cis.isEmpty()) {
      cmdb.affectedServices(system, cis).forEach(service -> rated.add(service.id()));
    }
    String criticality = "none";
    for (UUID id : rated) {
      Object value = cmdb.get(system, id).attributes().get("criticality");
      if (value != null && CRITICALITY.indexOf(value.toString()) > CRITICALITY.indexOf(criticality)) {
        criticality = value.toString();
      }
    }
    long failed = cis.isEmpty() ? 0 : s.mapper(ChangeMapper.class).countFailedChanges(tenantId, cis,
        s.now().minus(failureHistory));
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put(DMN_CRITICALITY, criticality);
    inputs.put(DMN_DOWNSTREAM, downstream.size());
    inputs.put(DMN_OUTAGE, outage);
    inputs.put(DMN_BACKOUT_PLAN, backoutPlan);
    inputs.put(DMN_SIZE, size);
    inputs.put(DMN_FAILED_CHANGES, (int) failed);
    return inputs;
  }

  Risk decide(Map<String, Object> inputs) {
    DmnDecisionResult result = decisions.evaluateDecisionByKey(RISK_DECISION).variables(inputs).evaluate();
    if (result.isEmpty() || !result.get(0).containsKey(DMN_RISK)) {
      throw new ItsmConfigurationException("Expected decision " + RISK_DECISION + " to give output '" + DMN_RISK + "' for "
          + inputs + ", but " + (result.isEmpty() ? "no rule matched" : "its outputs are " + result.get(0).keySet()));
    }
    Object value = result.get(0).get(DMN_RISK);
    try {
      return Risk.valueOf(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw new ItsmConfigurationException("Expected decision " + RISK_DECISION + " to give LOW, MEDIUM or HIGH for "
          + inputs + ", but it gave '" + value + "'");
    }
  }
}
