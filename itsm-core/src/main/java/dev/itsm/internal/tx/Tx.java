package dev.itsm.internal.tx;

import dev.itsm.api.Actor;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.ItsmException;
import dev.itsm.internal.engine.ItsmRuntime;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.interceptor.CommandExecutor;

/**
 * Runs ITSM operations as engine commands: a new transaction, or the one already running on this
 * thread (a unit opened by {@code inTransaction}, a delegate, a job). There is no other transaction
 * manager. Reads outside a unit ({@link #read}) run on an autocommit connection instead.
 */
public final class Tx {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tx.class);
  private final ProcessEngineConfigurationImpl configuration;
  private final ItsmRuntime runtime;

  public Tx(ProcessEngineConfigurationImpl configuration, ItsmRuntime runtime) {
    this.configuration = configuration;
    this.runtime = runtime;
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
      return executor.execute(commandContext -> run(commandContext.getSession(ItsmSession.class), actor, work));
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  /**
   * Runs {@code work}, which only reads, for {@code actor}: in the unit of work already running on
   * this thread, or else on a connection of its own in autocommit mode, outside any engine command.
   * Under read committed (the isolation the engine runs at) each statement reads its own snapshot
   * inside a transaction too, so this reads the same rows and saves the transaction's
   * {@code COMMIT}, a round trip (the queue query's, see docs/benchmarks.md). A data source that
   * hands out connections in a transaction (autocommit off, e.g. bound to a host's transaction) gets
   * an engine command as with {@link #execute}.
   */
  public <T> T read(Actor actor, Function<ItsmSession, T> work) {
    if (inUnit()) {
      return execute(actor, work);
    }
    Connection connection;
    try {
      connection = configuration.getDataSource().getConnection();
    } catch (SQLException e) {
      throw translated(new ProcessEngineException("Expected a database connection for a read, but the data source failed", e));
    }
    boolean autoCommit;
    try {
      autoCommit = connection.getAutoCommit();
    } catch (SQLException | RuntimeException e) {
      close(connection);
      throw translated(new ProcessEngineException("Expected a usable database connection for a read, but it failed", e));
    }
    if (!autoCommit) {
      close(connection);
      return execute(actor, work);
    }
    ItsmSession session = ItsmSession.readOnly(runtime, connection);
    try {
      return run(session, actor, work);
    } catch (RuntimeException e) {
      throw translated(e);
    } finally {
      try {
        session.close();
      } finally {
        close(connection);
      }
    }
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Closing the connection of a read failed", e);
    }
  }

  private static <T> T run(ItsmSession session, Actor actor, Function<ItsmSession, T> work) {
    Actor previous = session.actAs(actor);
    int before = session.changeCount();
    String outerActor = org.slf4j.MDC.get(MDC_ACTOR);
    String outerTenant = org.slf4j.MDC.get(MDC_TENANT);
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
      restore(MDC_TENANT, outerTenant);
      restore(MDC_TICKET, outerTicket);
    }
  }

  private static RuntimeException translated(RuntimeException e) {
    RuntimeException translated = Errors.translate(e);
    if (!(translated instanceof ItsmException)) {
      LOG.error("ITSM operation failed unexpectedly", e);
    }
    return translated;
  }
}
