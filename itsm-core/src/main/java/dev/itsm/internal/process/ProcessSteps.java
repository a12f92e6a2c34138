package dev.itsm.internal.process;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.tx.ItsmSession;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.db.DbEntity;
import org.operaton.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.operaton.bpm.engine.impl.persistence.entity.EventSubscriptionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.AcquirableJobEntity;
import org.operaton.bpm.engine.impl.persistence.entity.TaskEntity;
import org.operaton.bpm.engine.impl.persistence.entity.TimerEntity;
import org.operaton.bpm.engine.runtime.ProcessInstance;

/**
 * How core drives a ticket's process: start it, check that it waits for the step an operation
 * needs, complete that step, deliver messages, and move armed timers when a deadline moved.
 *
 * <p>Lookups see the process state of the running command, including what an earlier operation of
 * the same unit of work created and the engine has not written yet: database results are merged
 * with the engine's entity cache.
 */
public final class ProcessSteps {
  private final ProcessEngine engine;
  /** Ids of the contract timers whose due dates core moves. */
  private final Set<String> timers;
  /** Job definitions never change once deployed: activity id by job definition id. */
  private final Cache<String, String> timerActivities = Caffeine.newBuilder().maximumSize(10_000).build();

  public ProcessSteps(ProcessEngine engine, Set<String> timers) {
    this.engine = engine;
    this.timers = Set.copyOf(timers);
  }

  /** Starts the ticket's process with the ticket id as business key; returns the instance id. */
  public String start(ItsmSession session, String processKey, ProcessTicket ticket, Map<String, Object> variables) {
    session.changed();
    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey(processKey, ticket.id().toString(),
        variables);
    return instance.getId();
  }

  /** The open user task of the step, or an {@link IllegalTransitionException} naming where the process waits. */
  public TaskEntity requireTask(ItsmSession session, ProcessTicket ticket, String taskKey, String verb) {
    return openTasks(ticket, taskKey).stream().findFirst()
        .orElseThrow(() -> notWaiting(session, ticket, "step '" + taskKey + "'", verb));
  }

  /** The open user tasks of the step (several for a multi-instance step), from the running command's view. */
  public List<TaskEntity> openTasks(ProcessTicket ticket, String taskKey) {
    String pid = processInstance(ticket);
    List<TaskEntity> fromDb = engine.getTaskService().createTaskQuery().processInstanceId(pid)
        .taskDefinitionKey(taskKey).list().stream().map(TaskEntity.class::cast).toList();
    return List.copyOf(current(fromDb, TaskEntity.class,
        t -> pid.equals(t.getProcessInstanceId()) && taskKey.equals(t.getTaskDefinitionKey())));
  }

  /** Sets a variable on the ticket's process instance. */
  public void setVariable(ItsmSession session, ProcessTicket ticket, String name, Object value) {
    session.changed();
    engine.getRuntimeService().setVariable(processInstance(ticket), name, value);
  }

  /** Throws the error an operation gets when the process does not wait at {@code step}. */
  public RuntimeException notWaitingAt(ItsmSession session, ProcessTicket ticket, String step, String verb) {
    return notWaiting(session, ticket, step, verb);
  }

  public void complete(ItsmSession session, TaskEntity task, Map<String, Object> variables) {
    session.changed();
    engine.getTaskService().complete(task.getId(), variables);
  }

  /** Delivers a message the process waits for, or throws naming where it waits. */
  public void deliver(ItsmSession session, ProcessTicket ticket, String message, String verb) {
    if (!deliverIfWaiting(session, ticket, message)) {
      throw notWaiting(session, ticket, "message '" + message + "'", verb);
    }
  }

  /** Delivers a message if the process waits for it; returns whether it did. */
  public boolean deliverIfWaiting(ItsmSession session, ProcessTicket ticket, String message) {
    String pid = processInstance(ticket);
    List<EventSubscriptionEntity> fromDb = engine.getRuntimeService().createEventSubscriptionQuery()
        .processInstanceId(pid).eventType("message").eventName(message).list().stream()
        .map(EventSubscriptionEntity.class::cast).toList();
    EventSubscriptionEntity subscription = current(fromDb, EventSubscriptionEntity.class,
        s -> pid.equals(s.getProcessInstanceId()) && message.equals(s.getEventName())).stream().findFirst().orElse(null);
    if (subscription == null) {
      return false;
    }
    session.changed();
    engine.getRuntimeService().messageEventReceived(message, subscription.getExecutionId());
    return true;
  }

  /**
   * Moves the armed timer jobs of the contract whose deadline changed (priority change, new
   * assignee). Timers of steps the process is not in are not armed and need nothing.
   */
  public <T extends ProcessTicket> void rearm(ItsmSession session, T ticket, BiFunction<T, String, Instant> dueDate) {
    String pid = processInstance(ticket);
    List<AcquirableJobEntity> fromDb = List.copyOf(Context.getCommandContext().getJobManager().findJobsByProcessInstanceId(pid));
    // jobs are cached under AcquirableJobEntity; asking the cache for a subtype finds nothing
    for (AcquirableJobEntity cached : current(fromDb, AcquirableJobEntity.class,
        j -> j instanceof TimerEntity timer && pid.equals(timer.getProcessInstanceId()))) {
      if (!(cached instanceof TimerEntity job)) {
        continue;
      }
      String activityId = job.getJobDefinitionId() == null ? job.getActivityId()
          : timerActivities.get(job.getJobDefinitionId(), id -> job.getActivityId());
      if (activityId == null || !timers.contains(activityId)) {
        continue;
      }
      Instant due = dueDate.apply(ticket, activityId);
      if (due == null) {
        continue;   // its clock stopped: the process removes the timer with its scope
      }
      if (job.getDuedate() == null || job.getDuedate().getTime() != due.toEpochMilli()) {
        // on the entity itself: a timer created earlier in this command is not in the database yet
        session.changed();
        job.setDuedate(Date.from(due));
      }
    }
  }

  /** Database results and entities created in this command, minus those deleted in it. */
  private static <T extends DbEntity> Collection<T> current(List<T> fromDb, Class<T> type, Predicate<T> matches) {
    DbEntityManager entities = Context.getCommandContext().getDbEntityManager();
    Map<String, T> byId = new LinkedHashMap<>();
    fromDb.forEach(e -> byId.put(e.getId(), e));
    for (T cached : entities.getCachedEntitiesByType(type)) {
      if (matches.test(cached)) {
        byId.put(cached.getId(), cached);
      }
    }
    byId.values().removeIf(entities::isDeleted);
    return byId.values();
  }

  private static String processInstance(ProcessTicket ticket) {
    String pid = ticket.processInstanceId();
    if (pid == null) {
      throw new ItsmConfigurationException("Expected " + ticket.kind() + " " + ticket.number() + " to have a process instance, but it has none");
    }
    return pid;
  }

  /**
   * The process does not wait where the ticket's state says it should. If the ticket changed since
   * this transaction read it, another transaction moved it on: that is a conflict, not an illegal
   * transition.
   */
  private RuntimeException notWaiting(ItsmSession session, ProcessTicket ticket, String step, String verb) {
    Long stored = session.mapper(TicketMapper.class).selectVersion(ticket.id());
    if (stored != null && stored != ticket.version()) {
      return new ConcurrentUpdateException("Expected " + ticket.kind() + " " + ticket.number() + " at version " + ticket.version()
          + " to " + verb + " it, but another transaction changed it to version " + stored + "; reload and retry");
    }
    return new IllegalTransitionException(ticket.number(), ticket.stateName(), "Expected the process of " + ticket.kind() + " "
        + ticket.number() + " to wait for " + step + " to " + verb + " it, but it waits at " + waitingAt(ticket));
  }

  /** Activities the process instance is in, from the running command's view. */
  private static Set<String> waitingAt(ProcessTicket ticket) {
    Set<String> activities = new TreeSet<>();
    ExecutionEntity instance = Context.getCommandContext().getExecutionManager()
        .findExecutionById(ticket.processInstanceId());
    if (instance != null && !instance.isEnded()) {
      collect(instance, activities);
    }
    return activities;
  }

  private static void collect(ExecutionEntity execution, Set<String> activities) {
    if (execution.getActivityId() != null && execution.isActive()) {
      activities.add(execution.getActivityId());
    }
    execution.getExecutions().forEach(child -> collect(child, activities));
  }
}
