package dev.itsm.api.incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a caller reports. Validated when opened: {@code IncidentService#open} throws
 * {@code InvalidInputException}/{@code InvalidValueException} naming the field.
 *
 * @param title        short summary; required, at most 200 characters
 * @param description  details; optional, at most 4000 characters
 * @param callerId     who reports it; the acting user when {@code null}
 * @param impact       required
 * @param urgency      required
 * @param category     one of the categories configured in {@link IncidentSettings}
 * @param channel      where it came in; {@link Channel#API} when {@code null}
 * @param groupId      support group; when {@code null} the routing DMN decides from the category
 * @param service      code of the affected service, which selects SLA definitions; optional
 * @param customerClass the caller's customer class, which selects SLA definitions; when {@code null}
 *                     the directory's ({@link dev.itsm.spi.Directory#customerClass})
 * @param affectedCis  ids of affected configuration items
 * @param fields       values of the host's custom fields, by field name
 */
public record NewIncident(String title, String description, String callerId, Impact impact, Urgency urgency,
                          String category, Channel channel, String groupId, String service, String customerClass,
                          List<UUID> affectedCis, Map<String, Object> fields) {

  public NewIncident {
    affectedCis = affectedCis == null ? List.of() : List.copyOf(affectedCis);
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }

  /** Starts a new incident with its title. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** Builder for {@link NewIncident}. */
  public static final class Builder {
    private final String title;
    private String description;
    private String callerId;
    private Impact impact = Impact.MEDIUM;
    private Urgency urgency = Urgency.MEDIUM;
    private String category;
    private Channel channel;
    private String groupId;
    private String service;
    private String customerClass;
    private final List<UUID> affectedCis = new ArrayList<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder(String title) {
      this.title = title;
    }

    /** Code of the affected service (selects SLA definitions). */
    public Builder service(String service) {
      this.service = service;
      return this;
    }

    /** The caller's customer class (selects SLA definitions); the directory's when not given. */
    public Builder customerClass(String customerClass) {
      this.customerClass = customerClass;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder caller(String callerId) {
      this.callerId = callerId;
      return this;
    }

    /** Defaults to {@link Impact#MEDIUM}. */
    public Builder impact(Impact impact) {
      this.impact = impact;
      return this;
    }

    /** Defaults to {@link Urgency#MEDIUM}. */
    public Builder urgency(Urgency urgency) {
      this.urgency = urgency;
      return this;
    }

    public Builder category(String category) {
      this.category = category;
      return this;
    }

    public Builder channel(Channel channel) {
      this.channel = channel;
      return this;
    }

    public Builder group(String groupId) {
      this.groupId = groupId;
      return this;
    }

    public Builder affectedCi(UUID ciId) {
      this.affectedCis.add(Objects.requireNonNull(ciId, "ciId"));
      return this;
    }

    /** Sets a custom field declared by a plugin. */
    public Builder field(String name, Object value) {
      this.fields.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    public NewIncident build() {
      return new NewIncident(title, description, callerId, impact, urgency, category, channel, groupId,
          service, customerClass, affectedCis, fields);
    }
  }
}
