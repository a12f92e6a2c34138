package dev.itsm.api.sla;

import dev.itsm.api.InvalidValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Segment targets: a ticket records named timestamps ({@link SlaService#stamp}), and each segment
 * between two of them has its own target and owning group, so a late ticket shows which segment and
 * which owner made it late ({@link SlaService#segments}, and the report's breaches by owner). A
 * target may depend on a ticket attribute: {@link Builder#when}.
 *
 * <p>The library ships {@link #fieldDispatch()}, registered as {@value #FIELD_DISPATCH}.
 */
public final class SegmentTemplate {
  /** Name of the shipped field-dispatch template. */
  public static final String FIELD_DISPATCH = "field-dispatch";
  /**
   * Custom field (boolean) of a ticket that says the crew and the repair centre share a site; the
   * field-dispatch template's segment D-E takes 2 minutes then, else 4.
   */
  public static final String FIELD_CREW_AT_CENTRE_SITE = "crewAtCentreSite";
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

  private final String name;
  private final Map<String, String> timestamps;
  private final List<Segment> segments;

  private SegmentTemplate(Builder b) {
    this.name = b.name;
    this.timestamps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.timestamps));
    this.segments = List.copyOf(b.segments);
  }

  /**
   * The field-dispatch template: A call received, B dispatched by the service centre, C received by
   * the repair centre, D sent to the crew, E reached the crew, F accepted by the crew, G crew
   * departed, H arrived on site; AB 2 min (service centre), BC 4 (network), CD 2 (repair centre),
   * DE 2 when crew and centre share a site ({@link #FIELD_CREW_AT_CENTRE_SITE}) else 4 (network),
   * EF 2 (crew), FG 3 (crew), GH 28 (crew driving): about 45 minutes to site.
   */
  public static SegmentTemplate fieldDispatch() {
    return builder(FIELD_DISPATCH)
        .timestamp("A", "call received")
        .timestamp("B", "dispatched by the service centre")
        .timestamp("C", "received by the repair centre")
        .timestamp("D", "sent to the crew")
        .timestamp("E", "reached the crew")
        .timestamp("F", "accepted by the crew")
        .timestamp("G", "crew departed")
        .timestamp("H", "arrived on site")
        .segment("A", "B", "service centre", Duration.ofMinutes(2))
        .segment("B", "C", "network", Duration.ofMinutes(4))
        .segment("C", "D", "repair centre", Duration.ofMinutes(2))
        .segment("D", "E", "network", Duration.ofMinutes(4)).when(FIELD_CREW_AT_CENTRE_SITE, true, Duration.ofMinutes(2))
        .segment("E", "F", "crew", Duration.ofMinutes(2))
        .segment("F", "G", "crew", Duration.ofMinutes(3))
        .segment("G", "H", "crew driving", Duration.ofMinutes(28))
        .build();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** Timestamp codes in order, with their labels. */
  public Map<String, String> timestamps() {
    return timestamps;
  }

  public List<Segment> segments() {
    return segments;
  }

  /**
   * One segment.
   *
   * @param owner          the group (or party) answerable for it
   * @param target         its time unless the condition holds
   * @param whenField      a ticket attribute (custom field, or {@code priority}, {@code category},
   *                       {@code service}) that changes the target, or {@code null}
   * @param whenValue      the value it must have
   * @param targetWhen     the target when it has it
   */
  public record Segment(String from, String to, String owner, Duration target, String whenField, Object whenValue,
                        Duration targetWhen) {

    /** The target for a ticket whose attribute {@code whenField} has {@code value}. */
    public Duration targetFor(Object value) {
      return whenField != null && Objects.equals(String.valueOf(whenValue), String.valueOf(value)) ? targetWhen : target;
    }
  }

  /** Builder of {@link SegmentTemplate}; {@link #build()} validates. */
  public static final class Builder {
    private final String name;
    private final Map<String, String> timestamps = new LinkedHashMap<>();
    private final List<Segment> segments = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** The next timestamp, in the order they happen. */
    public Builder timestamp(String code, String label) {
      if (code == null || !CODE.matcher(code).matches()) {
        throw new InvalidValueException("timestamps", "Expected timestamp codes of letters, digits, '_' or '-' (at most "
            + "32) in segment template " + name + ", but got '" + code + "'");
      }
      if (timestamps.put(code, label == null ? code : label) != null) {
        throw new InvalidValueException("timestamps", "Expected timestamp " + code + " once in segment template " + name
            + ", but it is there twice");
      }
      return this;
    }

    /** A segment between two timestamps, with its owner and target. */
    public Builder segment(String from, String to, String owner, Duration target) {
      segments.add(new Segment(from, to, owner, target, null, null, null));
      return this;
    }

    /** The last segment's target is {@code target} when the ticket's {@code field} is {@code value}. */
    public Builder when(String field, Object value, Duration target) {
      if (segments.isEmpty()) {
        throw new InvalidValueException("segments", "Expected a segment before its condition in template " + name);
      }
      Segment s = segments.remove(segments.size() - 1);
      segments.add(new Segment(s.from(), s.to(), s.owner(), s.target(), field, value, target));
      return this;
    }

    /** @throws InvalidValueException naming the first invalid entry */
    public SegmentTemplate build() {
      if (name == null || !CODE.matcher(name).matches()) {
        throw new InvalidValueException("name", "Expected a template name of letters, digits, '_' or '-' (at most 32), "
            + "but it is '" + name + "'");
      }
      if (segments.isEmpty()) {
        throw new InvalidValueException("segments", "Expected segment template " + name + " to have segments, but it has none");
      }
      List<String> order = new ArrayList<>(timestamps.keySet());
      for (int i = 0; i < segments.size(); i++) {
        Segment s = segments.get(i);
        String field = "segments[" + i + "]";
        for (String end : new String[] {s.from(), s.to()}) {
          if (!timestamps.containsKey(end)) {
            throw new InvalidValueException(field, "Expected segment " + s.from() + "-" + s.to() + " of template " + name
                + " to name timestamps of the template " + order + ", but '" + end + "' is not one");
          }
        }
        if (order.indexOf(s.from()) >= order.indexOf(s.to())) {
          throw new InvalidValueException(field, "Expected segment " + s.from() + "-" + s.to() + " of template " + name
              + " to go forward in the timestamp order " + order);
        }
        if (s.owner() == null || s.owner().isBlank() || s.owner().length() > 64) {
          throw new InvalidValueException(field + ".owner", "Expected an owner (1 to 64 characters) for segment "
              + s.from() + "-" + s.to() + " of template " + name);
        }
        for (Duration d : new Duration[] {s.target(), s.whenField() == null ? s.target() : s.targetWhen()}) {
          if (d == null || d.isNegative() || d.toMillis() <= 0 || d.compareTo(SlaSettings.MAX_TARGET) > 0) {
            throw new InvalidValueException(field + ".target", "Expected the target of segment " + s.from() + "-"
                + s.to() + " of template " + name + " to be from one millisecond to " + SlaSettings.MAX_TARGET.toDays()
                + " days, but it is " + d);
          }
        }
      }
      return new SegmentTemplate(this);
    }
  }
}
