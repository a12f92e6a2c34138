package dev.itsm.internal.persistence;

import java.util.UUID;

/** One search result of the database's full-text search. */
public class SearchRow {
  public UUID id;
  public String number;
  public String pubTitle;
  public String excerpt;
  public String language;
  public double score;
  public long resolvedCount;
}
