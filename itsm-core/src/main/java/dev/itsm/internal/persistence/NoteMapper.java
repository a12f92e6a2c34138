package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Statements on ticket notes. */
public interface NoteMapper {
  void insertNote(NoteRow row);

  List<NoteRow> selectNotes(@Param("ticketId") UUID ticketId, @Param("includeWorkNotes") boolean includeWorkNotes);

  List<WorkloadRow> selectWorkload(@Param("tenantId") String tenantId, @Param("from") Instant from, @Param("to") Instant to);
}
