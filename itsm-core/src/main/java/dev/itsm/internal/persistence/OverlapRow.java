package dev.itsm.internal.persistence;

import java.util.UUID;

/**
 * Another change whose window overlaps: with the CI of it that is the plan's own ({@code viaCiId} null) or
 * directly related to the plan's CI {@code viaCiId}; with neither for the implementer's changes.
 */
public class OverlapRow {
  public UUID ticketId;
  public String number;
  public UUID ciId;
  public UUID viaCiId;
  public long numberSeq;
}
