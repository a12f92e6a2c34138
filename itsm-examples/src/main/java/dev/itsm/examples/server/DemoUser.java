package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A demo login (without its password) and the library {@link Actor} it acts as.
 *
 * @param id     the login name and actor id
 * @param roles  role names from {@link Roles}
 * @param groups support groups, in the order declared
 */
public record DemoUser(String id, Set<String> roles, List<String> groups) {

  public DemoUser {
    Objects.requireNonNull(id, "id");
    roles = Set.copyOf(roles);
    groups = List.copyOf(groups);
  }

  /** The actor this user acts as (default tenant). */
  public Actor actor() {
    return Actor.builder(id).roles(roles.toArray(String[]::new)).groups(groups.toArray(String[]::new)).build();
  }

  /** Whether the user has the role. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
