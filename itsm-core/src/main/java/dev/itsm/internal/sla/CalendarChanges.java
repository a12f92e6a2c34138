package dev.itsm.internal.sla;

import dev.itsm.api.Actor;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.internal.persistence.SlaClockMapper;
import dev.itsm.internal.persistence.SlaClockRow;
import dev.itsm.internal.persistence.SlaEventRow;
import dev.itsm.internal.tx.Tx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calendars are registered at start, so their content can change between runs (a holiday added,
 * hours changed). The engine keeps a fingerprint of each; at start the running and paused clocks of
 * every calendar whose fingerprint changed are measured on it again, chunk by chunk: their deadline,
 * warning point and timer job move, and their timelines record why.
 */
public final class CalendarChanges {
  private static final Logger LOG = LoggerFactory.getLogger(CalendarChanges.class);
  /** Clocks per transaction. */
  public static final int CHUNK = 500;

  private CalendarChanges() {}

  /** Outcome of a re-evaluation. */
  public record Result(Set<String> calendars, long clocks, long jobsMoved, long millis) {}

  private record Chunk(int clocks, long jobs, UUID last) {}

  /** The engine's table prefix ({@code databaseTablePrefix}, empty by default). */
  private static String prefix(dev.itsm.internal.tx.ItsmSession s) {
    String prefix = s.runtime().configuration().getDatabaseTablePrefix();
    return prefix == null ? "" : prefix;
  }

  /** A digest of everything that affects the calendar's arithmetic. */
  public static String fingerprint(BusinessCalendar c) {
    StringBuilder text = new StringBuilder().append(c.zone().getId()).append('|').append(c.from()).append('|')
        .append(c.until());
    for (DayOfWeek day : DayOfWeek.values()) {
      text.append('|').append(day).append(c.hours(day));
    }
    c.days().forEach(d -> text.append('|').append(d.date()).append(d.kind()).append(d.hours()).append(d.closed()));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Re-evaluates the clocks of every calendar whose content changed since the last start, then
   * stores the new fingerprints (after the work, so a start that dies half-way repeats it).
   */
  public static Result atStart(Tx tx, Calendars calendars) {
    Set<String> changed = changed(tx, calendars, false);
    Result result = reevaluate(tx, changed, CHUNK);
    try {
      changed(tx, calendars, true);
    } catch (RuntimeException e) {
      changed(tx, calendars, true);   // another node starting at the same moment stored a new calendar first
    }
    return result;
  }

  /** Names of the calendars whose content differs from the stored fingerprint; stores them when asked. */
  private static Set<String> changed(Tx tx, Calendars calendars, boolean store) {
    return tx.execute(Actor.system(), s -> {
      SlaClockMapper mapper = s.mapper(SlaClockMapper.class);
      Map<String, String> stored = new HashMap<>();
      for (Map<String, Object> row : mapper.selectCalendarFingerprints()) {
        stored.put((String) row.get("name"), (String) row.get("fingerprint"));
      }
      Set<String> gone = new TreeSet<>(stored.keySet());
      calendars.all().forEach(c -> gone.remove(c.name()));
      long orphaned = gone.isEmpty() ? 0 : mapper.countOpenClocksOnCalendars(gone);
      if (orphaned > 0) {
        throw new dev.itsm.api.ItsmConfigurationException("Expected the calendars " + gone + " to be registered, since "
            + orphaned + " running or paused SLA clocks count on them, but no plugin registers them any more; register "
            + "them again (changed if need be)");
      }
      Set<String> changed = new TreeSet<>();
      for (BusinessCalendar c : calendars.all()) {
        String print = fingerprint(c);
        String before = stored.get(c.name());
        if (!print.equals(before)) {
          if (store) {
            mapper.upsertCalendarFingerprint(c.name(), print, s.now(), before != null);
          }
          if (before != null) {
            changed.add(c.name());
          }
        }
      }
      return changed;
    });
  }

  /**
   * Arms the timer job of running clocks that have none (clocks written before clocks had timer
   * jobs); one transaction per {@link #CHUNK} clocks.
   *
   * @return the clocks armed
   */
  public static long armUnarmed(Tx tx) {
    long armed = 0;
    UUID after = null;
    while (true) {
      UUID from = after;
      Chunk done = tx.execute(Actor.system(), s -> {
        SlaClockMapper mapper = s.mapper(SlaClockMapper.class);
        List<SlaClockRow> rows = mapper.selectUnarmedClocks(from, CHUNK);
        if (rows.isEmpty()) {
          return new Chunk(0, 0, null);
        }
        Map<UUID, List<SlaEventRow>> events = new HashMap<>();
        for (SlaEventRow e : mapper.selectEventsOfClocks(rows.stream().map(r -> r.id).toList())) {
          events.computeIfAbsent(e.clockId, k -> new ArrayList<>()).add(e);
        }
        Map<Object, Object> pids = new HashMap<>();
        for (Map<String, Object> r : mapper.selectProcessInstances(rows.stream().map(r -> r.ticketId).distinct().toList())) {
          pids.put(r.get("id") instanceof UUID u ? u : UUID.fromString(String.valueOf(r.get("id"))), r.get("pid"));
        }
        Calendars calendars = s.runtime().calendars();
        SlaClockMapper batch = s.batch(SlaClockMapper.class);
        long count = 0;
        for (SlaClockRow row : rows) {
          Object pid = pids.get(row.ticketId);
          if (pid == null) {
            continue;
          }
          SlaClock clock = SlaClock.load(row, events.getOrDefault(row.id, List.of()), calendars::get);
          SlaTimers.sync(s, List.of(clock), pid.toString(), true);
          if (clock.jobId() != null) {
            clock.queueUpdate(batch);
            count++;
          }
        }
        return new Chunk(rows.size(), count, rows.get(rows.size() - 1).id);
      });
      armed += done.jobs();
      if (done.clocks() < CHUNK) {
        return armed;
      }
      after = done.last();
    }
  }

  /** Measures the open clocks of the calendars on them again; one transaction per {@link #CHUNK} clocks. */
  public static Result reevaluate(Tx tx, Collection<String> names, int chunk) {
    long started = System.nanoTime();
    long clocks = 0;
    long moved = 0;
    UUID after = null;
    if (names.isEmpty()) {
      return new Result(Set.of(), 0, 0, 0);
    }
    while (true) {
      Chunk done = chunk(tx, names, after, chunk);
      clocks += done.clocks();
      moved += done.jobs();
      if (done.clocks() < chunk) {
        break;
      }
      after = done.last();
    }
    Result result = new Result(Set.copyOf(names), clocks, moved, (System.nanoTime() - started) / 1_000_000);
    LOG.info("Re-evaluated {} SLA clocks on changed calendars {} in {} ms", clocks, names, result.millis());
    return result;
  }

  /** One chunk in its own transaction; a timer job that changed one of its clocks meanwhile makes it run again. */
  private static Chunk chunk(Tx tx, Collection<String> names, UUID from, int chunk) {
    for (int attempt = 1; ; attempt++) {
      try {
        return chunkOnce(tx, names, from, chunk);
      } catch (ConcurrentUpdateException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static Chunk chunkOnce(Tx tx, Collection<String> names, UUID from, int chunk) {
    return tx.execute(Actor.system(), s -> {
      SlaClockMapper mapper = s.mapper(SlaClockMapper.class);
      List<SlaClockRow> rows = mapper.selectOpenClocksOnCalendars(names, from, chunk);
      if (rows.isEmpty()) {
        return new Chunk(0, 0, null);
      }
      Map<UUID, List<SlaEventRow>> events = new HashMap<>();
      for (SlaEventRow e : mapper.selectEventsOfClocks(rows.stream().map(r -> r.id).toList())) {
        events.computeIfAbsent(e.clockId, k -> new ArrayList<>()).add(e);
      }
      Calendars calendars = s.runtime().calendars();
      Set<UUID> tickets = new LinkedHashSet<>();
      List<SlaClock> changed = new ArrayList<>();
      SlaClockMapper batch = s.batch(SlaClockMapper.class);
      for (SlaClockRow row : rows) {
        SlaClock clock = SlaClock.load(row, events.getOrDefault(row.id, List.of()), calendars::get);
        clock.calendarChanged(s.now(), s.actor().id());
        clock.queueUpdate(batch);
        changed.add(clock);
        tickets.add(row.ticketId);
      }
      changed.forEach(clock -> clock.queueEvents(batch));
      for (var result : s.flushBatch()) {
        for (int count : result.getUpdateCounts()) {
          if (count == 0) {
            throw new ConcurrentUpdateException("Expected to re-evaluate SLA clocks after a calendar change, but "
                + "another transaction changed one of them first; the next start retries");
          }
        }
      }
      for (SlaClock clock : changed) {
        List<SlaClock.Due> pending = clock.pending(s.now());
        if (clock.jobId() != null && !pending.isEmpty()) {
          batch.moveJob(prefix(s), clock.jobId(), java.util.Date.from(pending.get(0).at()));
        }
      }
      long jobs = 0;
      for (var result : s.flushBatch()) {
        for (int count : result.getUpdateCounts()) {
          jobs += Math.max(0, count);   // a job an executor holds is not moved: it re-arms itself when it has run
        }
      }
      mapper.updateNextSlaDue(tickets);
      return new Chunk(rows.size(), jobs, rows.get(rows.size() - 1).id);
    });
  }
}
