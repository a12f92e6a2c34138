package dev.itsm.api;

import dev.itsm.api.change.Conflict;
import java.util.List;

/**
 * A change's plan has conflicts whose policy is {@link dev.itsm.api.change.ConflictPolicy#BLOCK}; the
 * step was refused and nothing written. Example message: {@code Expected no blocking conflict to
 * approve change CHG-000042, but: FREEZE: the window overlaps the global freeze window "Year end"
 * 2026-12-20T00:00:00Z..2027-01-02T00:00:00Z} (at submission the change is named by its title).
 */
public class ChangeConflictException extends ItsmException {
  private final List<Conflict> conflicts;

  public ChangeConflictException(String message, List<Conflict> conflicts) {
    super(ErrorCode.CHANGE_CONFLICT, message);
    this.conflicts = List.copyOf(conflicts);
  }

  /** The blocking conflicts. */
  public List<Conflict> conflicts() {
    return conflicts;
  }
}
