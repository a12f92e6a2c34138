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
 * unit of work that runs under the cause of a change ({@code change}, its number) which is
 * <ul>
 *   <li>applying its planned CI changes right now (the success of its implementation), or</li>
 *   <li>{@link ChangeState#IMPLEMENTING} and names the item among its affected CIs, and the unit acts
 *       for the change's implementer, a member of its group, or the engine itself.</li>
 * </ul>
 */
public final class ChangeGate implements ChangeControl {
  /** Session local: the number of the change whose planned CI changes this unit applies. */
  static final String APPLYING = ChangeGate.class.getName() + ".applying";

  @Override
  public boolean authorises(String tenantId, Cause cause, UUID ciId, String ciType) {
    if (cause == null || !"change".equals(cause.type())) {
      return false;
    }
    ItsmSession session = ItsmSession.current();
    if (cause.id().equals(session.locals().get(APPLYING))) {
      return true;
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
