package dev.itsm.internal.tx;

import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.ItsmException;
import java.sql.SQLException;
import java.util.Set;
import org.operaton.bpm.engine.OptimisticLockingException;

/** Translates what escapes an engine command into the typed exceptions of the API. */
public final class Errors {
  /** SQL states that mean "someone else changed it first": serialization failure, deadlock, lock timeout. */
  private static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01", "55P03", "HYT00");
  /** H2 error codes: concurrent update (90131), deadlock (40001), lock timeout (50200). */
  private static final Set<Integer> H2_CONFLICT_CODES = Set.of(90131, 40001, 50200);

  private Errors() {}

  public static RuntimeException translate(RuntimeException e) {
    if (e instanceof ItsmException) {
      return e;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RollbackOnlyException rollbackOnly) {
        return rollbackOnly;
      }
      if (t instanceof ItsmException itsm) {
        return itsm;
      }
      if (t instanceof OptimisticLockingException) {
        return new ConcurrentUpdateException(
            "Expected to commit the operation, but another transaction changed the same process state first; reload and retry", e);
      }
      if (t instanceof SQLException sql && isConflict(sql)) {
        return new ConcurrentUpdateException(
            "Expected to commit the operation, but another transaction changed the same rows first; reload and retry", e);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return e;
  }

  private static boolean isConflict(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (s.getSQLState() != null && CONFLICT_STATES.contains(s.getSQLState())) {
        return true;
      }
      if (H2_CONFLICT_CODES.contains(s.getErrorCode()) && s.getClass().getName().startsWith("org.h2")) {
        return true;
      }
    }
    return false;
  }
}
