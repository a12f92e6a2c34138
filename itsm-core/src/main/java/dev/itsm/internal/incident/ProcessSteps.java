package dev.itsm.internal.incident;

import static dev.itsm.api.process.IncidentProcess.*;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.internal.tx.ItsmSession;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.management.JobDefinition;
import org.operaton.bpm.engine.runtime.EventSubscription;
import org.operaton.bpm.engine.runtime.Job;
import org.operaton.bpm.engine.runtime.ProcessInstance;
import org.operaton.bpm.engine.task.Task;

/**
 * How core drives an incident's process: start it, check that it waits for the step an operation
 * needs, complete that step, correlate messages, and move armed timers when a deadline moved.
 */
final class ProcessSteps {
  static final Set<String> TIMERS = Set.of(TIMER_RESPONSE_WARNING, TIMER_RESPONSE_BREACH, TIMER_RESOLUTION_WARNING,
      TIMER_RESOLUTION_BREACH, TIMER_ACCEPTANCE, TIMER_AUTO_CLOSE);

  private final ProcessEngine engine;
  /** Job definitions never change once deployed: activity id by job definition id. */
  private final Cache<String, String> timerActivities = Caffeine.newBuilder().maximumSize(10_000).build();

  ProcessSteps(ProcessEngine engine) {
    this.engine = engine;
  }

  String start(ItsmSession session, LoadedIncident incident) {
    session.changed();
    String ticketId = incident.id().toString();
    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey(PROCESS_KEY, ticketId,
        Map.of(VAR_TICKET_ID, ticketId, VAR_RESPONDED, false));
    return instance.getId();
  }

  /** The open user task of the step, or an {@link IllegalTransitionException} naming where the process waits. */
  Task requireTask(LoadedIncident incident, String taskKey, String verb) {
    Task task = engine.getTaskService().createTaskQuery().processInstanceId(incident.row().processInstanceId)
        .taskDefinitionKey(taskKey).singleResult();
    if (task == null) {
      throw notWaiting(incident, "step '" + taskKey + "'", verb);
    }
    return task;
  }

  void complete(ItsmSession session, Task task, Map<String, Object> variables) {
    session.changed();
    engine.getTaskService().complete(task.getId(), variables);
  }

  void correlate(ItsmSession session, LoadedIncident incident, String message, String verb) {
    String pid = incident.row().processInstanceId;
    EventSubscription subscription = engine.getRuntimeService().createEventSubscriptionQuery().processInstanceId(pid)
        .eventType("message").eventName(message).singleResult();
    if (subscription == null) {
      throw notWaiting(incident, "message '" + message + "'", verb);
    }
    session.changed();
    engine.getRuntimeService().createMessageCorrelation(message).processInstanceId(pid).correlateWithResult();
  }

  /**
   * Moves the armed timer jobs of the contract whose deadline changed (priority change, new
   * assignee). Timers of steps the process is not in are not armed and need nothing.
   */
  void rearm(ItsmSession session, LoadedIncident incident, BiFunction<LoadedIncident, String, Instant> dueDate) {
    String pid = incident.row().processInstanceId;
    List<Job> timers = engine.getManagementService().createJobQuery().processInstanceId(pid).timers().list();
    for (Job job : timers) {
      String activityId = timerActivities.get(job.getJobDefinitionId(), this::activityOf);
      if (activityId == null || !TIMERS.contains(activityId)) {
        continue;
      }
      Instant due = dueDate.apply(incident, activityId);
      if (due != null && (job.getDuedate() == null || job.getDuedate().getTime() != due.toEpochMilli())) {
        session.changed();
        engine.getManagementService().setJobDuedate(job.getId(), Date.from(due));
      }
    }
  }

  private String activityOf(String jobDefinitionId) {
    JobDefinition definition = engine.getManagementService().createJobDefinitionQuery().jobDefinitionId(jobDefinitionId)
        .singleResult();
    return definition == null ? null : definition.getActivityId();
  }

  private IllegalTransitionException notWaiting(LoadedIncident incident, String step, String verb) {
    String pid = incident.row().processInstanceId;
    if (pid == null) {
      throw new ItsmConfigurationException("Expected incident " + incident.number() + " to have a process instance, but it has none");
    }
    List<String> waiting = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(pid).count() == 0
        ? List.of() : engine.getRuntimeService().getActiveActivityIds(pid);
    return new IllegalTransitionException(incident.number(), incident.state().name(), "Expected the process of incident "
        + incident.number() + " to wait for " + step + " to " + verb + " it, but it waits at " + waiting);
  }
}
