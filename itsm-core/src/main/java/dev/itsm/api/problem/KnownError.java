package dev.itsm.api.problem;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The known error of a problem: what users see, why, and how to work around it.
 *
 * @param affectedCis             configuration items that show the error
 * @param recordedBy              who recorded it
 * @param workaroundPublishedAt   when the workaround was published to incidents and the knowledge base;
 *                                {@code null} before
 * @param articleId               the knowledge article the known error was published as; {@code null} before
 */
public record KnownError(String symptom, String rootCause, String workaround, List<UUID> affectedCis, String recordedBy,
                         Instant recordedAt, Instant workaroundPublishedAt, UUID articleId) {
  public KnownError {
    affectedCis = List.copyOf(affectedCis);
  }
}
