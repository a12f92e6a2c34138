package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A maintenance or freeze window ({@code itsm_change_window}). */
public class WindowRow {
  public UUID id;
  public String tenantId;
  public String kind;
  public String name;
  public UUID ciId;
  public Instant startAt;
  public Instant endAt;
  public String createdBy;
  public Instant createdAt;
}
