package dev.itsm.internal.incident;

import dev.itsm.api.Actor;
import dev.itsm.api.Permission;
import dev.itsm.api.incident.TechnicianReport;
import dev.itsm.api.incident.VolumeReport;
import dev.itsm.internal.persistence.NoteMapper;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.persistence.WorkloadRow;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The incident reports of {@link IncidentServiceImpl}: read-only, over the actor's whole tenant. */
final class IncidentReports {
  private final Tx tx;
  private final AccessPolicy access;

  IncidentReports(Tx tx, AccessPolicy access) {
    this.tx = tx;
    this.access = access;
  }

  TechnicianReport technicians(Actor actor, Instant from, Instant to) {
    return tx.execute(actor, s -> {
      access.requirePeopleReport(actor, Permission.REPORT_READ, "technician report");
      Check.period(from, to);
      s.flush();
      Map<String, long[]> figures = new TreeMap<>();   // handled, reopened, seconds, notes
      for (TicketMapper.ResolvedRow r : s.mapper(TicketMapper.class).selectResolvedPerAssignee(actor.tenantId(), from, to)) {
        long[] f = figures.computeIfAbsent(r.agentId, k -> new long[4]);
        f[0] = r.handled;
        f[1] = r.reopened;
      }
      for (WorkloadRow w : s.mapper(NoteMapper.class).selectWorkload(actor.tenantId(), from, to)) {
        long[] f = figures.computeIfAbsent(w.authorId, k -> new long[4]);
        f[2] = w.seconds;
        f[3] = w.notes;
      }
      List<TechnicianReport.Row> rows = new ArrayList<>(figures.size());
      figures.forEach((agent, f) -> rows.add(new TechnicianReport.Row(agent, f[0], f[1], Duration.ofSeconds(f[2]), f[3])));
      return new TechnicianReport(from, to, rows);
    });
  }

  VolumeReport volume(Actor actor, Instant from, Instant to, VolumeReport.Grouping by) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.REPORT_READ);
      Check.period(from, to);
      Check.required("by", by);
      s.flush();
      boolean byCi = by == VolumeReport.Grouping.CI;
      // one row more than shown: the group without a service or CI comes first when there is one
      List<TicketMapper.VolumeRow> groups = s.mapper(TicketMapper.class)
          .selectVolume(actor.tenantId(), from, to, byCi, VolumeReport.MAX_ROWS + 1);
      if (groups.isEmpty()) {
        return new VolumeReport(from, to, by, 0, List.of(), 0, 0, 0);
      }
      TicketMapper.VolumeRow first = groups.get(0);
      long counted = first.counted;
      long keys = first.keyCount;
      long none = 0;
      List<VolumeReport.Row> rows = new ArrayList<>();
      long shown = 0;
      for (TicketMapper.VolumeRow g : groups) {
        boolean withoutKey = byCi ? g.ciId == null : g.service == null;
        if (withoutKey) {
          none = g.incidents;
          keys--;
        } else if (rows.size() < VolumeReport.MAX_ROWS) {
          rows.add(new VolumeReport.Row(byCi ? null : g.service, byCi ? g.ciId : null, byCi ? g.ciName : null, g.incidents));
          shown += g.incidents;
        }
      }
      return new VolumeReport(from, to, by, first.opened, rows, counted - none - shown, keys - rows.size(), none);
    });
  }
}
