package dev.itsm.testkit;

import dev.itsm.api.sla.SlaState;
import dev.itsm.api.sla.SlaStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on an {@link SlaStatus}. */
public final class SlaStatusAssert extends AbstractObjectAssert<SlaStatusAssert, SlaStatus> {

  SlaStatusAssert(SlaStatus actual) {
    super(actual, SlaStatusAssert.class);
  }

  public SlaStatusAssert hasState(SlaState expected) {
    isNotNull();
    if (actual.state() != expected) {
      failWithMessage("Expected the %s clock to be %s, but it is %s", actual.kind(), expected, actual.state());
    }
    return this;
  }

  public SlaStatusAssert hasDeadline(Instant expected) {
    isNotNull();
    if (!Objects.equals(actual.deadline(), expected)) {
      failWithMessage("Expected the %s clock's deadline %s, but it is %s", actual.kind(), expected, actual.deadline());
    }
    return this;
  }

  public SlaStatusAssert hasTarget(Duration expected) {
    isNotNull();
    if (!Objects.equals(actual.target(), expected)) {
      failWithMessage("Expected the %s clock's target %s, but it is %s", actual.kind(), expected, actual.target());
    }
    return this;
  }

  public SlaStatusAssert hasElapsed(Duration expected) {
    isNotNull();
    if (!Objects.equals(actual.elapsed(), expected)) {
      failWithMessage("Expected %s elapsed on the %s clock, but it is %s", expected, actual.kind(), actual.elapsed());
    }
    return this;
  }

  public SlaStatusAssert hasRemaining(Duration expected) {
    isNotNull();
    if (!Objects.equals(actual.remaining(), expected)) {
      failWithMessage("Expected %s remaining on the %s clock, but it is %s", expected, actual.kind(), actual.remaining());
    }
    return this;
  }

  public SlaStatusAssert hasPausedTotal(Duration expected) {
    isNotNull();
    if (!Objects.equals(actual.pausedTotal(), expected)) {
      failWithMessage("Expected the %s clock paused for %s in all, but it is %s", actual.kind(), expected,
          actual.pausedTotal());
    }
    return this;
  }

  public SlaStatusAssert isWarned() {
    isNotNull();
    if (actual.warnedAt() == null) {
      failWithMessage("Expected a recorded warning on the %s clock, but there is none", actual.kind());
    }
    return this;
  }

  public SlaStatusAssert isNotWarned() {
    isNotNull();
    if (actual.warnedAt() != null) {
      failWithMessage("Expected no warning on the %s clock, but one was recorded at %s", actual.kind(), actual.warnedAt());
    }
    return this;
  }

  public SlaStatusAssert isBreached() {
    isNotNull();
    if (actual.breachedAt() == null) {
      failWithMessage("Expected a recorded breach on the %s clock, but there is none (state %s)", actual.kind(),
          actual.state());
    }
    return this;
  }

  public SlaStatusAssert isNotBreached() {
    isNotNull();
    if (actual.breachedAt() != null) {
      failWithMessage("Expected no breach on the %s clock, but one was recorded at %s", actual.kind(), actual.breachedAt());
    }
    return this;
  }
}
