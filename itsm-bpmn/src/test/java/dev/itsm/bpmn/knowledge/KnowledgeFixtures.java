package dev.itsm.bpmn.knowledge;

import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.api.TicketRef;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.knowledge.Article;
import dev.itsm.api.knowledge.KnowledgeService;
import dev.itsm.api.knowledge.NewArticle;
import dev.itsm.api.knowledge.SearchHit;
import dev.itsm.spi.Directory;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.testkit.ItsmExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * People and helpers of the knowledge scenarios (the same people as the problem scenarios' ProblemFixtures,
 * which is package-private to the problem tests): WENDY writes, KIM and RITA review, BOB reads in the portal.
 */
final class KnowledgeFixtures {
  /** Callers: read published articles only. */
  static final Actor BOB = Actor.caller("bob");
  static final Actor CLEO = Actor.caller("cleo");
  /** Agents of the service desk: write articles, work incidents, may not review. */
  static final Actor WENDY = Actor.agent("wendy", "service-desk");
  static final Actor DORA = Actor.agent("dora", "service-desk");
  /** Knowledge managers: write and review (members of knowledge-reviewers). */
  static final Actor KIM = Actor.builder("kim").roles(Roles.KNOWLEDGE_MANAGER).build();
  static final Actor RITA = Actor.builder("rita").roles(Roles.KNOWLEDGE_MANAGER).build();
  /** Reads audit trails. */
  static final Actor MAX = Actor.manager("max", "service-desk");

  static final ItsmPlugin DIRECTORY = context -> context.directory(Directory.inMemory()
      .group("service-desk", List.of("dora", "wendy"), List.of("max"))
      .group("knowledge-reviewers", List.of("kim", "rita"), List.of())
      .build());

  private KnowledgeFixtures() {}

  static KnowledgeService knowledge(ItsmExtension itsm) {
    return itsm.engine().knowledge();
  }

  /** An English article without tags. */
  static NewArticle article(String title, String body) {
    return NewArticle.builder(title, body).build();
  }

  /** Writes the article as {@code writer}, submits it and has {@code reviewer} approve it. */
  static Article published(ItsmExtension itsm, Actor writer, Actor reviewer, NewArticle content) {
    KnowledgeService kb = knowledge(itsm);
    Article draft = kb.create(writer, content);
    kb.submitForReview(writer, draft.ref());
    return kb.review(reviewer, TicketRef.of(draft.id()), true, null);
  }

  /** {@link #published} by WENDY, approved by KIM. */
  static Article published(ItsmExtension itsm, NewArticle content) {
    return published(itsm, WENDY, KIM, content);
  }

  /** Edits a published article as {@code writer} and has {@code reviewer} approve the new version. */
  static Article republished(ItsmExtension itsm, Actor writer, Actor reviewer, UUID id, NewArticle content) {
    KnowledgeService kb = knowledge(itsm);
    kb.update(writer, TicketRef.of(id), content);
    kb.submitForReview(writer, TicketRef.of(id));
    return kb.review(reviewer, TicketRef.of(id), true, null);
  }

  /** An incident of the service desk reported by {@code callerId}, opened by the agent. */
  static IncidentTicket incident(ItsmExtension itsm, Actor agent, String callerId, String title, String description) {
    return itsm.engine().incidents().open(agent, NewIncident.builder(title).description(description).caller(callerId)
        .category("hardware").impact(Impact.LOW).urgency(Urgency.LOW).group("service-desk").build());
  }

  static List<UUID> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::articleId).toList();
  }

  /** A count read from outside the engine. */
  static long count(ItsmExtension itsm, String sql, Object... args) {
    try (Connection c = itsm.database().connect(); PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
