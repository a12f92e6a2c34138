package dev.itsm.internal.sla;

import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.sla.BusinessCalendar;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The engine's business calendars by name ({@link BusinessCalendar#always()} among them), and the
 * expression bean {@value BusinessCalendar#EXPRESSION_BEAN} through which process models compute
 * timer dates in business time: {@code ${itsmCalendars.due('emea-office', 'PT8H')}}.
 */
public final class Calendars {
  private final Map<String, BusinessCalendar> byName;
  private final Clock clock;

  public Calendars(Collection<BusinessCalendar> calendars, Clock clock) {
    Map<String, BusinessCalendar> all = new TreeMap<>();
    all.put(BusinessCalendar.ALWAYS, BusinessCalendar.always());
    calendars.forEach(c -> all.put(c.name(), c));
    this.byName = java.util.Collections.unmodifiableMap(all);   // by name
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @throws NotFoundException for an unknown name */
  public BusinessCalendar get(String name) {
    BusinessCalendar calendar = name == null ? null : byName.get(name);
    if (calendar == null) {
      throw new NotFoundException("Expected a business calendar named '" + name + "', but the engine knows only "
          + byName.keySet());
    }
    return calendar;
  }

  public boolean exists(String name) {
    return name != null && byName.containsKey(name);
  }

  public java.util.Set<String> names() {
    return byName.keySet();
  }

  public List<BusinessCalendar> all() {
    return List.copyOf(byName.values());
  }

  /** When {@code businessTime} (ISO-8601, such as {@code PT8H}) of the calendar has passed from now. */
  public Date due(String calendar, String businessTime) {
    return Date.from(get(calendar).plus(clock.instant(), duration(businessTime)));
  }

  /** When {@code businessTime} of the calendar has passed from {@code from}. */
  public Date due(String calendar, Date from, String businessTime) {
    Objects.requireNonNull(from, "from");
    return Date.from(get(calendar).plus(from.toInstant(), duration(businessTime)));
  }

  private static Duration duration(String text) {
    try {
      return Duration.parse(Objects.requireNonNull(text, "businessTime"));
    } catch (DateTimeParseException e) {
      throw new InvalidValueException("businessTime", "Expected an ISO-8601 duration such as PT8H or P2D, but it is '"
          + text + "'");
    }
  }
}
