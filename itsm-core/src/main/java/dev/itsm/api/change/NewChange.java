package dev.itsm.api.change;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A change to submit. Validated by {@code ChangeService#submit}, which throws
 * {@code InvalidInputException}/{@code InvalidValueException} naming the field and writes nothing.
 *
 * @param type             required
 * @param templateCode     the catalogue template of a standard change (required for it, refused for the others)
 * @param title            required for normal and emergency changes (at most 200 characters); a standard
 *                         change takes its template's title when {@code null}
 * @param description      optional, at most 4000 characters
 * @param groupId          the group that implements it; its members give the technical approval
 * @param implementerId    who implements it; required
 * @param plannedStart     start of the planned window; required, not in the past
 * @param plannedEnd       end of the planned window; required, after the start
 * @param outage           whether the change needs a service outage
 * @param backoutPlan      how to undo it; optional (a missing plan raises the risk), at most 4000 characters
 * @param affectedCis      configuration items the change touches (the targets of planned CI changes are added)
 * @param tasks            implementation tasks; a standard change takes its template's when empty, the
 *                         others get one task "Implement" when empty
 * @param plannedCiChanges CMDB modifications applied when the implementation succeeds
 */
public record NewChange(ChangeType type, String templateCode, String title, String description, String groupId,
                        String implementerId, Instant plannedStart, Instant plannedEnd, boolean outage,
                        String backoutPlan, List<UUID> affectedCis, List<Task> tasks,
                        List<PlannedCiChange> plannedCiChanges) {

  public NewChange {
    affectedCis = affectedCis == null ? List.of() : List.copyOf(affectedCis);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    plannedCiChanges = plannedCiChanges == null ? List.of() : List.copyOf(plannedCiChanges);
  }

  /**
   * A planned implementation task.
   *
   * @param title what to do, 1 to 200 characters
   * @param step  tasks of one step run in parallel, steps in order; from 1
   */
  public record Task(String title, int step) {}

  /** A normal change. */
  public static Builder normal(String title) {
    return new Builder(ChangeType.NORMAL, null, title);
  }

  /** An emergency change. */
  public static Builder emergency(String title) {
    return new Builder(ChangeType.EMERGENCY, null, title);
  }

  /** A standard change from the catalogue template with that code. */
  public static Builder standard(String templateCode) {
    return new Builder(ChangeType.STANDARD, templateCode, null);
  }

  /** Builder for {@link NewChange}. */
  public static final class Builder {
    private final ChangeType type;
    private final String templateCode;
    private String title;
    private String description;
    private String groupId;
    private String implementerId;
    private Instant plannedStart;
    private Instant plannedEnd;
    private boolean outage;
    private String backoutPlan;
    private final List<UUID> affectedCis = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final List<PlannedCiChange> plannedCiChanges = new ArrayList<>();

    private Builder(ChangeType type, String templateCode, String title) {
      this.type = type;
      this.templateCode = templateCode;
      this.title = title;
    }

    public Builder title(String title) {
      this.title = title;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder group(String groupId) {
      this.groupId = groupId;
      return this;
    }

    public Builder implementer(String implementerId) {
      this.implementerId = implementerId;
      return this;
    }

    /** The planned window. */
    public Builder window(Instant start, Instant end) {
      this.plannedStart = start;
      this.plannedEnd = end;
      return this;
    }

    public Builder outage(boolean outage) {
      this.outage = outage;
      return this;
    }

    public Builder backoutPlan(String backoutPlan) {
      this.backoutPlan = backoutPlan;
      return this;
    }

    public Builder affectedCi(UUID ciId) {
      affectedCis.add(ciId);
      return this;
    }

    /** A task of step 1 (all such tasks run in parallel). */
    public Builder task(String title) {
      return task(title, 1);
    }

    public Builder task(String title, int step) {
      tasks.add(new Task(title, step));
      return this;
    }

    public Builder plannedCiChange(PlannedCiChange change) {
      plannedCiChanges.add(change);
      return this;
    }

    public NewChange build() {
      return new NewChange(type, templateCode, title, description, groupId, implementerId, plannedStart, plannedEnd,
          outage, backoutPlan, affectedCis, tasks, plannedCiChanges);
    }
  }
}
