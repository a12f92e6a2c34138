package dev.itsm.internal.audit;

import dev.itsm.api.Actor;
import dev.itsm.api.AuditEntry;
import dev.itsm.api.AuditService;
import dev.itsm.api.Permission;
import dev.itsm.internal.persistence.AuditMapper;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/** Reads audit trails of tickets the actor may see. */
public final class AuditServiceImpl implements AuditService {
  private final Tx tx;
  private final AccessPolicy access;
  private final BiConsumer<ItsmSession, UUID> requireVisible;

  /**
   * @param requireVisible throws not found unless the ticket exists and the session's actor may see it
   */
  public AuditServiceImpl(Tx tx, AccessPolicy access, BiConsumer<ItsmSession, UUID> requireVisible) {
    this.tx = tx;
    this.access = access;
    this.requireVisible = requireVisible;
  }

  @Override
  public List<AuditEntry> trail(Actor actor, UUID ticketId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.AUDIT_READ);
      requireVisible.accept(s, ticketId);
      s.flush();
      return s.mapper(AuditMapper.class).selectAudit(ticketId).stream()
          .map(r -> new AuditEntry(r.id, r.ticketId, r.occurredAt, r.actorId, r.action, r.field, r.oldValue, r.newValue,
              r.causedByType, r.causedById))
          .toList();
    });
  }
}
