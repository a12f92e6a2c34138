package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on changes, their tasks and votes. */
public interface ChangeMapper {
  void insertChange(ChangeRow row);

  void updateChange(ChangeRow row);

  ChangeRow selectChange(@Param("id") UUID id);

  ChangeRow selectChangeByNumber(@Param("tenantId") String tenantId, @Param("number") String number);

  List<ChangeRow> selectChanges(ChangeCriteria criteria);

  long countChanges(ChangeCriteria criteria);

  void insertTask(ChangeTaskRow row);

  void updateTask(ChangeTaskRow row);

  List<ChangeTaskRow> selectTasks(@Param("ticketIds") Collection<UUID> ticketIds);

  void insertApproval(ApprovalRow row);

  List<ApprovalRow> selectApprovals(@Param("ticketId") UUID ticketId);

  /** Changes on any of the CIs closed as failed or backed out since the instant. */
  long countFailedChanges(@Param("tenantId") String tenantId, @Param("ciIds") Collection<UUID> ciIds,
                          @Param("since") Instant since);

  /** The state, implementer and group of the tenant's change with that number, or null. */
  ChangeRow selectGateRow(@Param("tenantId") String tenantId, @Param("number") String number);

  /** Whether the change with that number names the CI among its affected items. */
  long countNamedCi(@Param("tenantId") String tenantId, @Param("number") String number, @Param("ciId") UUID ciId);

  /** Ids of the tenant's changes in the states. */
  List<UUID> selectIdsInStates(@Param("tenantId") String tenantId, @Param("states") Collection<String> states);

  void insertWindow(WindowRow row);

  int deleteWindow(@Param("tenantId") String tenantId, @Param("id") UUID id);

  WindowRow selectWindow(@Param("id") UUID id);

  /** Every window overlapping the period, by start. */
  List<WindowRow> selectWindowsDuring(@Param("tenantId") String tenantId, @Param("start") Instant start,
                                      @Param("end") Instant end);

  void insertLink(@Param("fromId") UUID fromId, @Param("toId") UUID toId, @Param("kind") String kind,
                  @Param("tenantId") String tenantId, @Param("createdBy") String createdBy, @Param("createdAt") Instant createdAt);

  /** Ids linked to {@code toId} by links of the kind, oldest first. */
  List<UUID> selectLinkedFrom(@Param("toId") UUID toId, @Param("kind") String kind);

  /** Counts per close code (and REJECTED, CANCELLED states) of the tenant's changes closed in the period. */
  List<java.util.Map<String, Object>> countClosed(@Param("tenantId") String tenantId, @Param("from") Instant from,
                                                  @Param("to") Instant to);

  /** Implemented changes closed in the period with incidents linked as caused by them: changes, incidents. */
  java.util.Map<String, Object> countCausing(@Param("tenantId") String tenantId, @Param("from") Instant from,
                                             @Param("to") Instant to);

  /**
   * In one statement: active changes other than {@code selfId} overlapping the window on any of the CIs
   * (one row per shared CI), on CIs directly related to them (with the CI they relate to), and those of
   * the implementer (rows without a CI).
   */
  List<OverlapRow> selectPlanOverlaps(@Param("tenantId") String tenantId, @Param("selfId") UUID selfId,
                                      @Param("start") Instant start, @Param("end") Instant end,
                                      @Param("ciIds") Collection<UUID> ciIds, @Param("implementerId") String implementerId,
                                      @Param("states") Collection<String> states);

  /** A change's plan, one row per CI; empty when there is no change with that id. */
  List<PlanRow> selectPlan(@Param("id") UUID id);

  /** In one statement: the maintenance windows of any of the CIs (all times) and the freezes overlapping the period, global or of any of the CIs. */
  List<WindowRow> selectPlanWindows(@Param("tenantId") String tenantId, @Param("start") Instant start,
                                    @Param("end") Instant end, @Param("ciIds") Collection<UUID> ciIds);
}
