package dev.itsm.internal.engine;

import dev.itsm.api.Actor;
import dev.itsm.api.AuditService;
import dev.itsm.api.Cause;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.sla.SlaService;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.operaton.bpm.engine.ProcessEngine;

/** The {@link ItsmEngine} handed to hosts. */
public final class DefaultItsmEngine implements ItsmEngine {
  private final ItsmRuntime runtime;
  private final boolean ownsProcessEngine;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  DefaultItsmEngine(ItsmRuntime runtime, boolean ownsProcessEngine, Runnable onClose) {
    this.runtime = runtime;
    this.ownsProcessEngine = ownsProcessEngine;
    this.onClose = onClose;
  }

  /** Internals, for the test kit and the example server's diagnostics. */
  public ItsmRuntime runtime() {
    return runtime;
  }

  @Override
  public IncidentService incidents() {
    return runtime.incidents();
  }

  @Override
  public CmdbService cmdb() {
    return runtime.cmdb();
  }

  @Override
  public dev.itsm.api.change.ChangeService changes() {
    return runtime.changes();
  }

  @Override
  public dev.itsm.api.release.ReleaseService releases() {
    return runtime.releases();
  }

  @Override
  public dev.itsm.api.problem.ProblemService problems() {
    return runtime.problems();
  }

  @Override
  public dev.itsm.api.knowledge.KnowledgeService knowledge() {
    return runtime.knowledge();
  }

  @Override
  public SlaService sla() {
    return runtime.sla();
  }

  @Override
  public AuditService audit() {
    return runtime.audit();
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return runtime.tx().execute(Actor.system(), s -> work.get());
  }

  @Override
  public <T> T causedBy(Cause cause, Supplier<T> work) {
    Objects.requireNonNull(cause, "cause");
    return runtime.tx().execute(Actor.system(), s -> {
      Cause outer = s.causedBy(cause);
      try {
        return work.get();
      } finally {
        s.causedBy(outer);
      }
    });
  }

  @Override
  public java.util.List<dev.itsm.api.DeadLetter> deadLetters(int limit) {
    return runtime.delivery().deadLetters(limit);
  }

  @Override
  public boolean redeliver(java.util.UUID deadLetterId) {
    return runtime.delivery().redeliver(deadLetterId);
  }

  @Override
  public long cleanUp() {
    return runtime.cleanUp();
  }

  @Override
  public dev.itsm.api.Health health() {
    return runtime.health();
  }

  @Override
  public Clock clock() {
    return runtime.clock();
  }

  @Override
  public ProcessEngine processEngine() {
    return runtime.processEngine();
  }

  @Override
  public boolean awaitDeliveries(Duration timeout) {
    return runtime.delivery().awaitIdle(timeout);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    runtime.stop();
    if (ownsProcessEngine) {
      runtime.processEngine().close();
    }
    if (onClose != null) {
      onClose.run();
    }
  }
}
