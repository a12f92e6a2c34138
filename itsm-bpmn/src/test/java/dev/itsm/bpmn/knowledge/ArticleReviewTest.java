package dev.itsm.bpmn.knowledge;

import static dev.itsm.bpmn.knowledge.KnowledgeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.itsm.api.Actor;
import dev.itsm.api.AuditEntry;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.TicketRef;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.event.DomainEvent;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.knowledge.Article;
import dev.itsm.api.knowledge.ArticleState;
import dev.itsm.api.knowledge.ArticleVersion;
import dev.itsm.api.knowledge.KnowledgeService;
import dev.itsm.api.knowledge.NewArticle;
import dev.itsm.spi.Notification;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An article from its first draft through review, publication, new versions and retirement, as the host's
 * writers (agents), reviewers (knowledge managers) and readers (callers) see it.
 */
class ArticleReviewTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private static KnowledgeService kb() {
    return itsm.engine().knowledge();
  }

  private static List<Notification> notificationsOf(UUID articleId) {
    return itsm.notifications().forTicket(articleId);
  }

  private static List<UUID> found(String query) {
    return ids(kb().search(BOB, query, null, 10));
  }

  @Test
  void aNewArticleIsADraftOfVersionOneWrittenByItsAuthor() {
    // given the service desk's writer
    Instant now = itsm.clock().instant();

    // when she writes an article
    Article article = kb().create(WENDY, NewArticle.builder("Reset a forgotten voicemail PIN",
        "Dial 999, press star twice and follow the prompts.").tag("Voicemail").tag("pin").service("telephony").build());

    // then it is a draft of version 1, by her, not published, in the default language
    assertThat(article.number()).matches("KB-\\d{6}");
    assertThat(article.state()).isEqualTo(ArticleState.DRAFT);
    assertThat(article.version()).isEqualTo(1);
    assertThat(article.publishedVersion()).isNull();
    assertThat(article.authorId()).isEqualTo("wendy");
    assertThat(article.createdBy()).isEqualTo("wendy");
    assertThat(article.approvedBy()).isNull();
    assertThat(article.publishedAt()).isNull();
    assertThat(article.language()).isEqualTo("en");
    assertThat(article.tags()).containsExactlyInAnyOrder("voicemail", "pin");   // tags are kept in lower case
    assertThat(article.services()).containsExactly("telephony");
    assertThat(article.tenantId()).isEqualTo("default");
    assertThat(article.resolvedIncidents()).isZero();
    assertThat(article.createdAt()).isEqualTo(now);
    assertThat(article.revision()).isEqualTo(1);
    assertThat(kb().get(WENDY, article.id())).isEqualTo(article);
    assertThat(kb().getByNumber(WENDY, article.number()).id()).isEqualTo(article.id());
    assertThat(kb().versions(WENDY, article.id())).isEmpty();
    assertThat(found("voicemail")).doesNotContain(article.id());
    assertThat(itsm.events(article.id())).extracting(DomainEvent::type, e -> e.data().get("from"), e -> e.data().get("to"))
        .containsExactly(tuple(EventTypes.KNOWLEDGE_STATE_CHANGED, null, "DRAFT"));
  }

  @Test
  void submittingForReviewTellsTheReviewersGroupButNotTheAuthor() {
    // given drafts by an agent and by a reviewer
    Article byWendy = kb().create(WENDY, article("Map a network drive", "Open Explorer and choose Map network drive."));
    Article byKim = kb().create(KIM, article("Share a network drive", "Ask the file server team."));

    // when both are submitted
    Article submitted = kb().submitForReview(WENDY, byWendy.ref());
    kb().submitForReview(KIM, byKim.ref());

    // then they wait in review; the group knowledge-reviewers is told, except for the author herself
    assertThat(submitted.state()).isEqualTo(ArticleState.IN_REVIEW);
    assertThat(submitted.version()).isEqualTo(1);
    assertThat(submitted.revision()).isEqualTo(byWendy.revision() + 1);
    assertThat(notificationsOf(byWendy.id())).singleElement().satisfies(n -> {
      assertThat(n.recipients()).containsExactlyInAnyOrder("kim", "rita");
      assertThat(n.type()).isEqualTo(EventTypes.KNOWLEDGE_STATE_CHANGED);
      assertThat(n.subject()).contains(byWendy.number()).contains("version 1").contains("waits for review")
          .contains("Map a network drive");
      assertThat(n.ticketNumber()).isEqualTo(byWendy.number());
    });
    assertThat(notificationsOf(byKim.id())).singleElement().extracting(Notification::recipients)
        .isEqualTo(List.of("rita"));
    assertThat(itsm.events(byWendy.id())).extracting(e -> e.data().get("from"), e -> e.data().get("to"))
        .containsExactly(tuple(null, "DRAFT"), tuple("DRAFT", "IN_REVIEW"));
  }

  @Test
  void approvalByAReviewerPublishesVersionOneWithItsAuthorAndApprover() {
    // given a draft in review
    Article draft = kb().create(WENDY, NewArticle.builder("Unlock a locked badge", "Badges unlock at the reception desk.")
        .tag("badge").build());
    kb().submitForReview(WENDY, draft.ref());
    itsm.clock().advance(Duration.ofMinutes(30));
    Instant approvedAt = itsm.clock().instant();

    // when kim approves it
    Article published = kb().review(KIM, TicketRef.of(draft.id()), true, "Clear and short");

    // then version 1 is published, approved by kim, kept with its author and approver, and readers find it
    assertThat(published.state()).isEqualTo(ArticleState.PUBLISHED);
    assertThat(published.version()).isEqualTo(1);
    assertThat(published.publishedVersion()).isEqualTo(1);
    assertThat(published.approvedBy()).isEqualTo("kim");
    assertThat(published.authorId()).isEqualTo("wendy");
    assertThat(published.publishedAt()).isEqualTo(approvedAt);
    assertThat(kb().versions(WENDY, draft.id())).containsExactly(new ArticleVersion(1, "Unlock a locked badge",
        "Badges unlock at the reception desk.", java.util.Set.of("badge"), "wendy", "kim", approvedAt));
    assertThat(kb().versions(BOB, draft.id())).extracting(ArticleVersion::version).containsExactly(1);
    assertThat(kb().get(BOB, draft.id()).title()).isEqualTo("Unlock a locked badge");
    assertThat(found("badge unlock")).containsExactly(draft.id());
    // the author is told that it is published
    assertThat(notificationsOf(draft.id())).filteredOn(n -> n.recipients().equals(List.of("wendy")))
        .singleElement().extracting(Notification::subject).asString()
        .contains(draft.number()).contains("version 1 published");
    assertThat(itsm.events(draft.id())).last().satisfies(e -> {
      assertThat(e.data()).containsEntry("from", "IN_REVIEW").containsEntry("to", "PUBLISHED").containsEntry("version", 1);
      assertThat(e.actorId()).isEqualTo("kim");
      assertThat(e.ticketNumber()).isEqualTo(draft.number());
    });
  }

  @Test
  void theLastEditorOfADraftIsItsAuthorAndAnyOtherReviewerMayApproveIt() {
    // given kim's draft, which dora rewrites
    Article draft = kb().create(KIM, article("Request a parking space", "Write to facilities."));
    Article edited = kb().update(DORA, draft.ref(), article("Request a parking space", "Use the facilities portal."));
    assertThat(edited.authorId()).isEqualTo("dora");
    assertThat(edited.createdBy()).isEqualTo("kim");
    assertThat(edited.version()).isEqualTo(1);
    kb().submitForReview(DORA, edited.ref());

    // when rita, who neither created nor wrote it, approves
    Article published = kb().review(RITA, TicketRef.of(draft.id()), true, null);

    // then version 1 is dora's, approved by rita
    assertThat(published.approvedBy()).isEqualTo("rita");
    assertThat(kb().versions(KIM, draft.id())).singleElement().satisfies(v -> {
      assertThat(v.authorId()).isEqualTo("dora");
      assertThat(v.approvedBy()).isEqualTo("rita");
      assertThat(v.body()).isEqualTo("Use the facilities portal.");
    });
  }

  @Test
  void rewritingADraftKeepsItsVersionAndAuditsWhatChanged() {
    // given a draft about the mail service
    Ci server = itsm.engine().cmdb().create(Actor.system(), NewCi.of("Server", "kb-calendar-host", Map.of()));
    Article draft = kb().create(WENDY, NewArticle.builder("Shared mailbox", "Ask the desk.").tag("mail").service("mail")
        .build());

    // when it is rewritten before review: other text, tags, service and a CI
    Article rewritten = kb().update(WENDY, draft.ref(), NewArticle.builder("Shared calendar", "Ask the desk for access.")
        .tag("calendar").service("calendar").ci(server.id()).build());

    // then it is still version 1, one revision further, with every change in the audit trail
    assertThat(rewritten.state()).isEqualTo(ArticleState.DRAFT);
    assertThat(rewritten.version()).isEqualTo(1);
    assertThat(rewritten.revision()).isEqualTo(draft.revision() + 1);
    assertThat(rewritten.tags()).containsExactly("calendar");
    assertThat(rewritten.services()).containsExactly("calendar");
    assertThat(rewritten.cis()).containsExactly(server.id());
    assertThat(kb().get(WENDY, draft.id())).isEqualTo(rewritten);
    assertThat(itsm.engine().audit().trail(MAX, draft.id()))
        .extracting(AuditEntry::action, AuditEntry::field, AuditEntry::oldValue, AuditEntry::newValue)
        .containsExactly(
            tuple("create", "state", null, "DRAFT"),
            tuple("edit", "title", "Shared mailbox", "Shared calendar"),
            tuple("edit", "body", "13 characters", "24 characters"),
            tuple("edit", "tags", "mail", "calendar"),
            tuple("edit", "links", "SERVICE:mail", "CI:" + server.id() + ",SERVICE:calendar"));
    // no state change, so no event beyond the creation
    assertThat(itsm.events(draft.id())).hasSize(1);
  }

  @Test
  void savingADraftUnchangedWritesNothing() {
    // given a draft
    Article draft = kb().create(WENDY, NewArticle.builder("Headset pairing", "Hold the button for five seconds.")
        .tag("audio").build());

    // when it is saved with the same content
    Article saved = kb().update(WENDY, draft.ref(), NewArticle.builder("Headset pairing", "Hold the button for five seconds.")
        .tag("AUDIO").build());

    // then nothing changed: same revision, no audit entry beyond the creation
    assertThat(saved).isEqualTo(draft);
    assertThat(kb().get(WENDY, draft.id()).revision()).isEqualTo(draft.revision());
    assertThat(itsm.engine().audit().trail(MAX, draft.id())).hasSize(1);
  }

  @Test
  void rejectionWithACommentSendsTheDraftBackToItsAuthor() {
    // given a draft in review
    Article draft = kb().create(WENDY, article("Order a second monitor", "Ask your manager."));
    kb().submitForReview(WENDY, draft.ref());

    // when kim rejects it with a comment
    Article rejected = kb().review(KIM, TicketRef.of(draft.id()), false, "Link the hardware catalogue");

    // then it is a draft again, nothing is published, and wendy is told
    assertThat(rejected.state()).isEqualTo(ArticleState.DRAFT);
    assertThat(rejected.version()).isEqualTo(1);
    assertThat(rejected.publishedVersion()).isNull();
    assertThat(rejected.approvedBy()).isNull();
    assertThat(kb().versions(WENDY, draft.id())).isEmpty();
    assertThatThrownBy(() -> kb().get(BOB, draft.id())).isInstanceOf(NotFoundException.class);
    assertThat(found("second monitor")).isEmpty();
    assertThat(notificationsOf(draft.id())).filteredOn(n -> n.recipients().equals(List.of("wendy")))
        .singleElement().extracting(Notification::subject).asString()
        .contains(draft.number()).contains("sent back to draft");
    assertThat(itsm.engine().audit().trail(MAX, draft.id()))
        .extracting(AuditEntry::actorId, AuditEntry::action, AuditEntry::field, AuditEntry::newValue)
        .contains(tuple("kim", "review", "decision", "rejected: Link the hardware catalogue"),
            tuple("kim", "reject", "state", "DRAFT"));
    assertThat(itsm.events(draft.id())).last().extracting(e -> e.data().get("from"), e -> e.data().get("to"))
        .isEqualTo(List.of("IN_REVIEW", "DRAFT"));
  }

  @Test
  void aRejectedDraftCanBeRevisedAndSubmittedAgain() {
    // given a draft that was rejected and then revised
    Article draft = kb().create(WENDY, article("Install the VPN client", "Download it."));
    kb().submitForReview(WENDY, draft.ref());
    kb().review(KIM, TicketRef.of(draft.id()), false, "Say where to download it");
    Article revised = kb().update(WENDY, TicketRef.of(draft.id()),
        article("Install the VPN client", "Download it from the software centre."));

    // when wendy submits it again
    Article resubmitted = kb().submitForReview(WENDY, revised.ref());

    // then it is in review again, the reviewers are told again, and an approval publishes the revised text
    assertThat(resubmitted.state()).isEqualTo(ArticleState.IN_REVIEW);
    assertThat(notificationsOf(draft.id())).filteredOn(n -> n.subject().contains("waits for review")).hasSize(2);
    Article published = kb().review(RITA, TicketRef.of(draft.id()), true, null);
    assertThat(published.publishedVersion()).isEqualTo(1);
    assertThat(kb().get(BOB, draft.id()).body()).isEqualTo("Download it from the software centre.");
  }

  @Test
  void editingAPublishedArticleDraftsVersionTwoWhileVersionOneStaysLiveUntilApproved() {
    // given version 1, published
    Article v1 = published(itsm, NewArticle.builder("Projector shows no picture", "Press the source button on the remote.")
        .tag("beamer").build());
    Instant v1At = v1.publishedAt();
    itsm.clock().advance(Duration.ofHours(2));

    // when dora edits it
    Article draft = kb().update(DORA, v1.ref(), NewArticle.builder("Projector shows no picture",
        "Replace the HDMI cable from the lectern.").tag("hdmi").build());

    // then version 2 is a draft by dora while version 1 stays published and searchable
    assertThat(draft.state()).isEqualTo(ArticleState.DRAFT);
    assertThat(draft.version()).isEqualTo(2);
    assertThat(draft.publishedVersion()).isEqualTo(1);
    assertThat(draft.authorId()).isEqualTo("dora");
    assertThat(draft.approvedBy()).isEqualTo("kim");
    assertThat(draft.body()).isEqualTo("Replace the HDMI cable from the lectern.");
    assertThat(found("source button remote")).containsExactly(v1.id());
    assertThat(found("lectern cable")).isEmpty();
    assertThat(kb().versions(WENDY, v1.id())).extracting(ArticleVersion::version).containsExactly(1);
    assertThat(itsm.events(v1.id())).last().satisfies(e -> assertThat(e.data()).containsEntry("from", "PUBLISHED")
        .containsEntry("to", "DRAFT").containsEntry("version", 2));

    // ... also while version 2 is in review
    kb().submitForReview(DORA, draft.ref());
    assertThat(found("source button remote")).containsExactly(v1.id());
    assertThat(found("lectern cable")).isEmpty();

    // when version 2 is approved
    Article v2 = kb().review(RITA, TicketRef.of(v1.id()), true, null);

    // then the new text is found and the old is not, and both versions are kept
    assertThat(v2.state()).isEqualTo(ArticleState.PUBLISHED);
    assertThat(v2.publishedVersion()).isEqualTo(2);
    assertThat(v2.approvedBy()).isEqualTo("rita");
    assertThat(v2.publishedAt()).isEqualTo(itsm.clock().instant());
    assertThat(found("lectern cable")).containsExactly(v1.id());
    assertThat(found("source button remote")).isEmpty();
    assertThat(found("beamer")).isEmpty();
    assertThat(found("hdmi")).containsExactly(v1.id());
    assertThat(kb().versions(BOB, v1.id()))
        .extracting(ArticleVersion::version, ArticleVersion::body, ArticleVersion::authorId, ArticleVersion::approvedBy,
            ArticleVersion::publishedAt)
        .containsExactly(tuple(1, "Press the source button on the remote.", "wendy", "kim", v1At),
            tuple(2, "Replace the HDMI cable from the lectern.", "dora", "rita", itsm.clock().instant()));
    assertThat(kb().get(BOB, v1.id()).body()).isEqualTo("Replace the HDMI cable from the lectern.");
  }

  @Test
  void callersSeeOnlyPublishedArticlesAndOnlyTheirPublishedContent() {
    // given a draft
    Article draft = kb().create(WENDY, NewArticle.builder("Whiteboard markers run dry", "Take new ones from the cupboard.")
        .tag("office").build());

    // then a caller does not see it at all, while writers do
    assertThatThrownBy(() -> kb().get(BOB, draft.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> kb().getByNumber(BOB, draft.number())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> kb().versions(BOB, draft.id())).isInstanceOf(NotFoundException.class);
    assertThat(kb().get(DORA, draft.id()).title()).isEqualTo("Whiteboard markers run dry");

    // given it is published and then edited into a new draft
    kb().submitForReview(WENDY, draft.ref());
    kb().review(KIM, TicketRef.of(draft.id()), true, null);
    kb().update(WENDY, TicketRef.of(draft.id()), NewArticle.builder("Whiteboard markers are dry",
        "Order refills in the stationery shop.").tag("stationery").build());

    // then the caller reads version 1, the writer the draft of version 2
    Article read = kb().get(BOB, draft.id());
    assertThat(read.title()).isEqualTo("Whiteboard markers run dry");
    assertThat(read.body()).isEqualTo("Take new ones from the cupboard.");
    assertThat(read.tags()).containsExactly("office");
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.publishedVersion()).isEqualTo(1);
    assertThat(kb().getByNumber(CLEO, draft.number()).body()).isEqualTo("Take new ones from the cupboard.");
    Article written = kb().get(WENDY, draft.id());
    assertThat(written.title()).isEqualTo("Whiteboard markers are dry");
    assertThat(written.body()).isEqualTo("Order refills in the stationery shop.");
    assertThat(written.tags()).containsExactly("stationery");
    assertThat(written.version()).isEqualTo(2);
    // a search hit shows the published title and the start of the published body
    assertThat(kb().search(BOB, "whiteboard", null, 5)).singleElement().satisfies(h -> {
      assertThat(h.title()).isEqualTo("Whiteboard markers run dry");
      assertThat(h.excerpt()).isEqualTo("Take new ones from the cupboard.");
      assertThat(h.number()).isEqualTo(draft.number());
    });
  }

  @Test
  void aCallerSeesTheAuthorOfThePublishedVersionNotOfTheNewerDraft() {
    // given wendy's version 1, published, and dora's draft of version 2
    Article v1 = published(itsm, article("Book a meeting room", "Use the room calendar."));
    kb().update(DORA, v1.ref(), article("Book a meeting room", "Use the new booking app."));

    // when a caller reads it
    Article read = kb().get(BOB, v1.id());

    // then it is version 1, written by wendy
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.authorId()).isEqualTo(kb().versions(BOB, v1.id()).get(0).authorId()).isEqualTo("wendy");
  }

  @Test
  void changingTheLanguageOfANewDraftLeavesThePublishedVersionInItsLanguage() {
    // given an English article, published
    Article v1 = published(itsm, article("Quokka enclosure cleaning", "Sweep the quokka enclosure daily."));
    assertThat(ids(kb().search(BOB, "quokka enclosure", "en", 5))).containsExactly(v1.id());

    // when a writer starts a German version 2
    kb().update(WENDY, v1.ref(), NewArticle.builder("Quokka-Gehege reinigen", "Das Quokka-Gehege täglich fegen.")
        .language("de").build());

    // then version 1 is still the English article readers find
    assertThat(ids(kb().search(BOB, "quokka enclosure", "en", 5))).containsExactly(v1.id());
    assertThat(ids(kb().search(BOB, "quokka", "de", 5))).isEmpty();
    assertThat(kb().get(BOB, v1.id()).language()).isEqualTo("en");
  }

  @Test
  void retiringTakesAnArticleOutOfSearchAndOutOfCallersSightButWritersStillSeeIt() {
    // given a published article that callers find
    Article article = published(itsm, article("Fax machine setup", "Connect the fax machine to the analog line."));
    assertThat(found("fax machine")).containsExactly(article.id());

    // when kim retires it
    Article retired = kb().retire(KIM, article.ref(), "We no longer have fax machines");

    // then it is retired: not found, not readable for callers, still there for writers with its versions
    assertThat(retired.state()).isEqualTo(ArticleState.RETIRED);
    assertThat(retired.publishedVersion()).isNull();
    assertThat(found("fax machine")).isEmpty();
    assertThatThrownBy(() -> kb().get(BOB, article.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> kb().getByNumber(BOB, article.number())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> kb().versions(BOB, article.id())).isInstanceOf(NotFoundException.class);
    Article seen = kb().get(WENDY, article.id());
    assertThat(seen.state()).isEqualTo(ArticleState.RETIRED);
    assertThat(seen.body()).isEqualTo("Connect the fax machine to the analog line.");
    assertThat(kb().get(KIM, article.id()).state()).isEqualTo(ArticleState.RETIRED);
    assertThat(kb().versions(WENDY, article.id())).extracting(ArticleVersion::version).containsExactly(1);
    assertThat(itsm.events(article.id())).last().satisfies(e -> assertThat(e.data()).containsEntry("from", "PUBLISHED")
        .containsEntry("to", "RETIRED"));
    assertThat(itsm.engine().audit().trail(MAX, article.id()))
        .extracting(AuditEntry::action, AuditEntry::field, AuditEntry::newValue)
        .contains(tuple("retire", "state", "RETIRED"), tuple("retire", "retireReason", "We no longer have fax machines"));
  }

  @Test
  void retiringAnArticleWhoseNextVersionIsADraftTakesThePublishedVersionOutOfSearchToo() {
    // given version 1 published and version 2 in draft
    Article v1 = published(itsm, article("Pager batteries", "Swap the pager batteries every month."));
    kb().update(WENDY, v1.ref(), article("Pager batteries", "Pagers are being replaced by the phone app."));
    assertThat(found("pager batteries")).containsExactly(v1.id());

    // when the article is retired
    Article retired = kb().retire(RITA, TicketRef.of(v1.id()), "Pagers are gone");

    // then neither version is found or readable
    assertThat(retired.state()).isEqualTo(ArticleState.RETIRED);
    assertThat(retired.publishedVersion()).isNull();
    assertThat(found("pager batteries")).isEmpty();
    assertThat(found("phone app pagers")).isEmpty();
    assertThatThrownBy(() -> kb().get(CLEO, v1.id())).isInstanceOf(NotFoundException.class);
    assertThat(itsm.events(v1.id())).last().satisfies(e -> assertThat(e.data()).containsEntry("from", "DRAFT")
        .containsEntry("to", "RETIRED"));
  }

  @Test
  void everyStateChangeIsAnEventWithFromToAndVersion() {
    // when an article goes through two versions and is retired
    Article v1 = published(itsm, article("Laptop docking station", "Plug the dock in before the laptop."));
    republished(itsm, DORA, RITA, v1.id(), article("Laptop docking station", "Update the dock firmware first."));
    kb().retire(KIM, TicketRef.of(v1.id()), "Docks replaced");

    // then every step is a knowledge.state-changed event carrying from, to and the version
    assertThat(itsm.events(v1.id()))
        .extracting(DomainEvent::type, e -> e.data().get("from"), e -> e.data().get("to"), e -> e.data().get("version"),
            DomainEvent::actorId)
        .containsExactly(
            tuple(EventTypes.KNOWLEDGE_STATE_CHANGED, null, "DRAFT", 1, "wendy"),
            tuple(EventTypes.KNOWLEDGE_STATE_CHANGED, "DRAFT", "IN_REVIEW", 1, "wendy"),
            tuple(EventTypes.KNOWLEDGE_STATE_CHANGED, "IN_REVIEW", "PUBLISHED", 1, "kim"),
            tuple(EventTypes.KNOWLEDGE_STATE_CHANGED, "PUBLISHED", "DRAFT", 2, "dora"),
            tuple(EventTypes.KNOWLEDGE_STATE_CHANGED, "DRAFT", "IN_REVIEW", 2, "dora"),
            tuple(EventTypes.KNOWLEDGE_STATE_CHANGED, "IN_REVIEW", "PUBLISHED", 2, "rita"),
            tuple(EventTypes.KNOWLEDGE_STATE_CHANGED, "PUBLISHED", "RETIRED", 2, "kim"));
    assertThat(itsm.events(v1.id())).allSatisfy(e -> {
      assertThat(e.ticketNumber()).isEqualTo(v1.number());
      assertThat(e.tenantId()).isEqualTo("default");
    });
  }

  @Test
  void theAuditTrailOfAnArticleListsItsSteps() {
    // when an article is written, reviewed, published, edited and republished
    Article draft = kb().create(WENDY, NewArticle.builder("Printer driver install", "Run the installer.").tag("driver").build());
    kb().submitForReview(WENDY, draft.ref());
    kb().review(KIM, TicketRef.of(draft.id()), true, "ok");
    kb().update(DORA, TicketRef.of(draft.id()), NewArticle.builder("Printer driver installation", "Run the installer as admin.")
        .tag("driver").build());
    kb().submitForReview(DORA, TicketRef.of(draft.id()));
    kb().review(RITA, TicketRef.of(draft.id()), true, null);

    // then the trail lists each step, who took it and what changed, oldest first
    assertThat(itsm.engine().audit().trail(MAX, draft.id()))
        .extracting(AuditEntry::actorId, AuditEntry::action, AuditEntry::field, AuditEntry::oldValue, AuditEntry::newValue)
        .containsExactly(
            tuple("wendy", "create", "state", null, "DRAFT"),
            tuple("wendy", "submit", "state", "DRAFT", "IN_REVIEW"),
            tuple("kim", "review", "decision", null, "approved: ok"),
            tuple("kim", "publish", "state", "IN_REVIEW", "PUBLISHED"),
            tuple("kim", "publish", "publishedVersion", null, "1"),
            tuple("kim", "publish", "approvedBy", null, "kim"),
            tuple("dora", "edit", "version", "1", "2"),
            tuple("dora", "edit", "state", "PUBLISHED", "DRAFT"),
            tuple("dora", "edit", "authorId", "wendy", "dora"),
            tuple("dora", "edit", "title", "Printer driver install", "Printer driver installation"),
            tuple("dora", "edit", "body", "18 characters", "27 characters"),
            tuple("dora", "submit", "state", "DRAFT", "IN_REVIEW"),
            tuple("rita", "review", "decision", null, "approved"),
            tuple("rita", "publish", "state", "IN_REVIEW", "PUBLISHED"),
            tuple("rita", "publish", "publishedVersion", "1", "2"),
            tuple("rita", "publish", "approvedBy", "kim", "rita"));
    assertThat(itsm.engine().audit().trail(MAX, draft.id())).allSatisfy(e -> assertThat(e.ticketId()).isEqualTo(draft.id()));
  }
}
