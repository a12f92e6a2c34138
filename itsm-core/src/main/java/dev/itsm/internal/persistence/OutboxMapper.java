package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on the outbox. */
public interface OutboxMapper {
  void insertOutbox(OutboxRow row);

  int markDelivered(@Param("ids") Collection<UUID> ids, @Param("at") Instant at);

  int markFailed(@Param("id") UUID id, @Param("status") String status, @Param("error") String error,
                 @Param("nextAttemptAt") Instant nextAttemptAt);

  /** Ids of pending entries due (for a retry, or with their lease run out), oldest first. */
  List<UUID> selectDue(@Param("now") Instant now, @Param("limit") int limit);

  /** Drops the lease of pending entries. */
  int release(@Param("ids") Collection<UUID> ids);

  /** Takes a lease on a pending entry unless another node holds one; returns 1 if taken. */
  int lease(@Param("id") UUID id, @Param("now") Instant now, @Param("until") Instant until);

  /** Dead entries, oldest first. */
  List<OutboxRow> selectDead(@Param("limit") int limit);

  /** Puts a dead entry back to pending, attempts from zero, due at {@code now}; returns 1 if it was dead. */
  int revive(@Param("id") UUID id, @Param("now") Instant now);

  OutboxRow selectOutbox(@Param("id") UUID id);

  List<OutboxRow> selectByTicket(@Param("ticketId") UUID ticketId);

  /** Entries in the status. */
  long countByStatus(@Param("status") String status);

  /** When the oldest pending entry was written, or null when none is pending. */
  java.time.Instant oldestPending();

  /** Whether an entry with the idempotency key was written (delivered or not). */
  boolean existsKey(@Param("key") String key);
}
