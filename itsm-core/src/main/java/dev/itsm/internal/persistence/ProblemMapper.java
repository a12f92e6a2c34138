package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on problems, their analysis tasks, detection signals, proposals and caller flags. */
public interface ProblemMapper {
  void insertProblem(ProblemRow row);

  void updateProblem(ProblemRow row);

  ProblemRow selectProblem(@Param("id") UUID id);

  ProblemRow selectProblemByNumber(@Param("tenantId") String tenantId, @Param("number") String number);

  List<ProblemRow> selectProblems(ProblemCriteria criteria);

  long countProblems(ProblemCriteria criteria);

  /** Problems not closed or cancelled whose workaround was published, of the category or on one of the CIs. */
  List<ProblemRow> selectOfferCandidates(@Param("tenantId") String tenantId, @Param("category") String category,
                                         @Param("ciIds") Collection<UUID> ciIds);

  /** Problems not resolved, closed or cancelled of the category, or on the CI (one of the two is null). */
  long countOpenProblemsOn(@Param("tenantId") String tenantId, @Param("category") String category, @Param("ciId") UUID ciId);

  void insertTask(ProblemTaskRow row);

  void updateTask(ProblemTaskRow row);

  List<ProblemTaskRow> selectTasks(@Param("ticketIds") Collection<UUID> ticketIds);

  /** Links to any of the tickets of any of the kinds, oldest first. */
  List<LinkRow> selectLinks(@Param("toIds") Collection<UUID> toIds, @Param("kinds") Collection<String> kinds);

  /** Ids {@code fromId} is linked to by links of the kind, oldest first. */
  List<UUID> selectLinkedTo(@Param("fromId") UUID fromId, @Param("kind") String kind);

  void insertSignal(@Param("ticketId") UUID ticketId, @Param("kind") String kind, @Param("key") String key,
                    @Param("tenantId") String tenantId, @Param("occurredAt") Instant occurredAt);

  /** Tickets with the signal since the instant, oldest first, at most {@code limit}. */
  List<UUID> selectSignalTickets(@Param("tenantId") String tenantId, @Param("kind") String kind, @Param("key") String key,
                                 @Param("since") Instant since, @Param("limit") int limit);

  void insertProposal(ProposalRow row);

  /** Decides an open proposal; 0 when it is no longer open. */
  int updateProposal(ProposalRow row);

  ProposalRow selectProposal(@Param("id") UUID id);

  /** The latest proposal on the basis (the open one, or else the last decided), or null. */
  ProposalRow selectLatestProposal(@Param("tenantId") String tenantId, @Param("basis") String basis, @Param("key") String key);

  /** The open proposals on the basis, oldest first (more than one only after concurrent detections). */
  List<ProposalRow> selectOpenProposals(@Param("tenantId") String tenantId, @Param("basis") String basis,
                                        @Param("key") String key);

  List<ProposalRow> selectProposals(@Param("tenantId") String tenantId, @Param("openOnly") boolean openOnly);

  void insertProposalIncident(@Param("proposalId") UUID proposalId, @Param("incidentId") UUID incidentId);

  List<ProposalIncidentRow> selectProposalIncidents(@Param("ids") Collection<UUID> ids);

  CallerFlagRow selectFlag(@Param("tenantId") String tenantId, @Param("callerId") String callerId);

  List<CallerFlagRow> selectFlags(@Param("tenantId") String tenantId);

  void insertFlag(CallerFlagRow row);

  int deleteFlag(@Param("tenantId") String tenantId, @Param("callerId") String callerId);

  /** Clears a standing flag; 0 when the caller has none. */
  int clearFlag(@Param("tenantId") String tenantId, @Param("callerId") String callerId, @Param("by") String by,
                @Param("at") Instant at);

  /** A ticket link. */
  class LinkRow {
    public UUID fromId;
    public UUID toId;
    public String kind;
  }
}
