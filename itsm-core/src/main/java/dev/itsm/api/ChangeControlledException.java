package dev.itsm.api;

import java.util.UUID;

/**
 * A configuration item of a change-controlled type was to change outside an authorised change.
 * Example message: {@code Expected CI gw-01 (TradingGateway) to change only through an approved
 * change, but this unit of work runs under no change}.
 */
public class ChangeControlledException extends ItsmException {
  private final UUID ciId;

  /** A refused change of the item. */
  public ChangeControlledException(UUID ciId, String message) {
    super(ErrorCode.CHANGE_CONTROLLED, message);
    this.ciId = ciId;
  }

  /** The item that was to change. */
  public UUID ciId() {
    return ciId;
  }
}
