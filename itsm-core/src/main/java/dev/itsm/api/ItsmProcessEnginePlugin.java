package dev.itsm.api;

import org.operaton.bpm.engine.impl.cfg.ProcessEnginePlugin;

/**
 * Attach mode: a host that already builds its own Operaton engine adds this plugin to that engine's
 * configuration and gets the ITSM services on it. The ITSM tables are created (migrated) in the
 * engine's data source; ITSM statements run on the engine's connection inside the engine's
 * transactions, so under a host transaction manager (e.g. Spring's) they join the host transaction.
 *
 * <pre>{@code
 * ItsmProcessEnginePlugin itsmPlugin = ItsmEngine.builder().buildPlugin();
 * hostConfiguration.getProcessEnginePlugins().add(itsmPlugin);
 * ProcessEngine processEngine = hostConfiguration.buildProcessEngine();
 * ItsmEngine itsm = itsmPlugin.itsmEngine();
 * }</pre>
 */
public interface ItsmProcessEnginePlugin extends ProcessEnginePlugin {

  /**
   * The ITSM engine on the host's process engine.
   *
   * @throws IllegalStateException before the host's process engine was built
   */
  ItsmEngine itsmEngine();
}
