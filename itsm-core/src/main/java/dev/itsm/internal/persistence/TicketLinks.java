package dev.itsm.internal.persistence;

/** Kinds of {@code itsm_ticket_link} rows, each read from its {@code from} ticket to its {@code to} ticket. */
public final class TicketLinks {
  /** An incident (from) caused by a change (to). */
  public static final String CAUSED_BY_CHANGE = "CAUSED_BY_CHANGE";
  /** An incident (from) of a problem (to). */
  public static final String INCIDENT_OF_PROBLEM = "INCIDENT_OF_PROBLEM";
  /** A change (from) that fixes a problem (to). */
  public static final String FIXES_PROBLEM = "FIXES_PROBLEM";

  private TicketLinks() {}
}
