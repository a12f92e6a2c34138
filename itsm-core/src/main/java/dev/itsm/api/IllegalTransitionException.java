package dev.itsm.api;

/**
 * The operation is not allowed in the ticket's current state, or the ticket's process is not
 * waiting for that step. Example message: {@code Expected to resolve incident INC-000042 in state
 * ACKNOWLEDGED or IN_PROGRESS, but it is CLOSED}.
 */
public class IllegalTransitionException extends ItsmException {
  private final String ticketNumber;
  private final String state;

  /** A refused transition of the ticket in the given state. */
  public IllegalTransitionException(String ticketNumber, String state, String message) {
    super(ErrorCode.ILLEGAL_TRANSITION, message);
    this.ticketNumber = ticketNumber;
    this.state = state;
  }

  /** Number of the ticket, e.g. {@code INC-000042}. */
  public String ticketNumber() {
    return ticketNumber;
  }

  /** The state the ticket was in when the operation was refused. */
  public String state() {
    return state;
  }
}
