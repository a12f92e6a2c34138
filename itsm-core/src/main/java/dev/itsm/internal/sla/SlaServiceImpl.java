package dev.itsm.internal.sla;

import dev.itsm.api.Actor;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Permission;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.api.sla.SegmentStatus;
import dev.itsm.api.sla.SegmentTemplate;
import dev.itsm.api.sla.SlaReport;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.api.sla.SlaDefinitionVersion;
import dev.itsm.api.sla.SlaExplanation;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaService;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SLA definitions, and the clocks of the tickets an actor may see. */
public final class SlaServiceImpl implements SlaService {
  private final Tx tx;
  private final AccessPolicy access;
  private final Calendars calendars;
  private final SlaDefinitions definitions;
  private final Segments segments;
  private final Tickets tickets;

  /** Clocks in a stable order: SLA, OLAs, UCs; by party; response, resolution, then milestones by name. */
  private static final java.util.Comparator<SlaClock> ORDER = java.util.Comparator.comparing(SlaClock::agreement)
      .thenComparing(SlaClock::party)
      .thenComparingInt(c -> SlaDefinition.RESPONSE.equals(c.name()) ? 0 : SlaDefinition.RESOLUTION.equals(c.name()) ? 1 : 2)
      .thenComparing(SlaClock::name);

  /** Tickets per transaction when running clocks move to a new definition version. */
  public static final int REEVALUATE_CHUNK = 500;

  /** A manual change of one clock. */
  public enum Change { PAUSE, RESUME, REACH, RESET }

  /** What the SLA service needs from the ticket types. */
  public interface Tickets {
    /** The clocks of a visible ticket by slot (or throws not found). */
    Map<String, SlaClock> clocks(ItsmSession session, UUID ticketId);

    /** Changes one clock by hand in its own unit of work, with audit and timers. */
    SlaStatus change(Actor actor, UUID ticketId, String clock, Change change, String reason);

    /** Moves the running clocks of a ticket to a newly published version of their definition. */
    void reevaluate(ItsmSession session, UUID ticketId, SlaDefinitionVersion version);

    /** Records a timestamp in its own unit of work, with audit. */
    List<SegmentStatus> stamp(Actor actor, UUID ticketId, SegmentTemplate template, String code, Instant at);

    /** The segments of a visible ticket, of every template it has stamps of. */
    List<SegmentStatus> segments(ItsmSession session, UUID ticketId, java.util.function.Function<String, SegmentTemplate> templates);
  }

  public SlaServiceImpl(Tx tx, AccessPolicy access, Calendars calendars, SlaDefinitions definitions, Segments segments,
                        Tickets tickets) {
    this.segments = segments;
    this.tx = tx;
    this.access = access;
    this.calendars = calendars;
    this.definitions = definitions;
    this.tickets = tickets;
  }

  @Override
  public BusinessCalendar calendar(String name) {
    return calendars.get(name);
  }

  @Override
  public List<BusinessCalendar> calendars() {
    return calendars.all();
  }

  @Override
  public List<SlaDefinitionVersion> definitions(Actor actor) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.SLA_READ);
      return definitions.current(s);
    });
  }

  @Override
  public List<SlaDefinitionVersion> versions(Actor actor, String code) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.SLA_READ);
      return definitions.versions(s, code);
    });
  }

  @Override
  public SlaDefinitionVersion define(Actor actor, SlaDefinition definition) {
    SlaDefinitions.Published published = tx.execute(actor, s -> {
      access.require(actor, Permission.SLA_CONFIGURE);
      if (definition == null) {
        throw new InvalidValueException("definition", "Expected an SLA definition, but got none");
      }
      return definitions.publish(s, definition, false);
    });
    if (published.changed() && definition.versions() == dev.itsm.api.sla.VersionPolicy.REEVALUATE) {
      reevaluate(actor, published.version());
    }
    return published.version();
  }

  /**
   * Moves the running clocks of a definition on other versions to this one, in transactions of
   * {@value #REEVALUATE_CHUNK} tickets (a chunk that meets a concurrent change is run again).
   *
   * @return the tickets re-evaluated
   */
  public long reevaluate(Actor actor, SlaDefinitionVersion version) {
    long done = 0;
    UUID after = null;
    while (true) {
      UUID from = after;
      List<UUID> ids = null;
      for (int attempt = 1; ids == null; attempt++) {
        try {
          ids = tx.execute(actor, s -> {
            List<UUID> chunk = s.mapper(dev.itsm.internal.persistence.SlaClockMapper.class)
                .selectTicketsOnOtherVersion(version.definition().code(), version.version(), from, REEVALUATE_CHUNK);
            chunk.forEach(id -> tickets.reevaluate(s, id, version));
            return chunk;
          });
        } catch (dev.itsm.api.ConcurrentUpdateException e) {
          if (attempt == 3) {
            throw e;
          }
        }
      }
      done += ids.size();
      if (ids.size() < REEVALUATE_CHUNK) {
        return done;
      }
      after = ids.get(ids.size() - 1);
    }
  }

  @Override
  public List<SlaStatus> status(Actor actor, UUID ticketId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_READ);
      Instant now = s.now();
      return tickets.clocks(s, ticketId).values().stream().sorted(ORDER).map(c -> c.status(now)).toList();
    });
  }

  @Override
  public SlaStatus status(Actor actor, UUID ticketId, SlaKind kind) {
    return status(actor, ticketId).stream().filter(s -> s.agreement() == Agreement.SLA && s.kind() == kind).findFirst()
        .orElseThrow(() -> new NotFoundException("Expected a " + kind + " clock on ticket " + ticketId + ", but it has none"));
  }

  @Override
  public SlaExplanation explain(Actor actor, UUID ticketId, String clock) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_READ);
      return find(tickets.clocks(s, ticketId), clock, ticketId.toString()).explain(s.now());
    });
  }

  @Override
  public SlaReport report(Actor actor, Instant from, Instant to, SlaReport.Grouping by, Agreement agreement) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.REPORT_READ);
      dev.itsm.internal.incident.Check.period(from, to);
      if (by == null || agreement == null) {
        throw new InvalidValueException(by == null ? "by" : "agreement", "Expected a grouping and an agreement for the report");
      }
      var mapper = s.mapper(dev.itsm.internal.persistence.SlaClockMapper.class);
      java.util.Map<String, Aggregate> rows = new java.util.TreeMap<>();
      for (var r : mapper.selectReportClocks(actor.tenantId(), agreement.name(), from, to)) {
        rows.computeIfAbsent(key(r, by), Aggregate::new).add(r);
      }
      java.util.Map<String, long[]> owners = new java.util.TreeMap<>();
      for (UUID ticket : mapper.selectStampedTickets(actor.tenantId(), from, to)) {
        List<SegmentStatus> of;
        try {
          of = tickets.segments(s, ticket, segments::get);
        } catch (dev.itsm.api.NotFoundException invisible) {
          continue;   // a ticket the actor may not see
        }
        for (SegmentStatus segment : of) {
          if (segment.late()) {
            long[] o = owners.computeIfAbsent(segment.owner(), k -> new long[2]);
            o[0]++;
            o[1] += segment.overrun().toMillis();
          }
        }
      }
      List<SlaReport.OwnerBreaches> byOwner = owners.entrySet().stream()
          .map(e -> new SlaReport.OwnerBreaches(e.getKey(), e.getValue()[0], java.time.Duration.ofMillis(e.getValue()[1])))
          .sorted(java.util.Comparator.comparing(SlaReport.OwnerBreaches::overrun).reversed()).toList();
      return new SlaReport(from, to, by, agreement, rows.values().stream().map(Aggregate::row).toList(), byOwner);
    });
  }

  private static String key(dev.itsm.internal.persistence.SlaReportRow r, SlaReport.Grouping by) {
    java.time.LocalDate day = r.stoppedAt.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    String key = switch (by) {
      case SERVICE -> r.service;
      case PRIORITY -> r.priority;
      case GROUP -> r.groupId;
      case DAY -> day.toString();
      case WEEK -> day.with(java.time.DayOfWeek.MONDAY).toString();
      case MONTH -> java.time.YearMonth.from(day).toString();
    };
    return key == null ? "(none)" : key;
  }

  /** Sums of one report row. */
  private static final class Aggregate {
    final String key;
    long measured;
    long breached;
    final long[] response = new long[3];     // count, business ms, wall ms
    final long[] resolution = new long[3];

    Aggregate(String key) {
      this.key = key;
    }

    void add(dev.itsm.internal.persistence.SlaReportRow r) {
      measured++;
      if (r.breachedAt != null) {
        breached++;
      }
      if (r.elapsedMs != null) {
        long[] sums = SlaDefinition.RESPONSE.equals(r.kind) ? response : resolution;
        sums[0]++;
        sums[1] += r.elapsedMs;
        sums[2] += r.stoppedAt.toEpochMilli() - r.startedAt.toEpochMilli();
      }
    }

    SlaReport.Row row() {
      return new SlaReport.Row(key, measured, measured - breached, breached,
          measured == 0 ? 1.0 : (measured - breached) / (double) measured,
          mean(response, 1), mean(response, 2), mean(resolution, 1), mean(resolution, 2));
    }

    private static java.time.Duration mean(long[] sums, int i) {
      return sums[0] == 0 ? null : java.time.Duration.ofMillis(sums[i] / sums[0]);
    }
  }

  @Override
  public List<SegmentTemplate> segmentTemplates() {
    return segments.all();
  }

  @Override
  public List<SegmentStatus> stamp(Actor actor, UUID ticketId, String template, String timestamp, Instant at) {
    return tickets.stamp(actor, ticketId, segments.get(template), timestamp, at);
  }

  @Override
  public List<SegmentStatus> segments(Actor actor, UUID ticketId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_READ);
      return tickets.segments(s, ticketId, segments::get);
    });
  }

  @Override
  public SlaStatus pause(Actor actor, UUID ticketId, String clock, String reason) {
    return tickets.change(actor, ticketId, clock, Change.PAUSE, reason);
  }

  @Override
  public SlaStatus resume(Actor actor, UUID ticketId, String clock) {
    return tickets.change(actor, ticketId, clock, Change.RESUME, null);
  }

  @Override
  public SlaStatus reset(Actor actor, UUID ticketId, String clock, String reason) {
    return tickets.change(actor, ticketId, clock, Change.RESET, reason);
  }

  @Override
  public SlaStatus reach(Actor actor, UUID ticketId, String clock) {
    return tickets.change(actor, ticketId, clock, Change.REACH, null);
  }

  /**
   * A clock by its key: the target's name for the SLA's clocks ({@code RESOLUTION}), or
   * {@code agreement/party/target} for any ({@code OLA/network/RESOLUTION}).
   */
  public static SlaClock find(Map<String, SlaClock> clocks, String key, String ticket) {
    if (key == null || key.isBlank()) {
      throw new InvalidValueException("clock", "Expected a clock name such as RESOLUTION or OLA/network/RESOLUTION, but got none");
    }
    SlaClock clock = clocks.get(key.contains("/") ? key : SlaClock.slot(Agreement.SLA, "", key));
    if (clock == null) {
      throw new NotFoundException("Expected a clock '" + key + "' on ticket " + ticket + ", but it has " + names(clocks.values()));
    }
    return clock;
  }

  private static List<String> names(Collection<SlaClock> clocks) {
    return clocks.stream().map(c -> c.agreement() == Agreement.SLA ? c.name() : c.slot()).toList();
  }
}
