package dev.itsm.internal.sla;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.api.sla.SlaDefinitionVersion;
import dev.itsm.api.sla.SlaSettings;
import dev.itsm.internal.persistence.SlaClockMapper;
import dev.itsm.internal.persistence.SlaDefinitionRow;
import dev.itsm.internal.tx.ItsmSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published SLA definitions: versions stored in {@code itsm_sla_definition} (so every node and
 * every restart sees the same), parsed bodies cached by code and version (a version never changes).
 */
public final class SlaDefinitions {
  /** Code prefix of the built-in incident definitions, one per priority: {@code incident-p1} ... */
  public static final String BUILT_IN_PREFIX = "incident-";
  private final Calendars calendars;
  private final Cache<String, SlaDefinition> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

  public SlaDefinitions(Calendars calendars) {
    this.calendars = calendars;
  }

  /** The library's incident definitions, one per priority, from the engine's {@link SlaSettings}. */
  public static List<SlaDefinition> builtIns(SlaSettings settings) {
    List<SlaDefinition> out = new ArrayList<>();
    for (Priority p : Priority.values()) {
      out.add(SlaDefinition.builder(BUILT_IN_PREFIX + p.name().toLowerCase())
          .name("Incident " + p.name() + " (built in)")
          .ticketTypes(TicketType.INCIDENT).priorities(p)
          .response(settings.target(dev.itsm.api.sla.SlaKind.RESPONSE, p))
          .resolution(settings.target(dev.itsm.api.sla.SlaKind.RESOLUTION, p))
          .warningRatio(settings.warningRatio())
          .build());
    }
    return out;
  }

  /**
   * Publishes a definition as a new version if it differs from the current one (or has none).
   * A built-in never replaces a host's definition of the same code.
   *
   * @return the version now current, and whether this call published it
   * @throws InvalidValueException when its calendar is unknown
   */
  public Published publish(ItsmSession session, SlaDefinition definition, boolean builtIn) {
    if (!calendars.exists(definition.calendar())) {
      throw new InvalidValueException("calendar", "Expected definition " + definition.code()
          + " to count on a calendar the engine knows " + calendars.names() + ", but it names '"
          + definition.calendar() + "'");
    }
    SlaClockMapper mapper = session.mapper(SlaClockMapper.class);
    List<SlaDefinitionRow> versions = mapper.selectDefinitionVersions(definition.code());
    SlaDefinitionRow current = versions.stream().filter(r -> r.current).findFirst().orElse(null);
    if (current != null && (builtIn && !current.builtIn || definition.equals(parse(current)) && current.builtIn == builtIn)) {
      return new Published(version(current), false);
    }
    SlaDefinitionRow row = new SlaDefinitionRow();
    row.code = definition.code();
    row.version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version + 1;
    row.agreement = definition.agreement().name();
    row.party = definition.party();
    row.body = DefinitionFile.body(definition);
    row.builtIn = builtIn;
    row.current = true;
    row.createdAt = session.now();
    row.createdBy = session.actor().id();
    mapper.retireCurrent(definition.code());
    mapper.insertDefinition(row);
    session.afterCommit(() -> parsed.put(key(row.code, row.version), definition));   // a rolled-back version is no version
    return new Published(new SlaDefinitionVersion(definition, row.version, true, builtIn, row.createdAt, row.createdBy),
        true);
  }

  /** A publication's outcome. */
  public record Published(SlaDefinitionVersion version, boolean changed) {}

  public List<SlaDefinitionVersion> current(ItsmSession session) {
    return session.mapper(SlaClockMapper.class).selectCurrentDefinitions().stream().map(this::version).toList();
  }

  /** Every version of a code, oldest first. */
  public List<SlaDefinitionVersion> versions(ItsmSession session, String code) {
    List<SlaDefinitionVersion> out = session.mapper(SlaClockMapper.class).selectDefinitionVersions(code).stream()
        .map(this::version).toList();
    if (out.isEmpty()) {
      throw new NotFoundException("Expected an SLA definition with code '" + code + "', but there is none");
    }
    return out;
  }

  /** A stored version, or {@code null} (clocks written before definitions existed name version 0). */
  public SlaDefinition get(ItsmSession session, String code, int version) {
    SlaDefinition cached = parsed.getIfPresent(key(code, version));
    if (cached != null) {
      return cached;
    }
    SlaDefinitionRow row = session.mapper(SlaClockMapper.class).selectDefinition(code, version);
    return row == null ? null : parse(row);
  }

  /**
   * The definitions that apply to a ticket: per agreement and party the most specific match, host
   * definitions before built-ins, then the lowest code.
   */
  public List<SlaDefinitionVersion> select(ItsmSession session, TicketType type, String service, String customerClass,
                                           Priority priority) {
    Map<String, SlaDefinitionVersion> best = new LinkedHashMap<>();
    Comparator<SlaDefinitionVersion> order = Comparator.<SlaDefinitionVersion, Boolean>comparing(v -> !v.builtIn())
        .thenComparingInt(v -> v.definition().specificity())
        .thenComparing(v -> v.definition().code(), Comparator.reverseOrder());
    for (SlaDefinitionVersion v : current(session)) {
      SlaDefinition d = v.definition();
      if (!d.matches(type, service, customerClass, priority)) {
        continue;
      }
      best.merge(d.agreement() + "/" + d.party(), v, (a, b) -> order.compare(a, b) >= 0 ? a : b);
    }
    return best.values().stream().sorted(Comparator.comparing((SlaDefinitionVersion v) -> v.definition().agreement())
        .thenComparing(v -> v.definition().party())).toList();
  }

  private SlaDefinitionVersion version(SlaDefinitionRow row) {
    return new SlaDefinitionVersion(parse(row), row.version, row.current, row.builtIn, row.createdAt, row.createdBy);
  }

  private SlaDefinition parse(SlaDefinitionRow row) {
    return parsed.get(key(row.code, row.version), k -> DefinitionFile.parseBody(row.body));
  }

  private static String key(String code, int version) {
    return code + "#" + version;
  }
}
