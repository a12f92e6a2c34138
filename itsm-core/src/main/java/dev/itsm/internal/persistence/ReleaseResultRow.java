package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A stage result of a release ({@code itsm_release_result}). */
public class ReleaseResultRow {
  public UUID id;
  public UUID ticketId;
  public int seq;
  public String stage;
  public String environment;
  public String outcome;
  public String details;
  public String externalRef;
  public String reportedBy;
  public Instant reportedAt;
}
