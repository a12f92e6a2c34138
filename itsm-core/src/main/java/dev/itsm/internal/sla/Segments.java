package dev.itsm.internal.sla;

import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.sla.SegmentStatus;
import dev.itsm.api.sla.SegmentTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The engine's segment templates, and the segments of a ticket computed from its stamps. */
public final class Segments {
  private final Map<String, SegmentTemplate> templates;

  public Segments(Collection<SegmentTemplate> registered) {
    Map<String, SegmentTemplate> all = new TreeMap<>();
    all.put(SegmentTemplate.FIELD_DISPATCH, SegmentTemplate.fieldDispatch());
    registered.forEach(t -> all.put(t.name(), t));
    this.templates = java.util.Collections.unmodifiableMap(all);
  }

  public List<SegmentTemplate> all() {
    return List.copyOf(templates.values());
  }

  /** @throws NotFoundException for an unknown name */
  public SegmentTemplate get(String name) {
    SegmentTemplate t = name == null ? null : templates.get(name);
    if (t == null) {
      throw new NotFoundException("Expected a segment template named '" + name + "', but the engine knows only "
          + templates.keySet());
    }
    return t;
  }

  /**
   * Checks a new stamp against the template and the ticket's stamps so far: a known code, not yet
   * stamped, not in the future, and in order with the stamps before and after it.
   */
  public static void check(SegmentTemplate t, Map<String, Instant> stamps, String code, Instant at, Instant now,
                           String ticket) {
    List<String> order = new ArrayList<>(t.timestamps().keySet());
    int index = order.indexOf(code);
    if (index < 0) {
      throw new InvalidValueException("timestamp", "Expected a timestamp of template " + t.name() + " " + order
          + ", but got '" + code + "'");
    }
    if (stamps.containsKey(code)) {
      throw new InvalidValueException("timestamp", "Expected timestamp " + code + " of " + ticket + " to be recorded once, "
          + "but it was recorded at " + stamps.get(code));
    }
    if (at.isAfter(now)) {
      throw new InvalidValueException("at", "Expected timestamp " + code + " of " + ticket + " not to lie in the future ("
          + now + "), but it is " + at);
    }
    for (int i = 0; i < order.size(); i++) {
      Instant other = stamps.get(order.get(i));
      if (other != null && (i < index && other.isAfter(at) || i > index && other.isBefore(at))) {
        throw new InvalidValueException("at", "Expected timestamp " + code + " of " + ticket + " " + (i < index ? "at or after "
            : "at or before ") + order.get(i) + " (" + other + "), but it is " + at);
      }
    }
  }

  /** Every segment of the template, as of now. */
  public static List<SegmentStatus> compute(SegmentTemplate t, Map<String, Instant> stamps,
                                            Function<String, Object> attribute, Instant now) {
    List<SegmentStatus> out = new ArrayList<>();
    for (SegmentTemplate.Segment s : t.segments()) {
      Duration target = s.targetFor(s.whenField() == null ? null : attribute.apply(s.whenField()));
      Instant start = stamps.get(s.from());
      Instant end = stamps.get(s.to());
      Duration actual = start == null ? null : Duration.between(start, end == null ? now : end);
      boolean late = actual != null && actual.compareTo(target) > 0;
      out.add(new SegmentStatus(t.name(), s.from(), s.to(), s.owner(), target, start, end, actual, late,
          late ? actual.minus(target) : Duration.ZERO));
    }
    return out;
  }
}
