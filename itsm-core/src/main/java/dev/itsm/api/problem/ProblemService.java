package dev.itsm.api.problem;

import dev.itsm.api.Actor;
import dev.itsm.api.Page;
import dev.itsm.api.TicketRef;
import dev.itsm.api.change.ChangeRequest;
import dev.itsm.api.change.NewChange;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.Urgency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Problem management. Every operation takes the acting {@link Actor}, runs as one unit of work (or
 * joins the running one) with the problem's audit entries, events and process state, and fails with a
 * typed {@link dev.itsm.api.ItsmException} naming what was wrong, writing nothing:
 * {@link dev.itsm.api.InvalidInputException} for bad input, {@link dev.itsm.api.IllegalTransitionException}
 * when the problem is not where the operation needs it, {@link dev.itsm.api.AccessDeniedException} when
 * the actor may not, {@link dev.itsm.api.ConcurrentUpdateException} when a {@link TicketRef} version is
 * stale.
 *
 * <p>Reading needs {@link dev.itsm.api.Permission#PROBLEM_READ}; recording problems, linking incidents and
 * working analysis tasks {@link dev.itsm.api.Permission#PROBLEM_WORK}; assessing, the known error, fixes,
 * resolving, closing, cancelling, the major review, proposals and caller flags
 * {@link dev.itsm.api.Permission#PROBLEM_MANAGE}.
 *
 * <p>Proactive detection runs when an incident is opened (see {@link ProblemSettings}): repeated
 * incidents on a CI or in a category propose a problem ({@link #proposals}); a caller's repeated
 * contacts about a service warn the incident's group and flag the caller ({@link #callerFlag}); a
 * published workaround that matches the new incident is offered on it as a work note
 * ({@link #workaroundsFor}).
 */
public interface ProblemService {

  /**
   * Records a problem, by hand or from incidents (each linked once; a P1 among them opens the major
   * review). Its priority comes from impact and urgency through the incident priority decision.
   */
  ProblemRecord create(Actor actor, NewProblem problem);

  /** The problem; {@link dev.itsm.api.NotFoundException} if unknown or of another tenant. */
  ProblemRecord get(Actor actor, UUID id);

  /** The problem with that number in the actor's tenant. */
  ProblemRecord getByNumber(Actor actor, String number);

  /** Problems of the actor's tenant matching the query, by priority then number. */
  Page<ProblemRecord> query(Actor actor, ProblemQuery query);

  /**
   * Links an incident to an open problem; linking the same incident twice is refused
   * ({@link dev.itsm.api.InvalidValueException} on {@code incidentId}). A published workaround is attached
   * to the incident at once; a P1 incident opens the major problem review.
   */
  ProblemRecord linkIncident(Actor actor, TicketRef problem, UUID incidentId);

  /** The problems an incident is linked to, in the order it was linked. */
  List<UUID> problemsOfIncident(Actor actor, UUID incidentId);

  /**
   * Assesses a {@link ProblemState#NEW} problem: confirms impact and urgency (the priority follows),
   * its group and owner.
   */
  ProblemRecord assess(Actor actor, TicketRef problem, Impact impact, Urgency urgency, String groupId, String ownerId);

  /** Starts the root-cause analysis of an {@link ProblemState#ASSESSED} problem. */
  ProblemRecord startAnalysis(Actor actor, TicketRef problem);

  /**
   * Adds a root-cause analysis task (assigned to {@code assigneeId}) to a problem in analysis; tasks
   * run in parallel. At most 100 per problem.
   */
  ProblemRecord addAnalysisTask(Actor actor, TicketRef problem, String title, String assigneeId);

  /** Completes an open analysis task with its findings (by its assignee or a problem manager). */
  ProblemRecord completeAnalysisTask(Actor actor, TicketRef problem, int taskIndex, String findings);

  /**
   * Records the known error of a problem in analysis: symptom, root cause and workaround are all
   * required. Open analysis tasks must be completed first. The problem becomes
   * {@link ProblemState#KNOWN_ERROR}.
   */
  ProblemRecord recordKnownError(Actor actor, TicketRef problem, NewKnownError knownError);

  /**
   * Publishes the known error's workaround: attaches it as a work note to every linked incident that
   * is still open, publishes the known error as a knowledge article (approved by the actor), and offers it
   * from now on to new incidents that match. Publishing twice is refused.
   */
  ProblemRecord publishWorkaround(Actor actor, TicketRef problem);

  /**
   * The published workarounds that match an incident (same CI or category, similar text), best first:
   * what the desk is offered when it opens. Needs {@link dev.itsm.api.Permission#INCIDENT_READ}.
   */
  List<WorkaroundOffer> workaroundsFor(Actor actor, UUID incidentId);

  /**
   * Requests the fix of a {@link ProblemState#KNOWN_ERROR} problem as a change (submitted in the same
   * transaction, with the actor as requester; it needs {@link dev.itsm.api.Permission#CHANGE_REQUEST}
   * too), linked both ways: the problem lists it in {@link ProblemRecord#fixChangeIds()}, the change's
   * {@code ChangeService#fixedProblems}. The problem becomes {@link ProblemState#FIX_IN_PROGRESS}; when the
   * change fails, is backed out, rejected or cancelled it returns to {@link ProblemState#KNOWN_ERROR}.
   */
  ChangeRequest requestFix(Actor actor, TicketRef problem, NewChange change);

  /**
   * Resolves an open problem. {@link ProblemResolution#FIXED} needs a fix change that closed
   * successfully. When {@link ProblemSettings#resolveLinkedIncidents()} is on, the linked incidents being
   * worked (acknowledged, in progress or on hold) are resolved with the configured code; the callers of all
   * linked incidents still open or resolved are notified.
   *
   * @param text what was done; optional, at most 4000 characters
   */
  ProblemRecord resolve(Actor actor, TicketRef problem, ProblemResolution resolution, String text);

  /** Closes a {@link ProblemState#RESOLVED} problem; refused while its major review is open. */
  ProblemRecord close(Actor actor, TicketRef problem);

  /** Cancels an open problem. */
  ProblemRecord cancel(Actor actor, TicketRef problem, String reason);

  /** Completes the open major problem review with its findings (required, at most 4000 characters). */
  ProblemRecord completeMajorReview(Actor actor, TicketRef problem, String findings);

  /** Problems proposed by detection, newest first; only open ones when {@code openOnly}. */
  List<ProblemProposal> proposals(Actor actor, boolean openOnly);

  /**
   * Accepts an open proposal: records a problem from its incidents (title and category or CI from the
   * proposal, impact and urgency of the incident of the highest priority) and returns it.
   */
  ProblemRecord acceptProposal(Actor actor, UUID proposalId);

  /** Dismisses an open proposal with a reason; the next repeat on its basis may propose again. */
  ProblemProposal dismissProposal(Actor actor, UUID proposalId, String reason);

  /**
   * The caller's sensitive flag, if flagged; needs {@link dev.itsm.api.Permission#INCIDENT_WORK_NOTE} (what agents
   * see of a ticket that its caller does not).
   */
  Optional<CallerFlag> callerFlag(Actor actor, String callerId);

  /** Flagged callers of the tenant, most recently flagged first; needs {@link dev.itsm.api.Permission#INCIDENT_WORK_NOTE}. */
  List<CallerFlag> flaggedCallers(Actor actor);

  /**
   * Clears a caller's flag; {@link dev.itsm.api.NotFoundException} when the caller is not flagged. Only contacts
   * after the clearing count towards a new flag.
   */
  void clearCallerFlag(Actor actor, String callerId, String reason);
}
