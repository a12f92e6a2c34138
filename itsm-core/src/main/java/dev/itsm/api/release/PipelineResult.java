package dev.itsm.api.release;

/**
 * A result reported for a stage of a release, by an external pipeline (CI/CD) or a person.
 *
 * @param stage       the stage ({@link ReleaseStage#parse} reads a pipeline's name for it)
 * @param environment the environment of a {@link ReleaseStage#perEnvironment() per-environment} stage; {@code null}
 *                    for the build and the tests
 * @param outcome     how it ended
 * @param details     what happened (required for a failure), at most 4000 characters
 * @param externalRef the pipeline's id or URL of the run, at most 500 characters, or {@code null}; a result with an
 *                    external reference already recorded for the same stage and environment is a repeat delivery
 *                    and changes nothing
 */
public record PipelineResult(ReleaseStage stage, String environment, StageOutcome outcome, String details,
                             String externalRef) {

  /** A successful stage. */
  public static PipelineResult succeeded(ReleaseStage stage, String environment, String externalRef) {
    return new PipelineResult(stage, environment, StageOutcome.SUCCEEDED, null, externalRef);
  }

  /** A failed stage and why. */
  public static PipelineResult failed(ReleaseStage stage, String environment, String details, String externalRef) {
    return new PipelineResult(stage, environment, StageOutcome.FAILED, details, externalRef);
  }
}
