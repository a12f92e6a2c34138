package dev.itsm.internal.sla;

import dev.itsm.api.Actor;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Permission;
import dev.itsm.api.sla.BusinessCalendar;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.api.sla.SlaService;
import dev.itsm.api.sla.SlaStatus;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/** Reads SLA clocks of the tickets an actor may see. */
public final class SlaServiceImpl implements SlaService {
  private final Tx tx;
  private final AccessPolicy access;
  private final Tickets tickets;
  private final Calendars calendars;

  /** Finds the clocks of a visible ticket (or throws not found). */
  @FunctionalInterface
  public interface Tickets extends BiFunction<ItsmSession, UUID, Collection<SlaClock>> {}

  public SlaServiceImpl(Tx tx, AccessPolicy access, Calendars calendars, Tickets tickets) {
    this.tx = tx;
    this.access = access;
    this.calendars = calendars;
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
  public List<SlaStatus> status(Actor actor, UUID ticketId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_READ);
      Instant now = s.now();
      return tickets.apply(s, ticketId).stream().map(c -> c.status(now)).toList();
    });
  }

  @Override
  public SlaStatus status(Actor actor, UUID ticketId, SlaKind kind) {
    return status(actor, ticketId).stream().filter(s -> s.kind() == kind).findFirst()
        .orElseThrow(() -> new NotFoundException("Expected a " + kind + " clock on ticket " + ticketId + ", but it has none"));
  }
}
