package dev.itsm.internal.persistence;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on the audit trail. */
public interface AuditMapper {
  void insertAudit(AuditRow row);

  List<AuditRow> selectAudit(@Param("ticketId") UUID ticketId);
}
