package dev.itsm.api.change;

/**
 * How the votes of a board decide. A {@link Vote#REQUEST_INFO} by any member sends the change back
 * to its requester at once; otherwise:
 * <ul>
 *   <li>{@link Kind#ALL}: approved when every member approved, rejected by the first rejection;</li>
 *   <li>{@link Kind#MAJORITY}: approved when more than half approved, rejected once that cannot
 *       happen;</li>
 *   <li>{@link Kind#QUORUM}: approved when {@link #quorum()} members approved, rejected once too few
 *       are left to reach it.</li>
 * </ul>
 * The members are the directory members of the board's group, without the change's requester and
 * implementer (segregation of duties).
 *
 * @param kind   the rule
 * @param quorum the approvals needed for {@link Kind#QUORUM} (at least 1); 0 for the others
 */
public record CabRule(Kind kind, int quorum) {

  /** The rules. */
  public enum Kind { ALL, MAJORITY, QUORUM }

  public CabRule {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (kind == Kind.QUORUM ? quorum < 1 : quorum != 0) {
      throw new IllegalArgumentException(kind == Kind.QUORUM ? "a quorum must be at least 1, but it is " + quorum
          : "only a QUORUM rule takes a quorum, but " + kind + " has " + quorum);
    }
  }

  /** Every member must approve. */
  public static CabRule all() {
    return new CabRule(Kind.ALL, 0);
  }

  /** More than half of the members must approve. */
  public static CabRule majority() {
    return new CabRule(Kind.MAJORITY, 0);
  }

  /** At least {@code approvals} members must approve. */
  public static CabRule quorum(int approvals) {
    return new CabRule(Kind.QUORUM, approvals);
  }

  /**
   * The outcome of the votes so far among {@code members} voters: {@link Vote#APPROVE},
   * {@link Vote#REJECT}, {@link Vote#REQUEST_INFO}, or {@code null} while undecided.
   */
  public Vote decide(int members, int approvals, int rejections, int infoRequests) {
    if (infoRequests > 0) {
      return Vote.REQUEST_INFO;
    }
    int needed = switch (kind) {
      case ALL -> members;
      case MAJORITY -> members / 2 + 1;
      case QUORUM -> quorum;
    };
    if (approvals >= needed) {
      return Vote.APPROVE;
    }
    return members - rejections < needed ? Vote.REJECT : null;
  }
}
