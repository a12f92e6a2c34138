package dev.itsm.api;

/**
 * Kinds of ticket sharing the ticket base (number, tenant, state, priority, group, assignee,
 * version, next SLA due). Each has its own number sequence per tenant and its own number prefix.
 */
public enum TicketType {
  INCIDENT("INC"),
  PROBLEM("PRB"),
  CHANGE("CHG"),
  RELEASE("REL"),
  REQUEST("REQ");

  private final String prefix;

  TicketType(String prefix) {
    this.prefix = prefix;
  }

  /** Number prefix, e.g. {@code INC} for {@code INC-000042}. */
  public String prefix() {
    return prefix;
  }
}
