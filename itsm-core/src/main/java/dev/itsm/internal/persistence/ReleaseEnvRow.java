package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A target environment of a release ({@code itsm_release_env}). */
public class ReleaseEnvRow {
  public UUID ticketId;
  public int idx;
  public String name;
  public Instant windowStart;
  public Instant windowEnd;
  public String status;
  public Instant startedAt;
  public Instant deployedAt;
  public Instant verifiedAt;
  public Instant rolledBackAt;
}
