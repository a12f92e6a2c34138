package dev.itsm.api;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who performs an operation. Every service call takes one; the engine checks the roles against its
 * access policy, filters what the actor may see by roles, groups and tenant, and records the id in
 * the audit trail.
 *
 * @param id       the user's id in the host's directory; never blank
 * @param roles    role names, see {@link Roles}
 * @param groups   ids of the support groups the user belongs to
 * @param tenantId the tenant the actor works in; {@link #DEFAULT_TENANT} when not given
 * @param locale   for texts the engine renders for this user
 * @param zone     for local times shown to this user (all instants are stored in UTC)
 */
public record Actor(String id, Set<String> roles, Set<String> groups, String tenantId, Locale locale, ZoneId zone) {

  /** Tenant used when none is given, so single-tenant hosts need no setting. */
  public static final String DEFAULT_TENANT = "default";

  private static final Actor SYSTEM = new Actor("system", Set.of(Roles.SYSTEM), Set.of(), DEFAULT_TENANT,
      Locale.ROOT, ZoneOffset.UTC);

  /** Validates the id and tenant and fills in the defaults. */
  public Actor {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException("actor.id", "Expected an actor id, but it is blank");
    }
    if (id.length() > 64) {
      throw new InvalidValueException("actor.id", "Expected an actor id of at most 64 characters, but it has " + id.length());
    }
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    tenantId = tenantId == null || tenantId.isBlank() ? DEFAULT_TENANT : tenantId;
    if (tenantId.length() > 64) {
      throw new InvalidValueException("actor.tenantId", "Expected a tenant id of at most 64 characters, but it has " + tenantId.length());
    }
    locale = locale == null ? Locale.ROOT : locale;
    zone = zone == null ? ZoneOffset.UTC : zone;
  }

  /** The engine's own actor, used by timer jobs and automatic transitions (default tenant). */
  public static Actor system() {
    return SYSTEM;
  }

  /** The engine's own actor in the given tenant. */
  public static Actor system(String tenantId) {
    return SYSTEM.inTenant(tenantId);
  }

  /** An end user with the {@link Roles#CALLER} role. */
  public static Actor caller(String id) {
    return builder(id).roles(Roles.CALLER).build();
  }

  /** A support agent in the given groups. */
  public static Actor agent(String id, String... groups) {
    return builder(id).roles(Roles.AGENT).groups(groups).build();
  }

  /** A group manager (also an agent) in the given groups. */
  public static Actor manager(String id, String... groups) {
    return builder(id).roles(Roles.AGENT, Roles.MANAGER).groups(groups).build();
  }

  /** A configuration manager (also an agent): maintains the CMDB. */
  public static Actor configurationManager(String id) {
    return builder(id).roles(Roles.AGENT, Roles.CONFIGURATION_MANAGER).build();
  }

  /** A change manager (also an agent of the given groups): approves, reviews and closes changes. */
  public static Actor changeManager(String id, String... groups) {
    return builder(id).roles(Roles.AGENT, Roles.CHANGE_MANAGER).groups(groups).build();
  }

  /** An administrator. */
  public static Actor admin(String id) {
    return builder(id).roles(Roles.ADMIN).build();
  }

  /** Starts an actor with the given id and no roles. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** This actor in another tenant. */
  public Actor inTenant(String tenantId) {
    return new Actor(id, roles, groups, tenantId, locale, zone);
  }

  /** Whether this actor has the role. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Builder for {@link Actor}. */
  public static final class Builder {
    private final String id;
    private final Set<String> roles = new LinkedHashSet<>();
    private final Set<String> groups = new LinkedHashSet<>();
    private String tenantId;
    private Locale locale;
    private ZoneId zone;

    private Builder(String id) {
      this.id = id;
    }

    /** Adds roles, see {@link Roles}. */
    public Builder roles(String... roles) {
      this.roles.addAll(Arrays.asList(roles));
      return this;
    }

    /** Adds support groups. */
    public Builder groups(String... groups) {
      this.groups.addAll(Arrays.asList(groups));
      return this;
    }

    /** The tenant; {@link #DEFAULT_TENANT} when not set. */
    public Builder tenant(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** Locale for texts rendered for this user. */
    public Builder locale(Locale locale) {
      this.locale = Objects.requireNonNull(locale, "locale");
      return this;
    }

    /** Time zone for local times shown to this user. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** The actor. */
    public Actor build() {
      return new Actor(id, roles, groups, tenantId, locale, zone);
    }
  }
}
