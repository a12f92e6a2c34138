package dev.itsm.internal.persistence;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on tickets, incident details, their CIs and custom fields. */
public interface TicketMapper {
  /** Closed, cancelled or rejected tickets that closed before the instant, oldest first. */
  List<UUID> selectClosedBefore(@Param("before") java.time.Instant before, @Param("limit") int limit);

  /** Deletes the tickets and every row that belongs to them (children first). */
  void deleteTicketRows(@Param("table") String table, @Param("column") String column, @Param("ids") java.util.Collection<UUID> ids);

  /** The ticket's rows of a child table, as column maps (for archives). */
  List<java.util.Map<String, Object>> selectTicketRows(@Param("table") String table, @Param("column") String column,
                                                       @Param("id") UUID id);

  void insertTicket(TicketRow row);

  void insertIncident(IncidentRow row);

  /** Writes the base row if it is still at {@code expectedVersion}; returns the rows updated (0 = conflict). */
  int updateTicket(@Param("row") TicketRow row, @Param("expectedVersion") long expectedVersion);

  void updateIncident(IncidentRow row);

  IncidentRow selectIncident(@Param("id") UUID id);

  /** The type of a ticket, or null. */
  dev.itsm.api.TicketType selectTicketType(@Param("id") UUID id);

  /** The committed version of a ticket, or null. */
  Long selectVersion(@Param("id") UUID id);

  IncidentRow selectIncidentByNumber(@Param("tenantId") String tenantId, @Param("number") String number);

  void insertCi(@Param("ticketId") UUID ticketId, @Param("ciId") UUID ciId);

  List<TicketCiRow> selectCis(@Param("ticketIds") Collection<UUID> ticketIds);

  List<FieldRow> selectFields(@Param("ticketIds") Collection<UUID> ticketIds);

  void insertField(FieldRow row);

  void updateField(FieldRow row);

  void deleteField(@Param("ticketId") UUID ticketId, @Param("fieldName") String fieldName);

  /** Incidents resolved in {@code [from, to)} per assignee, with how many of them had been reopened; by assignee. */
  List<ResolvedRow> selectResolvedPerAssignee(@Param("tenantId") String tenantId, @Param("from") java.time.Instant from,
                                              @Param("to") java.time.Instant to);

  /**
   * Incidents opened in {@code [from, to)} per service, or per affected CI: the group without one
   * first (service or CI {@code null}), then the most first; at most {@code limit} rows, each with the
   * totals of all groups.
   */
  List<VolumeRow> selectVolume(@Param("tenantId") String tenantId, @Param("from") java.time.Instant from,
                               @Param("to") java.time.Instant to, @Param("byCi") boolean byCi, @Param("limit") int limit);

  /** Resolved incidents of one assignee. */
  class ResolvedRow {
    public String agentId;
    public long handled;
    public long reopened;
  }

  /** One group of the volume report and the totals of all groups. */
  class VolumeRow {
    public String service;
    public UUID ciId;
    public String ciName;
    public long incidents;
    /** Incidents (per CI: incident and CI pairs, plus the incidents without a CI) of all groups. */
    public long counted;
    /** How many groups there are, the one without a service or CI included. */
    public long keyCount;
    /** Incidents opened in the period. */
    public long opened;
  }

  /** A ticket id and one of its CI ids. */
  class TicketCiRow {
    public UUID ticketId;
    public UUID ciId;
  }
}
