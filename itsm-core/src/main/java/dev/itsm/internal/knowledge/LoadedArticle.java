package dev.itsm.internal.knowledge;

import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.knowledge.ArticleState;
import dev.itsm.internal.persistence.ArticleLinkRow;
import dev.itsm.internal.persistence.ArticleRow;
import dev.itsm.internal.persistence.ArticleVersionRow;
import dev.itsm.internal.persistence.KnowledgeMapper;
import dev.itsm.internal.process.ProcessTicket;
import dev.itsm.internal.tx.ItsmSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An article in a unit of work (it takes part in the unit like a ticket, so its review process can be
 * driven the same way). Every audited change goes through {@link #change}; {@link #flush} writes the
 * row once with the revision check, then its links when they changed and its new published versions.
 */
final class LoadedArticle implements ProcessTicket {
  private final ArticleRow row;
  private List<ArticleLinkRow> links;
  private boolean linksChanged;
  private final List<ArticleVersionRow> newVersions = new ArrayList<>();
  private boolean inserted;
  private long persistedRevision;
  private boolean dirty;

  private LoadedArticle(ArticleRow row, boolean inserted, List<ArticleLinkRow> links) {
    this.row = row;
    this.inserted = inserted;
    this.persistedRevision = row.revision;
    this.links = new ArrayList<>(links);
  }

  static LoadedArticle create(ArticleRow row, List<ArticleLinkRow> links) {
    LoadedArticle article = new LoadedArticle(row, false, List.of());
    article.links = new ArrayList<>(links);
    article.linksChanged = true;
    article.dirty = true;
    return article;
  }

  static LoadedArticle load(ItsmSession session, UUID id) {
    KnowledgeMapper mapper = session.mapper(KnowledgeMapper.class);
    ArticleRow row = mapper.selectArticle(id);
    return row == null ? null : new LoadedArticle(row, true, mapper.selectLinks(id));
  }

  ArticleRow row() {
    return row;
  }

  List<ArticleLinkRow> links() {
    return links;
  }

  void replaceLinks(List<ArticleLinkRow> replacement) {
    links = new ArrayList<>(replacement);
    linksChanged = true;
    dirty = true;
  }

  @Override
  public UUID id() {
    return row.id;
  }

  @Override
  public String number() {
    return row.number;
  }

  @Override
  public String kind() {
    return "article";
  }

  @Override
  public String processInstanceId() {
    return row.processInstanceId;
  }

  @Override
  public long version() {
    return persistedRevision;
  }

  @Override
  public String stateName() {
    return row.state;
  }

  ArticleState state() {
    return ArticleState.valueOf(row.state);
  }

  /** The revision once the unit commits (what the API returns). */
  long pendingRevision() {
    return inserted && dirty ? persistedRevision + 1 : row.revision;
  }

  boolean isPublished() {
    return row.publishedVersion != null && state() != ArticleState.RETIRED;
  }

  @Override
  public boolean isStale(ItsmSession session) {
    if (!inserted) {
      return false;
    }
    Long stored = session.mapper(KnowledgeMapper.class).selectRevision(row.id);
    return stored != null && stored != persistedRevision;
  }

  /** Records an audited change of a field; returns whether the value differs (the caller then sets it). */
  boolean change(ItsmSession session, String action, String field, Object oldValue, Object newValue) {
    if (Objects.equals(oldValue, newValue)) {
      return false;
    }
    session.audit(row.id, row.tenantId, action, field, oldValue, newValue);
    touch(session);
    return true;
  }

  void setState(ItsmSession session, String action, ArticleState state) {
    if (change(session, action, "state", row.state, state.name())) {
      row.state = state.name();
    }
  }

  /** Marks the row changed without an audited field. */
  void touch(ItsmSession session) {
    dirty = true;
    row.updatedBy = session.actor().id();
    session.changed();
  }

  void addVersion(ArticleVersionRow version) {
    newVersions.add(version);
    dirty = true;
  }

  @Override
  public void flush(ItsmSession session) {
    KnowledgeMapper mapper = session.mapper(KnowledgeMapper.class);
    if (!inserted) {
      row.updatedAt = session.now();
      mapper.insertArticle(row);
      inserted = true;
      persistedRevision = row.revision;
    } else if (dirty) {
      row.revision = persistedRevision + 1;
      row.updatedAt = session.now();
      if (mapper.updateArticle(row, persistedRevision) != 1) {
        row.revision = persistedRevision;
        throw new ConcurrentUpdateException("Expected to update article " + row.number + " at revision " + persistedRevision
            + ", but another transaction changed it first; reload and retry");
      }
      persistedRevision = row.revision;
    }
    if (linksChanged) {
      mapper.deleteLinks(row.id);
      links.forEach(mapper::insertLink);
      linksChanged = false;
    }
    newVersions.forEach(mapper::insertVersion);
    newVersions.clear();
    dirty = false;
  }
}
