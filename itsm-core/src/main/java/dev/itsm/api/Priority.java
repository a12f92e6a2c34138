package dev.itsm.api;

/** Ticket priority, P1 the most urgent. For incidents it is decided by the priority DMN table. */
public enum Priority {
  P1, P2, P3, P4, P5
}
