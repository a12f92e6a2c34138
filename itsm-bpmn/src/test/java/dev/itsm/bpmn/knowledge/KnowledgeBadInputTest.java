package dev.itsm.bpmn.knowledge;

import static dev.itsm.bpmn.knowledge.KnowledgeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.knowledge.Article;
import dev.itsm.api.knowledge.ArticleState;
import dev.itsm.api.knowledge.KnowledgeService;
import dev.itsm.api.knowledge.NewArticle;
import dev.itsm.api.process.KnowledgeProcess;
import dev.itsm.testkit.ItsmExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every bad input and out-of-order step of the knowledge base fails with a typed error naming what is wrong, and
 * writes nothing: no article, version, link, resolution, audit entry, event, notification or review process, and the
 * article keeps its state and revision.
 */
class KnowledgeBadInputTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private static KnowledgeService kb() {
    return itsm.engine().knowledge();
  }

  /** What the database holds: rows of the knowledge tables, audit entries, outbox rows and review processes. */
  private static List<Long> stored() {
    long processes = itsm.engine().processEngine().getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(KnowledgeProcess.PROCESS_KEY).count();
    return List.of(count(itsm, "SELECT COUNT(*) FROM itsm_kb_article"), count(itsm, "SELECT COUNT(*) FROM itsm_kb_version"),
        count(itsm, "SELECT COUNT(*) FROM itsm_kb_link"), count(itsm, "SELECT COUNT(*) FROM itsm_kb_use"),
        count(itsm, "SELECT COUNT(*) FROM itsm_audit"), count(itsm, "SELECT COUNT(*) FROM itsm_outbox"), processes);
  }

  /** The article as its writer sees it. */
  private static Article current(UUID id) {
    return kb().get(KIM, id);
  }

  /** Fails with {@code type} (exactly), mentioning {@code text}, and writes nothing. */
  private static void refused(ThrowingCallable call, Class<? extends RuntimeException> type, String text, Article... unchanged) {
    List<Long> before = stored();
    List<Article> articles = List.of(unchanged).stream().map(a -> current(a.id())).toList();
    assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessageContaining(text);
    assertThat(stored()).as("rows after the refusal").isEqualTo(before);
    for (Article a : articles) {
      Article now = current(a.id());
      assertThat(now.state()).as("state of " + a.number()).isEqualTo(a.state());
      assertThat(now.revision()).as("revision of " + a.number()).isEqualTo(a.revision());
      assertThat(now).as(a.number()).isEqualTo(a);
    }
  }

  /** Fails with an input error of {@code type} (exactly) on {@code field}, mentioning {@code text}, and writes nothing. */
  private static void refused(ThrowingCallable call, Class<? extends InvalidInputException> type, String field, String text,
                              Article... unchanged) {
    refused(() -> {
      try {
        call.call();
      } catch (InvalidInputException e) {
        assertThat(e.field()).as("field of: " + e.getMessage()).isEqualTo(field);
        throw e;
      }
    }, type, text, unchanged);
  }

  private static Article draft(String title) {
    return kb().create(WENDY, article(title, "Body of " + title + "."));
  }

  private static Article inReview(Actor writer, String title) {
    Article draft = kb().create(writer, article(title, "Body of " + title + "."));
    return kb().submitForReview(writer, draft.ref());
  }

  // ---------------------------------------------------------------- review: who may

  @Test
  void theAuthorMayNotReviewTheirOwnArticle() {
    // given kim's own article in review
    Article article = inReview(KIM, "Author review");

    // then kim may neither approve nor reject it, and rita may
    refused(() -> kb().review(KIM, article.ref(), true, null), AccessDeniedException.class, "kim is its author", article);
    refused(() -> kb().review(KIM, article.ref(), false, "meh"), AccessDeniedException.class, "author", article);
    assertThat(kb().review(RITA, article.ref(), true, null).state()).isEqualTo(ArticleState.PUBLISHED);
  }

  @Test
  void theCreatorMayNotReviewAVersionSomeoneElseWrote() {
    // given kim's article, rewritten and submitted by dora
    Article created = kb().create(KIM, article("Creator review", "First words."));
    kb().update(DORA, created.ref(), article("Creator review", "Dora's words."));
    Article article = kb().submitForReview(DORA, TicketRef.of(created.id()));
    assertThat(article.authorId()).isEqualTo("dora");

    // then kim, its creator, may not review it
    refused(() -> kb().review(KIM, article.ref(), true, null), AccessDeniedException.class, "kim is its creator", article);
    refused(() -> kb().review(KIM, article.ref(), false, "no"), AccessDeniedException.class, "creator", article);
  }

  @Test
  void theCreatorOfAnEarlierVersionMayNotReviewALaterOne() {
    // given kim's article, published by rita, then edited by dora into version 2
    Article v1 = published(itsm, KIM, RITA, article("Creator of v1", "Version one."));
    kb().update(DORA, v1.ref(), article("Creator of v1", "Version two."));
    Article article = kb().submitForReview(DORA, TicketRef.of(v1.id()));

    // then kim may still not review it
    refused(() -> kb().review(KIM, article.ref(), true, null), AccessDeniedException.class, "creator", article);
  }

  @Test
  void writersWithoutKnowledgeReviewMayNotReviewOrRetire() {
    // given an article in review and a published one
    Article article = inReview(WENDY, "Agent review");
    Article live = published(itsm, article("Agent retire", "Live."));

    // then agents (who may write) may not review or retire
    refused(() -> kb().review(DORA, article.ref(), true, null), AccessDeniedException.class, "KNOWLEDGE_REVIEW", article);
    refused(() -> kb().review(DORA, article.ref(), false, "no"), AccessDeniedException.class, "KNOWLEDGE_REVIEW", article);
    refused(() -> kb().retire(DORA, live.ref(), "old"), AccessDeniedException.class, "KNOWLEDGE_REVIEW", live);
  }

  @Test
  void readersMayNotWriteSubmitReviewOrRecordResolutions() {
    // given a draft and a published article and an incident of bob's
    Article draft = draft("Reader writes");
    Article live = published(itsm, article("Reader resolves", "Live."));
    IncidentTicket incident = incident(itsm, WENDY, "bob", "Reader incident", null);

    // then a caller may only read
    refused(() -> kb().create(BOB, article("By bob", "Text.")), AccessDeniedException.class, "KNOWLEDGE_WRITE");
    refused(() -> kb().update(BOB, draft.ref(), article("By bob", "Text.")), AccessDeniedException.class, "KNOWLEDGE_WRITE",
        draft);
    refused(() -> kb().submitForReview(BOB, draft.ref()), AccessDeniedException.class, "KNOWLEDGE_WRITE", draft);
    refused(() -> kb().review(BOB, draft.ref(), true, null), AccessDeniedException.class, "KNOWLEDGE_REVIEW", draft);
    refused(() -> kb().retire(BOB, live.ref(), "x"), AccessDeniedException.class, "KNOWLEDGE_REVIEW", live);
    refused(() -> kb().recordResolution(BOB, live.id(), incident.id()), AccessDeniedException.class, "INCIDENT_WORK", live);
    // a knowledge manager does not work incidents
    refused(() -> kb().recordResolution(KIM, live.id(), incident.id()), AccessDeniedException.class, "INCIDENT_WORK", live);
  }

  // ---------------------------------------------------------------- steps out of order

  @Test
  void aRetiredArticleCannotBeSubmittedApprovedEditedOrRetiredAgain() {
    // given a retired article that was published, and one retired as a draft
    Article wasLive = kb().retire(KIM, published(itsm, article("Retired live", "Old.")).ref(), "Outdated");
    Article wasDraft = kb().retire(KIM, draft("Retired draft").ref(), "Never needed");

    // then it cannot come back
    for (Article retired : List.of(wasLive, wasDraft)) {
      refused(() -> kb().submitForReview(WENDY, retired.ref()), IllegalTransitionException.class,
          "submit for review article " + retired.number() + " in state DRAFT, but it is RETIRED", retired);
      refused(() -> kb().review(KIM, retired.ref(), true, null), IllegalTransitionException.class,
          "in state IN_REVIEW, but it is RETIRED", retired);
      refused(() -> kb().update(WENDY, retired.ref(), article("Back", "Again.")), IllegalTransitionException.class,
          "edit article " + retired.number() + " in state one of [DRAFT, PUBLISHED], but it is RETIRED", retired);
      refused(() -> kb().retire(KIM, retired.ref(), "Twice"), IllegalTransitionException.class, "but it is RETIRED", retired);
    }
    assertThatThrownBy(() -> kb().submitForReview(WENDY, wasLive.ref())).isInstanceOfSatisfying(
        IllegalTransitionException.class, e -> {
          assertThat(e.ticketNumber()).isEqualTo(wasLive.number());
          assertThat(e.state()).isEqualTo("RETIRED");
        });
  }

  @Test
  void anArticleInReviewCannotBeEditedSubmittedAgainOrRetired() {
    // given an article in review
    Article article = inReview(WENDY, "Edit in review");

    // then it waits for its review
    refused(() -> kb().update(WENDY, article.ref(), article("Edit in review", "Sneaky change.")),
        IllegalTransitionException.class, "but it is IN_REVIEW", article);
    refused(() -> kb().submitForReview(WENDY, article.ref()), IllegalTransitionException.class, "but it is IN_REVIEW",
        article);
    refused(() -> kb().retire(KIM, article.ref(), "x"), IllegalTransitionException.class, "but it is IN_REVIEW", article);
  }

  @Test
  void onlyAnArticleInReviewCanBeReviewedAndOnlyADraftSubmitted() {
    // given a draft and a published article
    Article draft = draft("Review a draft");
    Article live = published(itsm, article("Review a live one", "Live."));

    // then neither can be reviewed, and the published one must be edited before it is submitted
    refused(() -> kb().review(KIM, draft.ref(), true, null), IllegalTransitionException.class,
        "review article " + draft.number() + " in state IN_REVIEW, but it is DRAFT", draft);
    refused(() -> kb().review(KIM, live.ref(), false, "no"), IllegalTransitionException.class, "but it is PUBLISHED", live);
    refused(() -> kb().submitForReview(WENDY, live.ref()), IllegalTransitionException.class, "but it is PUBLISHED", live);
  }

  // ---------------------------------------------------------------- comments and reasons

  @Test
  void aRejectionNeedsACommentAndCommentsHaveALimit() {
    // given an article in review
    Article article = inReview(WENDY, "Reject without comment");

    // then a rejection without a comment, or any review with an overlong one, is refused
    refused(() -> kb().review(KIM, article.ref(), false, null), InvalidInputException.class, "comment", "comment", article);
    refused(() -> kb().review(KIM, article.ref(), false, "   "), InvalidInputException.class, "comment", "blank", article);
    refused(() -> kb().review(KIM, article.ref(), false, "x".repeat(2001)), InvalidValueException.class, "comment",
        "at most 2000 characters", article);
    refused(() -> kb().review(KIM, article.ref(), true, "x".repeat(2001)), InvalidValueException.class, "comment",
        "at most 2000 characters", article);
    // exactly 2000 is fine
    assertThat(kb().review(KIM, article.ref(), false, "x".repeat(2000)).state()).isEqualTo(ArticleState.DRAFT);
  }

  @Test
  void retiringNeedsAReasonOfAtMost500Characters() {
    // given a published article
    Article live = published(itsm, article("Retire without reason", "Live."));

    // then
    refused(() -> kb().retire(KIM, live.ref(), null), InvalidInputException.class, "reason", "reason", live);
    refused(() -> kb().retire(KIM, live.ref(), " "), InvalidInputException.class, "reason", "blank", live);
    refused(() -> kb().retire(KIM, live.ref(), "x".repeat(501)), InvalidValueException.class, "reason", "at most 500", live);
  }

  // ---------------------------------------------------------------- stale references and unknown ids

  @Test
  void aStaleReferenceIsRefusedWithoutWritingAnything() {
    // given an article that changed after it was read
    Article read = draft("Stale reference");
    Article changed = kb().update(DORA, read.ref(), article("Stale reference", "Changed by dora."));
    assertThat(changed.revision()).isGreaterThan(read.revision());

    // then every write with the old reference is refused
    refused(() -> kb().update(WENDY, read.ref(), article("Stale reference", "Wendy's edit.")),
        ConcurrentUpdateException.class, "at revision " + read.revision(), changed);
    refused(() -> kb().submitForReview(WENDY, read.ref()), ConcurrentUpdateException.class, "reload and retry", changed);
    refused(() -> kb().retire(KIM, read.ref(), "x"), ConcurrentUpdateException.class, "reload and retry", changed);
    Article inReview = kb().submitForReview(DORA, changed.ref());
    refused(() -> kb().review(KIM, changed.ref(), true, null), ConcurrentUpdateException.class,
        "but it is at revision " + inReview.revision(), inReview);
    // the current reference works
    assertThat(kb().review(KIM, inReview.ref(), true, null).state()).isEqualTo(ArticleState.PUBLISHED);
  }

  @Test
  void unknownArticlesAndArticlesOfAnotherTenantAreNotFound() {
    // given an article of the default tenant, and an incident
    Article ours = published(itsm, article("Other tenant", "Live."));
    Actor stranger = WENDY.inTenant("elsewhere");
    UUID unknown = UUID.randomUUID();
    IncidentTicket incident = incident(itsm, WENDY, "bob", "Tenant incident", null);

    // then
    refused(() -> kb().get(WENDY, unknown), NotFoundException.class, unknown.toString());
    refused(() -> kb().get(stranger, ours.id()), NotFoundException.class, ours.id().toString());
    refused(() -> kb().getByNumber(stranger, ours.number()), NotFoundException.class, ours.number());
    refused(() -> kb().getByNumber(WENDY, "KB-999999"), NotFoundException.class, "KB-999999");
    refused(() -> kb().versions(stranger, ours.id()), NotFoundException.class, ours.id().toString());
    refused(() -> kb().update(stranger, ours.ref(), article("x", "y")), NotFoundException.class, ours.id().toString(), ours);
    refused(() -> kb().retire(KIM.inTenant("elsewhere"), ours.ref(), "x"), NotFoundException.class, ours.id().toString(), ours);
    refused(() -> kb().recordResolution(WENDY, unknown, incident.id()), NotFoundException.class, unknown.toString());
    refused(() -> kb().recordResolution(WENDY, ours.id(), unknown), NotFoundException.class, "", ours);
    refused(() -> kb().suggestions(WENDY, unknown, 5), NotFoundException.class, "");
    refused(() -> kb().get(WENDY, null), InvalidInputException.class, "id", "missing");
    refused(() -> kb().getByNumber(WENDY, " "), InvalidInputException.class, "number", "blank");
  }

  @Test
  void suggestionsNeedAnIncidentTheActorMaySee() {
    // given an incident of the service desk reported by bob, and an article for it
    IncidentTicket incident = incident(itsm, WENDY, "bob", "Suggestions visibility", "visible to the desk");
    Article lamp = published(itsm, article("Visibility of desk lamps", "Adjust the lamp."));

    // then another caller gets not found; a knowledge manager reads every incident (read only), so gets them
    refused(() -> kb().suggestions(CLEO, incident.id(), 5), NotFoundException.class, "");
    assertThat(ids(kb().suggestions(KIM, incident.id(), 5))).containsExactly(lamp.id());
    assertThat(ids(kb().suggestions(BOB, incident.id(), 5))).containsExactly(lamp.id());
    assertThat(ids(kb().suggestions(WENDY, incident.id(), 5))).containsExactly(lamp.id());
  }

  // ---------------------------------------------------------------- search input

  @Test
  void aSearchNeedsAQuery() {
    refused(() -> kb().search(BOB, null, null, 10), InvalidInputException.class, "query", "missing");
    refused(() -> kb().search(BOB, "", null, 10), InvalidInputException.class, "query", "blank");
    refused(() -> kb().search(BOB, " \t\n ", null, 10), InvalidInputException.class, "query", "blank");
  }

  @Test
  void aQueryOfOnlyOperatorsIsRefused() {
    for (String query : List.of("&& || !! ((", "*", "\"\"", ":*", "<-> & | !", "- + ~ ^ [ ] { } \\ ( )", "' '", "...")) {
      refused(() -> kb().search(BOB, query, null, 10), InvalidValueException.class, "query", "at least one word");
    }
  }

  @Test
  void aQueryLongerThan500CharactersIsRefused() {
    // given a query of 501 characters
    String tooLong = "printer ".repeat(62) + "jam42";   // 8 * 62 + 5 = 501
    assertThat(tooLong).hasSize(501);

    // then it is refused, and 500 are fine
    refused(() -> kb().search(BOB, tooLong, null, 10), InvalidValueException.class, "query", "at most 500 characters");
    assertThat(kb().search(BOB, tooLong.substring(1), null, 10)).isEmpty();
  }

  @Test
  void aQueryWithMoreThan32DifferentWordsIsRefused() {
    // given 33 different words
    String words33 = IntStream.rangeClosed(1, 33).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));

    // then they are refused; 32 different words, or 33 words where two differ only in case, are fine
    refused(() -> kb().search(BOB, words33, null, 10), InvalidValueException.class, "query", "at most 32 different words");
    String words32 = IntStream.rangeClosed(1, 32).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    assertThat(kb().search(BOB, words32, null, 10)).isEmpty();
    assertThat(kb().search(BOB, words32 + " W1 w1", null, 10)).isEmpty();
  }

  @Test
  void aQueryWithControlCharactersIsRefused() {
    for (String query : List.of("printer\u0000jam", "printer\u0007", "\u001Bprinter", "printer\u007F jam", "\u0000")) {
      refused(() -> kb().search(BOB, query, null, 10), InvalidValueException.class, "query", "without control characters");
    }
    // tab, newline and carriage return are white space
    assertThat(kb().search(BOB, "printer\tjam\r\n", null, 10)).isEmpty();
  }

  @Test
  void aQueryWithC1ControlCharactersIsRefused() {
    for (String query : List.of("printer\u0085jam", "printer\u009B2J", "\u0080printer")) {
      assertThatThrownBy(() -> kb().search(BOB, query, null, 10)).as(query)
          .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("query"));
    }
  }

  @Test
  void aSearchLanguageIsTwoLowercaseLetters() {
    for (String language : List.of("EN", "eng", "e", "", "e1", "En", "de-DE")) {
      refused(() -> kb().search(BOB, "printer", language, 10), InvalidValueException.class, "language",
          "two-letter lowercase language code");
    }
  }

  @Test
  void limitsAreFrom1To100() {
    Article stapler = published(itsm, article("Stapler refill", "Staples are in the cupboard."));
    IncidentTicket incident = incident(itsm, WENDY, "bob", "Limits incident", "stapler refill");
    for (int limit : new int[] {0, 101, -1}) {
      refused(() -> kb().search(BOB, "printer", null, limit), InvalidValueException.class, "limit", "from 1 to 100");
      refused(() -> kb().suggestions(WENDY, incident.id(), limit), InvalidValueException.class, "limit", "from 1 to 100");
      refused(() -> kb().frequentlyAsked(BOB, limit), InvalidValueException.class, "limit", "from 1 to 100");
    }
    // the bounds themselves are fine
    assertThat(ids(kb().search(BOB, "stapler refill", null, 100))).containsExactly(stapler.id());
    assertThat(ids(kb().search(BOB, "stapler refill", null, 1))).containsExactly(stapler.id());
    assertThat(ids(kb().suggestions(WENDY, incident.id(), 100))).containsExactly(stapler.id());
    assertThat(kb().frequentlyAsked(BOB, 100)).hasSizeLessThanOrEqualTo(100);
  }

  // ---------------------------------------------------------------- resolutions

  @Test
  void aResolutionIsRecordedOncePerArticleAndIncident() {
    // given an article that resolved an incident
    Article live = published(itsm, article("Resolution twice", "Live."));
    IncidentTicket incident = incident(itsm, WENDY, "bob", "Resolved twice", null);
    Article counted = kb().recordResolution(WENDY, live.id(), incident.id());
    assertThat(counted.resolvedIncidents()).isEqualTo(1);

    // then recording the same pair again is refused, also by another agent
    refused(() -> kb().recordResolution(WENDY, live.id(), incident.id()), InvalidValueException.class, "incidentId",
        incident.number() + " is recorded already", counted);
    refused(() -> kb().recordResolution(DORA, live.id(), incident.id()), InvalidValueException.class, "incidentId",
        "recorded already", counted);
    assertThat(current(live.id()).resolvedIncidents()).isEqualTo(1);
  }

  @Test
  void onlyAPublishedArticleResolvesIncidents() {
    // given a draft, an article in review and a retired one
    Article draft = draft("Resolution by a draft");
    Article inReview = inReview(WENDY, "Resolution in review");
    Article retired = kb().retire(KIM, published(itsm, article("Resolution retired", "Old.")).ref(), "Gone");
    IncidentTicket incident = incident(itsm, WENDY, "bob", "Resolution incident", null);

    // then
    refused(() -> kb().recordResolution(WENDY, draft.id(), incident.id()), IllegalTransitionException.class,
        draft.number() + " is not published", draft);
    refused(() -> kb().recordResolution(WENDY, inReview.id(), incident.id()), IllegalTransitionException.class,
        "not published", inReview);
    refused(() -> kb().recordResolution(WENDY, retired.id(), incident.id()), IllegalTransitionException.class,
        retired.number() + " is retired", retired);
  }

  @Test
  void aNewDraftOfAPublishedArticleStillResolvesIncidents() {
    // given a published article being revised
    Article live = published(itsm, article("Resolution while revised", "Live."));
    kb().update(WENDY, live.ref(), article("Resolution while revised", "Revised."));
    IncidentTicket incident = incident(itsm, WENDY, "bob", "Revised resolution", null);

    // then its published version may be recorded
    assertThat(kb().recordResolution(WENDY, live.id(), incident.id()).resolvedIncidents()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- content

  @Test
  void contentIsCheckedFieldByFieldAndNothingIsWritten() {
    Ci printer = itsm.engine().cmdb().create(Actor.system(), NewCi.of("Server", "kb-print-server", Map.of()));
    UUID unknownCi = UUID.randomUUID();
    NewArticle.Builder manyTags = NewArticle.builder("Many tags", "Body.");
    IntStream.rangeClosed(1, 21).forEach(i -> manyTags.tag("t" + i));
    NewArticle.Builder manyServices = NewArticle.builder("Many services", "Body.");
    IntStream.rangeClosed(1, 21).forEach(i -> manyServices.service("s" + i));

    refused(() -> kb().create(WENDY, null), InvalidInputException.class, "article", "missing");
    refused(() -> kb().create(WENDY, article(null, "Body.")), InvalidInputException.class, "title", "blank");
    refused(() -> kb().create(WENDY, article(" ", "Body.")), InvalidInputException.class, "title", "blank");
    refused(() -> kb().create(WENDY, article("x".repeat(201), "Body.")), InvalidValueException.class, "title",
        "at most 200 characters");
    refused(() -> kb().create(WENDY, article("No body", null)), InvalidInputException.class, "body", "blank");
    refused(() -> kb().create(WENDY, article("Blank body", "\n\t ")), InvalidInputException.class, "body", "blank");
    refused(() -> kb().create(WENDY, article("Long body", "x".repeat(50_001))), InvalidValueException.class, "body",
        "at most 50000 characters");
    refused(() -> kb().create(WENDY, NewArticle.builder("Bad tag", "Body.").tag("has space").build()),
        InvalidValueException.class, "tags", "'has space'");
    refused(() -> kb().create(WENDY, NewArticle.builder("Bad tag", "Body.").tag("").build()),
        InvalidValueException.class, "tags", "''");
    refused(() -> kb().create(WENDY, NewArticle.builder("Bad tag", "Body.").tag("x".repeat(41)).build()),
        InvalidValueException.class, "tags", "1 to 40 letters");
    refused(() -> kb().create(WENDY, NewArticle.builder("Bad tag", "Body.").tag("c#").build()),
        InvalidValueException.class, "tags", "'c#'");
    refused(() -> kb().create(WENDY, manyTags.build()), InvalidValueException.class, "tags", "at most 20 tags, but there are 21");
    refused(() -> kb().create(WENDY, manyServices.build()), InvalidValueException.class, "services", "at most 20 services");
    refused(() -> kb().create(WENDY, NewArticle.builder("Blank service", "Body.").service(" ").build()),
        InvalidInputException.class, "services", "blank");
    refused(() -> kb().create(WENDY, NewArticle.builder("Unknown CI", "Body.").ci(printer.id()).ci(unknownCi).build()),
        InvalidValueException.class, "cis[1]", unknownCi + " is unknown");
    refused(() -> kb().create(WENDY, NewArticle.builder("Twice CI", "Body.").ci(printer.id()).ci(printer.id()).build()),
        InvalidValueException.class, "cis[1]", "named twice");
    refused(() -> kb().create(WENDY.inTenant("elsewhere"), NewArticle.builder("Foreign CI", "Body.").ci(printer.id()).build()),
        InvalidValueException.class, "cis[0]", "unknown");
    for (String language : List.of("EN", "eng", "", "e")) {
      refused(() -> kb().create(WENDY, NewArticle.builder("Bad language", "Body.").language(language).build()),
          InvalidValueException.class, "language", "'" + language + "'");
    }

    // and the limits themselves are fine
    NewArticle.Builder twentyTags = NewArticle.builder("x".repeat(200), "Body.").ci(printer.id()).language("fr");
    IntStream.rangeClosed(1, 19).forEach(i -> twentyTags.tag("t" + i));
    Article ok = kb().create(WENDY, twentyTags.tag("x".repeat(40)).build());
    assertThat(ok.tags()).hasSize(20).contains("t19", "x".repeat(40));
    assertThat(ok.cis()).containsExactly(printer.id());
    assertThat(ok.language()).isEqualTo("fr");
  }

  @Test
  void anEditIsCheckedLikeANewArticleAndChangesNothingWhenRefused() {
    // given a draft and a published article
    Article draft = draft("Edit checks");
    Article live = published(itsm, article("Edit checks live", "Live."));

    // then bad content is refused before anything changes (a published article does not start version 2)
    for (Article a : List.of(draft, live)) {
      refused(() -> kb().update(WENDY, a.ref(), article("x".repeat(201), "Body.")), InvalidValueException.class, "title",
          "at most 200", a);
      refused(() -> kb().update(WENDY, a.ref(), article("Edit checks", null)), InvalidInputException.class, "body", "blank", a);
      refused(() -> kb().update(WENDY, a.ref(), NewArticle.builder("Edit checks", "Body.").tag("has space").build()),
          InvalidValueException.class, "tags", "has space", a);
      refused(() -> kb().update(WENDY, a.ref(), NewArticle.builder("Edit checks", "Body.").ci(UUID.randomUUID()).build()),
          InvalidValueException.class, "cis[0]", "unknown", a);
      refused(() -> kb().update(WENDY, a.ref(), null), InvalidInputException.class, "content", "missing", a);
    }
    assertThat(current(live.id()).version()).isEqualTo(1);
  }
}
