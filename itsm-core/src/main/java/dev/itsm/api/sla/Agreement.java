package dev.itsm.api.sla;

/**
 * Who promises a target to whom. All three use the same definitions and clocks; they differ in the
 * party a definition names and in how reports group them.
 */
public enum Agreement {
  /** Service level agreement: the service desk's promise to customers. */
  SLA,
  /** Operational level agreement: an internal group's promise to the desk; the party is the group. */
  OLA,
  /** Underpinning contract: a vendor's promise; the party is the vendor. */
  UC
}
