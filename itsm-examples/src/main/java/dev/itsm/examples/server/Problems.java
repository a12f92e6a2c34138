package dev.itsm.examples.server;

import dev.itsm.api.ErrorCode;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.ItsmException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure of a request into problem details: the library's typed exceptions by their
 * {@link ErrorCode}, missing credentials into 401, the server's own refusals ({@link ApiProblemException}:
 * CSRF, throttling, body size) into theirs, Javalin's own (unknown route) into their status,
 * and anything else into a logged 500 whose response reveals nothing of the cause.
 */
final class Problems {
  static final String UNAUTHENTICATED = "itsm.unauthenticated";
  static final String INTERNAL_ERROR = "itsm.internal-error";
  static final String HTTP_ERROR = "itsm.http-error";

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private final JsonCodec json;
  private final long maxBodyBytes;

  Problems(JsonCodec json) {
    this(json, SecuritySettings.ONE_MIB);
  }

  Problems(JsonCodec json, long maxBodyBytes) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Registers the exception handlers. */
  void register(RoutesConfig routes) {
    routes.exception(ItsmException.class, (e, ctx) -> library(e, ctx));
    routes.exception(UnauthenticatedException.class, (e, ctx) -> {
      challenge(ctx);
      write(ctx, Problem.of(401, "Unauthenticated", UNAUTHENTICATED, e.getMessage(), ctx.path(), null));
    });
    routes.exception(ApiProblemException.class, (e, ctx) -> {
      if (e.status() == 401) {
        challenge(ctx);
      }
      if (e.retryAfterSeconds() > 0) {
        ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      write(ctx, Problem.of(e.status(), e.title(), e.code(), e.getMessage(), ctx.path(), e.field()));
    });
    routes.exception(HttpResponseException.class, (e, ctx) -> http(e, ctx));
    routes.exception(Exception.class, (e, ctx) -> unexpected(e, ctx));
  }

  /**
   * Asks for Basic credentials, except from the web console (requests with {@code X-Requested-With}),
   * so that browsers do not show their own login dialog.
   */
  private static void challenge(Context ctx) {
    if (ctx.header("X-Requested-With") == null) {
      ctx.header("WWW-Authenticate", BasicAuthenticator.CHALLENGE);
    }
  }

  /** The HTTP status of a library error code. */
  static int status(ErrorCode code) {
    return switch (code) {
      case INVALID_INPUT -> 400;
      case INVALID_VALUE -> 422;
      case NOT_FOUND -> 404;
      case ILLEGAL_TRANSITION, CONFLICT, CHANGE_CONTROLLED, CHANGE_CONFLICT -> 409;
      case ACCESS_DENIED -> 403;
      case CONFIGURATION -> 500;
    };
  }

  private void library(ItsmException e, Context ctx) {
    ErrorCode code = e.errorCode();
    if (code == ErrorCode.CONFIGURATION) {
      LOG.error("Configuration error on {} {}", ctx.method(), ctx.path(), e);
      write(ctx, Problem.of(500, "Configuration error", code.code(),
          "The server is configured wrongly; its log has the details", ctx.path(), null));
      return;
    }
    String field = e instanceof InvalidInputException input ? input.field() : null;
    write(ctx, Problem.of(status(code), title(code), code.code(), e.getMessage(), ctx.path(), field));
  }

  private void http(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    if (status == 404) {
      write(ctx, Problem.of(404, title(ErrorCode.NOT_FOUND), ErrorCode.NOT_FOUND.code(),
          "Expected a resource at " + ctx.method() + " " + ctx.path() + ", but there is none", ctx.path(), null));
      return;
    }
    if (status == 413) {
      ApiProblemException tooLarge = ApiProblemException.bodyTooLarge(maxBodyBytes);
      write(ctx, Problem.of(413, tooLarge.title(), tooLarge.code(), tooLarge.getMessage(), ctx.path(), tooLarge.field()));
      return;
    }
    HttpStatus known = HttpStatus.forStatus(status);
    write(ctx, Problem.of(status, known.getMessage(), HTTP_ERROR, e.getMessage(), ctx.path(), null));
  }

  private void unexpected(Exception e, Context ctx) {
    LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
    write(ctx, Problem.of(500, "Internal server error", INTERNAL_ERROR,
        "The server failed to handle the request; its log has the details", ctx.path(), null));
  }

  private void write(Context ctx, Problem problem) {
    ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(json.write(problem));
  }

  private static String title(ErrorCode code) {
    return switch (code) {
      case INVALID_INPUT -> "Invalid input";
      case INVALID_VALUE -> "Invalid value";
      case NOT_FOUND -> "Not found";
      case ILLEGAL_TRANSITION -> "Illegal transition";
      case CONFLICT -> "Conflict";
      case CHANGE_CONTROLLED -> "Change controlled";
      case CHANGE_CONFLICT -> "Change conflict";
      case ACCESS_DENIED -> "Access denied";
      case CONFIGURATION -> "Configuration error";
    };
  }
}
