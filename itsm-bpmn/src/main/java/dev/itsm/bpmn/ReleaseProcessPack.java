package dev.itsm.bpmn;

import dev.itsm.api.process.IncidentProcess;
import dev.itsm.api.process.ProcessSupport;
import dev.itsm.api.process.ReleaseProcess;
import dev.itsm.spi.ItsmPlugin;
import dev.itsm.spi.ItsmSetupContext;
import dev.itsm.spi.ModelResource;

/**
 * The shipped release process pack: {@code release.bpmn} and the expression beans it calls. Found by the service
 * loader like {@link IncidentProcessPack}.
 */
public final class ReleaseProcessPack implements ItsmPlugin {
  public static final String RELEASE_BPMN = IncidentProcessPack.RESOURCE_DIR + "release.bpmn";

  @Override
  public void setup(ItsmSetupContext context) {
    context.shippedModel(ModelResource.classpath(ReleaseProcess.PROCESS_KEY, RELEASE_BPMN, ReleaseProcessPack.class));
    ProcessSupport support = context.processSupport();
    // registering a bean another pack registers too is harmless
    context.expressionBean(IncidentProcess.BEAN_STATE, new StateStep(support));
    context.expressionBean(ReleaseProcess.BEAN_RELEASE, new ReleaseSteps(support));
  }
}
