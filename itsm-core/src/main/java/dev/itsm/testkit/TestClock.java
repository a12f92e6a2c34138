package dev.itsm.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it. Given to an engine, it also drives the process
 * engine's clock, so SLA deadlines and timer due dates move together. Thread-safe.
 */
public final class TestClock extends Clock {
  /** A Monday morning, 2026-03-02T08:00:00Z, where new test clocks start. */
  public static final Instant DEFAULT_START = Instant.parse("2026-03-02T08:00:00Z");

  private volatile Instant now;
  private final ZoneId zone;

  public TestClock() {
    this(DEFAULT_START, ZoneOffset.UTC);
  }

  public TestClock(Instant start, ZoneId zone) {
    this.now = Objects.requireNonNull(start, "start");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** Moves the clock forward (or back, with a negative duration); returns the new instant. */
  public synchronized Instant advance(Duration duration) {
    now = now.plus(duration);
    return now;
  }

  /** Sets the clock. */
  public synchronized void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(now, zone);
  }
}
