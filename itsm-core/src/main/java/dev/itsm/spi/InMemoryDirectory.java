package dev.itsm.spi;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Directory} held in memory, for tests, demos and hosts with a fixed set of groups.
 * Immutable once built.
 */
public final class InMemoryDirectory implements Directory {
  static final InMemoryDirectory PERMISSIVE = new InMemoryDirectory(Map.of(), Map.of(), Map.of(), true);

  private final Map<String, Group> groups;
  private final Map<String, String> customerClasses;
  private final Map<String, String> escalations;
  private final boolean permissive;

  private InMemoryDirectory(Map<String, Group> groups, Map<String, String> customerClasses,
                            Map<String, String> escalations, boolean permissive) {
    this.groups = Map.copyOf(groups);
    this.escalations = Map.copyOf(escalations);
    this.customerClasses = Map.copyOf(customerClasses);
    this.permissive = permissive;
  }

  @Override
  public String escalatesTo(String groupId) {
    return groupId == null ? null : escalations.get(groupId);
  }

  @Override
  public String customerClass(String userId) {
    return userId == null ? null : customerClasses.get(userId);
  }

  @Override
  public boolean groupExists(String groupId) {
    return permissive || groups.containsKey(groupId);
  }

  @Override
  public Set<String> members(String groupId) {
    Group group = groups.get(groupId);
    return group == null ? Set.of() : group.members();
  }

  @Override
  public List<String> managers(String groupId) {
    Group group = groups.get(groupId);
    return group == null ? List.of() : group.managers();
  }

  /** Whether assignments are checked against group membership (false for the permissive default). */
  public boolean checksMembership() {
    return !permissive;
  }

  private record Group(Set<String> members, List<String> managers) {}

  /** Builder for {@link InMemoryDirectory}. */
  public static final class Builder {
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, String> customerClasses = new LinkedHashMap<>();
    private final Map<String, String> escalations = new LinkedHashMap<>();

    Builder() {}

    /** Escalation chain: {@code groups[0]} escalates to {@code groups[1]}, that one to {@code groups[2]} ... */
    public Builder escalationChain(String... groups) {
      for (int i = 0; i + 1 < groups.length; i++) {
        escalations.put(groups[i], groups[i + 1]);
      }
      return this;
    }

    /** Gives a user a customer class (which selects SLA definitions for the tickets they raise). */
    public Builder customerClass(String userId, String customerClass) {
      customerClasses.put(userId, customerClass);
      return this;
    }

    /**
     * Adds a group.
     *
     * @param members  user ids of its members
     * @param managers user ids of its managers, in escalation order
     */
    public Builder group(String groupId, List<String> members, List<String> managers) {
      groups.put(groupId, new Group(Set.copyOf(new LinkedHashSet<>(members)), List.copyOf(managers)));
      return this;
    }

    public InMemoryDirectory build() {
      return new InMemoryDirectory(groups, customerClasses, escalations, false);
    }
  }
}
