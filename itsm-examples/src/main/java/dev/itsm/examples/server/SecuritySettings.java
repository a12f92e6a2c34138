package dev.itsm.examples.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How the example server protects its API: session cookies, login throttling and request limits.
 * {@link #defaults()} is what {@code main} uses; tests shorten or tighten single values with the
 * {@code with...} methods.
 *
 * @param secureCookies      whether the session cookie is {@code Secure} (sent over HTTPS only; browsers
 *                           also send it to {@code http://localhost} and {@code http://127.0.0.1}); default on
 * @param sessionIdleTimeout a session ends after this long without a request; default 30 minutes
 * @param sessionLifetime    a session ends this long after the login in any case; default 12 hours
 * @param failuresPerUser    failed logins of one user id within {@code failureWindow} before further attempts
 *                           are refused with 429; default 5
 * @param failuresPerAddress failed logins from one client address within {@code failureWindow} before further
 *                           attempts are refused with 429; default 50
 * @param failureWindow      how long a failed login counts; default 15 minutes
 * @param maxBodyBytes       largest request body accepted (larger ones get 413); default 1 MiB
 */
public record SecuritySettings(boolean secureCookies, Duration sessionIdleTimeout, Duration sessionLifetime,
                               int failuresPerUser, int failuresPerAddress, Duration failureWindow, long maxBodyBytes) {

  /** One mebibyte, the default {@link #maxBodyBytes()}. */
  public static final long ONE_MIB = 1024L * 1024L;

  public SecuritySettings {
    Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
    Objects.requireNonNull(sessionLifetime, "sessionLifetime");
    Objects.requireNonNull(failureWindow, "failureWindow");
    if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero() || sessionLifetime.compareTo(sessionIdleTimeout) < 0) {
      throw new IllegalArgumentException("Expected a positive idle timeout no longer than the session lifetime, but got "
          + sessionIdleTimeout + " and " + sessionLifetime);
    }
    if (failuresPerUser < 1 || failuresPerAddress < 1 || failureWindow.isNegative() || failureWindow.isZero()) {
      throw new IllegalArgumentException("Expected at least one allowed failure per user and address in a positive window, but got "
          + failuresPerUser + ", " + failuresPerAddress + " in " + failureWindow);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("Expected a positive body limit, but got " + maxBodyBytes);
    }
  }

  /** Secure cookies, 30 minutes idle, 12 hours at most, 5 failures per user and 50 per address in 15 minutes, 1 MiB bodies. */
  public static SecuritySettings defaults() {
    return new SecuritySettings(true, Duration.ofMinutes(30), Duration.ofHours(12), 5, 50, Duration.ofMinutes(15), ONE_MIB);
  }

  /** With the session cookie {@code Secure} or not. */
  public SecuritySettings withSecureCookies(boolean secure) {
    return new SecuritySettings(secure, sessionIdleTimeout, sessionLifetime, failuresPerUser, failuresPerAddress, failureWindow,
        maxBodyBytes);
  }

  /** With other failure limits. */
  public SecuritySettings withFailureLimits(int perUser, int perAddress, Duration window) {
    return new SecuritySettings(secureCookies, sessionIdleTimeout, sessionLifetime, perUser, perAddress, window, maxBodyBytes);
  }
}
