package dev.itsm.internal.tx;

import dev.itsm.api.Actor;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.ItsmException;
import java.util.function.Function;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.interceptor.CommandExecutor;

/**
 * Runs ITSM operations as engine commands: a new transaction, or the one already running on this
 * thread (a unit opened by {@code inTransaction}, a delegate, a job). There is no other transaction
 * manager.
 */
public final class Tx {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tx.class);
  private final ProcessEngineConfigurationImpl configuration;

  public Tx(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
  }

  /** Whether this thread runs inside a unit of work (an engine command: {@code inTransaction}, a delegate, a job). */
  public static boolean inUnit() {
    return org.operaton.bpm.engine.impl.context.Context.getCommandContext() != null;
  }

  /** Logging context (SLF4J MDC) while an operation runs: the actor, its tenant, and the ticket worked on. */
  public static final String MDC_ACTOR = "itsm.actor";
  public static final String MDC_TENANT = "itsm.tenant";
  public static final String MDC_TICKET = "itsm.ticket";

  private static void restore(String key, String value) {
    if (value == null) {
      org.slf4j.MDC.remove(key);
    } else {
      org.slf4j.MDC.put(key, value);
    }
  }

  /**
   * Runs {@code work} for {@code actor}. If it throws after it changed something, the whole unit is
   * marked to roll back, even when an outer caller catches the exception.
   */
  public <T> T execute(Actor actor, Function<ItsmSession, T> work) {
    CommandExecutor executor = configuration.getCommandExecutorTxRequired();
    try {
      return executor.execute(commandContext -> {
        ItsmSession session = commandContext.getSession(ItsmSession.class);
        Actor previous = session.actAs(actor);
        int before = session.changeCount();
        String outerActor = org.slf4j.MDC.get(MDC_ACTOR);
        String outerTicket = org.slf4j.MDC.get(MDC_TICKET);
        org.slf4j.MDC.put(MDC_ACTOR, actor.id());
        org.slf4j.MDC.put(MDC_TENANT, actor.tenantId());
        try {
          return work.apply(session);
        } catch (RuntimeException e) {
          RuntimeException failure = e;
          if (!(e instanceof ItsmException)) {
            TicketAggregate stale = session.staleTicket();
            if (stale != null) {
              failure = new ConcurrentUpdateException("Expected ticket " + stale.number()
                  + " to stay as this operation read it, but another transaction changed it meanwhile; reload and retry", e);
            }
          }
          if (session.changeCount() != before) {
            session.markRollbackOnly(failure);
          }
          throw failure;
        } finally {
          session.actAs(previous);
          restore(MDC_ACTOR, outerActor);
          restore(MDC_TICKET, outerTicket);
          if (outerActor == null) {
            org.slf4j.MDC.remove(MDC_TENANT);
          }
        }
      });
    } catch (RuntimeException e) {
      RuntimeException translated = Errors.translate(e);
      if (!(translated instanceof ItsmException)) {
        LOG.error("ITSM operation failed unexpectedly", e);
      }
      throw translated;
    }
  }
}
