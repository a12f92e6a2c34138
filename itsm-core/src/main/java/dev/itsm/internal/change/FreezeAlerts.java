package dev.itsm.internal.change;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;
import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.operaton.bpm.engine.impl.jobexecutor.JobHandler;
import org.operaton.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.TimerEntity;

/**
 * The engine timer job of each freeze window (type {@value #JOB_TYPE}, configuration the window id), due
 * when the freeze begins: it alerts about the changes still being implemented in its scope. An engine
 * job, so it fires once across nodes, and at its time even after downtime.
 */
public final class FreezeAlerts {
  /** Job handler type. */
  public static final String JOB_TYPE = "itsm-change-freeze";

  private FreezeAlerts() {}

  /** Arms the job of a window in the running command. */
  static void arm(UUID windowId, Instant due) {
    CommandContext context = Context.getCommandContext();
    TimerEntity timer = new TimerEntity();
    timer.setJobHandlerType(JOB_TYPE);
    timer.setJobHandlerConfigurationRaw(windowId.toString());
    timer.setDuedate(Date.from(due));
    timer.setExclusive(true);
    context.getJobManager().schedule(timer);
  }

  /** The handler; the change service is created after the process engine, so it is looked up when a job runs. */
  public static JobHandler<WindowId> handler(Supplier<ChangeServiceImpl> changes) {
    return new JobHandler<>() {
      @Override
      public String getType() {
        return JOB_TYPE;
      }

      @Override
      public void execute(WindowId configuration, ExecutionEntity execution, CommandContext context, String tenantId) {
        ChangeServiceImpl service = changes.get();
        if (service == null) {
          throw new IllegalStateException("the ITSM engine is not started yet");
        }
        service.freezeBegins(dev.itsm.internal.tx.ItsmSession.current(), configuration.id());
      }

      @Override
      public WindowId newConfiguration(String canonical) {
        return new WindowId(UUID.fromString(canonical));
      }
    };
  }

  /** The job's configuration: the window. */
  public record WindowId(UUID id) implements JobHandlerConfiguration {
    @Override
    public String toCanonicalString() {
      return id.toString();
    }
  }
}
