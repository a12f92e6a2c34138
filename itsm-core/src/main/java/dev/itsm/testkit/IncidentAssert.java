package dev.itsm.testkit;

import dev.itsm.api.Priority;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on an {@link IncidentTicket}. */
public final class IncidentAssert extends AbstractObjectAssert<IncidentAssert, IncidentTicket> {

  IncidentAssert(IncidentTicket actual) {
    super(actual, IncidentAssert.class);
  }

  /** The incident is in the state. */
  public IncidentAssert hasState(IncidentState expected) {
    isNotNull();
    if (actual.state() != expected) {
      failWithMessage("Expected incident %s to be in state %s, but it is %s", actual.number(), expected, actual.state());
    }
    return this;
  }

  /** The incident has the priority. */
  public IncidentAssert hasPriority(Priority expected) {
    isNotNull();
    if (actual.priority() != expected) {
      failWithMessage("Expected incident %s to have priority %s, but it has %s", actual.number(), expected, actual.priority());
    }
    return this;
  }

  /** The incident is with the group. */
  public IncidentAssert hasGroup(String expected) {
    isNotNull();
    if (!Objects.equals(actual.groupId(), expected)) {
      failWithMessage("Expected incident %s to be with group %s, but it is with %s", actual.number(), expected, actual.groupId());
    }
    return this;
  }

  /** The incident is assigned to the agent. */
  public IncidentAssert isAssignedTo(String expected) {
    isNotNull();
    if (!Objects.equals(actual.assigneeId(), expected)) {
      failWithMessage("Expected incident %s to be assigned to %s, but it is assigned to %s", actual.number(), expected,
          actual.assigneeId());
    }
    return this;
  }

  /** The snapshot is at the version. */
  public IncidentAssert hasVersion(long expected) {
    isNotNull();
    if (actual.version() != expected) {
      failWithMessage("Expected incident %s at version %s, but it is at %s", actual.number(), expected, actual.version());
    }
    return this;
  }

  /** The number is the prefix, a dash and at least six digits. */
  public IncidentAssert hasNumberWithPrefix(String prefix) {
    isNotNull();
    if (actual.number() == null || !actual.number().matches(java.util.regex.Pattern.quote(prefix) + "-\\d{6,}")) {
      failWithMessage("Expected an incident number like %s-000042, but it is %s", prefix, actual.number());
    }
    return this;
  }
}
