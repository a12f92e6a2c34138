package dev.itsm.bpmn;

import static dev.itsm.api.process.IncidentProcess.*;

import dev.itsm.api.process.ProcessSupport;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.spi.ItsmSetupContext;
import dev.itsm.spi.ModelResource;

/**
 * The shipped incident process pack: {@code incident.bpmn}, {@code incident-priority.dmn},
 * {@code incident-routing.dmn} and the expression beans they call. Found by the service loader, so
 * adding {@code itsm-bpmn} to the class path is all a host does to get it.
 */
public final class IncidentProcessPack implements ItsmPlugin {
  /** Class path location of the shipped models. */
  public static final String RESOURCE_DIR = "dev/itsm/bpmn/";
  public static final String INCIDENT_BPMN = RESOURCE_DIR + "incident.bpmn";
  public static final String PRIORITY_DMN = RESOURCE_DIR + "incident-priority.dmn";
  public static final String ROUTING_DMN = RESOURCE_DIR + "incident-routing.dmn";

  @Override
  public void setup(ItsmSetupContext context) {
    context.shippedModel(ModelResource.classpath(PROCESS_KEY, INCIDENT_BPMN, IncidentProcessPack.class));
    context.shippedModel(ModelResource.classpath(PRIORITY_DECISION, PRIORITY_DMN, IncidentProcessPack.class));
    context.shippedModel(ModelResource.classpath(ROUTING_DECISION, ROUTING_DMN, IncidentProcessPack.class));
    ProcessSupport support = context.processSupport();
    context.expressionBean(BEAN_STATE, new StateStep(support));
    context.expressionBean(BEAN_DEADLINES, new TimerDeadlines(support));
    context.expressionBean(BEAN_ESCALATION, new Escalations(support));
  }

  /** The ticket id a process instance belongs to. */
  static String ticketId(org.operaton.bpm.engine.delegate.DelegateExecution execution) {
    Object id = execution.getVariable(VAR_TICKET_ID);
    return id == null ? null : id.toString();
  }
}
