package dev.itsm.examples.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Runs before every request: sets the security headers on every response (a strict
 * Content-Security-Policy, no sniffing, no referrer, no framing; {@code Cache-Control: no-store} under
 * {@code /api}) and refuses bodies over {@link SecuritySettings#maxBodyBytes()} with 413 (bodies of
 * unknown length are cut off by Javalin's own limit, also answered with 413).
 */
final class SecurityHeaders implements Handler {
  /** The Content-Security-Policy of every response: only the server's own scripts, no inline ones. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
      + "frame-ancestors 'none'; form-action 'self'";

  private final long maxBodyBytes;

  SecurityHeaders(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    if (ctx.path().equals("/api") || ctx.path().startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    }
    if (ctx.contentLength() > maxBodyBytes) {
      throw ApiProblemException.bodyTooLarge(maxBodyBytes);
    }
  }
}
