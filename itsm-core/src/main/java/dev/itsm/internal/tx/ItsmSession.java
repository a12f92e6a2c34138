package dev.itsm.internal.tx;

import dev.itsm.api.Actor;
import dev.itsm.api.Cause;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.internal.engine.ItsmRuntime;
import dev.itsm.internal.persistence.AuditMapper;
import dev.itsm.internal.persistence.AuditRow;
import dev.itsm.internal.persistence.NoteMapper;
import dev.itsm.internal.persistence.NoteRow;
import dev.itsm.internal.persistence.OutboxMapper;
import dev.itsm.internal.persistence.OutboxRow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.operaton.bpm.engine.impl.cfg.TransactionState;
import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.operaton.bpm.engine.impl.interceptor.Session;

/**
 * The ITSM unit of work of one engine command. Lives as an Operaton {@link Session}, so it exists
 * once per command context (nested calls, delegates and timer jobs of that command share it), uses
 * the command's connection, and is flushed with the engine's own sessions before the one commit.
 *
 * <p>Tickets are loaded once per unit (an identity map), changed in memory, and written once at
 * flush with an optimistic version check. Audit entries, notes and outbox entries are inserted at
 * flush. After the commit the outbox entries are handed to delivery.
 *
 * <p>A read outside any unit gets a read-only session of its own ({@link #readOnly}) on an
 * autocommit connection, outside the engine; it refuses changes.
 */
public final class ItsmSession implements Session {
  private final ItsmRuntime runtime;
  /** The engine command this unit belongs to; null in a read-only unit (see {@link #readOnly}). */
  private final CommandContext commandContext;
  /** The connection of a read-only unit; null in a command's unit (it uses the command's connection). */
  private final java.sql.Connection readConnection;
  private SqlSession sqlSession;
  private SqlSession batchSession;
  private final Map<UUID, TicketAggregate> tickets = new LinkedHashMap<>();
  private final List<AuditRow> audit = new ArrayList<>();
  private final List<NoteRow> notes = new ArrayList<>();
  private final List<OutboxRow> outbox = new ArrayList<>();
  private final List<OutboxRow> toDeliver = new ArrayList<>();
  private Actor actor = Actor.system();
  /** Recorded with every audit entry of the unit while set (see ItsmEngine.causedBy). */
  private Cause cause;
  private final Map<Object, Object> locals = new java.util.HashMap<>();
  private int changes;
  private RuntimeException rollbackCause;
  private boolean deliveryRegistered;

  ItsmSession(ItsmRuntime runtime, CommandContext commandContext) {
    this.runtime = runtime;
    this.commandContext = commandContext;
    this.readConnection = null;
  }

  private ItsmSession(ItsmRuntime runtime, java.sql.Connection connection) {
    this.runtime = runtime;
    this.commandContext = null;
    this.readConnection = connection;
  }

  /**
   * A unit that only reads, outside any engine command, on {@code connection} in autocommit mode:
   * each statement commits by itself, so a read costs one round trip and no {@code COMMIT}. It
   * refuses changes; the caller closes it and then the connection.
   */
  static ItsmSession readOnly(ItsmRuntime runtime, java.sql.Connection connection) {
    return new ItsmSession(runtime, connection);
  }

  private CommandContext command(String what) {
    if (commandContext == null) {
      throw new IllegalStateException("Expected " + what + " inside an engine command, but this unit of work only reads");
    }
    return commandContext;
  }

  /** The session of the command running on this thread. */
  public static ItsmSession current() {
    CommandContext context = Context.getCommandContext();
    if (context == null) {
      throw new IllegalStateException("no engine command is running on this thread");
    }
    try {
      return context.getSession(ItsmSession.class);
    } catch (RuntimeException e) {
      throw new ItsmConfigurationException("Expected the ITSM plugin on this process engine, but its session factory is missing", e);
    }
  }

  public ItsmRuntime runtime() {
    return runtime;
  }

  /** The actor on whose behalf the current operation runs; the system actor for jobs. */
  public Actor actor() {
    return actor;
  }

  /** Sets the acting actor; returns the previous one so that nested operations can restore it. */
  /** Values a service keeps for the rest of this unit of work (e.g. a schema it changed in it). */
  public Map<Object, Object> locals() {
    return locals;
  }

  /** Runs {@code action} after this unit of work committed (not after a rollback). */
  public void afterCommit(Runnable action) {
    command("an after-commit action").getTransactionContext()
        .addTransactionListener(TransactionState.COMMITTED, context -> action.run());
  }

  /** The cause set by {@link #causedBy(Cause)}, or {@code null}. */
  public Cause cause() {
    return cause;
  }

  /** Sets the cause recorded with audit entries from now on in this unit; returns the previous one. */
  public Cause causedBy(Cause cause) {
    Cause previous = this.cause;
    this.cause = cause;
    return previous;
  }

  public Actor actAs(Actor actor) {
    Actor previous = this.actor;
    this.actor = actor;
    return previous;
  }

  /** Now, from the injected clock, at millisecond precision (what every database here stores). */
  public Instant now() {
    return runtime.clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }

  public <M> M mapper(Class<M> type) {
    if (sqlSession == null) {
      sqlSession = runtime.persistence().open(jdbc());
    }
    return sqlSession.getMapper(type);
  }

  /**
   * A mapper whose statements are queued as JDBC batches (consecutive statements of one kind form
   * one batch) until {@link #flushBatch()} or the end of {@link #flush()}.
   */
  public <M> M batch(Class<M> type) {
    return batchMapper(type);
  }

  /** Sends the queued batches now; the results carry the update counts. */
  public List<org.apache.ibatis.executor.BatchResult> flushBatch() {
    return batchSession == null ? List.of() : batchSession.flushStatements();
  }

  /** A mapper whose statements are sent as one JDBC batch at the end of {@link #flush()}. */
  private <M> M batchMapper(Class<M> type) {
    if (batchSession == null) {
      batchSession = runtime.persistence().openBatch(jdbc());
    }
    return batchSession.getMapper(type);
  }

  /** Writes many new rows of the CMDB's large tables at once, now, in this unit of work. */
  public dev.itsm.internal.persistence.BulkInsert bulk() {
    return new dev.itsm.internal.persistence.BulkInsert(jdbc(), runtime.persistence().dialect());
  }

  /**
   * The unit's JDBC connection, for statements written in plain JDBC. What the unit has not flushed
   * is not in the database yet: call {@link #flush()} first when the statement must see it.
   */
  public java.sql.Connection jdbc() {
    return readConnection != null ? readConnection : commandContext.getDbSqlSession().getSqlSession().getConnection();
  }

  /** Counts a change (ITSM or engine state); used to decide whether a failure must roll the unit back. */
  public void changed() {
    command("a change");
    changes++;
  }

  int changeCount() {
    return changes;
  }

  void markRollbackOnly(RuntimeException cause) {
    if (rollbackCause == null) {
      rollbackCause = cause;
    }
  }

  /** The ticket already in this unit, or the one {@code loader} loads (which is then kept), or null. */
  @SuppressWarnings("unchecked")
  public <T extends TicketAggregate> T ticket(UUID id, Class<T> type, Function<UUID, T> loader) {
    TicketAggregate known = tickets.get(id);
    if (known != null) {
      return type.isInstance(known) ? (T) known : null;
    }
    T loaded = loader.apply(id);
    if (loaded != null) {
      tickets.put(id, loaded);
    }
    return loaded;
  }

  /** The ticket of this unit with that id, or {@code null} if the unit did not load or create it. */
  public TicketAggregate known(UUID id) {
    return tickets.get(id);
  }

  /**
   * A ticket of this unit that another transaction changed since it was read, or null. An engine
   * failure in an operation on such a ticket is a lost race, not a defect.
   */
  TicketAggregate staleTicket() {
    for (TicketAggregate ticket : tickets.values()) {
      try {
        if (ticket.isStale(this)) {
          return ticket;
        }
      } catch (RuntimeException cannotTell) {
        return null;
      }
    }
    return null;
  }

  /** Adds a new ticket to the unit. */
  public void add(TicketAggregate ticket) {
    tickets.put(ticket.id(), ticket);
    changed();
  }

  public void audit(UUID ticketId, String tenantId, String action, String field, Object oldValue, Object newValue) {
    AuditRow row = new AuditRow();
    row.id = UUID.randomUUID();
    row.tenantId = tenantId;
    row.ticketId = ticketId;
    row.occurredAt = now();
    row.actorId = actor.id();
    row.action = action;
    row.field = field;
    row.oldValue = text(oldValue);
    row.newValue = text(newValue);
    if (cause != null) {
      row.causedByType = cause.type();
      row.causedById = cause.id();
    }
    audit.add(row);
    changed();
  }

  public void note(NoteRow note) {
    notes.add(note);
    changed();
  }

  public void outbox(OutboxRow row) {
    outbox.add(row);
    changed();
  }

  /**
   * Writes everything pending. Called by the engine before commit, and before queries that must see
   * this unit's changes.
   */
  @Override
  public void flush() {
    if (rollbackCause != null) {
      throw new RollbackOnlyException(rollbackCause);
    }
    for (TicketAggregate ticket : tickets.values()) {
      ticket.flush(this);
    }
    if (!notes.isEmpty()) {
      NoteMapper mapper = batchMapper(NoteMapper.class);
      notes.forEach(mapper::insertNote);
      notes.clear();
    }
    if (!audit.isEmpty()) {
      AuditMapper mapper = batchMapper(AuditMapper.class);
      audit.forEach(mapper::insertAudit);
      audit.clear();
    }
    if (!outbox.isEmpty()) {
      OutboxMapper mapper = batchMapper(OutboxMapper.class);
      // this node delivers them after the commit; others only once the lease ran out (it died)
      Duration lease = runtime.delivery().lease();
      outbox.forEach(row -> {
        row.leaseUntil = row.createdAt.plus(lease);
        mapper.insertOutbox(row);
      });
      toDeliver.addAll(outbox);
      outbox.clear();
      registerDelivery();
    }
    if (batchSession != null) {
      batchSession.flushStatements();   // also what callers queued through batch(..) and did not send
    }
  }

  private void registerDelivery() {
    if (deliveryRegistered) {
      return;
    }
    deliveryRegistered = true;
    command("an outbox delivery").getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
        context -> runtime.delivery().afterCommit(List.copyOf(toDeliver)));
  }

  @Override
  public void close() {
    org.slf4j.MDC.remove(Tx.MDC_TICKET);   // set by the operations (and timer jobs) of this command
    if (batchSession != null) {
      batchSession.close();
      batchSession = null;
    }
    if (sqlSession != null) {
      sqlSession.close();
      sqlSession = null;
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    String s = value instanceof Enum<?> e ? e.name() : value.toString();
    return s.length() > 4000 ? s.substring(0, 3997) + "..." : s;
  }
}
