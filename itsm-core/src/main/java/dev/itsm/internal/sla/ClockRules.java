package dev.itsm.internal.sla;

import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.api.sla.SlaDefinitionVersion;
import dev.itsm.api.sla.SlaThresholdRule;
import dev.itsm.api.sla.VersionPolicy;
import dev.itsm.internal.tx.ItsmSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How a ticket's SLA clocks follow the ticket: which clocks it gets (one per target of each
 * definition that applies), what a state change does to each (stop, pause, resume, restart,
 * cancel), and what a change of priority, service or customer class does (re-selection, then
 * retarget, cancel or start per clock). Ticket types call it; it writes only timeline events.
 */
public final class ClockRules {
  /** Prefix of the reason of a pause caused by a ticket state (resumed by leaving the state). */
  public static final String STATE_PAUSE = "state ";
  private static final SlaDefinition LEGACY = SlaDefinition.builder("incident-default").ticketTypes(TicketType.INCIDENT)
      .response(Duration.ofMillis(1)).resolution(Duration.ofMillis(1)).build();

  private final SlaDefinitions definitions;
  private final Calendars calendars;

  public ClockRules(SlaDefinitions definitions, Calendars calendars) {
    this.definitions = definitions;
    this.calendars = calendars;
  }

  /** What selects a ticket's definitions. */
  public record Match(TicketType type, String service, String customerClass, Priority priority) {}

  /** Told when stopping a clock recorded a threshold that had passed without its timer firing. */
  @FunctionalInterface
  public interface LateRecorded {
    void recorded(SlaClock clock, int percent);
  }

  public Calendars calendars() {
    return calendars;
  }

  public SlaDefinitions definitions() {
    return definitions;
  }

  /** Starts a clock for every target of every definition that applies. */
  public List<SlaClock> start(ItsmSession session, UUID ticketId, String tenantId, Match match, Instant now) {
    List<SlaClock> out = new ArrayList<>();
    for (SlaDefinitionVersion v : select(session, match)) {
      for (SlaDefinition.Target t : v.definition().targets()) {
        out.add(SlaClock.start(ticketId, tenantId, terms(v, t), now, session.actor().id(), calendars::get));
      }
    }
    return out;
  }

  /**
   * The ticket moved from one state to another.
   *
   * @param pauseReason detail of a pause (e.g. the hold reason), or {@code null}
   * @param closed      the ticket reached a final state: running clocks stop as met
   * @param cancelled   the ticket was cancelled: running clocks are cancelled
   */
  public void stateChanged(ItsmSession session, Collection<SlaClock> clocks, String from, String to, String pauseReason,
                           boolean closed, boolean cancelled, Instant now, LateRecorded late) {
    String actor = session.actor().id();
    for (SlaClock clock : clocks) {
      SlaDefinition.Target t = target(session, clock);
      if (cancelled) {
        report(clock, clock.cancel(now, "ticket " + to, actor), late);
      } else if (closed || t.stopIn().contains(to)) {
        report(clock, clock.stop(now, "ticket " + to, actor), late);
      } else if (clock.isStopped()) {
        if (!clock.isCancelled() && t.restartOnReopen() && t.stopIn().contains(from)) {
          clock.restart(now, actor);
          if (t.pauseIn().contains(to)) {
            clock.pause(now, pauseReason(to, pauseReason), actor);
          }
        }
      } else if (t.pauseIn().contains(to)) {
        clock.pause(now, pauseReason(to, pauseReason), actor);
      } else if (clock.isPaused() && clock.pauseReason() != null && clock.pauseReason().startsWith(STATE_PAUSE)) {
        clock.resume(now, actor);
      }
    }
  }

  /** Where a ticket stands: its state, and the states it has been in (stop states reached stay reached). */
  public record Progress(String state, Set<String> reached) {}

  /**
   * What selects the ticket's definitions changed: clocks whose definition no longer applies are
   * cancelled; clocks of another definition (or of a new version under {@link VersionPolicy#REEVALUATE})
   * are retargeted with that definition's recompute policy, a cancelled clock whose definition
   * applies again restarts; targets no clock had start now, unless the ticket already passed their
   * stop point, and paused when its state pauses them. Under {@link VersionPolicy#KEEP} a definition
   * the ticket already counts by keeps its version, targets included.
   *
   * @param reason what changed, for the timeline
   * @return the clocks started
   */
  public List<SlaClock> reselect(ItsmSession session, Map<String, SlaClock> clocks, UUID ticketId, String tenantId,
                                 Match match, Progress progress, Instant now, String reason, LateRecorded late) {
    Map<String, Integer> counting = new HashMap<>();
    for (SlaClock clock : clocks.values()) {
      if (!clock.isCancelled()) {
        counting.put(clock.definitionCode(), clock.definitionVersion());
      }
    }
    Map<String, SlaClock.Terms> wanted = new LinkedHashMap<>();
    Map<String, SlaDefinition> sources = new LinkedHashMap<>();
    for (SlaDefinitionVersion selected : select(session, match)) {
      SlaDefinitionVersion v = kept(session, selected, counting);
      for (SlaDefinition.Target t : v.definition().targets()) {
        String slot = SlaClock.slot(v.definition().agreement(), v.definition().party(), t.name());
        wanted.put(slot, terms(v, t));
        sources.put(slot, v.definition());
      }
    }
    String actor = session.actor().id();
    for (SlaClock clock : clocks.values()) {
      SlaClock.Terms terms = wanted.get(clock.slot());
      if (terms == null) {
        report(clock, clock.cancel(now, "no definition applies any more (" + reason + ")", actor), late);
        continue;
      }
      SlaDefinition definition = sources.get(clock.slot());
      if (clock.isCancelled()) {
        clock.restart(now, actor);
        clock.retarget(now, terms, definition.recompute(), reason, actor);
        pauseIfItsState(clock, definition.target(clock.name()), progress.state(), now, actor);
      } else {
        clock.retarget(now, terms, definition.recompute(), reason, actor);   // nothing when the terms are the same
      }
    }
    List<SlaClock> started = new ArrayList<>();
    wanted.forEach((slot, terms) -> {
      SlaDefinition.Target t = sources.get(slot).target(terms.target());
      boolean passed = t.stopIn().stream().anyMatch(progress.reached()::contains)
          && !(t.restartOnReopen() && !t.stopIn().contains(progress.state()));
      if (!clocks.containsKey(slot) && !passed) {
        SlaClock clock = SlaClock.start(ticketId, tenantId, terms, now, actor, calendars::get);
        pauseIfItsState(clock, t, progress.state(), now, actor);
        started.add(clock);
      }
    });
    return started;
  }

  /** Under KEEP, the version the ticket already counts by instead of the current one. */
  private SlaDefinitionVersion kept(ItsmSession session, SlaDefinitionVersion selected, Map<String, Integer> counting) {
    Integer version = counting.get(selected.definition().code());
    if (selected.definition().versions() != VersionPolicy.KEEP || version == null || version == selected.version()) {
      return selected;
    }
    SlaDefinition old = definitions.get(session, selected.definition().code(), version);
    return old == null ? selected : new SlaDefinitionVersion(old, version, false, selected.builtIn(), null, null);
  }

  private static void pauseIfItsState(SlaClock clock, SlaDefinition.Target t, String state, Instant now, String actor) {
    if (t != null && t.pauseIn().contains(state)) {
      clock.pause(now, pauseReason(state, null), actor);
    }
  }

  /** Moves one clock to a version of its definition (re-evaluation after a publication). */
  public boolean reevaluate(ItsmSession session, SlaClock clock, SlaDefinitionVersion version, String reason) {
    SlaDefinition.Target t = version.definition().target(clock.name());
    if (t == null || clock.isStopped()) {
      return false;
    }
    return clock.retarget(session.now(), terms(version, t), version.definition().recompute(), reason,
        session.actor().id());
  }

  /** The target a clock counts by: from its definition version (or the built-in rules for old clocks). */
  public SlaDefinition.Target target(ItsmSession session, SlaClock clock) {
    SlaDefinition d = definitions.get(session, clock.definitionCode(), clock.definitionVersion());
    SlaDefinition.Target t = d == null ? null : d.target(clock.name());
    if (t == null) {
      t = LEGACY.target(clock.name());
    }
    return t != null ? t : new SlaDefinition.Target(clock.name(), clock.target(), java.util.Set.of(), java.util.Set.of(),
        false);
  }

  private List<SlaDefinitionVersion> select(ItsmSession session, Match m) {
    return definitions.select(session, m.type(), m.service(), m.customerClass(), m.priority());
  }

  private static SlaClock.Terms terms(SlaDefinitionVersion v, SlaDefinition.Target t) {
    SlaDefinition d = v.definition();
    return new SlaClock.Terms(d.agreement(), d.party(), d.code(), v.version(), t.name(), t.duration(), d.calendar(),
        d.thresholds().stream().map(SlaThresholdRule::percent).toList());
  }

  private static String pauseReason(String state, String detail) {
    return STATE_PAUSE + state + (detail == null ? "" : ": " + detail);
  }

  private static void report(SlaClock clock, SlaClock.LateRecords records, LateRecorded late) {
    records.percents().forEach(p -> late.recorded(clock, p));
  }

  /**
   * The actions of a clock's threshold, from its definition version; the breach without a rule of
   * its own notifies nobody (it is recorded all the same).
   */
  public List<dev.itsm.api.sla.SlaAction> actions(ItsmSession session, SlaClock clock, int percent) {
    SlaDefinition d = definitions.get(session, clock.definitionCode(), clock.definitionVersion());
    List<SlaThresholdRule> rules = d == null ? LEGACY.thresholds() : d.thresholds();
    return rules.stream().filter(r -> r.percent() == percent).findFirst().map(SlaThresholdRule::ordered).orElse(List.of());
  }
}
