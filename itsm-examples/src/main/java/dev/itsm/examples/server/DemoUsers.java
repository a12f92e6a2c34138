package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.spi.Directory;
import dev.itsm.spi.InMemoryDirectory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The example server's users: who may log in (passwords kept only as {@link PasswordHash}es), which
 * roles and groups each has, and the {@link Directory} of groups derived from them (members: the agents
 * and change managers of a group; managers: its managers in the order declared, which is the
 * escalation order).
 *
 * <p>The example server keeps its users in the database ({@link UserStore}); in demo mode it starts
 * with these.
 */
public final class DemoUsers implements Credentials {
  /** Password of every user of {@link #standard()}. */
  public static final String DEMO_PASSWORD = "demo";

  private final Map<String, Account> accounts;
  private final InMemoryDirectory directory;
  private final PasswordHash unknownUser;
  private final Set<String> groups;

  private DemoUsers(Map<String, Account> accounts, Set<String> groups) {
    this.accounts = Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    this.groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
    this.directory = directoryOf(accounts.values().stream().map(Account::user).toList(), groups);
    this.unknownUser = PasswordHash.of(new char[0]);
  }

  /**
   * The demo organisation: a support group for each group of the shipped routing table, one agent in
   * each, two managers for each, two callers, a configuration manager, two change managers (the CAB),
   * a problem manager, a knowledge manager, a release manager, a release pipeline account and an
   * administrator. Every password is {@value #DEMO_PASSWORD}.
   */
  public static DemoUsers standard() {
    char[] password = DEMO_PASSWORD.toCharArray();
    return builder()
        .caller("carol", password)
        .caller("dave", password)
        .agent("alice", password, "network-ops")
        .agent("bob", password, "desktop-support")
        .agent("sam", password, "app-support")
        .agent("ida", password, "identity")
        .agent("eric", password, "messaging")
        .agent("dora", password, "dba")
        .agent("sue", password, "service-desk")
        .manager("mia", password, "network-ops", "dba", "messaging", "service-desk")
        .manager("mark", password, "network-ops", "dba", "messaging")
        .manager("marta", password, "desktop-support", "app-support", "identity", "service-desk")
        .manager("milo", password, "desktop-support", "app-support", "identity")
        .user("cora", password, List.of(Roles.CONFIGURATION_MANAGER))
        .user("chris", password, List.of(Roles.CHANGE_MANAGER), "change-managers", "cab", "ecab")
        .user("cleo", password, List.of(Roles.CHANGE_MANAGER), "change-managers", "cab", "ecab")
        .user("pam", password, List.of(Roles.PROBLEM_MANAGER))
        .user("kai", password, List.of(Roles.KNOWLEDGE_MANAGER))
        .user("rita", password, List.of(Roles.RELEASE_MANAGER))
        .user("ci-bot", password, List.of(Roles.RELEASE_PIPELINE))
        .admin("admin", password)
        .build();
  }

  /** No users at all (the server outside demo mode). */
  public static DemoUsers none() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The actor of the user if the password is theirs. Takes as long for an unknown user as for a
   * wrong password, so response times do not tell which user ids exist.
   */
  @Override
  public Optional<Actor> authenticate(String userId, char[] password) {
    Account account = userId == null ? null : accounts.get(userId);
    if (account == null) {
      unknownUser.matches(password);
      return Optional.empty();
    }
    return account.password().matches(password) ? Optional.of(account.user().actor()) : Optional.empty();
  }

  /** Every user, in the order declared. */
  public List<DemoUser> users() {
    return accounts.values().stream().map(Account::user).toList();
  }

  /** The user with the id. */
  public DemoUser user(String id) {
    Account account = accounts.get(id);
    if (account == null) {
      throw new IllegalArgumentException("Expected a demo user '" + id + "', but there is none; users are " + accounts.keySet());
    }
    return account.user();
  }

  /** Every support group declared, also those nobody is in. */
  public Set<String> groups() {
    return groups;
  }

  /** The stored hash of the user's password. */
  PasswordHash passwordHash(String id) {
    Account account = accounts.get(id);
    if (account == null) {
      throw new IllegalArgumentException("Expected a demo user '" + id + "', but there is none; users are " + accounts.keySet());
    }
    return account.password();
  }

  /** The support groups, their members and managers. */
  public Directory directory() {
    return directory;
  }

  private static InMemoryDirectory directoryOf(List<DemoUser> users, Set<String> groups) {
    InMemoryDirectory.Builder builder = Directory.inMemory();
    for (String group : groups) {
      List<String> members = new ArrayList<>();
      List<String> managers = new ArrayList<>();
      for (DemoUser user : users) {
        if (user.groups().contains(group) && (user.hasRole(Roles.AGENT) || user.hasRole(Roles.CHANGE_MANAGER))) {
          members.add(user.id());
        }
        if (user.groups().contains(group) && user.hasRole(Roles.MANAGER)) {
          managers.add(user.id());
        }
      }
      builder.group(group, members, managers);
    }
    return builder.build();
  }

  private record Account(DemoUser user, PasswordHash password) {}

  /**
   * Builder for {@link DemoUsers}; hashes each password as it is added. Users given the same password
   * share its hash (Argon2id is slow on purpose, and demo passwords are public anyway).
   */
  public static final class Builder {
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, PasswordHash> hashes = new java.util.HashMap<>();
    private final Set<String> groups = new LinkedHashSet<>();

    private Builder() {}

    /** An end user who reports incidents. */
    public Builder caller(String id, char[] password) {
      return user(id, password, List.of(Roles.CALLER), List.of());
    }

    /** A support agent, member of the groups. */
    public Builder agent(String id, char[] password, String... groups) {
      return user(id, password, List.of(Roles.AGENT), List.of(groups));
    }

    /** A manager (and agent) of the groups; escalations go to managers in the order they are added. */
    public Builder manager(String id, char[] password, String... groups) {
      return user(id, password, List.of(Roles.AGENT, Roles.MANAGER), List.of(groups));
    }

    /** An administrator. */
    public Builder admin(String id, char[] password) {
      return user(id, password, List.of(Roles.ADMIN), List.of());
    }

    /**
     * A user with any roles of {@link Roles} (e.g. {@link Roles#CHANGE_MANAGER}, {@link Roles#RELEASE_PIPELINE},
     * {@link Roles#PROBLEM_MANAGER}), member of the groups; a support group lists them as a member when they have
     * {@link Roles#AGENT}, as a manager when they have {@link Roles#MANAGER}.
     */
    public Builder user(String id, char[] password, java.util.Collection<String> roles, String... groups) {
      if (roles == null || roles.isEmpty() || roles.stream().anyMatch(r -> r == null || r.isBlank())) {
        throw new IllegalArgumentException("user '" + id + "' needs at least one role, each non-blank, but has " + roles);
      }
      return user(id, password, List.copyOf(roles), List.of(groups));
    }

    /** Declares a support group even if nobody is in it yet. */
    public Builder group(String groupId) {
      groups.add(Objects.requireNonNull(groupId, "groupId"));
      return this;
    }

    private Builder user(String id, char[] password, List<String> roles, List<String> userGroups) {
      if (id == null || id.isBlank() || id.contains(":")) {
        throw new IllegalArgumentException("user id must be non-blank without ':', but is '" + id + "'");
      }
      if (accounts.containsKey(id)) {
        throw new IllegalArgumentException("user '" + id + "' is already added");
      }
      DemoUser user = new DemoUser(id, new LinkedHashSet<>(roles), userGroups);
      PasswordHash hash = hashes.computeIfAbsent(new String(password), text -> PasswordHash.of(password));
      accounts.put(id, new Account(user, hash));
      groups.addAll(userGroups);
      return this;
    }

    public DemoUsers build() {
      return new DemoUsers(accounts, groups);
    }
  }
}
