package dev.itsm.internal.model;

import dev.itsm.api.ItsmConfigurationException;
import dev.itsm.api.ModelContractException;
import dev.itsm.spi.ModelResource;
import java.io.ByteArrayInputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.repository.DecisionDefinition;
import org.operaton.bpm.engine.repository.Deployment;
import org.operaton.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys models: a host's override of a key always, checked against its contract; the shipped
 * model of a key only if the newest deployed version of that key is not a host's (so an override
 * survives restarts and library upgrades). Unchanged models are not deployed again. Running
 * instances stay on the version they started with.
 */
public final class ModelDeployer {
  /** Deployment source of the models the library ships. */
  public static final String SOURCE_LIBRARY = "itsm-library";
  /** Deployment source of models a host registered as overrides. */
  public static final String SOURCE_HOST = "itsm-host";
  private static final Logger LOG = LoggerFactory.getLogger(ModelDeployer.class);

  private ModelDeployer() {}

  public static void deploy(ProcessEngine engine, Collection<ModelResource> shipped, Map<String, ModelResource> overrides) {
    RepositoryService repository = engine.getRepositoryService();
    for (ModelResource override : overrides.values()) {
      requireContract(override);
      deploy(repository, override, "itsm-override:" + override.key(), SOURCE_HOST);
    }
    for (ModelResource model : shipped) {
      if (overrides.containsKey(model.key())) {
        continue;
      }
      String source = latestSource(repository, model);
      if (SOURCE_HOST.equals(source)) {
        LOG.info("Model {} is overridden by the host; the shipped version is not deployed", model.key());
        continue;
      }
      requireContract(model);
      deploy(repository, model, "itsm-library:" + model.key(), SOURCE_LIBRARY);
    }
    for (String key : ModelContracts.REQUIRED_KEYS) {
      boolean deployed = repository.createProcessDefinitionQuery().processDefinitionKey(key).count() > 0
          || repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).count() > 0;
      if (!deployed) {
        throw new ItsmConfigurationException("Expected a deployed model for '" + key
            + "', but there is none; add itsm-bpmn to the class path or register a model through a plugin");
      }
    }
  }

  private static void requireContract(ModelResource model) {
    List<String> missing = ModelContracts.missing(model);
    if (!missing.isEmpty()) {
      throw new ModelContractException(model.key(), model.resourceName(), missing);
    }
  }

  private static void deploy(RepositoryService repository, ModelResource model, String name, String source) {
    try {
      repository.createDeployment().name(name).source(source).enableDuplicateFiltering(false)
          .addInputStream(model.resourceName(), new ByteArrayInputStream(model.content())).deploy();
    } catch (RuntimeException e) {
      throw new ItsmConfigurationException("Expected to deploy model " + model.resourceName() + " for '" + model.key()
          + "', but the engine refused it: " + e.getMessage(), e);
    }
  }

  private static String latestSource(RepositoryService repository, ModelResource model) {
    String deploymentId;
    if (model.isProcess()) {
      ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey(model.key())
          .latestVersion().singleResult();
      deploymentId = latest == null ? null : latest.getDeploymentId();
    } else {
      DecisionDefinition latest = repository.createDecisionDefinitionQuery().decisionDefinitionKey(model.key())
          .latestVersion().singleResult();
      deploymentId = latest == null ? null : latest.getDeploymentId();
    }
    if (deploymentId == null) {
      return null;
    }
    Deployment deployment = repository.createDeploymentQuery().deploymentId(deploymentId).singleResult();
    return deployment == null ? null : deployment.getSource();
  }
}
