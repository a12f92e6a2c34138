package dev.itsm.api.process;

import java.util.Date;

/**
 * What process models may ask of core. The delegates of the shipped process pack call these, and
 * so may a host's own delegates in an extended model. Each call joins the transaction of the
 * process step that makes it and acts as the system actor.
 *
 * <p>Obtain it in a plugin with {@code ItsmSetupContext#processSupport()}.
 */
public interface ProcessSupport {

  /**
   * Moves the ticket into a state (the one state-changing step of the models). Validates the
   * transition, records the audit entry, starts/pauses/stops SLA clocks and emits the event.
   *
   * @param ticketId the {@code ticketId} process variable
   * @param state    name of a state of the ticket's type, e.g. {@code ASSIGNED}
   */
  void enterState(String ticketId, String state);

  /**
   * The due date of a timer of the ticket's process, computed from the ticket as of now; see the
   * {@code TIMER_} constants of {@link IncidentProcess} and {@link ChangeProcess}.
   */
  Date dueDate(String ticketId, String timerId);

  /** The assigned agent did not acknowledge in time: notifies the group's managers. */
  void acceptanceOverdue(String ticketId);

  /**
   * The voters of a change's board, {@code CAB} or {@code ECAB}: the directory members of its group
   * without the change's requester and implementer. Fails with a configuration error when none is left
   * (or fewer than a quorum rule needs), which rolls the step back.
   */
  java.util.List<String> approvers(String ticketId, String board);

  /** A scheduled change did not start by the end of its planned window: notifies the change managers. */
  void changeNotStarted(String ticketId);

  /**
   * Moves a knowledge article out of review ({@link KnowledgeProcess}): {@code PUBLISHED} publishes the
   * reviewed version with its reviewer as approver, {@code DRAFT} sends it back to its author.
   *
   * @param articleId the {@code articleId} process variable
   */
  void enterArticleState(String articleId, String state);

  /**
   * The environments of a release ({@link ReleaseProcess}) in deployment order, or, with {@code rollback}, the
   * environments deployed so far (the one that failed its verification included), last first.
   */
  java.util.List<String> releaseEnvironments(String ticketId, boolean rollback);

  /** Whether the deployment window of the release's environment has opened. */
  boolean releaseWindowOpen(String ticketId, String environment);

  /**
   * The due date of a timer of the release process ({@code TIMER_} constants of {@link ReleaseProcess});
   * {@code environment} is the environment of the deployment or rollback the timer belongs to, else {@code null}.
   */
  Date releaseDueDate(String ticketId, String timerId, String environment);

  /** The deployment of the release to the environment begins (its window opened). */
  void releaseDeploymentStarts(String ticketId, String environment);

  /** A pipeline stage of the release is overdue: escalates to the release managers. */
  void releaseOverdue(String ticketId, String timerId, String environment);
}
