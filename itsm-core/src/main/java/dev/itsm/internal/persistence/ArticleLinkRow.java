package dev.itsm.internal.persistence;

import java.util.UUID;

/** A service ({@code SERVICE}, by code) or CI ({@code CI}, by id) an article is about. */
public class ArticleLinkRow {
  public UUID articleId;
  public String kind;
  public String ref;
}
