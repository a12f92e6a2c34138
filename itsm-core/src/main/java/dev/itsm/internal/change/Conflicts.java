package dev.itsm.internal.change;

import dev.itsm.api.Actor;
import dev.itsm.api.ChangeConflictException;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.Conflict;
import dev.itsm.api.change.ConflictKind;
import dev.itsm.api.change.ConflictPolicy;
import dev.itsm.api.change.WindowKind;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.cmdb.Relation;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.persistence.OverlapRow;
import dev.itsm.internal.persistence.WindowRow;
import dev.itsm.internal.tx.ItsmSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Conflict detection of a change's plan: its window against the other active changes on the same and
 * directly related CIs, the maintenance windows of its CIs (their own and their services'), the freeze
 * windows, and its implementer's other changes. Each conflict carries the policy the settings give its
 * kind.
 */
final class Conflicts {
  /** Changes whose plans still count: approved or waiting for approval, or being implemented. */
  static final List<String> ACTIVE = List.of(ChangeState.AUTHORIZATION.name(), ChangeState.INFO_REQUESTED.name(),
      ChangeState.SCHEDULED.name(), ChangeState.IMPLEMENTING.name(), ChangeState.BACKING_OUT.name());

  private final ChangeSettings settings;
  private final CmdbService cmdb;

  Conflicts(ChangeSettings settings, CmdbService cmdb) {
    this.settings = settings;
    this.cmdb = cmdb;
  }

  /** The plan to check. {@code selfId} is {@code null} for a change not stored yet. */
  record Plan(String tenantId, UUID selfId, List<UUID> cis, String implementerId, Instant start, Instant end) {}

  List<Conflict> detect(ItsmSession s, Plan plan) {
    s.flush();
    ChangeMapper mapper = s.mapper(ChangeMapper.class);
    Actor system = Actor.system(plan.tenantId());
    List<Conflict> found = new ArrayList<>();
    Set<UUID> own = new LinkedHashSet<>(plan.cis());
    if (!own.isEmpty()) {
      // the CIs directly related to this change's, and through which of its CIs
      Map<UUID, UUID> neighbourOf = new LinkedHashMap<>();
      for (UUID ci : own) {
        for (Relation r : cmdb.relations(system, ci)) {
          UUID other = r.sourceId().equals(ci) ? r.targetId() : r.sourceId();
          if (!own.contains(other)) {
            neighbourOf.putIfAbsent(other, ci);
          }
        }
      }
      Set<UUID> scope = new LinkedHashSet<>(own);
      scope.addAll(neighbourOf.keySet());
      Set<String> reported = new java.util.HashSet<>();
      for (OverlapRow row : mapper.selectOverlapping(plan.tenantId(), plan.selfId(), plan.start(), plan.end(), scope, ACTIVE)) {
        boolean same = own.contains(row.ciId);
        ConflictKind kind = same ? ConflictKind.SAME_CI : ConflictKind.RELATED_CI;
        if (!reported.add(kind + ":" + row.ticketId + ":" + row.ciId)) {
          continue;
        }
        String reason = same
            ? "change " + row.number + " touches CI " + row.ciId + " in an overlapping window"
            : "change " + row.number + " touches CI " + row.ciId + ", related to CI " + neighbourOf.get(row.ciId)
                + ", in an overlapping window";
        found.add(conflict(kind, reason, row.ticketId, row.number, row.ciId, null));
      }
      maintenance(mapper, system, plan, own, found);
    }
    freezes(mapper, system, plan, own, found);
    for (OverlapRow row : mapper.selectImplementerOverlapping(plan.tenantId(), plan.selfId(), plan.implementerId(),
        plan.start(), plan.end(), ACTIVE)) {
      found.add(conflict(ConflictKind.IMPLEMENTER_BUSY, "implementer " + plan.implementerId() + " implements change "
          + row.number + " in an overlapping window", row.ticketId, row.number, null, null));
    }
    return found;
  }

  /** A CI with maintenance windows (its own or its services') must have one holding the whole change window. */
  private void maintenance(ChangeMapper mapper, Actor system, Plan plan, Set<UUID> own, List<Conflict> found) {
    Map<UUID, Set<UUID>> servicesOf = new HashMap<>();
    Set<UUID> scope = new LinkedHashSet<>(own);
    for (UUID ci : own) {
      Set<UUID> services = cmdb.affectedServices(system, List.of(ci)).stream().map(ImpactedCi::id)
          .collect(Collectors.toCollection(LinkedHashSet::new));
      servicesOf.put(ci, services);
      scope.addAll(services);
    }
    Map<UUID, List<WindowRow>> windows = new HashMap<>();
    for (WindowRow w : mapper.selectWindowsOf(plan.tenantId(), WindowKind.MAINTENANCE.name(), scope)) {
      windows.computeIfAbsent(w.ciId, k -> new ArrayList<>()).add(w);
    }
    if (windows.isEmpty()) {
      return;
    }
    for (UUID ci : own) {
      List<WindowRow> applicable = new ArrayList<>(windows.getOrDefault(ci, List.of()));
      servicesOf.get(ci).forEach(service -> applicable.addAll(windows.getOrDefault(service, List.of())));
      if (applicable.isEmpty()) {
        continue;
      }
      boolean inside = applicable.stream().anyMatch(w -> !w.startAt.isAfter(plan.start()) && !w.endAt.isBefore(plan.end()));
      if (!inside) {
        found.add(conflict(ConflictKind.OUTSIDE_MAINTENANCE_WINDOW, "CI " + ci + " may change only in its maintenance windows "
            + applicable.stream().map(w -> "\"" + w.name + "\" " + w.startAt + ".." + w.endAt).toList()
            + ", and none holds " + plan.start() + ".." + plan.end(), null, null, ci, null));
      }
    }
  }

  private void freezes(ChangeMapper mapper, Actor system, Plan plan, Set<UUID> own, List<Conflict> found) {
    Set<UUID> scope = new LinkedHashSet<>(own);
    if (!own.isEmpty()) {
      cmdb.affectedServices(system, own).forEach(service -> scope.add(service.id()));
    }
    for (WindowRow w : mapper.selectFreezes(plan.tenantId(), plan.start(), plan.end(), scope)) {
      found.add(conflict(ConflictKind.FREEZE, "the window overlaps " + (w.ciId == null ? "the global" : "service " + w.ciId
          + "'s") + " freeze window \"" + w.name + "\" " + w.startAt + ".." + w.endAt, null, null, w.ciId, w.id));
    }
  }

  private Conflict conflict(ConflictKind kind, String reason, UUID otherId, String otherNumber, UUID ciId, UUID windowId) {
    return new Conflict(kind, settings.conflictPolicies().get(kind), reason, otherId, otherNumber, ciId, windowId);
  }

  /**
   * Throws a {@link ChangeConflictException} when any conflict blocks {@code step}; otherwise records the
   * warnings in the change's audit trail (when it exists).
   */
  static void enforce(ItsmSession s, List<Conflict> conflicts, String step, String number, UUID changeId, String tenantId) {
    List<Conflict> blocking = conflicts.stream().filter(c -> c.policy() == ConflictPolicy.BLOCK).toList();
    if (!blocking.isEmpty()) {
      throw new ChangeConflictException("Expected no blocking conflict to " + step + " change " + number + ", but: "
          + blocking.stream().map(c -> c.kind() + ": " + c.reason()).collect(Collectors.joining("; ")), blocking);
    }
    if (changeId != null && !conflicts.isEmpty()) {
      s.audit(changeId, tenantId, step, "conflicts", null, conflicts.stream().map(c -> c.kind() + ": " + c.reason())
          .collect(Collectors.joining("; ")));
    }
  }
}
