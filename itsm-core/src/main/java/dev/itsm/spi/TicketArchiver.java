package dev.itsm.spi;

/**
 * Keeps closed tickets somewhere else before the retention cleanup deletes them (a file store, a
 * data warehouse). Called inside the deleting transaction: when it throws, the ticket stays and
 * the cleanup tries again on its next run.
 */
@FunctionalInterface
public interface TicketArchiver {

  void archive(ArchivedTicket ticket) throws Exception;

  /**
   * A closed ticket as stored, about to be deleted.
   *
   * @param json the ticket with its type's details, custom fields, notes, audit trail, SLA clocks
   *             with their timelines, and stamps, as one JSON document
   */
  record ArchivedTicket(java.util.UUID id, String number, String tenantId, String ticketType,
                        java.time.Instant closedAt, String json) {}
}
