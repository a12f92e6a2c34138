package dev.itsm.api;

import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.sla.SlaService;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.operaton.bpm.engine.ProcessEngine;

/**
 * The embedded ITSM engine: the entry point to every service. Thread-safe; build one per
 * application and share it.
 *
 * <pre>{@code
 * try (ItsmEngine itsm = ItsmEngine.builder().build()) {          // in-memory H2
 *   Actor agent = Actor.agent("alice", "network");
 *   IncidentTicket inc = itsm.incidents().open(Actor.caller("bob"),
 *       NewIncident.builder("VPN down").category("network").impact(Impact.HIGH).urgency(Urgency.HIGH).build());
 *   inc = itsm.incidents().assign(agent, inc.ref(), Assignment.toAgent("alice"));
 *   inc = itsm.incidents().acknowledge(agent, inc.ref());
 *   inc = itsm.incidents().resolve(agent, inc.ref(), Resolution.of("FIXED", "Restarted the VPN gateway"));
 * }
 * }</pre>
 */
public interface ItsmEngine extends AutoCloseable {

  /** Starts configuring an engine; with no settings it runs on an in-memory H2 database. */
  static ItsmEngineBuilder builder() {
    return new ItsmEngineBuilder();
  }

  /** Incident management. */
  IncidentService incidents();

  /** The configuration management database: CI types, items and their history. */
  CmdbService cmdb();

  /** Change management: standard, normal and emergency changes, approvals, implementation, review. */
  dev.itsm.api.change.ChangeService changes();

  /** Problem management: problems from incidents, root-cause analysis, known errors, fixes, proactive detection. */
  dev.itsm.api.problem.ProblemService problems();

  /**
   * Release management: releases bundling changes, build and test results from pipelines, go/no-go, staged
   * deployment with rollback, early life support and release notes.
   */
  dev.itsm.api.release.ReleaseService releases();

  /** The knowledge base: articles with review, versions, full-text search and suggestions. */
  dev.itsm.api.knowledge.KnowledgeService knowledge();

  /** SLA clocks of tickets. */
  SlaService sla();

  /** Audit trails of tickets. */
  AuditService audit();

  /**
   * Runs several operations as one unit: everything they write commits together after
   * {@code work} returns, or nothing does. An operation that fails after it began changing
   * something marks the unit for rollback even if {@code work} catches the exception; events are
   * delivered only after the unit commits. Nested calls join the outer unit.
   */
  <T> T inTransaction(Supplier<T> work);

  /** {@link #inTransaction(Supplier)} for work without a result. */
  default void inTransaction(Runnable work) {
    inTransaction(() -> {
      work.run();
      return null;
    });
  }

  /**
   * Runs {@code work} as one unit, like {@link #inTransaction(Supplier)}, and records {@code cause}
   * as the "caused by" reference of every audit entry written in it ({@link AuditEntry#causedByType()},
   * {@link AuditEntry#causedById()}). Nested calls join the outer unit; inside them the inner cause
   * applies.
   */
  <T> T causedBy(Cause cause, Supplier<T> work);

  /** The clock the engine computes SLA deadlines with (the process engine's clock follows it). */
  Clock clock();

  /** The underlying Operaton engine, for process-level tooling (cockpit-like views, job management). */
  ProcessEngine processEngine();

  /**
   * Waits until every event and notification committed so far was handed to the listeners and the
   * sender (or failed and was scheduled for retry).
   *
   * @return {@code false} if the timeout elapsed first
   */
  boolean awaitDeliveries(Duration timeout);

  /**
   * The engine's health now, for a host's health endpoint: whether the database answers, whether
   * the job executor runs and how many jobs are due, and the outbox backlog. Never throws: a
   * database that does not answer is {@link Health.Status#DOWN}.
   */
  Health health();

  /**
   * Runs the history retention now (it also runs daily in the cleanup window): deletes closed, rejected and
   * cancelled tickets older than {@code ItsmEngineBuilder.retention}, archiving each first when a
   * plugin registered a {@link dev.itsm.spi.TicketArchiver}; a transaction per 200 tickets.
   *
   * @return the tickets deleted; 0 when no retention is set
   */
  long cleanUp();

  /**
   * Events and notifications the engine gave up delivering (after 10 attempts), oldest first.
   *
   * @param limit at most this many (1..1000)
   */
  java.util.List<DeadLetter> deadLetters(int limit);

  /**
   * Puts a dead entry back in line with its attempts counted from zero; the outbox job delivers it
   * within the delivery retry interval, with the same idempotency key.
   *
   * @return false when no dead entry has the id
   */
  boolean redeliver(java.util.UUID deadLetterId);

  /** Stops delivery and, unless attached to a host's engine, the process engine. */
  @Override
  void close();
}
