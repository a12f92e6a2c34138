package dev.itsm.internal.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.session.ResultHandler;

/**
 * Statements of the cached CMDB relation graph: streaming a tenant's items and relations, reloading
 * some items, and the change log every engine polls. Items are read with id, type, name and state
 * only; relations with type and ends only, in the order the impact analysis walks them.
 */
public interface GraphMapper {
  /** Every item of the tenant, streamed (fetch size set, so PostgreSQL does not buffer the result). */
  void streamItems(@Param("tenantId") String tenantId, ResultHandler<CiRow> handler);

  /** Every relation of the tenant by creation time and id, streamed. */
  void streamRelations(@Param("tenantId") String tenantId, ResultHandler<RelationRow> handler);

  long countItems(@Param("tenantId") String tenantId);

  long countRelations(@Param("tenantId") String tenantId);

  List<CiRow> selectItems(@Param("tenantId") String tenantId, @Param("ids") Collection<UUID> ids);

  /** The relations with either end among the items, by creation time and id. */
  List<RelationRow> selectRelationsOf(@Param("tenantId") String tenantId, @Param("ids") Collection<UUID> ids);

  void insertLog(@Param("tenantId") String tenantId, @Param("ciIds") Collection<UUID> ciIds);

  /** A row without an item: the tenant's whole graph changed. */
  void insertTenantLog(@Param("tenantId") String tenantId);

  /** Log rows above a sequence number, lowest first. */
  List<GraphLogRow> selectLogAfter(@Param("after") long after, @Param("limit") int limit);

  /** Log rows in the sequence ranges (each with {@code first} and {@code last}). */
  List<GraphLogRow> selectLogIn(@Param("ranges") List<Map<String, Long>> ranges);

  /** The highest sequence number logged longer ago than that many seconds (database time), or null. */
  Long selectLogBefore(@Param("seconds") long seconds);

  /** Deletes rows logged longer ago than that many seconds (database time). */
  int deleteLogBefore(@Param("seconds") long seconds);
}
