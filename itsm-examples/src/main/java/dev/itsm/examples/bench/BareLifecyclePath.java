package dev.itsm.examples.bench;

import static dev.itsm.api.process.IncidentProcess.*;

import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.sla.SlaSettings;
import dev.itsm.bpmn.IncidentProcessPack;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.operaton.bpm.engine.impl.interceptor.CommandExecutor;
import org.operaton.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.operaton.bpm.engine.task.Task;
import org.operaton.bpm.engine.variable.Variables;

/**
 * The lifecycle on bare Operaton: the plain model {@code bare-incident.bpmn} (same user tasks and
 * timers as the ITSM model) and the ITSM priority decision, driven through {@code RuntimeService}
 * and {@code TaskService}, no ITSM tables. The engine is configured as the ITSM engine configures
 * its own: same history level, {@link StrongUuidGenerator}, job executor off, metrics off, a pool of
 * the same size.
 *
 * <p>Each step is one transaction, as each ITSM operation is: open is one
 * {@code startProcessInstanceByKey}; every other step queries the step's task and completes it inside
 * one command.
 */
final class BareLifecyclePath implements LifecyclePath {
  static final String PROCESS_KEY_BARE = "bench-bare-incident";
  static final String BPMN = "dev/itsm/examples/bench/bare-incident.bpmn";

  private final ProcessEngine engine;
  private final CommandExecutor commands;
  private final BareDeadlines deadlines = new BareDeadlines(SlaSettings.defaults(), IncidentSettings.defaults());

  BareLifecyclePath(BenchDatabase database, String historyLevel) {
    StandaloneProcessEngineConfiguration cfg = new StandaloneProcessEngineConfiguration();
    cfg.setProcessEngineName("bench-bare-" + UUID.randomUUID());
    cfg.setDataSource(database.dataSource());
    cfg.setDatabaseSchemaUpdate("true");
    cfg.setHistory(historyLevel);
    cfg.setIdGenerator(new StrongUuidGenerator());
    cfg.setJobExecutorActivate(false);
    cfg.setMetricsEnabled(false);
    cfg.setTaskMetricsEnabled(false);
    Map<Object, Object> beans = new HashMap<>();
    beans.put(BareDeadlines.BEAN, deadlines);
    cfg.setBeans(beans);
    this.engine = cfg.buildProcessEngine();
    try {
      engine.getRepositoryService().createDeployment().name("bench-bare")
          .addClasspathResource(BPMN)
          .addClasspathResource(IncidentProcessPack.PRIORITY_DMN)
          .deploy();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    this.commands = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired();
  }

  @Override
  public String name() {
    return "bare";
  }

  @Override
  public ProcessEngine processEngine() {
    return engine;
  }

  @Override
  public void lifecycle(int i, StepProbe probe) {
    BenchInput input = BenchInput.of(i);
    // the decision's inputs are transient, as the ITSM engine passes them to the decision only;
    // stored: responded and priority (ITSM: responded and ticketId)
    String pid = engine.getRuntimeService().startProcessInstanceByKey(PROCESS_KEY_BARE, "bench-" + i,
        Variables.createVariables()
            .putValueTyped(DMN_IMPACT, Variables.stringValue(input.impact().name(), true))
            .putValueTyped(DMN_URGENCY, Variables.stringValue(input.urgency().name(), true))
            .putValue(VAR_RESPONDED, false)).getId();
    probe.after("open", pid);
    complete(pid, TASK_ASSIGN, Map.of());
    probe.after("assign", pid);
    complete(pid, TASK_ACKNOWLEDGE, Map.of(VAR_RESPONDED, true));
    probe.after("acknowledge", pid);
    complete(pid, TASK_WORK, Map.of(VAR_OUTCOME, OUTCOME_RESOLVE));
    probe.after("resolve", pid);
    complete(pid, TASK_RESOLVED, Map.of(VAR_OUTCOME, OUTCOME_CLOSE));
    probe.after("close", pid);
  }

  /** Finds the step's task and completes it, in one transaction. */
  private void complete(String pid, String taskKey, Map<String, Object> variables) {
    commands.execute(context -> {
      TaskService tasks = engine.getTaskService();
      Task task = tasks.createTaskQuery().processInstanceId(pid).taskDefinitionKey(taskKey).singleResult();
      if (task == null) {
        throw new IllegalStateException("Expected process instance " + pid + " to wait in " + taskKey + ", but it does not");
      }
      tasks.complete(task.getId(), variables);
      return null;
    });
  }

  @Override
  public void drain() {
    // nothing happens after commit on this path
  }

  @Override
  public Completion completion() {
    var history = engine.getHistoryService();
    long completed = history.createHistoricProcessInstanceQuery().processDefinitionKey(PROCESS_KEY_BARE).completed().count();
    long running = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY_BARE).count();
    long decisions = history.createHistoricDecisionInstanceQuery().count();
    if (deadlines.firedCount() != 0) {
      throw new IllegalStateException("Expected no timer to fire with the job executor off, but " + deadlines.firedCount() + " did");
    }
    return new Completion(completed, running, -1, decisions, -1);
  }

  @Override
  public void close() {
    engine.close();
  }
}
