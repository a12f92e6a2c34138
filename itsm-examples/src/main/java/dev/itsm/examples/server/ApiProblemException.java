package dev.itsm.examples.server;

/**
 * A request refused by the server itself (not the library), answered with problem details of the
 * status and stable code, e.g. 403 {@code itsm.csrf-token-invalid} or 429 {@code itsm.too-many-attempts}.
 */
final class ApiProblemException extends RuntimeException {
  static final String INVALID_CREDENTIALS = "itsm.invalid-credentials";
  static final String TOO_MANY_ATTEMPTS = "itsm.too-many-attempts";
  static final String CSRF_TOKEN_INVALID = "itsm.csrf-token-invalid";
  static final String BODY_TOO_LARGE = "itsm.body-too-large";

  private final int status;
  private final String title;
  private final String code;
  private final String field;
  private long retryAfterSeconds;

  ApiProblemException(int status, String title, String code, String detail, String field) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.code = code;
    this.field = field;
  }

  /** 401: wrong user id or password at login. */
  static ApiProblemException invalidCredentials() {
    return new ApiProblemException(401, "Invalid credentials", INVALID_CREDENTIALS,
        "Expected a known user and their password, but the credentials do not match", null);
  }

  /** 429: too many failed logins. */
  static ApiProblemException tooManyAttempts(long retryAfterSeconds) {
    ApiProblemException e = new ApiProblemException(429, "Too many attempts", TOO_MANY_ATTEMPTS,
        "Expected fewer failed logins, but there were too many for this user or address; try again in " + retryAfterSeconds
            + " seconds", null);
    e.retryAfterSeconds = retryAfterSeconds;
    return e;
  }

  /** 403: a cookie-authenticated change without the session's CSRF token. */
  static ApiProblemException csrfTokenInvalid(boolean missing) {
    return new ApiProblemException(403, "CSRF token invalid", CSRF_TOKEN_INVALID,
        missing ? "Expected the session's CSRF token in the X-CSRF-Token header, but there is none"
            : "Expected the session's CSRF token in the X-CSRF-Token header, but it does not match", "X-CSRF-Token");
  }

  /** 413: a body over the limit. */
  static ApiProblemException bodyTooLarge(long limit) {
    return new ApiProblemException(413, "Content too large", BODY_TOO_LARGE,
        "Expected a request body of at most " + limit + " bytes, but it is larger", "body");
  }

  /** Seconds a client should wait before trying again (the {@code Retry-After} header), or 0. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }
}
