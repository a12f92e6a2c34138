package dev.itsm.internal.sla;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.Priority;
import dev.itsm.api.TicketType;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.RecomputePolicy;
import dev.itsm.api.sla.SlaAction;
import dev.itsm.api.sla.SlaDefinition;
import dev.itsm.api.sla.VersionPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SLA definitions as text: a definition file the host ships (YAML or JSON, see docs/sla.md,
 * "Definitions"), and the JSON body a published version is stored as. Errors name where in the
 * file they are ({@code definitions[2].targets[0].duration}).
 */
public final class DefinitionFile {
  private static final ObjectMapper FILES = YAMLMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(new JavaTimeModule())
      .build();
  private static final ObjectMapper BODIES = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private DefinitionFile() {}

  record File(List<Definition> definitions) {}

  record Definition(String code, String name, Agreement agreement, String party, List<TicketType> ticketTypes,
                    List<String> services, List<String> customerClasses, List<Priority> priorities, String calendar,
                    Double warningRatio, List<Threshold> thresholds, RecomputePolicy recompute, VersionPolicy versions,
                    List<Target> targets) {}

  record Threshold(Integer percent, List<SlaAction> actions) {}

  record Target(String name, Duration duration, List<String> pauseIn, List<String> stopIn, Boolean restartOnReopen) {}

  /** @throws InvalidInputException (or a subtype) naming the offending entry; nothing is defined then */
  public static List<SlaDefinition> read(InputStream in) {
    Objects.requireNonNull(in, "definitionFile");
    File file;
    try {
      file = FILES.readValue(in, File.class);
    } catch (JacksonException e) {
      throw new InvalidInputException("definitionFile", "Expected an SLA definition file (YAML or JSON, see docs/sla.md), "
          + "but " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (file == null || file.definitions() == null || file.definitions().isEmpty()) {
      throw new InvalidInputException("definitions", "Expected an SLA definition file with a \"definitions\" list, but it has none");
    }
    List<SlaDefinition> out = new ArrayList<>();
    for (int i = 0; i < file.definitions().size(); i++) {
      try {
        out.add(build(file.definitions().get(i)));
      } catch (InvalidValueException e) {
        throw new InvalidValueException("definitions[" + i + "]." + e.field(), e.getMessage());
      } catch (InvalidInputException e) {
        throw new InvalidInputException("definitions[" + i + "]." + e.field(), e.getMessage());
      }
    }
    return out;
  }

  private static void noEmptyEntries(String field, List<?> values) {
    if (values != null && values.contains(null)) {
      throw new InvalidValueException(field, "Expected every entry of " + field + " to have a value, but one is empty");
    }
  }

  static String body(SlaDefinition d) {
    List<Target> targets = d.targets().stream().map(t -> new Target(t.name(), t.duration(), List.copyOf(t.pauseIn()),
        List.copyOf(t.stopIn()), t.restartOnReopen())).toList();
    Definition def = new Definition(d.code(), d.name(), d.agreement(), d.party(), List.copyOf(d.ticketTypes()),
        List.copyOf(d.services()), List.copyOf(d.customerClasses()), List.copyOf(d.priorities()), d.calendar(),
        null, d.thresholds().stream().map(t -> new Threshold(t.percent(), t.ordered())).toList(), d.recompute(),
        d.versions(), targets);
    try {
      return BODIES.writeValueAsString(def);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write definition " + d.code(), e);
    }
  }

  static SlaDefinition parseBody(String json) {
    try {
      return build(BODIES.readValue(json, Definition.class));
    } catch (JacksonException e) {
      throw new IllegalStateException("stored SLA definition is not readable: " + e.getOriginalMessage(), e);
    }
  }

  private static SlaDefinition build(Definition d) {
    if (d == null) {
      throw new InvalidInputException("code", "Expected a definition, but the entry is empty");
    }
    noEmptyEntries("ticketTypes", d.ticketTypes());
    noEmptyEntries("services", d.services());
    noEmptyEntries("customerClasses", d.customerClasses());
    noEmptyEntries("priorities", d.priorities());
    noEmptyEntries("thresholds", d.thresholds());
    noEmptyEntries("targets", d.targets());
    List<Target> checked = d.targets() == null ? List.of() : d.targets();
    for (int i = 0; i < checked.size(); i++) {
      noEmptyEntries("targets[" + i + "].pauseIn", checked.get(i).pauseIn());
      noEmptyEntries("targets[" + i + "].stopIn", checked.get(i).stopIn());
    }
    List<Threshold> rules = d.thresholds() == null ? List.of() : d.thresholds();
    for (int i = 0; i < rules.size(); i++) {
      noEmptyEntries("thresholds[" + i + "].actions", rules.get(i).actions());
    }
    SlaDefinition.Builder b = SlaDefinition.builder(d.code()).name(d.name())
        .agreement(d.agreement() == null ? Agreement.SLA : d.agreement(), d.party());
    if (d.ticketTypes() != null) {
      b.ticketTypes(d.ticketTypes().toArray(TicketType[]::new));
    }
    if (d.services() != null) {
      b.services(d.services().toArray(String[]::new));
    }
    if (d.customerClasses() != null) {
      b.customerClasses(d.customerClasses().toArray(String[]::new));
    }
    if (d.priorities() != null) {
      b.priorities(d.priorities().toArray(Priority[]::new));
    }
    if (d.calendar() != null) {
      b.calendar(d.calendar());
    }
    if (d.warningRatio() != null) {
      b.warningRatio(d.warningRatio());
    }
    List<Threshold> thresholds = d.thresholds() == null ? List.of() : d.thresholds();
    for (int i = 0; i < thresholds.size(); i++) {
      Threshold t = thresholds.get(i);
      if (t == null || t.percent() == null) {
        throw new InvalidValueException("thresholds[" + i + "].percent", "Expected a threshold with a percent in definition "
            + d.code() + ", but it has none");
      }
      b.threshold(t.percent(), (t.actions() == null ? List.<SlaAction>of() : t.actions()).toArray(SlaAction[]::new));
    }
    if (d.recompute() != null) {
      b.recompute(d.recompute());
    }
    if (d.versions() != null) {
      b.versions(d.versions());
    }
    List<Target> targets = d.targets() == null ? List.of() : d.targets();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      if (t == null || t.name() == null) {
        throw new InvalidValueException("targets[" + i + "].name", "Expected a target with a name in definition "
            + d.code() + ", but it has none");
      }
      if (SlaDefinition.RESPONSE.equals(t.name())) {
        b.response(t.duration());
      } else if (SlaDefinition.RESOLUTION.equals(t.name())) {
        b.resolution(t.duration());
      } else {
        b.target(t.name(), t.duration());
      }
      try {
        if (t.pauseIn() != null) {
          b.pauseIn(t.name(), t.pauseIn().toArray(String[]::new));
        }
        if (t.stopIn() != null) {
          b.stopIn(t.name(), t.stopIn().toArray(String[]::new));
        }
        if (t.restartOnReopen() != null) {
          b.restartOnReopen(t.name(), t.restartOnReopen());
        }
      } catch (InvalidValueException e) {
        throw new InvalidValueException("targets[" + i + "]", e.getMessage());
      }
    }
    return b.build();
  }
}
