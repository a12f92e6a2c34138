package dev.itsm.internal.persistence;

import java.util.UUID;

/** Another change whose window overlaps, with the CI they share (for implementer overlaps: none). */
public class OverlapRow {
  public UUID ticketId;
  public String number;
  public UUID ciId;
}
