package dev.itsm.internal.sla;

import dev.itsm.internal.tx.ItsmSession;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.operaton.bpm.engine.impl.jobexecutor.JobHandler;
import org.operaton.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.JobEntity;
import org.operaton.bpm.engine.impl.persistence.entity.JobManager;
import org.operaton.bpm.engine.impl.persistence.entity.TimerEntity;

/**
 * The engine timer job of each running SLA clock, due at its next unrecorded threshold. Jobs are
 * Operaton timers (type {@value #JOB_TYPE}, configuration {@code ticketId|clockId}) on the ticket's
 * process instance, so every node's job executor takes part and a job runs once; the clock row
 * keeps the job's id. Whenever a clock changes, {@link #sync} arms, moves or removes its job in
 * the same transaction.
 */
public final class SlaTimers {
  /** Job handler type of SLA threshold timers. */
  public static final String JOB_TYPE = "itsm-sla-threshold";
  /** Session local: id of the SLA job being executed (the engine deletes it when the handler returns). */
  static final String EXECUTING = SlaTimers.class.getName() + ".executing";

  private SlaTimers() {}

  /** What a fired job does: process the clock's due thresholds; it calls {@link #sync} itself. */
  @FunctionalInterface
  public interface Firing {
    void fire(ItsmSession session, UUID ticketId, UUID clockId);
  }

  /**
   * Arms, moves or removes the job of every clock that changed in this unit (or whose job is the one
   * running) to its next pending threshold. A clock that did not change keeps its job: its next
   * threshold is a function of its timeline, so no lookup is needed.
   */
  public static void sync(ItsmSession session, Collection<SlaClock> clocks, String processInstanceId) {
    sync(session, clocks, processInstanceId, false);
  }

  /** As {@link #sync(ItsmSession, Collection, String)}, for unchanged clocks too when {@code all}. */
  static void sync(ItsmSession session, Collection<SlaClock> clocks, String processInstanceId, boolean all) {
    CommandContext context = org.operaton.bpm.engine.impl.context.Context.getCommandContext();
    if (context == null) {
      return;
    }
    JobManager jobs = context.getJobManager();
    Object executing = session.locals().get(EXECUTING);
    Instant now = session.now();
    for (SlaClock clock : clocks) {
      if (!all && !clock.changed() && (clock.jobId() == null || !clock.jobId().equals(executing))) {
        continue;
      }
      List<SlaClock.Due> pending = clock.pending(now);
      Instant next = pending.isEmpty() ? null : pending.get(0).at();
      JobEntity job = clock.jobId() == null || clock.jobId().equals(executing) ? null : job(context, clock.jobId());
      if (next == null) {
        if (job != null) {
          job.delete();
        }
        clock.jobId(null);
      } else if (job == null) {
        TimerEntity timer = new TimerEntity();
        // the id now, not at flush: the clock row written with this unit keeps it
        timer.setId(context.getProcessEngineConfiguration().getIdGenerator().getNextId());
        timer.setJobHandlerType(JOB_TYPE);
        timer.setJobHandlerConfigurationRaw(clock.ticketId() + "|" + clock.id());
        timer.setDuedate(Date.from(next));
        timer.setProcessInstanceId(processInstanceId);
        timer.setExclusive(true);
        jobs.schedule(timer);
        clock.jobId(timer.getId());
      } else if (job.getDuedate() == null || job.getDuedate().getTime() != next.toEpochMilli()) {
        job.setDuedate(Date.from(next));   // JobManager.reschedule only moves messages and ever-living jobs
      }
    }
  }

  /** A job inserted earlier in this command (cached, not yet written) or stored; {@code null} if gone. */
  private static JobEntity job(CommandContext context, String id) {
    // jobs are cached under AcquirableJobEntity; asking the cache for a subtype finds nothing
    var entities = context.getDbEntityManager();
    var cached = entities.getCachedEntity(org.operaton.bpm.engine.impl.persistence.entity.AcquirableJobEntity.class, id);
    if (cached instanceof JobEntity job) {
      return entities.isDeleted(job) ? null : job;
    }
    return context.getJobManager().findJobById(id);
  }

  /** The handler registered with the process engine. */
  public static JobHandler<Configuration> handler(java.util.function.Supplier<Firing> firing) {
    return new JobHandler<>() {
      @Override
      public String getType() {
        return JOB_TYPE;
      }

      @Override
      public void execute(Configuration configuration, ExecutionEntity execution, CommandContext commandContext,
                          String tenantId) {
        ItsmSession session = ItsmSession.current();
        JobEntity current = commandContext.getCurrentJob();
        session.locals().put(EXECUTING, current == null ? null : current.getId());
        Firing target = firing.get();
        if (target == null) {
          throw new IllegalStateException("the ITSM engine is not started yet");
        }
        target.fire(session, configuration.ticketId(), configuration.clockId());
      }

      @Override
      public Configuration newConfiguration(String canonical) {
        String[] parts = canonical.split("\\|");
        return new Configuration(UUID.fromString(parts[0]), UUID.fromString(parts[1]));
      }
    };
  }

  /** Which clock of which ticket a job is for. */
  public record Configuration(UUID ticketId, UUID clockId) implements JobHandlerConfiguration {
    @Override
    public String toCanonicalString() {
      return ticketId + "|" + clockId;
    }
  }
}
