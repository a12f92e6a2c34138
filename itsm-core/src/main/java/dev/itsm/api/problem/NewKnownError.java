package dev.itsm.api.problem;

import java.util.List;
import java.util.UUID;

/**
 * A known error to record on a problem in root-cause analysis.
 *
 * @param symptom     what users experience; required, at most 4000 characters
 * @param rootCause   why; required, at most 4000 characters
 * @param workaround  how to restore service until the fix; required, at most 4000 characters
 * @param affectedCis items that show the error (live CIs of the tenant); the problem's own when empty
 */
public record NewKnownError(String symptom, String rootCause, String workaround, List<UUID> affectedCis) {
  public NewKnownError {
    affectedCis = affectedCis == null ? List.of() : List.copyOf(affectedCis);
  }

  /** A known error on the problem's own CIs. */
  public static NewKnownError of(String symptom, String rootCause, String workaround) {
    return new NewKnownError(symptom, rootCause, workaround, List.of());
  }
}
