package dev.itsm.internal.persistence;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on SLA clocks, their timelines and the SLA definitions. */
public interface SlaClockMapper {
  void insertClock(SlaClockRow row);

  /** Writes the clock if it is still at {@code expectedVersion}; returns the rows updated (0 = conflict). */
  int updateClock(@Param("row") SlaClockRow row, @Param("expectedVersion") long expectedVersion);

  List<SlaClockRow> selectClocks(@Param("ticketId") UUID ticketId);

  void insertEvent(SlaEventRow row);

  void insertStamp(SlaStampRow row);

  /** Stored calendar fingerprints by name. */
  List<java.util.Map<String, Object>> selectCalendarFingerprints();

  void upsertCalendarFingerprint(@Param("name") String name, @Param("fingerprint") String fingerprint,
                                 @Param("at") java.time.Instant at, @Param("exists") boolean exists);

  /** Running or paused clocks counting on the calendars, by id, after {@code after}. */
  List<SlaClockRow> selectOpenClocksOnCalendars(@Param("calendars") Collection<String> calendars,
                                                @Param("after") UUID after, @Param("limit") int limit);

  /** Running clocks without a timer job (written before clocks had one), by id, after {@code after}. */
  List<SlaClockRow> selectUnarmedClocks(@Param("after") UUID after, @Param("limit") int limit);

  /** Process instance ids of tickets: rows with {@code id} and {@code pid}. */
  List<java.util.Map<String, Object>> selectProcessInstances(@Param("ticketIds") Collection<UUID> ticketIds);

  /** Running or paused clocks on the calendars. */
  long countOpenClocksOnCalendars(@Param("calendars") Collection<String> calendars);

  /** Timelines of the clocks, by clock and seq. */
  List<SlaEventRow> selectEventsOfClocks(@Param("clockIds") Collection<UUID> clockIds);

  /** Moves an engine timer job (none that an executor holds); returns the rows changed. */
  int moveJob(@Param("prefix") String tablePrefix, @Param("id") String id, @Param("due") java.util.Date due);

  /** Sets the earliest running deadline of each ticket. */
  void updateNextSlaDue(@Param("ticketIds") Collection<UUID> ticketIds);

  /** SLA-agreement response and resolution clocks that stopped (not cancelled) in the period. */
  List<SlaReportRow> selectReportClocks(@Param("tenantId") String tenantId, @Param("agreement") String agreement,
                                        @Param("from") java.time.Instant from, @Param("to") java.time.Instant to);

  /** Tickets opened in the period that have stamps. */
  List<UUID> selectStampedTickets(@Param("tenantId") String tenantId, @Param("from") java.time.Instant from,
                                  @Param("to") java.time.Instant to);

  /** Stamps of the tickets, by ticket. */
  List<SlaStampRow> selectStamps(@Param("ticketIds") Collection<UUID> ticketIds);

  /** Breaches recorded since the instant on tickets of the group. */
  long countGroupBreaches(@Param("tenantId") String tenantId, @Param("groupId") String groupId,
                          @Param("since") java.time.Instant since);

  /** Timelines of every clock of the ticket, by clock and seq. */
  List<SlaEventRow> selectEvents(@Param("ticketId") UUID ticketId);

  /** Current versions of every definition, built-in or not. */
  List<SlaDefinitionRow> selectCurrentDefinitions();

  SlaDefinitionRow selectDefinition(@Param("code") String code, @Param("version") int version);

  List<SlaDefinitionRow> selectDefinitionVersions(@Param("code") String code);

  void insertDefinition(SlaDefinitionRow row);

  /** Marks the current version of the code as no longer current; returns the rows changed. */
  int retireCurrent(@Param("code") String code);

  /** Tickets with a running or paused clock of the definition at a version other than {@code version}. */
  List<UUID> selectTicketsOnOtherVersion(@Param("code") String code, @Param("version") int version,
                                         @Param("after") UUID after, @Param("limit") int limit);

  /** Ids of tickets whose clocks (running or paused) count on one of the calendars. */
  List<UUID> selectTicketsOnCalendars(@Param("calendars") Collection<String> calendars, @Param("after") UUID after,
                                      @Param("limit") int limit);
}
