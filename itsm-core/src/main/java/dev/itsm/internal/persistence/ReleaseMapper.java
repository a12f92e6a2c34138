package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on releases, their environments, environment CIs and stage results. */
public interface ReleaseMapper {
  void insertRelease(ReleaseRow row);

  void updateRelease(ReleaseRow row);

  ReleaseRow selectRelease(@Param("id") UUID id);

  ReleaseRow selectReleaseByNumber(@Param("tenantId") String tenantId, @Param("number") String number);

  List<ReleaseRow> selectReleases(@Param("tenantId") String tenantId, @Param("states") Collection<String> states,
                                  @Param("changeId") UUID changeId, @Param("offset") int offset, @Param("limit") int limit);

  long countReleases(@Param("tenantId") String tenantId, @Param("states") Collection<String> states,
                     @Param("changeId") UUID changeId);

  void insertEnv(ReleaseEnvRow row);

  void updateEnv(ReleaseEnvRow row);

  List<ReleaseEnvRow> selectEnvs(@Param("ticketIds") Collection<UUID> ticketIds);

  void insertEnvCi(ReleaseEnvCiRow row);

  void updateEnvCi(ReleaseEnvCiRow row);

  List<ReleaseEnvCiRow> selectEnvCis(@Param("ticketIds") Collection<UUID> ticketIds);

  void insertResult(ReleaseResultRow row);

  List<ReleaseResultRow> selectResults(@Param("ticketId") UUID ticketId);

  /** Releases not in one of the final states that bundle the change (links from the change). */
  List<String> selectOpenReleasesOf(@Param("changeId") UUID changeId, @Param("kind") String kind,
                                    @Param("finalStates") Collection<String> finalStates);

  /** Releases of the tenant in the state with one of the CIs among their CIs. */
  List<UUID> selectInStateOnCis(@Param("tenantId") String tenantId, @Param("state") String state,
                                @Param("ciIds") Collection<UUID> ciIds);

  /** Environment windows of the tenant overlapping the period, of releases not in the excluded states, by start. */
  List<ReleaseEnvRow> selectEnvsDuring(@Param("tenantId") String tenantId, @Param("from") Instant from,
                                       @Param("to") Instant to, @Param("excluded") Collection<String> excluded,
                                       @Param("limit") int limit);

  /** Problems with a known error still open (known error or fix in progress) on one of the CIs, by number. */
  List<ProblemRow> selectOpenKnownErrorsOn(@Param("tenantId") String tenantId, @Param("ciIds") Collection<UUID> ciIds);
}
