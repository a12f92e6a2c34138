package dev.itsm.examples.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error response as RFC 9457 problem details ({@code application/problem+json}), extended with
 * the stable error {@code code} and, for input errors, the offending {@code field}.
 *
 * @param type     URI naming the kind of problem, e.g. {@code https://itsm.dev/problems/illegal-transition}
 * @param title    short summary of the kind of problem
 * @param status   the HTTP status
 * @param detail   what went wrong with this request
 * @param instance the request path
 * @param code     stable code, e.g. {@code itsm.illegal-transition}
 * @param field    the offending input, for input errors; else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String code, String field) {

  /** Media type of problem details. */
  public static final String MEDIA_TYPE = "application/problem+json";
  /** Base of every {@link #type()}. */
  public static final String TYPE_BASE = "https://itsm.dev/problems/";

  /** A problem whose type is derived from its code ({@code itsm.not-found} -> {@code .../problems/not-found}). */
  static Problem of(int status, String title, String code, String detail, String instance, String field) {
    String slug = code.startsWith("itsm.") ? code.substring("itsm.".length()) : code;
    return new Problem(TYPE_BASE + slug, title, status, detail, instance, code, field);
  }
}
