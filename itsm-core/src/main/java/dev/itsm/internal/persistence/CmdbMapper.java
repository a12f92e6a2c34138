package dev.itsm.internal.persistence;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on the CMDB tables. */
public interface CmdbMapper {
  List<CiTypeRow> selectTypes();

  void insertType(CiTypeRow row);

  int updateType(@Param("row") CiTypeRow row, @Param("expectedVersion") long expectedVersion);

  void insertCi(CiRow row);

  CiRow selectCi(@Param("id") UUID id, @Param("tenantId") String tenantId);

  int updateCi(@Param("row") CiRow row, @Param("expectedVersion") long expectedVersion);

  long countCis(CiCriteria criteria);

  List<CiRow> selectCis(CiCriteria criteria);

  long countCisOfTypes(@Param("types") Collection<String> types);

  UUID selectUniqueOwner(@Param("tenantId") String tenantId, @Param("scopeType") String scopeType,
                         @Param("attribute") String attribute, @Param("value") String value);

  void insertUnique(@Param("tenantId") String tenantId, @Param("scopeType") String scopeType,
                    @Param("attribute") String attribute, @Param("value") String value, @Param("ciId") UUID ciId);

  int deleteUnique(@Param("tenantId") String tenantId, @Param("scopeType") String scopeType,
                   @Param("attribute") String attribute, @Param("value") String value, @Param("ciId") UUID ciId);

  List<RelationTypeRow> selectRelationTypes();

  void insertRelationType(RelationTypeRow row);

  int updateRelationType(@Param("row") RelationTypeRow row, @Param("expectedVersion") long expectedVersion);

  long countRelationsOfType(@Param("type") String type);

  void insertRelation(RelationRow row);

  RelationRow selectRelation(@Param("id") UUID id, @Param("tenantId") String tenantId);

  RelationRow selectRelationBetween(@Param("tenantId") String tenantId, @Param("type") String type,
                                    @Param("sourceId") UUID sourceId, @Param("targetId") UUID targetId);

  int deleteRelation(@Param("id") UUID id);

  List<RelationRow> selectRelationsOf(@Param("ciId") UUID ciId, @Param("tenantId") String tenantId);

  void insertBaseline(BaselineRow row);

  void insertBaselineItem(BaselineItemRow row);

  BaselineRow selectBaseline(@Param("tenantId") String tenantId, @Param("name") String name);

  List<BaselineRow> selectBaselines(@Param("tenantId") String tenantId);

  List<BaselineItemRow> selectBaselineItems(@Param("baselineId") UUID baselineId);

  void insertHistory(CiHistoryRow row);

  List<CiHistoryRow> selectHistory(@Param("ciId") UUID ciId);

  // import

  // These read by one indexed column (an IN list); callers keep the rows of their tenant (and scope).

  List<CiRow> selectCisByIds(@Param("ids") Collection<UUID> ids);

  List<CiRow> selectCisByIdentKeys(@Param("keys") Collection<String> keys);

  List<UniqueRow> selectUniqueOwners(@Param("values") Collection<String> values);

  List<RelationRow> selectRelationsFrom(@Param("sourceIds") Collection<UUID> sourceIds);

  /** Items of the type (every tenant) with an id above {@code afterId} (all when {@code null}), by id. */
  List<CiRow> selectCisOfTypeAfter(@Param("type") String type, @Param("afterId") UUID afterId, @Param("limit") int limit);

  /** PostgreSQL only. */
  void analyzeImportTables();

  int updateIdentKey(@Param("id") UUID id, @Param("identKey") String identKey);

  /** Import sources; the row shape of relation types (name, definition JSON, version). */
  List<RelationTypeRow> selectSources();

  void insertSource(RelationTypeRow row);

  int updateSource(@Param("row") RelationTypeRow row, @Param("expectedVersion") long expectedVersion);

  void insertUnauthorised(UnauthorisedRow row);

  List<UnauthorisedRow> selectOpenUnauthorisedOf(@Param("tenantId") String tenantId, @Param("ciId") UUID ciId);

  long countUnauthorised(@Param("tenantId") String tenantId, @Param("status") String status);

  List<UnauthorisedRow> selectUnauthorised(@Param("tenantId") String tenantId, @Param("status") String status,
                                           @Param("offset") int offset, @Param("limit") int limit);

  UnauthorisedRow selectUnauthorisedById(@Param("tenantId") String tenantId, @Param("id") UUID id);

  int reviewUnauthorised(@Param("id") UUID id, @Param("status") String status, @Param("reviewedAt") java.time.Instant reviewedAt,
                         @Param("reviewedBy") String reviewedBy, @Param("note") String note);
}
