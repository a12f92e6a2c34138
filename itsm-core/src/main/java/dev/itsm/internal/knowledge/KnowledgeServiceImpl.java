package dev.itsm.internal.knowledge;

import static dev.itsm.api.knowledge.ArticleState.*;
import static dev.itsm.api.process.KnowledgeProcess.*;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.Permission;
import dev.itsm.api.TicketRef;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.knowledge.Article;
import dev.itsm.api.knowledge.ArticleState;
import dev.itsm.api.knowledge.ArticleVersion;
import dev.itsm.api.knowledge.KnowledgeService;
import dev.itsm.api.knowledge.NewArticle;
import dev.itsm.api.knowledge.SearchHit;
import dev.itsm.api.problem.ProblemSettings;
import dev.itsm.internal.cmdb.LiveItems;
import dev.itsm.internal.incident.Check;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.ArticleLinkRow;
import dev.itsm.internal.persistence.ArticleRow;
import dev.itsm.internal.persistence.ArticleVersionRow;
import dev.itsm.internal.persistence.Dialect;
import dev.itsm.internal.persistence.IncidentRow;
import dev.itsm.internal.persistence.KnowledgeMapper;
import dev.itsm.internal.persistence.ProblemRow;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.process.ProcessSteps;
import dev.itsm.internal.process.TicketProcesses;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.tx.Tx;
import dev.itsm.spi.Directory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.persistence.entity.TaskEntity;

/** Knowledge operations: articles, their review process, versions and the search. */
public final class KnowledgeServiceImpl implements KnowledgeService {
  /** Longest query, most words of a query, most results. */
  static final int MAX_QUERY = 500;
  static final int MAX_WORDS = 32;
  static final int MAX_LIMIT = 100;
  private static final int MAX_BODY = 50_000;
  private static final int MAX_TAGS = 20;
  private static final int MAX_SERVICES = 20;
  private static final int MAX_CIS = 100;
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_-]{1,40}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  /** Control characters (C0 and C1) but tab and line ends. */
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]");
  /** Most text of an incident a suggestion searches with. */
  private static final int MAX_SUGGESTION_TEXT = 2000;
  private static final String SERVICE = "SERVICE";
  private static final String CI = "CI";

  private final Tx tx;
  private final AccessPolicy access;
  private final ProblemSettings settings;
  private final Directory directory;
  private final ProcessSteps steps;
  private final IncidentService incidents;
  private final SearchBackend search;

  public KnowledgeServiceImpl(Tx tx, AccessPolicy access, ProblemSettings settings, Directory directory, ProcessEngine engine,
                              IncidentService incidents, Dialect dialect) {
    this.tx = tx;
    this.access = access;
    this.settings = settings;
    this.directory = directory;
    this.steps = new ProcessSteps(engine, Set.of());
    this.incidents = incidents;
    this.search = "postgresql".equals(dialect.id()) ? new PostgresSearch() : new LuceneSearch();
  }

  /** Which search backend runs (for the operations guide and logs). */
  public String searchBackend() {
    return search.describe();
  }

  /** The calls of the review model's steps. */
  public TicketProcesses processSteps() {
    return new TicketProcesses() {
      @Override
      public void enterState(ItsmSession session, UUID articleId, String state) {
        ArticleState target;
        try {
          target = ArticleState.valueOf(state);
        } catch (IllegalArgumentException | NullPointerException e) {
          target = null;
        }
        if (target != PUBLISHED && target != DRAFT) {
          throw new ItsmConfigurationException("Expected the review process to move an article to PUBLISHED or DRAFT, but it "
              + "asked for '" + state + "'");
        }
        LoadedArticle article = find(session, articleId);
        if (article == null) {
          throw new ItsmConfigurationException("Expected the review process to belong to an article, but there is no article "
              + articleId);
        }
        if (article.state() != IN_REVIEW) {
          throw new IllegalTransitionException(article.number(), article.stateName(), "Expected the review process to move "
              + article.number() + " out of IN_REVIEW, but it is " + article.state());
        }
        Object reviewer = session.locals().get(reviewerKey(articleId));
        String approver = reviewer == null ? session.actor().id() : reviewer.toString();
        if (target == PUBLISHED) {
          publish(session, article, approver);
        } else {
          article.setState(session, "reject", DRAFT);
          stateChanged(session, article, IN_REVIEW);
          notifyAuthor(session, article, "rejected", article.number() + " was sent back to draft: " + article.row().title);
        }
      }

      @Override
      public Instant dueDate(ItsmSession session, UUID ticketId, String timerId) {
        throw new ItsmConfigurationException("Expected no timers in the review process, but it asked for '" + timerId + "'");
      }
    };
  }

  private static String reviewerKey(UUID articleId) {
    return "kb-reviewer:" + articleId;
  }

  /** Publishes the working copy as the next published version, approved by {@code approver}. */
  private void publish(ItsmSession s, LoadedArticle article, String approver) {
    ArticleRow row = article.row();
    ArticleState from = article.state();
    Instant now = s.now();
    article.setState(s, "publish", PUBLISHED);
    article.change(s, "publish", "publishedVersion", row.publishedVersion, row.version);
    article.change(s, "publish", "approvedBy", row.approvedBy, approver);
    row.publishedVersion = row.version;
    row.approvedBy = approver;
    row.publishedAt = now;
    row.pubLanguage = row.language;
    row.pubAuthorId = row.authorId;
    row.pubTitle = row.title;
    row.pubBody = row.body;
    row.pubTags = row.tags;
    row.searchSeq = s.mapper(KnowledgeMapper.class).nextSearchSeq();
    ArticleVersionRow version = new ArticleVersionRow();
    version.articleId = row.id;
    version.version = row.version;
    version.title = row.title;
    version.body = row.body;
    version.tags = row.tags;
    version.authorId = row.authorId;
    version.approvedBy = approver;
    version.publishedAt = now;
    article.addVersion(version);
    stateChanged(s, article, from);
    notifyAuthor(s, article, "published", article.number() + " version " + row.version + " published: " + row.title);
  }

  // ---------------------------------------------------------------- writing

  @Override
  public Article create(Actor actor, NewArticle article) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.KNOWLEDGE_WRITE);
      Check.required("article", article);
      Content content = content(s, actor, article);
      ArticleRow row = new ArticleRow();
      row.id = UUID.randomUUID();
      row.tenantId = actor.tenantId();
      KnowledgeMapper mapper = s.mapper(KnowledgeMapper.class);
      row.number = String.format(Locale.ROOT, "KB-%06d", mapper.nextNumber());
      row.state = DRAFT.name();
      row.language = content.language;
      row.title = content.title;
      row.body = content.body;
      row.tags = content.tags;
      row.version = 1;
      row.authorId = actor.id();
      row.searchSeq = mapper.nextSearchSeq();
      row.createdBy = actor.id();
      row.createdAt = s.now();
      row.updatedBy = actor.id();
      row.updatedAt = row.createdAt;
      row.revision = 1;
      LoadedArticle loaded = LoadedArticle.create(row, content.links(row.id));
      s.add(loaded);
      s.audit(row.id, row.tenantId, "create", "state", null, row.state);
      stateChanged(s, loaded, null);
      return snapshot(loaded);
    });
  }

  /** Publishes a problem's known error as an article, in the running unit; returns its id. */
  public UUID publishKnownError(ItsmSession s, Actor actor, ProblemRow problem, List<UUID> cis) {
    StringBuilder body = new StringBuilder();
    body.append("## Symptom\n\n").append(problem.symptom).append("\n\n## Cause\n\n").append(problem.rootCause)
        .append("\n\n## Workaround\n\n").append(problem.workaround).append("\n\nKnown error of problem ")
        .append(problem.number).append('.');
    String title = "Known error " + problem.number + ": " + problem.title;
    Set<String> tags = new LinkedHashSet<>(List.of("known-error"));
    if (problem.category != null && TAG.matcher(problem.category).matches()) {
      tags.add(problem.category);
    }
    NewArticle article = new NewArticle(title.length() > 200 ? title.substring(0, 197) + "..." : title, body.toString(), tags,
        problem.service == null ? Set.of() : Set.of(problem.service), cis.size() > MAX_CIS ? cis.subList(0, MAX_CIS) : cis,
        null);
    UUID id = create(actor, article).id();
    LoadedArticle loaded = find(s, id);
    if (loaded.change(s, "publish-known-error", "problemId", null, problem.id)) {
      loaded.row().problemId = problem.id;
    }
    publish(s, loaded, actor.id());   // approved by the problem manager who publishes the workaround
    return id;
  }

  @Override
  public Article update(Actor actor, TicketRef ref, NewArticle content) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.KNOWLEDGE_WRITE);
      Check.required("content", content);
      Content checked = content(s, actor, content);
      LoadedArticle article = load(s, actor, ref);
      requireState(article, "edit", DRAFT, PUBLISHED);
      ArticleRow row = article.row();
      if (article.state() == PUBLISHED) {
        article.change(s, "edit", "version", row.version, row.version + 1);
        row.version++;
        article.setState(s, "edit", DRAFT);
        stateChanged(s, article, PUBLISHED);
      }
      if (article.change(s, "edit", "authorId", row.authorId, actor.id())) {
        row.authorId = actor.id();
      }
      if (article.change(s, "edit", "title", row.title, checked.title)) {
        row.title = checked.title;
      }
      if (!row.body.equals(checked.body)) {
        s.audit(row.id, row.tenantId, "edit", "body", row.body.length() + " characters", checked.body.length() + " characters");
        row.body = checked.body;
        article.touch(s);
      }
      if (article.change(s, "edit", "tags", row.tags, checked.tags)) {
        row.tags = checked.tags;
      }
      if (article.change(s, "edit", "language", row.language, checked.language)) {
        row.language = checked.language;
      }
      List<ArticleLinkRow> links = checked.links(row.id);
      if (!key(links).equals(key(article.links()))) {
        s.audit(row.id, row.tenantId, "edit", "links", key(article.links()), key(links));
        article.replaceLinks(links);
      }
      return snapshot(article);
    });
  }

  private static String key(List<ArticleLinkRow> links) {
    return String.join(",", links.stream().map(l -> l.kind + ":" + l.ref).sorted().toList());
  }

  @Override
  public Article submitForReview(Actor actor, TicketRef ref) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.KNOWLEDGE_WRITE);
      LoadedArticle article = load(s, actor, ref);
      requireState(article, "submit for review", DRAFT);
      ArticleRow row = article.row();
      article.setState(s, "submit", IN_REVIEW);
      row.processInstanceId = steps.start(s, PROCESS_KEY, article, Map.of(VAR_ARTICLE_ID, row.id.toString()));
      article.touch(s);
      stateChanged(s, article, DRAFT);
      Set<String> reviewers = new LinkedHashSet<>(directory.members(settings.knowledgeReviewers()));
      reviewers.remove(row.authorId);
      notify(s, row, "review:" + row.id + ":" + article.pendingRevision(), reviewers, row.number + " version " + row.version
          + " waits for review: " + row.title, row.title);
      return snapshot(article);
    });
  }

  @Override
  public Article review(Actor actor, TicketRef ref, boolean approve, String comment) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.KNOWLEDGE_REVIEW);
      String text = approve ? Check.optionalText("comment", comment, 2000) : Check.text("comment", comment, 2000);
      LoadedArticle article = load(s, actor, ref);
      requireState(article, "review", IN_REVIEW);
      ArticleRow row = article.row();
      if (actor.id().equals(row.authorId) || actor.id().equals(row.createdBy)) {
        throw new AccessDeniedException("Expected a reviewer who did not write article " + row.number + ", but " + actor.id()
            + " is its " + (actor.id().equals(row.authorId) ? "author" : "creator"));
      }
      TaskEntity task = steps.requireTask(s, article, TASK_REVIEW, "review");
      s.audit(row.id, row.tenantId, "review", "decision", null, (approve ? DECISION_APPROVED : DECISION_REJECTED)
          + (text == null ? "" : ": " + text));
      s.locals().put(reviewerKey(row.id), actor.id());
      steps.complete(s, task, Map.of(VAR_DECISION, approve ? DECISION_APPROVED : DECISION_REJECTED));
      return snapshot(article);
    });
  }

  @Override
  public Article retire(Actor actor, TicketRef ref, String reason) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.KNOWLEDGE_REVIEW);
      String text = Check.text("reason", reason, 500);
      LoadedArticle article = load(s, actor, ref);
      requireState(article, "retire", DRAFT, PUBLISHED);
      ArticleRow row = article.row();
      ArticleState from = article.state();
      article.setState(s, "retire", RETIRED);
      if (article.change(s, "retire", "retireReason", row.retireReason, text)) {
        row.retireReason = text;
      }
      row.pubLanguage = null;
      row.pubAuthorId = null;
      row.pubTitle = null;
      row.pubBody = null;
      row.pubTags = null;
      row.searchSeq = s.mapper(KnowledgeMapper.class).nextSearchSeq();
      stateChanged(s, article, from);
      return snapshot(article);
    });
  }

  @Override
  public Article recordResolution(Actor actor, UUID articleId, UUID incidentId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.INCIDENT_WORK);
      LoadedArticle article = visible(s, actor, Check.required("articleId", articleId));
      IncidentTicket incident = incidents.get(actor, Check.required("incidentId", incidentId));
      ArticleRow row = article.row();
      if (!article.isPublished()) {
        throw new IllegalTransitionException(row.number, row.state, "Expected a published article to have resolved "
            + incident.number() + ", but " + row.number + " is " + (article.state() == RETIRED ? "retired" : "not published"));
      }
      s.flush();
      KnowledgeMapper mapper = s.mapper(KnowledgeMapper.class);
      if (mapper.countUse(row.id, incident.id()) > 0) {
        throw new InvalidValueException("incidentId", "Expected an incident not recorded as resolved by " + row.number
            + " yet, but " + incident.number() + " is recorded already");
      }
      s.changed();
      mapper.insertUse(row.id, incident.id(), row.tenantId, actor.id(), s.now());
      article.change(s, "resolved-incident", "resolvedIncidents", row.resolvedCount, row.resolvedCount + 1);
      row.resolvedCount++;
      s.audit(incident.id(), row.tenantId, "knowledge", "resolvedBy", null, row.number);
      return snapshot(article);
    });
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Article get(Actor actor, UUID id) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.KNOWLEDGE_READ);
      return snapshot(readable(actor, visible(s, actor, Check.required("id", id))), actor);
    });
  }

  @Override
  public Article getByNumber(Actor actor, String number) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.KNOWLEDGE_READ);
      String n = Check.text("number", number, 32);
      s.flush();
      ArticleRow row = s.mapper(KnowledgeMapper.class).selectArticleByNumber(actor.tenantId(), n);
      if (row == null) {
        throw new NotFoundException("Expected an article numbered " + n + " in tenant " + actor.tenantId() + ", but there is none");
      }
      return snapshot(readable(actor, visible(s, actor, row.id)), actor);
    });
  }

  @Override
  public List<ArticleVersion> versions(Actor actor, UUID articleId) {
    return tx.execute(actor, s -> {
      access.require(actor, Permission.KNOWLEDGE_READ);
      LoadedArticle article = readable(actor, visible(s, actor, Check.required("articleId", articleId)));
      s.flush();
      return s.mapper(KnowledgeMapper.class).selectVersions(article.id()).stream()
          .map(v -> new ArticleVersion(v.version, v.title, v.body, tags(v.tags), v.authorId, v.approvedBy, v.publishedAt))
          .toList();
    });
  }

  @Override
  public List<SearchHit> search(Actor actor, String query, String language, int limit) {
    access.require(Check.required("actor", actor), Permission.KNOWLEDGE_READ);
    checkQuery(query);
    String lang = language(language);
    checkLimit(limit);
    return tx.read(actor, s -> search.search(s, actor.tenantId(), lang, query, true, limit));
  }

  @Override
  public List<SearchHit> suggestions(Actor actor, UUID incidentId, int limit) {
    access.require(Check.required("actor", actor), Permission.KNOWLEDGE_READ);
    checkLimit(limit);
    IncidentTicket incident = incidents.get(actor, Check.required("incidentId", incidentId));
    String text = CONTROL.matcher(incident.title() + "\n" + (incident.description() == null ? "" : incident.description()))
        .replaceAll(" ");
    String clipped = text.length() > MAX_SUGGESTION_TEXT ? text.substring(0, MAX_SUGGESTION_TEXT) : text;
    if (words(clipped).isEmpty()) {
      return List.of();
    }
    return tx.read(actor, s -> search.search(s, actor.tenantId(), settings.defaultLanguage(), clipped, false, limit));
  }

  @Override
  public List<SearchHit> frequentlyAsked(Actor actor, int limit) {
    access.require(Check.required("actor", actor), Permission.KNOWLEDGE_READ);
    checkLimit(limit);
    return tx.read(actor, s -> s.mapper(KnowledgeMapper.class).selectFrequent(actor.tenantId(), limit).stream()
        .map(PostgresSearch::hit).toList());
  }

  /** The words of a search query: refused when it is too long, has control characters or no word at all. */
  static List<String> checkQuery(String query) {
    if (query == null || query.isBlank()) {
      throw new InvalidInputException("query", "Expected search words in query, but it is " + (query == null ? "missing" : "blank"));
    }
    if (query.length() > MAX_QUERY) {
      throw new InvalidValueException("query", "Expected a query of at most " + MAX_QUERY + " characters, but it has "
          + query.length());
    }
    if (CONTROL.matcher(query).find()) {
      throw new InvalidValueException("query", "Expected a query without control characters, but it has one at index "
          + index(query));
    }
    List<String> words = new ArrayList<>(new LinkedHashSet<>(words(query.toLowerCase(Locale.ROOT))));
    if (words.isEmpty()) {
      throw new InvalidValueException("query", "Expected at least one word (letters or digits) in query '" + query
          + "', but it has only operators and punctuation, which the search treats as separators");
    }
    if (words.size() > MAX_WORDS) {
      throw new InvalidValueException("query", "Expected at most " + MAX_WORDS + " different words in query, but it has "
          + words.size());
    }
    return words;
  }

  private static int index(String query) {
    var m = CONTROL.matcher(query);
    return m.find() ? m.start() : -1;
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    var m = WORD.matcher(text);
    while (m.find()) {
      String w = m.group();
      words.add(w.length() > 64 ? w.substring(0, 64) : w);
    }
    return words;
  }

  private String language(String language) {
    if (language == null) {
      return settings.defaultLanguage();
    }
    if (!LANGUAGE.matcher(language).matches()) {
      throw new InvalidValueException("language", "Expected a two-letter lowercase language code, but it is '" + language + "'");
    }
    return language;
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidValueException("limit", "Expected a limit from 1 to " + MAX_LIMIT + ", but it is " + limit);
    }
  }

  // ---------------------------------------------------------------- content and helpers

  /** Checked article content. */
  private record Content(String title, String body, String tags, String language, Set<String> services, List<UUID> cis) {
    List<ArticleLinkRow> links(UUID articleId) {
      List<ArticleLinkRow> links = new ArrayList<>();
      for (String service : new TreeSet<>(services)) {
        links.add(link(articleId, SERVICE, service));
      }
      for (UUID ci : cis) {
        links.add(link(articleId, CI, ci.toString()));
      }
      return links;
    }

    private static ArticleLinkRow link(UUID articleId, String kind, String ref) {
      ArticleLinkRow row = new ArticleLinkRow();
      row.articleId = articleId;
      row.kind = kind;
      row.ref = ref;
      return row;
    }
  }

  private Content content(ItsmSession s, Actor actor, NewArticle article) {
    String title = Check.text("title", article.title(), 200);
    String body = Check.text("body", article.body(), MAX_BODY);
    if (article.tags().size() > MAX_TAGS) {
      throw new InvalidValueException("tags", "Expected at most " + MAX_TAGS + " tags, but there are " + article.tags().size());
    }
    Set<String> tags = new TreeSet<>();
    for (String tag : article.tags()) {
      if (tag == null || !TAG.matcher(tag).matches()) {
        throw new InvalidValueException("tags", "Expected tags of 1 to 40 letters, digits, '-' or '_', but one is '" + tag + "'");
      }
      tags.add(tag.toLowerCase(Locale.ROOT));
    }
    if (article.services().size() > MAX_SERVICES) {
      throw new InvalidValueException("services", "Expected at most " + MAX_SERVICES + " services, but there are "
          + article.services().size());
    }
    for (String service : article.services()) {
      Check.text("services", service, 64);
    }
    if (article.cis().size() > MAX_CIS) {
      throw new InvalidValueException("cis", "Expected at most " + MAX_CIS + " CIs, but there are " + article.cis().size());
    }
    Set<UUID> cis = new LinkedHashSet<>();
    for (int i = 0; i < article.cis().size(); i++) {
      String path = "cis[" + i + "]";
      UUID id = Check.required(path, article.cis().get(i));
      if (!cis.add(id)) {
        throw new InvalidValueException(path, "Expected each CI once, but " + id + " is named twice");
      }
      LiveItems.require(s, actor.tenantId(), path, id);
    }
    return new Content(title, body, tags.isEmpty() ? null : String.join(" ", tags), language(article.language()),
        article.services(), List.copyOf(cis));
  }

  private static Set<String> tags(String tags) {
    return tags == null || tags.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(tags.split(" ")));
  }

  private void stateChanged(ItsmSession s, LoadedArticle article, ArticleState from) {
    ArticleRow row = article.row();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", from == null ? null : from.name());
    data.put("to", row.state);
    data.put("version", row.version);
    Outbox.event(s, row.tenantId, row.id, row.number, null, EventTypes.KNOWLEDGE_STATE_CHANGED, data);
  }

  private void notifyAuthor(ItsmSession s, LoadedArticle article, String what, String subject) {
    ArticleRow row = article.row();
    notify(s, row, what + ":" + row.id + ":" + article.pendingRevision(), List.of(row.authorId), subject, row.title);
  }

  private static void notify(ItsmSession s, ArticleRow row, String key, java.util.Collection<String> recipients,
                             String subject, String body) {
    Outbox.notify(s, row.tenantId, row.id, row.number, EventTypes.KNOWLEDGE_STATE_CHANGED, key, recipients, subject, body);
  }

  private static void requireState(LoadedArticle article, String verb, ArticleState... allowed) {
    if (!Arrays.asList(allowed).contains(article.state())) {
      String states = allowed.length == 1 ? allowed[0].name() : "one of " + EnumSet.copyOf(Arrays.asList(allowed));
      throw new IllegalTransitionException(article.number(), article.stateName(), "Expected to " + verb + " article "
          + article.number() + " in state " + states + ", but it is " + article.state());
    }
  }

  private LoadedArticle load(ItsmSession s, Actor actor, TicketRef ref) {
    Check.required("article", ref);
    LoadedArticle article = visible(s, actor, ref.id());
    if (ref.expectedVersion() != null && ref.expectedVersion() != article.pendingRevision()) {
      throw new ConcurrentUpdateException("Expected article " + article.number() + " at revision " + ref.expectedVersion()
          + ", but it is at revision " + article.pendingRevision() + "; reload and retry");
    }
    return article;
  }

  /** Whether an article with that id exists (for the audit service, which serves articles' audit trails too). */
  public boolean exists(ItsmSession s, UUID id) {
    return find(s, id) != null;
  }

  /** Throws not found unless the article exists in the actor's tenant and the actor may read it. */
  public void requireVisible(ItsmSession s, Actor actor, UUID id) {
    readable(actor, visible(s, actor, id));
  }

  /** Readers who may not write see published articles only. */
  private LoadedArticle readable(Actor actor, LoadedArticle article) {
    if (!access.allows(actor, Permission.KNOWLEDGE_WRITE) && !article.isPublished()) {
      throw new NotFoundException("Expected a published article with id " + article.id() + " visible to " + actor.id()
          + ", but there is none");
    }
    return article;
  }

  private LoadedArticle visible(ItsmSession s, Actor actor, UUID id) {
    LoadedArticle article = find(s, id);
    if (article == null || !actor.tenantId().equals(article.row().tenantId)) {
      throw new NotFoundException("Expected an article with id " + id + " visible to " + actor.id() + ", but there is none");
    }
    return article;
  }

  private static LoadedArticle find(ItsmSession s, UUID id) {
    return s.ticket(id, LoadedArticle.class, key -> LoadedArticle.load(s, key));
  }

  private static Article snapshot(LoadedArticle article) {
    return snapshotOf(article, false);
  }

  /** The article; a reader who may not write gets the published version's content. */
  private Article snapshot(LoadedArticle article, Actor reader) {
    boolean published = reader != null && !access.allows(reader, Permission.KNOWLEDGE_WRITE);
    return snapshotOf(article, published);
  }

  private static Article snapshotOf(LoadedArticle article, boolean publishedContent) {
    ArticleRow r = article.row();
    Set<String> services = new TreeSet<>();
    List<UUID> cis = new ArrayList<>();
    for (ArticleLinkRow l : article.links()) {
      if (SERVICE.equals(l.kind)) {
        services.add(l.ref);
      } else {
        cis.add(UUID.fromString(l.ref));
      }
    }
    boolean retired = article.state() == RETIRED;
    return new Article(r.id, r.number, r.tenantId, publishedContent ? r.pubTitle : r.title,
        publishedContent ? r.pubBody : r.body, tags(publishedContent ? r.pubTags : r.tags), services, cis,
        publishedContent ? r.pubLanguage : r.language, article.state(), publishedContent ? r.publishedVersion : r.version,
        retired ? null : r.publishedVersion, publishedContent ? r.pubAuthorId : r.authorId, r.createdBy,
        retired ? null : r.approvedBy, retired ? null : r.publishedAt, r.problemId, r.resolvedCount, r.createdAt,
        r.updatedAt, article.pendingRevision());
  }
}
