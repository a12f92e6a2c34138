package dev.itsm.internal.engine;

import java.time.Clock;
import org.joda.time.DateTimeUtils;

/**
 * Drives the process engine's clock from the injected {@link Clock}. Operaton reads time through a
 * JVM-global clock ({@code ClockUtil}); when the ITSM engine is given a clock other than the system
 * clock, that global clock is pointed at it, so SLA deadlines and timer due dates come from one source.
 */
final class EngineClock {
  private EngineClock() {}

  static boolean isSystem(Clock clock) {
    return clock.getClass().getName().startsWith("java.time.Clock$SystemClock");
  }

  static void install(Clock clock) {
    DateTimeUtils.setCurrentMillisProvider(clock::millis);
  }

  static void reset() {
    DateTimeUtils.setCurrentMillisSystem();
  }
}
