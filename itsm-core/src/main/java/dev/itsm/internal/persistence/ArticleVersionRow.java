package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A published version of an article ({@code itsm_kb_version}). */
public class ArticleVersionRow {
  public UUID articleId;
  public int version;
  public String title;
  public String body;
  public String tags;
  public String authorId;
  public String approvedBy;
  public Instant publishedAt;
}
