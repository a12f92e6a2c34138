package dev.itsm.internal.persistence;

import java.util.UUID;

/** An incident of a proposal. */
public class ProposalIncidentRow {
  public UUID proposalId;
  public UUID incidentId;
}
