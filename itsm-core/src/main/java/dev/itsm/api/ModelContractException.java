package dev.itsm.api;

import java.util.List;

/**
 * A process or decision model does not implement its contract: an element that core relies on
 * (a user task, message, timer, state step, decision input or output) is missing. Thrown when such
 * a model is deployed; the message lists every missing element.
 */
public class ModelContractException extends ItsmConfigurationException {
  private final String modelKey;
  private final List<String> missing;

  public ModelContractException(String modelKey, String resourceName, List<String> missing) {
    super("Expected model '" + resourceName + "' for key '" + modelKey
        + "' to implement its contract, but it lacks: " + String.join("; ", missing));
    this.modelKey = modelKey;
    this.missing = List.copyOf(missing);
  }

  /** Key of the process or decision whose model is incomplete. */
  public String modelKey() {
    return modelKey;
  }

  /** One description per missing contract element. */
  public List<String> missing() {
    return missing;
  }
}
