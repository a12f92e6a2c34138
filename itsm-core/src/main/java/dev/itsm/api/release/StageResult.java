package dev.itsm.api.release;

import java.time.Instant;

/**
 * A result recorded for a release, oldest first in {@code ReleaseService#results}.
 *
 * @param stage       the stage
 * @param environment its environment, or {@code null} for the build and the tests
 * @param outcome     how it ended
 * @param details     what happened, or {@code null}
 * @param externalRef the pipeline run, or {@code null}
 * @param reportedBy  who reported it (a pipeline's account or a person)
 * @param reportedAt  when
 */
public record StageResult(ReleaseStage stage, String environment, StageOutcome outcome, String details, String externalRef,
                          String reportedBy, Instant reportedAt) {}
