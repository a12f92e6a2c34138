package dev.itsm.api.change;

import dev.itsm.api.Actor;
import dev.itsm.api.Page;
import dev.itsm.api.TicketRef;
import java.util.List;
import java.util.UUID;

/**
 * Change management. Every operation takes the acting {@link Actor}, runs as one unit of work (or
 * joins the running one) with the change's audit entries, events and process state, and fails with a
 * typed {@link dev.itsm.api.ItsmException} naming what was wrong, writing nothing:
 * {@link dev.itsm.api.InvalidInputException} for bad input, {@link dev.itsm.api.IllegalTransitionException}
 * when the change is not where the operation needs it, {@link dev.itsm.api.AccessDeniedException} when
 * the actor may not, {@link dev.itsm.api.ConcurrentUpdateException} when a {@link TicketRef} version is
 * stale.
 *
 * <p>Reading needs {@link dev.itsm.api.Permission#CHANGE_READ}; submitting, answering and cancelling
 * one's own change {@link dev.itsm.api.Permission#CHANGE_REQUEST}; voting
 * {@link dev.itsm.api.Permission#CHANGE_APPROVE} (and being an approver of the level the change waits
 * for); implementing {@link dev.itsm.api.Permission#CHANGE_IMPLEMENT}; the retrospective, the review and
 * cancelling others' changes {@link dev.itsm.api.Permission#CHANGE_MANAGE}.
 */
public interface ChangeService {

  /**
   * Submits a change: checks it (window, template, implementer, affected CIs, every planned CI change
   * against the CI type schema, and its conflicts: a blocking one fails with
   * {@link dev.itsm.api.ChangeConflictException}, warnings go to the audit trail), assesses a normal change's risk with the risk decision, and
   * starts its process, which routes it to its approval (a standard change straight to
   * {@link ChangeState#SCHEDULED}).
   */
  ChangeRequest submit(Actor actor, NewChange change);

  /** The change; {@link dev.itsm.api.NotFoundException} if unknown or of another tenant. */
  ChangeRequest get(Actor actor, UUID id);

  /** The change with that number in the actor's tenant. */
  ChangeRequest getByNumber(Actor actor, String number);

  /** Changes of the actor's tenant matching the query, by planned start. */
  Page<ChangeRequest> query(Actor actor, ChangeQuery query);

  /** The votes cast on the change, oldest first. */
  List<Approval> approvals(Actor actor, UUID changeId);

  /**
   * Casts the actor's vote in the approval the change waits for. Refused for the change's requester
   * and implementer, and for anyone who is not an approver of that level: a member of the change's
   * group or a change manager ({@link ApprovalLevel#TECHNICAL}), a change manager
   * ({@link ApprovalLevel#CHANGE_MANAGER}), a board member with an open vote ({@link ApprovalLevel#CAB},
   * {@link ApprovalLevel#ECAB}). A single approver's rejection ends the change, a board's when its
   * {@link CabRule} says so; a request for information sends it back to the requester. An approval
   * is refused with {@link dev.itsm.api.ChangeConflictException} while the plan has a blocking conflict.
   *
   * @param comment optional, at most 2000 characters; required for a rejection or a request for information
   */
  ChangeRequest vote(Actor actor, TicketRef change, Vote vote, String comment);

  /** {@link #vote} with {@link Vote#APPROVE}. */
  default ChangeRequest approve(Actor actor, TicketRef change, String comment) {
    return vote(actor, change, Vote.APPROVE, comment);
  }

  /** {@link #vote} with {@link Vote#REJECT}. */
  default ChangeRequest reject(Actor actor, TicketRef change, String reason) {
    return vote(actor, change, Vote.REJECT, reason);
  }

  /** {@link #vote} with {@link Vote#REQUEST_INFO}. */
  default ChangeRequest requestInformation(Actor actor, TicketRef change, String question) {
    return vote(actor, change, Vote.REQUEST_INFO, question);
  }

  /**
   * The requester answers an approver's question and resubmits: the risk is assessed again and the
   * change goes back to approval, with a new round of votes.
   */
  ChangeRequest resubmit(Actor actor, TicketRef change, String answer);

  /**
   * Starts implementing a {@link ChangeState#SCHEDULED} change, not before its planned start; by its
   * implementer or a member of its group who did not approve it (as with the other implementation steps). Conflicts are checked again: a blocking one refuses the start.
   */
  ChangeRequest startImplementation(Actor actor, TicketRef change);

  /**
   * Records the outcome of an implementation task (of a step whose earlier steps all succeeded). When
   * every task succeeded, the change's planned CI changes are applied in the same transaction and the
   * change moves to review; when one failed, the open tasks are skipped and the backout runs.
   *
   * @param outcome {@link ImplementationTask.Outcome#SUCCEEDED} or {@link ImplementationTask.Outcome#FAILED}
   * @param note    optional, at most 2000 characters; required for a failure
   */
  ChangeRequest recordTask(Actor actor, TicketRef change, int taskIndex, ImplementationTask.Outcome outcome, String note);

  /** Records that the backout of a failed implementation is done; the change moves to review. */
  ChangeRequest completeBackout(Actor actor, TicketRef change, String note);

  /**
   * Records the mandatory retrospective review of an emergency change (by a change manager who neither
   * requested nor implemented it); the post-implementation review follows.
   */
  ChangeRequest recordRetrospective(Actor actor, TicketRef change, String findings);

  /**
   * Closes the post-implementation review with a close code: {@link CloseCode#SUCCESSFUL} or
   * {@link CloseCode#SUCCESSFUL_WITH_ISSUES} after a successful implementation,
   * {@link CloseCode#FAILED} or {@link CloseCode#BACKED_OUT} after a failed one.
   */
  ChangeRequest close(Actor actor, TicketRef change, CloseCode code, String notes);

  /**
   * Moves the planned window of a change that has not started (by its requester or a change manager):
   * checked like a submission (not in the past, end after start, conflicts), the not-started escalation
   * timer follows (a change escalates once: one whose escalation fired already gets no second one). A
   * scheduled change stays approved.
   */
  ChangeRequest reschedule(Actor actor, TicketRef change, java.time.Instant start, java.time.Instant end);

  /**
   * The conflicts of a change's plan as of now: overlapping changes on the same or directly related
   * CIs, maintenance windows it misses, freeze windows it overlaps, its implementer's other changes.
   * Empty for a change that ended.
   */
  List<Conflict> conflicts(Actor actor, UUID changeId);

  /**
   * Defines a maintenance or freeze window (needs {@link dev.itsm.api.Permission#CHANGE_MANAGE}). A freeze
   * that begins while changes in its scope are being implemented raises an alert
   * ({@code change.freeze-alert}) to the change managers and implementers when it begins.
   */
  ChangeWindow defineWindow(Actor actor, WindowDefinition window);

  /** Removes a window; {@link dev.itsm.api.NotFoundException} if there is none with that id. */
  void removeWindow(Actor actor, UUID windowId);

  /**
   * The change calendar of a period of at most 366 days: the changes planned in it (at most 1000;
   * {@link dev.itsm.api.InvalidValueException} on {@code to} when there are more) and its windows.
   */
  ChangeCalendar calendar(Actor actor, java.time.Instant from, java.time.Instant to);

  /** Cancels a change before its implementation started (by its requester or a change manager). */
  ChangeRequest cancel(Actor actor, TicketRef change, String reason);

  /**
   * Links an incident as caused by a change that was implemented (or is being implemented); needs
   * {@link dev.itsm.api.Permission#INCIDENT_WORK}. Linking the same incident twice is refused.
   */
  void linkCausedIncident(Actor actor, UUID changeId, UUID incidentId);

  /**
   * Ids of the incidents linked as caused by the change, in the order they were linked: only those the
   * actor may read as incidents ({@link dev.itsm.api.Permission#INCIDENT_READ} and the incident
   * visibility of {@link dev.itsm.api.incident.IncidentService#get}); empty for an actor without
   * INCIDENT_READ.
   */
  List<UUID> causedIncidents(Actor actor, UUID changeId);

  /**
   * Ids of the problems the change was requested to fix ({@code ProblemService#requestFix}), in the order
   * they were linked. When such a change fails, is backed out, rejected or cancelled, its problems return to
   * their known error.
   */
  List<UUID> fixedProblems(Actor actor, UUID changeId);

  /**
   * The success rate and the change-caused incident rate of the changes closed in a period of at most
   * 366 days (needs {@link dev.itsm.api.Permission#REPORT_READ}).
   */
  ChangeReport report(Actor actor, java.time.Instant from, java.time.Instant to);

  /** The standard change catalogue, by code. */
  List<ChangeTemplate> templates(Actor actor);
}
