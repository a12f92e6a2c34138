package dev.itsm.api.incident;

/**
 * How an incident was resolved.
 *
 * @param code one of the resolution codes configured in {@link IncidentSettings} (e.g. {@code FIXED})
 * @param text what was done, shown to the caller; optional
 */
public record Resolution(String code, String text) {

  /** A resolution with a code and explanatory text. */
  public static Resolution of(String code, String text) {
    return new Resolution(code, text);
  }
}
