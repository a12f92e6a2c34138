package dev.itsm.internal.engine;

import dev.itsm.api.Actor;
import dev.itsm.internal.outbox.Json;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import dev.itsm.spi.TicketArchiver;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.operaton.bpm.engine.impl.jobexecutor.JobHandler;
import org.operaton.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.TimerEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History retention of ITSM data: closed and cancelled tickets older than the retention are handed
 * to the archiver (if any) and deleted with every row that belongs to them, a chunk per transaction.
 * An engine timer job runs it daily in the cleanup window, so one node does it; Operaton's own
 * history cleanup (configured for the same window) removes the process history by its time to live.
 */
final class TicketRetention {
  private static final Logger LOG = LoggerFactory.getLogger(TicketRetention.class);
  static final String JOB_TYPE = "itsm-retention";
  static final int CHUNK = 200;
  /** Rows of a ticket: table and the column naming the ticket, children first (fixed; never input). */
  private static final List<String[]> TABLES = List.of(
      new String[] {"itsm_sla_event", "ticket_id"}, new String[] {"itsm_sla_stamp", "ticket_id"},
      new String[] {"itsm_sla_clock", "ticket_id"}, new String[] {"itsm_ticket_note", "ticket_id"},
      new String[] {"itsm_ticket_field", "ticket_id"}, new String[] {"itsm_ticket_ci", "ticket_id"},
      new String[] {"itsm_ticket_link", "from_id"}, new String[] {"itsm_ticket_link", "to_id"},
      new String[] {"itsm_audit", "ticket_id"}, new String[] {"itsm_outbox", "ticket_id"},
      new String[] {"itsm_incident_signal", "ticket_id"}, new String[] {"itsm_problem_proposal_incident", "incident_id"},
      new String[] {"itsm_kb_use", "incident_id"}, new String[] {"itsm_problem_task", "ticket_id"},
      new String[] {"itsm_problem", "ticket_id"}, new String[] {"itsm_release_result", "ticket_id"},
      new String[] {"itsm_release_env_ci", "ticket_id"}, new String[] {"itsm_release_env", "ticket_id"},
      new String[] {"itsm_release", "ticket_id"},
      new String[] {"itsm_incident", "ticket_id"}, new String[] {"itsm_change_task", "ticket_id"},
      new String[] {"itsm_change_approval", "ticket_id"}, new String[] {"itsm_change", "ticket_id"},
      new String[] {"itsm_ticket", "id"});

  private final java.util.function.Supplier<Tx> tx;
  /** Null when no retention is set: nothing is deleted. */
  private final Duration keep;
  private final LocalTime windowStart;
  private final TicketArchiver archiver;

  TicketRetention(java.util.function.Supplier<Tx> tx, Duration keep, LocalTime windowStart, TicketArchiver archiver) {
    this.tx = tx;
    this.keep = keep;
    this.windowStart = windowStart;
    this.archiver = archiver;
  }

  /** Deletes every ticket past the retention now, chunk after chunk; returns how many. */
  long runAll() {
    long total = 0;
    int done;
    do {
      done = tx.get().execute(Actor.system(), this::chunk);
      total += done;
    } while (done == CHUNK);
    return total;
  }

  /** One chunk in the caller's unit of work; returns the tickets deleted. */
  int chunk(ItsmSession s) {
    if (keep == null) {
      return 0;
    }
    TicketMapper mapper = s.mapper(TicketMapper.class);
    List<UUID> ids = mapper.selectClosedBefore(s.now().minus(keep), CHUNK);
    if (ids.isEmpty()) {
      return 0;
    }
    s.changed();
    if (archiver != null) {
      for (UUID id : ids) {
        archive(mapper, id);
      }
    }
    for (String[] t : TABLES) {
      mapper.deleteTicketRows(t[0], t[1], ids);
    }
    LOG.info("Retention: deleted {} tickets closed before {}", ids.size(), s.now().minus(keep));
    return ids.size();
  }

  private void archive(TicketMapper mapper, UUID id) {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Object> ticket = null;
    for (String[] t : TABLES) {
      List<Map<String, Object>> rows = mapper.selectTicketRows(t[0], t[1], id);
      if (t[0].equals("itsm_ticket")) {
        ticket = rows.isEmpty() ? Map.of() : rows.get(0);
      } else {
        doc.put(t[0], rows);
      }
    }
    doc.put("itsm_ticket", ticket);
    Map<String, Object> row = ticket == null ? Map.of() : lower(ticket);
    Object closed = row.get("closed_at");
    Instant closedAt = closed instanceof java.time.OffsetDateTime o ? o.toInstant()
        : closed instanceof java.sql.Timestamp ts ? ts.toInstant() : null;
    try {
      archiver.archive(new TicketArchiver.ArchivedTicket(id, String.valueOf(row.get("number")),
          String.valueOf(row.get("tenant_id")), String.valueOf(row.get("ticket_type")), closedAt, Json.write(doc)));
    } catch (Exception e) {
      throw new IllegalStateException("Expected the archiver to keep ticket " + row.get("number")
          + " before the retention deletes it, but it failed: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> lower(Map<String, Object> row) {
    Map<String, Object> out = new LinkedHashMap<>();
    row.forEach((k, v) -> out.put(k.toLowerCase(), v));
    return out;
  }

  /** When the next daily run is due: the next start of the window. */
  Instant nextRun(Instant now) {
    Instant today = LocalDate.ofInstant(now, ZoneOffset.UTC).atTime(windowStart).toInstant(ZoneOffset.UTC);
    return today.isAfter(now) ? today : today.plus(Duration.ofDays(1));
  }

  /** Arms the daily job unless one is armed (a node that starts at the same moment may arm a second: harmless). */
  void arm(CommandContext context, Instant now) {
    if (!context.getJobManager().findJobsByConfiguration(JOB_TYPE, Daily.CANONICAL, null).isEmpty()) {
      return;
    }
    schedule(context, nextRun(now));
  }

  private static void schedule(CommandContext context, Instant due) {
    TimerEntity timer = new TimerEntity();
    timer.setJobHandlerType(JOB_TYPE);
    timer.setJobHandlerConfigurationRaw(Daily.CANONICAL);
    timer.setDuedate(java.util.Date.from(due));
    timer.setExclusive(true);
    context.getJobManager().schedule(timer);
  }

  /** The handler of the daily job: one chunk per run; a full chunk runs again a second later. */
  JobHandler<Daily> handler() {
    return new JobHandler<>() {
      @Override
      public String getType() {
        return JOB_TYPE;
      }

      @Override
      public void execute(Daily configuration, ExecutionEntity execution, CommandContext context, String tenantId) {
        ItsmSession s = ItsmSession.current();
        int done = chunk(s);
        if (keep != null) {   // a job left from a run with retention: it ends here
          schedule(context, done == CHUNK ? s.now().plusSeconds(1) : nextRun(s.now()));
        }
      }

      @Override
      public Daily newConfiguration(String canonical) {
        return new Daily();
      }
    };
  }

  /** The daily job's (only) configuration. */
  static final class Daily implements JobHandlerConfiguration {
    static final String CANONICAL = "daily";

    @Override
    public String toCanonicalString() {
      return CANONICAL;
    }
  }
}
