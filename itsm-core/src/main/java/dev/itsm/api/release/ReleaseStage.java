package dev.itsm.api.release;

import dev.itsm.api.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;

/** The stages a result is reported for ({@link PipelineResult}). */
public enum ReleaseStage {
  /** The build; no environment. */
  BUILD,
  /** The tests of the build; no environment. */
  TEST,
  /** The deployment to an environment. */
  DEPLOY,
  /** The verification of an environment's deployment. */
  VERIFY,
  /** The rollback of an environment. */
  ROLLBACK;

  /** Whether results of this stage name their environment. */
  public boolean perEnvironment() {
    return this != BUILD && this != TEST;
  }

  /**
   * The stage named by a pipeline, case-insensitive ({@code "deploy"}).
   *
   * @throws InvalidValueException on {@code stage} when the name is missing or no stage has it
   */
  public static ReleaseStage parse(String name) {
    if (name != null) {
      for (ReleaseStage stage : values()) {
        if (stage.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
          return stage;
        }
      }
    }
    throw new InvalidValueException("stage", "Expected a release stage " + Arrays.toString(values()) + ", but it is "
        + (name == null ? "missing" : "'" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'"));
  }
}
