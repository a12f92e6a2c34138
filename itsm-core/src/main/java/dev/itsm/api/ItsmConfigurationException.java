package dev.itsm.api;

/**
 * The engine, a plugin or a process model is configured wrongly. Thrown while the engine is built
 * or a model is deployed, and when an operation needs something the configuration lacks.
 */
public class ItsmConfigurationException extends ItsmException {
  public ItsmConfigurationException(String message) {
    super(ErrorCode.CONFIGURATION, message);
  }

  public ItsmConfigurationException(String message, Throwable cause) {
    super(ErrorCode.CONFIGURATION, message, cause);
  }
}
