package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import dev.itsm.spi.Directory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The example server's users in the database ({@code itsm_example_user} and its roles and groups):
 * who may log in (passwords only as Argon2id {@link PasswordHash}es), which roles and groups each
 * has, and the support groups they form (see {@link DatabaseDirectory}). Call
 * {@link ServerSchema#migrate} first.
 */
public final class UserStore implements Credentials {
  private final Jdbc jdbc;
  private final Clock clock;
  private final PasswordHash unknownUser;

  /** Users in the database of the data source; {@code clock} stamps new users. */
  public UserStore(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
    this.unknownUser = PasswordHash.of(new char[] {'x'});
  }

  /** Whether there is no user at all. */
  public boolean isEmpty() {
    return jdbc.queryOne("SELECT COUNT(*) FROM itsm_example_user", row -> row.getLong(1)).orElse(0L) == 0L;
  }

  /** Whether a user has the id. */
  public boolean exists(String id) {
    return jdbc.queryOne("SELECT 1 FROM itsm_example_user WHERE id = ?", row -> true, id).isPresent();
  }

  /**
   * Adds the demo users (with their password hashes, roles, groups and the declared groups) if there
   * is no user yet; returns how many were added (0 when there were users already).
   */
  public int addIfEmpty(DemoUsers users) {
    return jdbc.inTransaction(connection -> {
      long count = Jdbc.query(connection, "SELECT COUNT(*) FROM itsm_example_user", row -> row.getLong(1)).get(0);
      if (count > 0) {
        return 0;
      }
      for (String group : users.groups()) {
        addGroup(connection, group);
      }
      for (DemoUser user : users.users()) {
        insert(connection, user.id(), users.passwordHash(user.id()), user.roles(), user.groups());
      }
      return users.users().size();
    });
  }

  /**
   * Adds a user; fails with an {@link IllegalArgumentException} when the id is taken or invalid.
   * Groups the user is in are created as needed.
   */
  public void add(String id, PasswordHash password, Collection<String> roles, List<String> groups) {
    if (id == null || id.isBlank() || id.contains(":") || id.length() > 100 || !id.equals(id.strip())) {
      throw new IllegalArgumentException("Expected a user id of 1 to 100 characters without ':' or surrounding spaces, but got '"
          + id + "'");
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one role for user '" + id + "', but there is none");
    }
    jdbc.inTransaction(connection -> {
      if (!Jdbc.query(connection, "SELECT 1 FROM itsm_example_user WHERE id = ?", row -> true, id).isEmpty()) {
        throw new IllegalArgumentException("Expected a new user id, but user '" + id + "' exists already");
      }
      for (String group : groups) {
        addGroup(connection, group);
      }
      insert(connection, id, password, roles, groups);
      return null;
    });
  }

  @Override
  public Optional<Actor> authenticate(String userId, char[] password) {
    Optional<String> stored = userId == null ? Optional.empty()
        : jdbc.queryOne("SELECT password_hash FROM itsm_example_user WHERE id = ?", row -> row.getString(1), userId);
    if (stored.isEmpty()) {
      unknownUser.matches(password);
      return Optional.empty();
    }
    return PasswordHash.parse(stored.get()).matches(password) ? actor(userId) : Optional.empty();
  }

  /** The actor of the user (their roles and groups now), if the user exists. */
  public Optional<Actor> actor(String userId) {
    if (!exists(userId)) {
      return Optional.empty();
    }
    List<String> roles = jdbc.query("SELECT role_name FROM itsm_example_user_role WHERE user_id = ? ORDER BY role_name",
        row -> row.getString(1), userId);
    List<String> groups = jdbc.query("SELECT group_id FROM itsm_example_user_group WHERE user_id = ? ORDER BY sort_order",
        row -> row.getString(1), userId);
    return Optional.of(Actor.builder(userId).roles(roles.toArray(String[]::new)).groups(groups.toArray(String[]::new)).build());
  }

  /**
   * The groups of the users: members are the agents and change managers of a group (change managers
   * in the groups {@code cab}, {@code ecab} and {@code change-managers} form the boards), managers its
   * managers in the order the users were added.
   */
  public Directory directory() {
    return new DatabaseDirectory(this);
  }

  /** Every group with its members and managers, read now. */
  Map<String, DatabaseDirectory.Group> groups() {
    Map<String, DatabaseDirectory.Group> groups = new LinkedHashMap<>();
    for (String group : jdbc.query("SELECT id FROM itsm_example_group ORDER BY id", row -> row.getString(1))) {
      groups.put(group, new DatabaseDirectory.Group(new LinkedHashSet<>(), new ArrayList<>()));
    }
    record Membership(String user, String group, String role) {}
    List<Membership> rows = jdbc.query("""
        SELECT g.user_id, g.group_id, r.role_name
        FROM itsm_example_user_group g
        JOIN itsm_example_user u ON u.id = g.user_id
        JOIN itsm_example_user_role r ON r.user_id = g.user_id
        WHERE r.role_name IN (?, ?, ?)
        ORDER BY u.sort_order, u.id""", row -> new Membership(row.getString(1), row.getString(2), row.getString(3)),
        Roles.AGENT, Roles.CHANGE_MANAGER, Roles.MANAGER);
    for (Membership row : rows) {
      DatabaseDirectory.Group group = groups.computeIfAbsent(row.group(),
          id -> new DatabaseDirectory.Group(new LinkedHashSet<>(), new ArrayList<>()));
      if (row.role().equals(Roles.AGENT) || row.role().equals(Roles.CHANGE_MANAGER)) {
        group.members().add(row.user());
      } else if (!group.managers().contains(row.user())) {
        group.managers().add(row.user());
      }
    }
    return groups;
  }

  private static void addGroup(Connection connection, String group) throws SQLException {
    if (Jdbc.query(connection, "SELECT 1 FROM itsm_example_group WHERE id = ?", row -> true, group).isEmpty()) {
      Jdbc.update(connection, "INSERT INTO itsm_example_group (id) VALUES (?)", group);
    }
  }

  private void insert(Connection connection, String id, PasswordHash password, Collection<String> roles, List<String> groups)
      throws SQLException {
    int order = Jdbc.query(connection, "SELECT COALESCE(MAX(sort_order), 0) FROM itsm_example_user", row -> row.getInt(1)).get(0) + 1;
    Jdbc.update(connection, "INSERT INTO itsm_example_user (id, password_hash, sort_order, created_at) VALUES (?, ?, ?, ?)",
        id, password.encoded(), order, clock.instant());
    for (String role : new LinkedHashSet<>(roles)) {
      Jdbc.update(connection, "INSERT INTO itsm_example_user_role (user_id, role_name) VALUES (?, ?)", id, role);
    }
    int position = 0;
    for (String group : new LinkedHashSet<>(groups)) {
      Jdbc.update(connection, "INSERT INTO itsm_example_user_group (user_id, group_id, sort_order) VALUES (?, ?, ?)",
          id, group, ++position);
    }
  }

  /** Every user id, in the order added. */
  public List<String> userIds() {
    return jdbc.query("SELECT id FROM itsm_example_user ORDER BY sort_order, id", row -> row.getString(1));
  }

  /** Roles of the user (empty when unknown). */
  Set<String> roles(String userId) {
    return new LinkedHashSet<>(jdbc.query("SELECT role_name FROM itsm_example_user_role WHERE user_id = ?",
        row -> row.getString(1), userId));
  }
}
