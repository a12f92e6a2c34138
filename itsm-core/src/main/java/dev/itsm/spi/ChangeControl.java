package dev.itsm.spi;

import dev.itsm.api.Cause;
import java.util.UUID;

/**
 * Decides whether a unit of work may change a configuration item of a change-controlled CI type
 * ({@link dev.itsm.api.cmdb.CiType#changeControlled()}): create it, change its attributes, name or
 * state, or relate it. Asked for each such change (an import asks once per row and relation end),
 * inside the unit's transaction, so it should be cheap or cache its answers.
 * Register one with {@link ItsmSetupContext#changeControl(ChangeControl)}.
 *
 * <p>The engine's default is change management's gate: a unit of work that runs under the cause of a
 * change ({@code itsm.causedBy(Cause.of("change", "CHG-000042"), ...)}) which is applying its planned
 * CI changes, or which is being implemented, names the item, and the unit acts for its implementer or
 * a member of its group (docs/change.md). {@link #requireChangeCause()} is the choice of a host that
 * runs its own change tool: any cause of type {@code change}.
 */
@FunctionalInterface
public interface ChangeControl {

  /**
   * Whether the change is authorised.
   *
   * @param tenantId the tenant of the item
   * @param cause    the cause the unit of work runs under, or {@code null}
   * @param ciId     the item; for an item being created, the id it will get
   * @param ciType   the item's type (change controlled)
   */
  boolean authorises(String tenantId, Cause cause, UUID ciId, String ciType);

  /** Authorises units of work that run under a cause of type {@code change}. */
  static ChangeControl requireChangeCause() {
    return (tenantId, cause, ciId, ciType) -> cause != null && "change".equals(cause.type());
  }
}
