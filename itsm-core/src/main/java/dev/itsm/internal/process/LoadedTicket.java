package dev.itsm.internal.process;

import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.persistence.TicketRow;
import dev.itsm.internal.tx.ItsmSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A ticket of a type with a detail row (a change, a problem) in a unit of work: the ticket base row
 * and its CIs, written once at {@link #flush} with the optimistic version check. Every audited change
 * of a field goes through {@link #change}. Subclasses write their detail row and child rows.
 *
 * @param <R> the row type: the ticket base row with the type's detail columns
 */
public abstract class LoadedTicket<R extends TicketRow> implements ProcessTicket {
  private final R row;
  private final List<UUID> cis;
  private final List<UUID> newCis = new ArrayList<>();
  private boolean inserted;
  private long persistedVersion;
  private boolean dirty;

  /**
   * @param inserted whether the row is in the database already (loaded), or new (inserted at the next flush)
   */
  protected LoadedTicket(R row, boolean inserted, List<UUID> cis) {
    this.row = row;
    this.inserted = inserted;
    this.persistedVersion = row.version;
    this.cis = new ArrayList<>(cis);
  }

  public R row() {
    return row;
  }

  @Override
  public UUID id() {
    return row.id;
  }

  @Override
  public String number() {
    return row.number;
  }

  @Override
  public String processInstanceId() {
    return row.processInstanceId;
  }

  @Override
  public long version() {
    return persistedVersion;
  }

  @Override
  public String stateName() {
    return row.state;
  }

  /** The version this ticket will have once the unit commits (what the API returns). */
  public long pendingVersion() {
    return inserted && dirty ? persistedVersion + 1 : row.version;
  }

  public List<UUID> cis() {
    return cis;
  }

  @Override
  public boolean isStale(ItsmSession session) {
    if (!inserted) {
      return false;
    }
    Long stored = session.mapper(TicketMapper.class).selectVersion(row.id);
    return stored != null && stored != persistedVersion;
  }

  /**
   * Fails with a {@link ConcurrentUpdateException} when the caller expects another version than the one the API
   * shows now ({@link #pendingVersion}); {@code null} expects none.
   */
  public void requireVersion(Long expectedVersion) {
    if (expectedVersion != null && expectedVersion != pendingVersion()) {
      throw new ConcurrentUpdateException("Expected " + kind() + " " + row.number + " at version " + expectedVersion
          + ", but it is at version " + pendingVersion() + "; reload and retry");
    }
  }

  /** Fails with an {@link dev.itsm.api.IllegalTransitionException} unless {@code state} is one of {@code allowed}. */
  @SafeVarargs
  public final <E extends Enum<E>> void requireState(String verb, E state, E... allowed) {
    if (!java.util.Arrays.asList(allowed).contains(state)) {
      String states = allowed.length == 1 ? allowed[0].name() : "one of " + java.util.EnumSet.copyOf(java.util.Arrays.asList(allowed));
      throw new dev.itsm.api.IllegalTransitionException(row.number, row.state, "Expected to " + verb + " " + kind() + " "
          + row.number + " in state " + states + ", but it is " + state);
    }
  }

  /** Records an audited change of a field; returns whether the value differs (the caller then sets it). */
  public boolean change(ItsmSession session, String action, String field, Object oldValue, Object newValue) {
    if (Objects.equals(oldValue, newValue)) {
      return false;
    }
    session.audit(row.id, row.tenantId, action, field, oldValue, newValue);
    dirty = true;
    row.updatedBy = session.actor().id();
    return true;
  }

  /** Marks the row changed without an audited field (e.g. the process instance id). */
  public void touch() {
    dirty = true;
  }

  public void addCi(UUID ciId) {
    if (!cis.contains(ciId)) {
      cis.add(ciId);
      newCis.add(ciId);
      dirty = true;
    }
  }

  @Override
  public final void flush(ItsmSession session) {
    TicketMapper tickets = session.mapper(TicketMapper.class);
    row.hasCis = !cis.isEmpty();
    if (!inserted) {
      row.updatedAt = session.now();
      tickets.insertTicket(row);
      insertDetail(session);
      inserted = true;
      persistedVersion = row.version;
    } else if (dirty) {
      row.version = persistedVersion + 1;
      row.updatedAt = session.now();
      if (tickets.updateTicket(row, persistedVersion) != 1) {
        row.version = persistedVersion;
        throw new ConcurrentUpdateException("Expected to update " + kind() + " " + row.number + " at version "
            + persistedVersion + ", but another transaction changed it first; reload and retry");
      }
      updateDetail(session);
      persistedVersion = row.version;
    }
    for (UUID ci : newCis) {
      tickets.insertCi(row.id, ci);
    }
    newCis.clear();
    flushChildren(session);
    dirty = false;
  }

  /** Inserts the detail row and the child rows of a new ticket (after its base row). */
  protected abstract void insertDetail(ItsmSession session);

  /** Writes the detail row and changed child rows of a loaded ticket that changed. */
  protected abstract void updateDetail(ItsmSession session);

  /** Writes what is pending whether or not the row changed (new child rows); runs at every flush. */
  protected abstract void flushChildren(ItsmSession session);
}
