package dev.itsm.internal.persistence;

/** Kinds of {@code itsm_ticket_link} rows, each read from its {@code from} ticket to its {@code to} ticket. */
public final class TicketLinks {
  /** An incident (from) caused by a change (to). */
  public static final String CAUSED_BY_CHANGE = "CAUSED_BY_CHANGE";
  /** An incident (from) of a problem (to). */
  public static final String INCIDENT_OF_PROBLEM = "INCIDENT_OF_PROBLEM";
  /** A change (from) that fixes a problem (to). */
  public static final String FIXES_PROBLEM = "FIXES_PROBLEM";

  /** A change (from) bundled in a release (to). */
  public static final String BUNDLED_IN_RELEASE = "BUNDLED_IN_RELEASE";
  /** An incident (from) opened on a CI of a release (to) during its early life support. */
  public static final String DURING_RELEASE_SUPPORT = "DURING_RELEASE_SUPPORT";

  private TicketLinks() {}
}
