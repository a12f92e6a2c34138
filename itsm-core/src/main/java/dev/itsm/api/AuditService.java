package dev.itsm.api;

import java.util.List;
import java.util.UUID;

/** Reads the audit trail that every ticket change writes in its own transaction. */
public interface AuditService {

  /**
   * The audit entries of a ticket, oldest first.
   *
   * @throws NotFoundException      when the ticket does not exist or is not visible to the actor
   * @throws AccessDeniedException  without {@link Permission#AUDIT_READ}
   */
  List<AuditEntry> trail(Actor actor, UUID ticketId);
}
