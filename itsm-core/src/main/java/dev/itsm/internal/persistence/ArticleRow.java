package dev.itsm.internal.persistence;

import java.time.Instant;
import java.util.UUID;

/** A knowledge article ({@code itsm_kb_article}): working copy and published version. */
public class ArticleRow {
  public UUID id;
  public String tenantId;
  public String number;
  public String state;
  public String language;
  public String title;
  public String body;
  /** Space-separated. */
  public String tags;
  public int version;
  public String authorId;
  public Integer publishedVersion;
  public String pubLanguage;
  public String pubAuthorId;
  public String pubTitle;
  public String pubBody;
  public String pubTags;
  public String approvedBy;
  public Instant publishedAt;
  public UUID problemId;
  public long resolvedCount;
  public long searchSeq;
  public String processInstanceId;
  public String retireReason;
  public String createdBy;
  public Instant createdAt;
  public String updatedBy;
  public Instant updatedAt;
  public long revision;
}
