package dev.itsm.internal.change;

import dev.itsm.api.Actor;
import dev.itsm.api.Cause;
import dev.itsm.api.Roles;
import dev.itsm.api.change.ChangeState;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.persistence.ChangeRow;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.spi.ChangeControl;
import java.util.UUID;

/**
 * The engine's default {@link ChangeControl}: an item of a change-controlled type changes only in a
 * unit of work that runs under the cause of
 * <ul>
 *   <li>a change ({@code change}, its number) applying its planned CI changes right now (the success of its
 *       implementation), or</li>
 *   <li>a release ({@code release}, its number) setting or restoring the version of the CIs it deploys to, or</li>
 *   <li>a change {@link ChangeState#IMPLEMENTING} that names the item among its affected CIs, when the unit acts
 *       for the change's implementer, a member of its group, or the engine itself.</li>
 * </ul>
 */
public final class ChangeGate implements ChangeControl {
  /** Session local: the number of the change whose planned CI changes this unit applies. */
  static final String APPLYING = ChangeGate.class.getName() + ".applying";

  /**
   * Runs {@code work} under {@code cause} (a change applying its planned CI changes, a release setting its
   * version on the CIs it deployed): the gate lets the CIs it changes through.
   */
  public static void applying(ItsmSession session, Cause cause, Runnable work) {
    Object before = session.locals().put(APPLYING, cause.type() + ":" + cause.id());
    Cause outer = session.causedBy(cause);
    try {
      work.run();
    } finally {
      session.causedBy(outer);
      if (before == null) {
        session.locals().remove(APPLYING);
      } else {
        session.locals().put(APPLYING, before);
      }
    }
  }

  @Override
  public boolean authorises(String tenantId, Cause cause, UUID ciId, String ciType) {
    if (cause == null) {
      return false;
    }
    ItsmSession session = ItsmSession.current();
    if ((cause.type() + ":" + cause.id()).equals(session.locals().get(APPLYING))) {
      return true;   // a change applying its planned CI changes, a release its version
    }
    if (!"change".equals(cause.type())) {
      return false;
    }
    session.flush();   // a change this unit moved to IMPLEMENTING counts
    ChangeMapper mapper = session.mapper(ChangeMapper.class);
    ChangeRow change = mapper.selectGateRow(tenantId, cause.id());
    if (change == null || !ChangeState.IMPLEMENTING.name().equals(change.state)) {
      return false;
    }
    Actor actor = session.actor();
    boolean implementing = actor.hasRole(Roles.SYSTEM) || actor.id().equals(change.implementerId)
        || (change.groupId != null && actor.groups().contains(change.groupId));
    return implementing && mapper.countNamedCi(tenantId, cause.id(), ciId) > 0;
  }
}
