package dev.itsm.internal.problem;

import static dev.itsm.api.problem.ProblemState.*;

import dev.itsm.api.IllegalTransitionException;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.problem.ProblemState;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.ProblemRow;
import dev.itsm.internal.tx.ItsmSession;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What happens when the problem process moves a problem into a state: the validated change, its audit entry and event. */
final class ProblemLifecycle {
  private static final Map<ProblemState, Set<ProblemState>> ALLOWED = new EnumMap<>(ProblemState.class);

  static {
    ALLOWED.put(NEW, EnumSet.of(ASSESSED, RESOLVED, CANCELLED));
    ALLOWED.put(ASSESSED, EnumSet.of(ROOT_CAUSE_ANALYSIS, RESOLVED, CANCELLED));
    ALLOWED.put(ROOT_CAUSE_ANALYSIS, EnumSet.of(KNOWN_ERROR, RESOLVED, CANCELLED));
    ALLOWED.put(KNOWN_ERROR, EnumSet.of(FIX_IN_PROGRESS, RESOLVED, CANCELLED));
    ALLOWED.put(FIX_IN_PROGRESS, EnumSet.of(KNOWN_ERROR, RESOLVED, CANCELLED));
    ALLOWED.put(RESOLVED, EnumSet.of(CLOSED));
    ALLOWED.put(CLOSED, EnumSet.noneOf(ProblemState.class));
    ALLOWED.put(CANCELLED, EnumSet.noneOf(ProblemState.class));
  }

  private ProblemLifecycle() {}

  static void enter(ItsmSession session, LoadedProblem problem, ProblemState target) {
    ProblemState from = problem.state();
    ProblemRow row = problem.row();
    if (!ALLOWED.get(from).contains(target)) {
      throw new IllegalTransitionException(row.number, from.name(), "Expected the problem process to move " + row.number
          + " from " + from + " to one of " + ALLOWED.get(from) + ", but it moved to " + target);
    }
    Instant now = session.now();
    problem.setState(session, "enter-state", target);
    if (target == RESOLVED && problem.change(session, "enter-state", "resolvedAt", row.resolvedAt, now)) {
      row.resolvedAt = now;
    }
    if (target.isFinal() && problem.change(session, "enter-state", "closedAt", row.closedAt, now)) {
      row.closedAt = now;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", from.name());
    data.put("to", target.name());
    if (target == RESOLVED) {
      data.put("resolution", row.resolution);
    }
    Outbox.event(session, row, EventTypes.PROBLEM_STATE_CHANGED, data);
  }
}
