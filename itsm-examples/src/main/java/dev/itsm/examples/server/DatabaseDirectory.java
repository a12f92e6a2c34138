package dev.itsm.examples.server;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.itsm.spi.Directory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Directory} of the users in the database: every declared group exists; its members are
 * the users with the agent or change-manager role in it, its managers the users with the manager role in it, in the
 * order the users were added (the escalation order). Read at most every few seconds, so that the
 * engine's transactions do not wait on it.
 */
final class DatabaseDirectory implements Directory {
  private static final Duration REFRESH = Duration.ofSeconds(5);

  /** A group's members and managers. */
  record Group(Set<String> members, List<String> managers) {}

  private final LoadingCache<String, Map<String, Group>> snapshot;

  DatabaseDirectory(UserStore users) {
    this.snapshot = Caffeine.newBuilder().expireAfterWrite(REFRESH).maximumSize(1).build(key -> users.groups());
  }

  private Map<String, Group> groups() {
    return snapshot.get("groups");
  }

  @Override
  public boolean groupExists(String groupId) {
    return groupId != null && groups().containsKey(groupId);
  }

  @Override
  public Set<String> members(String groupId) {
    Group group = groupId == null ? null : groups().get(groupId);
    return group == null ? Set.of() : Set.copyOf(group.members());
  }

  @Override
  public List<String> managers(String groupId) {
    Group group = groupId == null ? null : groups().get(groupId);
    return group == null ? List.of() : List.copyOf(group.managers());
  }
}
