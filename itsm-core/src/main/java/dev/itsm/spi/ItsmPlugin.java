package dev.itsm.spi;

/**
 * The one registration point of the engine (like Jackson's {@code Module#setupModule}). A plugin adds
 * notification senders, event listeners, a directory, custom fields, process models and expression
 * beans through the {@link ItsmSetupContext} it is given once, while the engine is built.
 *
 * <p>Plugins come from {@code ItsmEngineBuilder#plugin} and from {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.itsm.spi.ItsmPlugin}); the shipped process pack
 * ({@code itsm-bpmn}) is found the second way. Discovered plugins run first, then the given ones in
 * the order given.
 */
@FunctionalInterface
public interface ItsmPlugin {

  /** Registers this plugin's contributions. Called once per engine, before the engine starts. */
  void setup(ItsmSetupContext context);
}
