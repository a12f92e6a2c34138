package dev.itsm.internal.tx;

import dev.itsm.internal.engine.ItsmRuntime;
import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.interceptor.Session;
import org.operaton.bpm.engine.impl.interceptor.SessionFactory;

/** Registers {@link ItsmSession} with the process engine (a custom session factory). */
public final class ItsmSessionFactory implements SessionFactory {
  private final ItsmRuntime runtime;

  public ItsmSessionFactory(ItsmRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Class<?> getSessionType() {
    return ItsmSession.class;
  }

  @Override
  public Session openSession() {
    return new ItsmSession(runtime, Context.getCommandContext());
  }
}
