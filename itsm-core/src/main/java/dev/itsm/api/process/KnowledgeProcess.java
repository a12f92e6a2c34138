package dev.itsm.api.process;

/**
 * The contract between core and the knowledge article review model ({@code itsm-bpmn} ships
 * {@code knowledge-review.bpmn}). A model that replaces the shipped one must keep every element
 * named here; deployment refuses a model that lacks one ({@code ModelContractException}).
 *
 * <h2>How core drives the model</h2>
 * <ul>
 *   <li>{@code submitForReview} sets the article {@code IN_REVIEW} and starts {@link #PROCESS_KEY}
 *       with business key and {@link #VAR_ARTICLE_ID} = the article id; the model waits at
 *       {@link #TASK_REVIEW}.</li>
 *   <li>{@code review} completes {@link #TASK_REVIEW} with {@link #VAR_DECISION} =
 *       {@link #DECISION_APPROVED} or {@link #DECISION_REJECTED}.</li>
 *   <li>The model moves the article with {@code ${itsmKnowledge.enter(execution, 'STATE')}}
 *       ({@link #BEAN_KNOWLEDGE}): {@code PUBLISHED} after an approval (core then publishes the reviewed
 *       version and records who approved it), {@code DRAFT} after a rejection.</li>
 * </ul>
 */
public final class KnowledgeProcess {

  /** Process definition key. */
  public static final String PROCESS_KEY = "itsm-knowledge-review";

  /** Process variable: the article id. */
  public static final String VAR_ARTICLE_ID = "articleId";
  /** Process variable set by the review: {@link #DECISION_APPROVED} or {@link #DECISION_REJECTED}. */
  public static final String VAR_DECISION = "decision";

  public static final String DECISION_APPROVED = "approved";
  public static final String DECISION_REJECTED = "rejected";

  /** The review of the submitted version. */
  public static final String TASK_REVIEW = "task_review";

  /** Expression bean that moves an article: {@code ${itsmKnowledge.enter(execution, 'PUBLISHED')}}. */
  public static final String BEAN_KNOWLEDGE = "itsmKnowledge";

  private KnowledgeProcess() {}
}
