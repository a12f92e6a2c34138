package dev.itsm.internal.security;

import dev.itsm.api.AccessDeniedException;
import dev.itsm.api.Actor;
import dev.itsm.api.Permission;
import dev.itsm.api.Roles;
import dev.itsm.internal.persistence.IncidentCriteria;
import dev.itsm.internal.persistence.TicketRow;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which role may do which operation (a table, extended by plugins), and which tickets an actor may
 * see:
 * <ul>
 *   <li>every actor sees only its own tenant;</li>
 *   <li>managers, administrators and the system see all tickets of the tenant;</li>
 *   <li>change, problem, release and knowledge managers read all incidents of the tenant (their
 *       problems, changes, releases and articles are about them) but change only those they may
 *       change by their other roles ({@link #mayChange});</li>
 *   <li>agents see tickets of their groups, assigned to them, or that they reported;</li>
 *   <li>callers see the tickets they reported.</li>
 * </ul>
 */
public final class AccessPolicy {
  private static final Set<String> SEE_ALL = Set.of(Roles.MANAGER, Roles.ADMIN, Roles.SYSTEM);
  private static final Set<String> READ_ALL = Set.of(Roles.CHANGE_MANAGER, Roles.PROBLEM_MANAGER, Roles.RELEASE_MANAGER,
      Roles.KNOWLEDGE_MANAGER);

  private final Map<String, EnumSet<Permission>> table;

  private AccessPolicy(Map<String, EnumSet<Permission>> table) {
    this.table = table;
  }

  /** The default table; see docs/embedding.md. */
  public static Map<String, EnumSet<Permission>> defaultTable() {
    Map<String, EnumSet<Permission>> t = new HashMap<>();
    t.put(Roles.CALLER, EnumSet.of(Permission.INCIDENT_OPEN, Permission.INCIDENT_READ, Permission.INCIDENT_REPLY,
        Permission.INCIDENT_CLOSE, Permission.INCIDENT_REOPEN, Permission.INCIDENT_CANCEL, Permission.KNOWLEDGE_READ));
    EnumSet<Permission> agent = EnumSet.allOf(Permission.class);
    agent.removeAll(EnumSet.of(Permission.REPORT_READ, Permission.CMDB_WRITE, Permission.CMDB_TYPES, Permission.SLA_CONFIGURE,
        Permission.CHANGE_MANAGE, Permission.PROBLEM_MANAGE, Permission.KNOWLEDGE_REVIEW, Permission.RELEASE_MANAGE,
        Permission.RELEASE_APPROVE, Permission.RELEASE_PIPELINE));
    t.put(Roles.AGENT, agent);
    EnumSet<Permission> manager = EnumSet.allOf(Permission.class);
    manager.removeAll(EnumSet.of(Permission.CMDB_WRITE, Permission.CMDB_TYPES, Permission.SLA_CONFIGURE));
    t.put(Roles.MANAGER, manager);
    t.put(Roles.CONFIGURATION_MANAGER, EnumSet.of(Permission.CMDB_READ, Permission.CMDB_WRITE, Permission.CMDB_TYPES,
        Permission.CHANGE_READ, Permission.CHANGE_REQUEST, Permission.RELEASE_READ));
    t.put(Roles.CHANGE_MANAGER, EnumSet.of(Permission.CHANGE_READ, Permission.CHANGE_REQUEST, Permission.CHANGE_APPROVE,
        Permission.CHANGE_MANAGE, Permission.CMDB_READ, Permission.INCIDENT_READ, Permission.AUDIT_READ, Permission.REPORT_READ,
        Permission.PROBLEM_READ, Permission.KNOWLEDGE_READ, Permission.RELEASE_READ, Permission.RELEASE_APPROVE));
    t.put(Roles.RELEASE_MANAGER, EnumSet.of(Permission.RELEASE_READ, Permission.RELEASE_MANAGE, Permission.RELEASE_PIPELINE,
        Permission.CHANGE_READ, Permission.CMDB_READ, Permission.INCIDENT_READ, Permission.PROBLEM_READ,
        Permission.KNOWLEDGE_READ, Permission.AUDIT_READ, Permission.REPORT_READ));
    t.put(Roles.RELEASE_PIPELINE, EnumSet.of(Permission.RELEASE_READ, Permission.RELEASE_PIPELINE));
    t.put(Roles.PROBLEM_MANAGER, EnumSet.of(Permission.PROBLEM_READ, Permission.PROBLEM_WORK, Permission.PROBLEM_MANAGE,
        Permission.INCIDENT_READ, Permission.INCIDENT_WORK, Permission.INCIDENT_WORK_NOTE, Permission.CHANGE_READ,
        Permission.CHANGE_REQUEST, Permission.CMDB_READ, Permission.KNOWLEDGE_READ, Permission.KNOWLEDGE_WRITE,
        Permission.AUDIT_READ, Permission.REPORT_READ));
    t.put(Roles.KNOWLEDGE_MANAGER, EnumSet.of(Permission.KNOWLEDGE_READ, Permission.KNOWLEDGE_WRITE,
        Permission.KNOWLEDGE_REVIEW, Permission.INCIDENT_READ, Permission.PROBLEM_READ));
    t.put(Roles.ADMIN, EnumSet.allOf(Permission.class));
    t.put(Roles.SYSTEM, EnumSet.allOf(Permission.class));
    return t;
  }

  public static AccessPolicy of(Map<String, EnumSet<Permission>> table) {
    Map<String, EnumSet<Permission>> copy = new HashMap<>();
    table.forEach((role, permissions) -> copy.put(role, EnumSet.copyOf(permissions.isEmpty()
        ? EnumSet.noneOf(Permission.class) : permissions)));
    return new AccessPolicy(copy);
  }

  public boolean allows(Actor actor, Permission permission) {
    for (String role : actor.roles()) {
      EnumSet<Permission> granted = table.get(role);
      if (granted != null && granted.contains(permission)) {
        return true;
      }
    }
    return false;
  }

  public void require(Actor actor, Permission permission) {
    if (!allows(actor, permission)) {
      throw new AccessDeniedException("Expected actor " + actor.id() + " to have a role granting " + permission
          + ", but its roles " + new TreeSet<>(actor.roles()) + " do not");
    }
  }

  /**
   * Requires the permission and, as the report names people (per agent or author), a manager,
   * administrator or the system: other roles with the permission read only reports without names.
   */
  public void requirePeopleReport(Actor actor, Permission permission, String report) {
    require(actor, permission);
    if (!seesAll(actor)) {
      throw new AccessDeniedException("Expected a manager or administrator to read the " + report + ", but actor " + actor.id()
          + " with roles " + new TreeSet<>(actor.roles()) + " is neither");
    }
  }

  public boolean seesAll(Actor actor) {
    return actor.roles().stream().anyMatch(SEE_ALL::contains);
  }

  /** Whether the actor has a role that reads every incident of the tenant, read only. */
  private static boolean readsAll(Actor actor) {
    return actor.roles().stream().anyMatch(READ_ALL::contains);
  }

  private static boolean seesGroups(Actor actor) {
    return actor.hasRole(Roles.AGENT);
  }

  /** Whether the actor may see (read) the ticket (tenant, roles, groups, own tickets). */
  public boolean sees(Actor actor, TicketRow ticket) {
    return mayChange(actor, ticket) || (actor.tenantId().equals(ticket.tenantId) && readsAll(actor));
  }

  /**
   * Whether the actor may change the ticket, permissions granting: like {@link #sees} without the
   * read-only view of change, problem, release and knowledge managers.
   */
  public boolean mayChange(Actor actor, TicketRow ticket) {
    if (!actor.tenantId().equals(ticket.tenantId)) {
      return false;
    }
    if (seesAll(actor) || actor.id().equals(ticket.callerId)) {
      return true;
    }
    return seesGroups(actor)
        && (actor.id().equals(ticket.assigneeId) || (ticket.groupId != null && actor.groups().contains(ticket.groupId)));
  }

  /**
   * Of the incidents with these ids (in their order), those the actor may read: it needs
   * {@link Permission#INCIDENT_READ} and must see each one ({@link #sees}); the others are left out.
   */
  public List<java.util.UUID> visibleIncidents(dev.itsm.internal.tx.ItsmSession s, Actor actor, List<java.util.UUID> ids) {
    if (ids.isEmpty() || !allows(actor, Permission.INCIDENT_READ)) {
      return List.of();
    }
    dev.itsm.internal.persistence.TicketMapper tickets = s.mapper(dev.itsm.internal.persistence.TicketMapper.class);
    List<java.util.UUID> visible = new java.util.ArrayList<>();
    for (java.util.UUID id : ids) {
      TicketRow row = tickets.selectIncident(id);
      if (row != null && sees(actor, row)) {
        visible.add(id);
      }
    }
    return List.copyOf(visible);
  }

  /** Applies the actor's visibility to a query. */
  public void restrict(Actor actor, IncidentCriteria criteria) {
    criteria.tenantId = actor.tenantId();
    criteria.actorId = actor.id();
    criteria.restricted = !seesAll(actor) && !readsAll(actor);
    criteria.groupVisibility = seesGroups(actor);
    criteria.actorGroups = List.copyOf(actor.groups());
  }
}
