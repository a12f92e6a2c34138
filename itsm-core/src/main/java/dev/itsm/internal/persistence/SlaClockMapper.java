package dev.itsm.internal.persistence;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on SLA clocks. */
public interface SlaClockMapper {
  void insertClock(SlaClockRow row);

  /** Writes the clock if it is still at {@code expectedVersion}; returns the rows updated (0 = conflict). */
  int updateClock(@Param("row") SlaClockRow row, @Param("expectedVersion") long expectedVersion);

  List<SlaClockRow> selectClocks(@Param("ticketId") UUID ticketId);
}
