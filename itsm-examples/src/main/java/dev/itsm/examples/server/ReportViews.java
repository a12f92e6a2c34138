package dev.itsm.examples.server;

import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import dev.itsm.api.incident.TechnicianReport;
import dev.itsm.api.incident.VolumeReport;
import dev.itsm.api.incident.Workload;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.RecomputePolicy;
import dev.itsm.api.sla.SlaAction;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.api.sla.SlaDefinitionVersion;
import dev.itsm.api.sla.SlaEvent;
import dev.itsm.api.sla.SlaExplanation;
import dev.itsm.api.sla.SlaReport;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.api.sla.VersionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON bodies of the report and SLA routes ({@link ReportRoutes}, {@link SlaRoutes}), kept apart from
 * the library's records like {@link Views}. Durations are ISO-8601 strings and, where a chart needs a
 * number, also whole seconds in a field of the same name ending in {@code Seconds} ({@code null}
 * when the duration is).
 */
final class ReportViews {
  private ReportViews() {}

  private static Long seconds(Duration d) {
    return d == null ? null : d.getSeconds();
  }

  /** {@code GET /api/reports/sla}. */
  record Sla(Instant from, Instant to, SlaReport.Grouping by, Agreement agreement, List<SlaRow> rows,
             List<LateOwner> owners) {

    static Sla of(SlaReport r) {
      return new Sla(r.from(), r.to(), r.by(), r.agreement(), r.rows().stream().map(SlaRow::of).toList(),
          r.owners().stream().map(LateOwner::of).toList());
    }
  }

  /** One key of the SLA report; MTTA and MTTR are {@code null} when no such clock stopped. */
  record SlaRow(String key, long measured, long met, long breached, double compliance,
                Duration mttaBusiness, Long mttaBusinessSeconds, Duration mttaWall, Long mttaWallSeconds,
                Duration mttrBusiness, Long mttrBusinessSeconds, Duration mttrWall, Long mttrWallSeconds) {

    static SlaRow of(SlaReport.Row r) {
      return new SlaRow(r.key(), r.measured(), r.met(), r.breached(), r.compliance(),
          r.mttaBusiness(), seconds(r.mttaBusiness()), r.mttaWall(), seconds(r.mttaWall()),
          r.mttrBusiness(), seconds(r.mttrBusiness()), r.mttrWall(), seconds(r.mttrWall()));
    }
  }

  /** A segment owner whose segments ran late. */
  record LateOwner(String owner, long late, Duration overrun, Long overrunSeconds) {

    static LateOwner of(SlaReport.OwnerBreaches o) {
      return new LateOwner(o.owner(), o.late(), o.overrun(), seconds(o.overrun()));
    }
  }

  /** {@code GET /api/reports/technicians}. */
  record Technicians(Instant from, Instant to, List<Technician> rows) {

    static Technicians of(TechnicianReport r) {
      return new Technicians(r.from(), r.to(), r.rows().stream().map(Technician::of).toList());
    }
  }

  /** One technician: incidents resolved, reopened among them, and time recorded on notes. */
  record Technician(String agentId, long handled, long reopened, double reopenRate, Duration timeSpent,
                    long timeSpentSeconds, long notes) {

    static Technician of(TechnicianReport.Row r) {
      return new Technician(r.agentId(), r.handled(), r.reopened(), r.reopenRate(), r.timeSpent(),
          r.timeSpent().getSeconds(), r.notes());
    }
  }

  /** {@code GET /api/reports/incidents}. */
  record Volume(Instant from, Instant to, VolumeReport.Grouping by, long opened, List<VolumeRow> rows, long others,
                long otherKeys, long none) {

    static Volume of(VolumeReport r) {
      return new Volume(r.from(), r.to(), r.by(), r.opened(), r.rows().stream().map(VolumeRow::of).toList(), r.others(),
          r.otherKeys(), r.none());
    }
  }

  /**
   * Incidents of one service or CI: {@code key} is the service code or the CI's id, {@code label} the
   * service code or the CI's name.
   */
  record VolumeRow(String key, String label, long incidents) {

    static VolumeRow of(VolumeReport.Row r) {
      return r.ciId() == null ? new VolumeRow(r.service(), r.service(), r.incidents())
          : new VolumeRow(r.ciId().toString(), r.ciName(), r.incidents());
    }
  }

  /** {@code GET /api/reports/workload}. */
  record Workloads(Instant from, Instant to, List<AgentWorkload> rows) {

    static Workloads of(Instant from, Instant to, List<Workload> workload) {
      return new Workloads(from, to, workload.stream().map(AgentWorkload::of).toList());
    }
  }

  /** Time an agent recorded on notes. */
  record AgentWorkload(String agentId, Duration timeSpent, long timeSpentSeconds, long notes) {

    static AgentWorkload of(Workload w) {
      return new AgentWorkload(w.agentId(), w.timeSpent(), w.timeSpent().getSeconds(), w.notes());
    }
  }

  /** {@code GET /api/sla/definitions}: one published version. */
  record Definition(String code, String name, Agreement agreement, String party, int version, boolean current,
                    boolean builtIn, Instant publishedAt, String publishedBy, Set<TicketType> ticketTypes,
                    Set<String> services, Set<String> customerClasses, Set<Priority> priorities, String calendar,
                    List<Target> targets, List<Threshold> thresholds, RecomputePolicy recompute, VersionPolicy versions) {

    static Definition of(SlaDefinitionVersion v) {
      SlaDefinition d = v.definition();
      return new Definition(d.code(), d.name(), d.agreement(), d.party(), v.version(), v.current(), v.builtIn(),
          v.publishedAt(), v.publishedBy(), new TreeSet<>(d.ticketTypes()), new TreeSet<>(d.services()),
          new TreeSet<>(d.customerClasses()), new TreeSet<>(d.priorities()), d.calendar(),
          d.targets().stream().map(Target::of).toList(), d.thresholds().stream().map(Threshold::of).toList(),
          d.recompute(), d.versions());
    }
  }

  /** A target of a definition. */
  record Target(String name, Duration duration, long durationSeconds, Set<String> pauseIn, Set<String> stopIn,
                boolean restartOnReopen) {

    static Target of(SlaDefinition.Target t) {
      return new Target(t.name(), t.duration(), t.duration().getSeconds(), new TreeSet<>(t.pauseIn()),
          new TreeSet<>(t.stopIn()), t.restartOnReopen());
    }
  }

  /** A threshold of a definition and its actions, in the order they run. */
  record Threshold(int percent, List<SlaAction> actions) {

    static Threshold of(dev.itsm.api.sla.SlaThresholdRule rule) {
      return new Threshold(rule.percent(), rule.ordered());
    }
  }

  /**
   * {@code GET /api/incidents/{id}/sla/{clock}/explain}: the clock (as {@code GET /api/incidents/{id}/sla}
   * lists it), its timeline, the counted intervals and the arithmetic in words.
   */
  record Explanation(SlaStatus clock, Instant asOf, List<Event> timeline, List<Interval> counted, List<String> arithmetic) {

    static Explanation of(SlaExplanation e) {
      return new Explanation(e.status(), e.asOf(), e.timeline().stream().map(Event::of).toList(),
          e.counted().stream().map(Interval::of).toList(), e.arithmetic());
    }
  }

  /** One entry of a clock's timeline. */
  record Event(int seq, SlaEvent.Type type, Instant at, String reason, String definition, Integer version,
               Duration target, String calendar, RecomputePolicy policy, Integer percent, String actorId) {

    static Event of(SlaEvent e) {
      return new Event(e.seq(), e.type(), e.at(), e.reason(), e.definition(), e.version() == 0 ? null : e.version(),
          e.target(), e.calendar(), e.policy(), e.percent() == 0 ? null : e.percent(), e.actorId());
    }
  }

  /** A stretch of wall time during which the clock counted, with its business time. */
  record Interval(Instant from, Instant to, Duration business, long businessSeconds, boolean open) {

    static Interval of(SlaExplanation.Interval i) {
      return new Interval(i.from(), i.to(), i.business(), i.business().getSeconds(), i.open());
    }
  }
}
