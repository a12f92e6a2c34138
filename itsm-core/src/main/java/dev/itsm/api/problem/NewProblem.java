package dev.itsm.api.problem;

import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A problem to record, by hand or from incidents. Validated by {@code ProblemService#create}, which
 * throws {@code InvalidInputException}/{@code InvalidValueException} naming the field.
 *
 * @param title       required, at most 200 characters
 * @param description optional, at most 4000 characters
 * @param impact      required; with {@code urgency} it gives the priority (the incident priority decision)
 * @param urgency     required
 * @param category    one of the incident categories, or {@code null}
 * @param service     code of the affected service, or {@code null}
 * @param groupId     the group that works it, or {@code null}
 * @param ownerId     the problem's owner (assignee), or {@code null}
 * @param affectedCis live configuration items of the tenant
 * @param incidentIds incidents it is recorded from (each once)
 */
public record NewProblem(String title, String description, Impact impact, Urgency urgency, String category, String service,
                         String groupId, String ownerId, List<UUID> affectedCis, List<UUID> incidentIds) {
  public NewProblem {
    affectedCis = affectedCis == null ? List.of() : List.copyOf(affectedCis);
    incidentIds = incidentIds == null ? List.of() : List.copyOf(incidentIds);
  }

  /** Starts a problem with its title. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** Builder for {@link NewProblem}; impact and urgency default to {@code MEDIUM}. */
  public static final class Builder {
    private final String title;
    private String description;
    private Impact impact = Impact.MEDIUM;
    private Urgency urgency = Urgency.MEDIUM;
    private String category;
    private String service;
    private String groupId;
    private String ownerId;
    private final List<UUID> affectedCis = new ArrayList<>();
    private final List<UUID> incidentIds = new ArrayList<>();

    private Builder(String title) {
      this.title = title;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder impact(Impact impact) {
      this.impact = impact;
      return this;
    }

    public Builder urgency(Urgency urgency) {
      this.urgency = urgency;
      return this;
    }

    public Builder category(String category) {
      this.category = category;
      return this;
    }

    public Builder service(String service) {
      this.service = service;
      return this;
    }

    public Builder group(String groupId) {
      this.groupId = groupId;
      return this;
    }

    public Builder owner(String ownerId) {
      this.ownerId = ownerId;
      return this;
    }

    public Builder affectedCi(UUID ciId) {
      affectedCis.add(ciId);
      return this;
    }

    /** An incident the problem is recorded from (linked at creation). */
    public Builder incident(UUID incidentId) {
      incidentIds.add(incidentId);
      return this;
    }

    public NewProblem build() {
      return new NewProblem(title, description, impact, urgency, category, service, groupId, ownerId, affectedCis, incidentIds);
    }
  }
}
