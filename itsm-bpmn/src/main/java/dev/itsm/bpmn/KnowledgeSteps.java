package dev.itsm.bpmn;

import dev.itsm.api.process.KnowledgeProcess;
import dev.itsm.api.process.ProcessSupport;
import org.operaton.bpm.engine.delegate.DelegateExecution;

/**
 * Bean {@code itsmKnowledge}: the step through which the review model moves an article,
 * {@code ${itsmKnowledge.enter(execution, 'PUBLISHED')}}.
 */
public final class KnowledgeSteps {
  private final ProcessSupport support;

  KnowledgeSteps(ProcessSupport support) {
    this.support = support;
  }

  /** Moves the execution's article out of review into the state ({@code PUBLISHED} or {@code DRAFT}). */
  public void enter(DelegateExecution execution, String state) {
    Object id = execution.getVariable(KnowledgeProcess.VAR_ARTICLE_ID);
    support.enterArticleState(id == null ? null : id.toString(), state);
  }
}
