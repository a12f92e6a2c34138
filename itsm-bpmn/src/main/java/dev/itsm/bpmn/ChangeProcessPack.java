package dev.itsm.bpmn;

import static dev.itsm.api.process.ChangeProcess.*;

import dev.itsm.api.process.IncidentProcess;
import dev.itsm.api.process.ProcessSupport;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.spi.ItsmSetupContext;
import dev.itsm.spi.ModelResource;

/**
 * The shipped change process pack: {@code change.bpmn}, {@code change-risk.dmn} and the expression
 * beans they call. Found by the service loader like {@link IncidentProcessPack}.
 */
public final class ChangeProcessPack implements ItsmPlugin {
  public static final String CHANGE_BPMN = IncidentProcessPack.RESOURCE_DIR + "change.bpmn";
  public static final String RISK_DMN = IncidentProcessPack.RESOURCE_DIR + "change-risk.dmn";

  @Override
  public void setup(ItsmSetupContext context) {
    context.shippedModel(ModelResource.classpath(PROCESS_KEY, CHANGE_BPMN, ChangeProcessPack.class));
    context.shippedModel(ModelResource.classpath(RISK_DECISION, RISK_DMN, ChangeProcessPack.class));
    ProcessSupport support = context.processSupport();
    // the beans both models call; registering them again is harmless
    context.expressionBean(IncidentProcess.BEAN_STATE, new StateStep(support));
    context.expressionBean(IncidentProcess.BEAN_DEADLINES, new TimerDeadlines(support));
    context.expressionBean(IncidentProcess.BEAN_ESCALATION, new Escalations(support));
    context.expressionBean(BEAN_APPROVALS, new ApprovalBoards(support));
  }
}
