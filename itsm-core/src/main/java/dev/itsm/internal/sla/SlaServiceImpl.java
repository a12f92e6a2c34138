package dev.itsm.internal.sla;

import dev.itsm.api.Actor;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Permission;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.BusinessCalendar;
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
  private final Tickets tickets;

  /** Clocks in a stable order: SLA, OLAs, UCs; by party; response, resolution, then milestones by name. */
  private static final java.util.Comparator<SlaClock> ORDER = java.util.Comparator.comparing(SlaClock::agreement)
      .thenComparing(SlaClock::party)
      .thenComparingInt(c -> SlaDefinition.RESPONSE.equals(c.name()) ? 0 : SlaDefinition.RESOLUTION.equals(c.name()) ? 1 : 2)
      .thenComparing(SlaClock::name);

  /** A manual change of one clock. */
  public enum Change { PAUSE, RESUME, REACH }

  /** What the SLA service needs from the ticket types. */
  public interface Tickets {
    /** The clocks of a visible ticket by slot (or throws not found). */
    Map<String, SlaClock> clocks(ItsmSession session, UUID ticketId);

    /** Changes one clock by hand in its own unit of work, with audit and timers. */
    SlaStatus change(Actor actor, UUID ticketId, String clock, Change change, String reason);

    /** Moves the running clocks of a ticket to a newly published version of their definition. */
    void reevaluate(ItsmSession session, UUID ticketId, SlaDefinitionVersion version);
  }

  public SlaServiceImpl(Tx tx, AccessPolicy access, Calendars calendars, SlaDefinitions definitions, Tickets tickets) {
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
    return tx.execute(actor, s -> definitions.current(s));
  }

  @Override
  public List<SlaDefinitionVersion> versions(Actor actor, String code) {
    return tx.execute(actor, s -> definitions.versions(s, code));
  }

  @Override
  public SlaDefinitionVersion define(Actor actor, SlaDefinition definition) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.SLA_CONFIGURE);
      if (definition == null) {
        throw new InvalidValueException("definition", "Expected an SLA definition, but got none");
      }
      SlaDefinitions.Published published = definitions.publish(s, definition, false);
      if (published.changed() && definition.versions() == dev.itsm.api.sla.VersionPolicy.REEVALUATE) {
        reevaluate(s, published.version());
      }
      return published.version();
    });
  }

  /** Running clocks of the definition on another version move to this one, ticket by ticket. */
  private void reevaluate(ItsmSession s, SlaDefinitionVersion version) {
    UUID after = null;
    while (true) {
      List<UUID> ids = s.mapper(dev.itsm.internal.persistence.SlaClockMapper.class)
          .selectTicketsOnOtherVersion(version.definition().code(), version.version(), after, 500);
      for (UUID id : ids) {
        tickets.reevaluate(s, id, version);
      }
      if (ids.size() < 500) {
        return;
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
  public SlaStatus pause(Actor actor, UUID ticketId, String clock, String reason) {
    return tickets.change(actor, ticketId, clock, Change.PAUSE, reason);
  }

  @Override
  public SlaStatus resume(Actor actor, UUID ticketId, String clock) {
    return tickets.change(actor, ticketId, clock, Change.RESUME, null);
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
