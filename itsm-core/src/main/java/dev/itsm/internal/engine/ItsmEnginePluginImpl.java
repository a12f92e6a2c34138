package dev.itsm.internal.engine;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.ItsmProcessEnginePlugin;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** The Operaton plugin that builds the ITSM engine on a process engine (standalone or a host's). */
final class ItsmEnginePluginImpl implements ItsmProcessEnginePlugin {
  private final ItsmRuntime runtime;
  private final boolean ownsProcessEngine;
  private final Runnable onClose;
  private volatile DefaultItsmEngine engine;

  ItsmEnginePluginImpl(EngineSettings settings, boolean ownsProcessEngine, Runnable onClose) {
    this.runtime = new ItsmRuntime(settings);
    this.ownsProcessEngine = ownsProcessEngine;
    this.onClose = onClose;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    runtime.preInit(configuration);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    runtime.postInit(configuration);
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    try {
      runtime.start(processEngine);
    } catch (RuntimeException e) {
      runtime.stop();
      if (ownsProcessEngine) {
        processEngine.close();
      }
      throw e;
    }
    engine = new DefaultItsmEngine(runtime, ownsProcessEngine, onClose);
  }

  @Override
  public ItsmEngine itsmEngine() {
    if (engine == null) {
      throw new IllegalStateException("the process engine this plugin belongs to is not built yet");
    }
    return engine;
  }
}
