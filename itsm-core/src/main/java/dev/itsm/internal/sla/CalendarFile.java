package dev.itsm.internal.sla;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.sla.BusinessCalendar;
import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads business calendars from a file (YAML, or JSON): see docs/sla.md, "Business calendars".
 * Every error names where in the file it is ({@code calendars[1].holidays[3].date}).
 */
public final class CalendarFile {
  private static final ObjectMapper FILES = YAMLMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .build();

  private CalendarFile() {}

  record File(List<Calendar> calendars) {}

  record Calendar(String name, String zone, LocalDate from, LocalDate until, List<String> weekdays,
                  Map<DayOfWeek, List<String>> hours, List<Holiday> holidays, List<OpenDay> exceptions) {}

  record Holiday(LocalDate date, String name, List<String> closed) {}

  record OpenDay(LocalDate date, String name, List<String> hours) {}

  /** @throws InvalidInputException (or its subtype) naming the offending entry; nothing is registered then */
  public static List<BusinessCalendar> read(InputStream in) {
    Objects.requireNonNull(in, "calendarFile");
    File file;
    try {
      file = FILES.readValue(in, File.class);
    } catch (JacksonException e) {
      throw new InvalidInputException("calendarFile", "Expected a calendar file (YAML or JSON, see docs/sla.md), but "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (file == null || file.calendars() == null || file.calendars().isEmpty()) {
      throw new InvalidInputException("calendars", "Expected a calendar file with a \"calendars\" list, but it has none");
    }
    List<BusinessCalendar> out = new ArrayList<>();
    for (int i = 0; i < file.calendars().size(); i++) {
      String at = "calendars[" + i + "]";
      try {
        out.add(build(file.calendars().get(i)));
      } catch (InvalidValueException e) {
        throw new InvalidValueException(at + "." + e.field(), e.getMessage());
      } catch (InvalidInputException e) {
        throw new InvalidInputException(at + "." + e.field(), e.getMessage());
      }
    }
    return out;
  }

  private static BusinessCalendar build(Calendar c) {
    if (c == null) {
      throw new InvalidInputException("name", "Expected a calendar, but the entry is empty");
    }
    BusinessCalendar.Builder b = BusinessCalendar.builder(c.name(), c.zone());
    if (c.weekdays() != null) {
      b.weekdays(c.weekdays().toArray(String[]::new));
    }
    if (c.hours() != null) {
      c.hours().forEach((day, intervals) -> b.hours(day, (intervals == null ? List.<String>of() : intervals)
          .toArray(String[]::new)));
    }
    if ((c.from() == null) != (c.until() == null)) {
      throw new InvalidInputException(c.from() == null ? "from" : "until", "Expected both ends of the range of calendar '"
          + c.name() + "' (from, until) or neither, but only one is given");
    }
    if (c.from() != null) {
      b.range(c.from(), c.until());
    }
    // the builder numbers holidays and exceptions together (days[i]); the file lists them apart
    List<String> fields = new ArrayList<>();
    List<Holiday> holidays = c.holidays() == null ? List.of() : c.holidays();
    for (int i = 0; i < holidays.size(); i++) {
      Holiday h = holidays.get(i);
      requireDate(h == null ? null : h.date(), "holidays[" + i + "].date");
      b.holiday(h.date(), h.name(), (h.closed() == null ? List.<String>of() : h.closed()).toArray(String[]::new));
      fields.add("holidays[" + i + "]");
    }
    List<OpenDay> exceptions = c.exceptions() == null ? List.of() : c.exceptions();
    for (int i = 0; i < exceptions.size(); i++) {
      OpenDay x = exceptions.get(i);
      requireDate(x == null ? null : x.date(), "exceptions[" + i + "].date");
      b.exception(x.date(), x.name(), (x.hours() == null ? List.<String>of() : x.hours()).toArray(String[]::new));
      fields.add("exceptions[" + i + "]");
    }
    try {
      return b.build();
    } catch (InvalidValueException e) {
      String field = e.field();
      for (int i = 0; i < fields.size(); i++) {
        String prefix = "days[" + i + "]";
        if (field.startsWith(prefix + ".")) {
          throw new InvalidValueException(fields.get(i) + field.substring(prefix.length()), e.getMessage());
        }
      }
      throw e;
    }
  }

  private static void requireDate(LocalDate date, String field) {
    if (date == null) {
      throw new InvalidInputException(field, "Expected a date (YYYY-MM-DD), but it is missing");
    }
  }
}
