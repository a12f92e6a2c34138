package dev.itsm.api.release;

import dev.itsm.api.Actor;
import dev.itsm.api.Page;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.Conflict;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Release management. Every operation takes the acting {@link Actor}, runs as one unit of work (or joins the
 * running one) with the release's audit entries, events, CMDB updates and process state, and fails with a typed
 * {@link dev.itsm.api.ItsmException} naming what was wrong, writing nothing:
 * {@link dev.itsm.api.InvalidInputException} for bad input, {@link dev.itsm.api.IllegalTransitionException} when the
 * release is not where the operation needs it, {@link dev.itsm.api.AccessDeniedException} when the actor may not,
 * {@link dev.itsm.api.ConcurrentUpdateException} when a {@link TicketRef} version is stale.
 *
 * <p>Reading needs {@link dev.itsm.api.Permission#RELEASE_READ}; planning, starting the build, publishing notes,
 * closing and cancelling {@link dev.itsm.api.Permission#RELEASE_MANAGE}; the go/no-go decision
 * {@link dev.itsm.api.Permission#RELEASE_APPROVE}; reporting results {@link dev.itsm.api.Permission#RELEASE_PIPELINE}
 * (pipelines' accounts) or {@link dev.itsm.api.Permission#RELEASE_MANAGE}.
 */
public interface ReleaseService {

  /**
   * Plans a release: checks its changes (approved, each once, in no other open release), its environments
   * (names unique, windows in order and not in the past, software CIs with the version attribute) and its freeze
   * conflicts (a blocking one fails with {@link dev.itsm.api.ChangeConflictException}, warnings go to the audit
   * trail), links its changes and starts its process. The release is {@link ReleaseState#PLANNING}.
   */
  ReleaseRecord create(Actor actor, NewRelease release);

  /** The release; {@link dev.itsm.api.NotFoundException} if unknown or of another tenant. */
  ReleaseRecord get(Actor actor, UUID id);

  /** The release with that number in the actor's tenant. */
  ReleaseRecord getByNumber(Actor actor, String number);

  /** Releases of the actor's tenant matching the query, by number. */
  Page<ReleaseRecord> query(Actor actor, ReleaseQuery query);

  /** Starts the build of a {@link ReleaseState#PLANNING} release: it waits for a build result. */
  ReleaseRecord startBuild(Actor actor, TicketRef release);

  /**
   * Records the result of the stage the release waits for, reported by a pipeline or a person:
   * <ul>
   *   <li>{@link ReleaseStage#BUILD}: success moves to the tests; a failed build waits for the next build.</li>
   *   <li>{@link ReleaseStage#TEST}: success moves to the go/no-go decision; failed tests go back to the build.</li>
   *   <li>{@link ReleaseStage#DEPLOY} of the environment being deployed: success sets the release's version on the
   *       environment's software CIs in the same transaction (their history names the release) and waits for its
   *       verification; a failure rolls back the environments deployed before it.</li>
   *   <li>{@link ReleaseStage#VERIFY}: success moves to the next environment, or to early life support after the
   *       last; a failure rolls back this environment and those before it.</li>
   *   <li>{@link ReleaseStage#ROLLBACK} of the environment being rolled back: success restores its CIs' versions
   *       from before the release; a failure is recorded, escalated to the release managers, and the rollback waits
   *       for another result.</li>
   * </ul>
   * A result for an environment the release does not have fails with {@link dev.itsm.api.InvalidValueException} on
   * {@code environment}; one for a stage it does not wait for with {@link dev.itsm.api.IllegalTransitionException}.
   * A repeat delivery (same stage, environment and external reference) changes nothing and returns the release.
   */
  ReleaseRecord report(Actor actor, UUID releaseId, PipelineResult result);

  /** The results recorded for the release, oldest first. */
  List<StageResult> results(Actor actor, UUID releaseId);

  /**
   * The go/no-go decision of a release {@link ReleaseState#AWAITING_APPROVAL}, by an approver who is neither its
   * manager nor who recorded it. Go checks the freeze conflicts again (a blocking one refuses it) and starts the
   * deployment; no-go ends the release {@link ReleaseState#REJECTED}.
   *
   * @param comment optional for go, required for no-go; at most 2000 characters
   */
  ReleaseRecord decide(Actor actor, TicketRef release, GoDecision decision, String comment);

  /**
   * Release notes generated from the bundled changes as Markdown: each change's title, description and the
   * services it affects, the problems its changes fix, and the known errors still open on the release's CIs. The
   * published notes once they are published.
   */
  String releaseNotes(Actor actor, UUID releaseId);

  /**
   * Publishes the release notes (in {@link ReleaseState#AWAITING_APPROVAL}, {@link ReleaseState#DEPLOYING},
   * {@link ReleaseState#EARLY_LIFE_SUPPORT} or {@link ReleaseState#REVIEW}; publishing again replaces them) and
   * notifies the release's group, its manager and the requesters of its changes.
   *
   * @param markdown the notes as edited, at most 100,000 characters, or {@code null} for the generated notes
   */
  ReleaseRecord publishNotes(Actor actor, TicketRef release, String markdown);

  /** Closes a release in {@link ReleaseState#REVIEW}; refused until its release notes are published. */
  ReleaseRecord close(Actor actor, TicketRef release, String notes);

  /** Cancels a release before its deployment started. */
  ReleaseRecord cancel(Actor actor, TicketRef release, String reason);

  /**
   * The freeze windows the release's deployment windows overlap (on its CIs, the services they affect, or
   * global), with the policy the change settings give freezes. Empty for a release that ended.
   */
  List<Conflict> conflicts(Actor actor, UUID releaseId);

  /** The release calendar of a period of at most 366 days: deployment windows and freezes. */
  ReleaseCalendar calendar(Actor actor, Instant from, Instant to);

  /**
   * Incidents opened on the release's CIs during its early life support, in the order they were opened:
   * only those the actor may read as incidents ({@link dev.itsm.api.Permission#INCIDENT_READ} and the
   * incident visibility of {@link dev.itsm.api.incident.IncidentService#get}); empty for an actor
   * without INCIDENT_READ.
   */
  List<UUID> supportIncidents(Actor actor, UUID releaseId);
}
