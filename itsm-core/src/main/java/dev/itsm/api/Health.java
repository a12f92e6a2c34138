package dev.itsm.api;

import java.util.Map;

/**
 * The engine's health, for a host's health endpoint ({@link ItsmEngine#health()}).
 *
 * @param status {@link Status#UP} when the database answers; {@link Status#DEGRADED} when it does
 *               but notifications are dead, a job has no retries left, or the job executor is off
 *               while jobs are due;
 *               {@link Status#DOWN} when the database does not answer
 * @param checks one entry per check, with its figures: {@code database} (round-trip milliseconds or
 *               the error), {@code jobExecutor} ({@code active}, {@code dueJobs}, {@code failedJobs}), {@code outbox}
 *               ({@code pending}, {@code dead}, {@code lagSeconds})
 */
public record Health(Status status, Map<String, Map<String, Object>> checks) {

  /** Overall state. */
  public enum Status { UP, DEGRADED, DOWN }
}
