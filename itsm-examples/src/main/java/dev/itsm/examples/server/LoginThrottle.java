package dev.itsm.examples.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts failed logins (session logins and wrong Basic credentials) per user id and per client
 * address within {@link SecuritySettings#failureWindow()}; at the limit, further attempts are refused
 * with 429 {@code itsm.too-many-attempts} before any password is checked, until the oldest failure
 * leaves the window. Kept in memory: a restart forgets the failures.
 */
final class LoginThrottle {
  private final Clock clock;
  private final SecuritySettings settings;
  private final Cache<String, Deque<Instant>> failures = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofDays(1)).maximumSize(100_000).build();

  LoginThrottle(Clock clock, SecuritySettings settings) {
    this.clock = clock;
    this.settings = settings;
  }

  /** Refuses the attempt with 429 when the user or the address has failed too often lately. */
  void check(String userId, String address) {
    Instant now = clock.instant();
    long userWait = wait("user:" + userId, settings.failuresPerUser(), now);
    long addressWait = wait("address:" + address, settings.failuresPerAddress(), now);
    long longest = Math.max(userWait, addressWait);
    if (longest > 0) {
      throw ApiProblemException.tooManyAttempts(longest);
    }
  }

  /** Counts a failed attempt against the user and the address. */
  void failed(String userId, String address) {
    Instant now = clock.instant();
    record("user:" + userId, now);
    record("address:" + address, now);
  }

  /** Forgets the user's failures after a successful login (the address keeps its count). */
  void succeeded(String userId) {
    failures.invalidate("user:" + userId);
  }

  private long wait(String key, int limit, Instant now) {
    Deque<Instant> times = failures.getIfPresent(key);
    if (times == null) {
      return 0;
    }
    synchronized (times) {
      prune(times, now);
      if (times.size() < limit) {
        return 0;
      }
      Instant free = times.peekFirst().plus(settings.failureWindow());
      return Math.max(1, Duration.between(now, free).toSeconds());
    }
  }

  private void record(String key, Instant now) {
    Deque<Instant> times = failures.get(key, k -> new ArrayDeque<>());
    synchronized (times) {
      prune(times, now);
      times.addLast(now);
      while (times.size() > 1000) {
        times.removeFirst();
      }
    }
  }

  private void prune(Deque<Instant> times, Instant now) {
    Instant oldest = now.minus(settings.failureWindow());
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
      times.removeFirst();
    }
  }
}
