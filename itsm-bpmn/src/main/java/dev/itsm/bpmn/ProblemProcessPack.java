package dev.itsm.bpmn;

import dev.itsm.api.process.KnowledgeProcess;
import dev.itsm.api.process.ProblemProcess;
import dev.itsm.api.process.ProcessSupport;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.spi.ItsmSetupContext;
import dev.itsm.spi.ModelResource;

/**
 * The shipped problem and knowledge process pack: {@code problem.bpmn}, {@code knowledge-review.bpmn}
 * and the expression beans they call. Found by the service loader like {@link IncidentProcessPack}.
 */
public final class ProblemProcessPack implements ItsmPlugin {
  public static final String PROBLEM_BPMN = IncidentProcessPack.RESOURCE_DIR + "problem.bpmn";
  public static final String KNOWLEDGE_REVIEW_BPMN = IncidentProcessPack.RESOURCE_DIR + "knowledge-review.bpmn";

  @Override
  public void setup(ItsmSetupContext context) {
    context.shippedModel(ModelResource.classpath(ProblemProcess.PROCESS_KEY, PROBLEM_BPMN, ProblemProcessPack.class));
    context.shippedModel(ModelResource.classpath(KnowledgeProcess.PROCESS_KEY, KNOWLEDGE_REVIEW_BPMN,
        ProblemProcessPack.class));
    ProcessSupport support = context.processSupport();
    // registering a bean both packs register again is harmless
    context.expressionBean(dev.itsm.api.process.IncidentProcess.BEAN_STATE, new StateStep(support));
    context.expressionBean(KnowledgeProcess.BEAN_KNOWLEDGE, new KnowledgeSteps(support));
  }
}
