package dev.itsm.internal.change;

import dev.itsm.api.ChangeConflictException;
import dev.itsm.api.change.ChangeSettings;
import dev.itsm.api.change.ChangeState;
import dev.itsm.api.change.Conflict;
import dev.itsm.api.change.ConflictKind;
import dev.itsm.api.change.ConflictPolicy;
import dev.itsm.api.change.WindowKind;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.internal.cmdb.CmdbServiceImpl;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.persistence.OverlapRow;
import dev.itsm.internal.persistence.WindowRow;
import dev.itsm.internal.tx.ItsmSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
public final class Conflicts {
  /** Changes whose plans still count: approved or waiting for approval, or being implemented. */
  static final List<String> ACTIVE = List.of(ChangeState.AUTHORIZATION.name(), ChangeState.INFO_REQUESTED.name(),
      ChangeState.SCHEDULED.name(), ChangeState.IMPLEMENTING.name(), ChangeState.BACKING_OUT.name());

  private final ChangeSettings settings;
  private final CmdbServiceImpl cmdb;

  Conflicts(ChangeSettings settings, CmdbServiceImpl cmdb) {
    this.settings = settings;
    this.cmdb = cmdb;
  }

  /** The plan to check. {@code selfId} is {@code null} for a change not stored yet. */
  record Plan(String tenantId, UUID selfId, List<UUID> cis, String implementerId, Instant start, Instant end) {}

  /**
   * Every conflict of the plan, in two statements (overlapping changes on its CIs, on the CIs directly
   * related to them and of its implementer; the windows of its CIs and their services with the
   * freezes) and walks on the cached CMDB graph for the services. Works in a read-only unit too.
   */
  List<Conflict> detect(ItsmSession s, Plan plan) {
    s.flush();
    ChangeMapper mapper = s.mapper(ChangeMapper.class);
    List<Conflict> found = new ArrayList<>();
    List<Conflict> busy = new ArrayList<>();
    Set<UUID> own = new LinkedHashSet<>(plan.cis());
    Set<String> reported = new HashSet<>();
    for (OverlapRow row : mapper.selectPlanOverlaps(plan.tenantId(), plan.selfId(), plan.start(), plan.end(), own,
        plan.implementerId(), ACTIVE)) {
      if (row.ciId == null) {
        busy.add(conflict(ConflictKind.IMPLEMENTER_BUSY, "implementer " + plan.implementerId() + " implements change "
            + row.number + " in an overlapping window", row.ticketId, row.number, null, null));
        continue;
      }
      boolean same = row.viaCiId == null;
      if (!same && own.contains(row.ciId)) {
        continue;   // a CI of this change related to another of its CIs: reported as the same CI
      }
      ConflictKind kind = same ? ConflictKind.SAME_CI : ConflictKind.RELATED_CI;
      if (!reported.add(kind + ":" + row.ticketId + ":" + row.ciId)) {
        continue;
      }
      String reason = same
          ? "change " + row.number + " touches CI " + row.ciId + " in an overlapping window"
          : "change " + row.number + " touches CI " + row.ciId + ", related to CI " + row.viaCiId
              + ", in an overlapping window";
      found.add(conflict(kind, reason, row.ticketId, row.number, row.ciId, null));
    }
    windows(s, mapper, plan, own, found);
    found.addAll(busy);   // the implementer's last, as the list reads best: the CIs first
    return found;
  }

  /**
   * A CI with maintenance windows (its own or its services') must have one holding the whole change
   * window; a freeze of the tenant, of a CI or of one of their services must not overlap it.
   */
  private void windows(ItsmSession s, ChangeMapper mapper, Plan plan, Set<UUID> own, List<Conflict> found) {
    Map<UUID, Set<UUID>> servicesOf = new HashMap<>();
    Set<UUID> scope = new LinkedHashSet<>(own);
    for (UUID ci : own) {
      Set<UUID> services = cmdb.affectedServices(s, plan.tenantId(), List.of(ci)).stream().map(ImpactedCi::id)
          .collect(Collectors.toCollection(LinkedHashSet::new));
      servicesOf.put(ci, services);
      scope.addAll(services);
    }
    Map<UUID, List<WindowRow>> maintenance = new HashMap<>();
    for (WindowRow w : mapper.selectPlanWindows(plan.tenantId(), plan.start(), plan.end(), scope)) {
      if (WindowKind.MAINTENANCE.name().equals(w.kind)) {
        maintenance.computeIfAbsent(w.ciId, k -> new ArrayList<>()).add(w);
      } else {
        found.add(conflict(ConflictKind.FREEZE, "the window overlaps " + (w.ciId == null ? "the global" : "service " + w.ciId
            + "'s") + " freeze window \"" + w.name + "\" " + w.startAt + ".." + w.endAt, null, null, w.ciId, w.id));
      }
    }
    if (maintenance.isEmpty()) {
      return;
    }
    for (UUID ci : own) {
      List<WindowRow> applicable = new ArrayList<>(maintenance.getOrDefault(ci, List.of()));
      servicesOf.get(ci).forEach(service -> applicable.addAll(maintenance.getOrDefault(service, List.of())));
      if (applicable.isEmpty()) {
        continue;
      }
      boolean inside = holds(applicable, plan.start(), plan.end());
      if (!inside) {
        found.add(conflict(ConflictKind.OUTSIDE_MAINTENANCE_WINDOW, "CI " + ci + " may change only in its maintenance windows "
            + applicable.stream().map(w -> "\"" + w.name + "\" " + w.startAt + ".." + w.endAt).toList()
            + ", and none holds " + plan.start() + ".." + plan.end(), null, null, ci, null));
      }
    }
  }

  /** Whether the windows, adjacent or overlapping ones joined, hold the whole period. */
  static boolean holds(List<WindowRow> windows, Instant start, Instant end) {
    List<WindowRow> sorted = new ArrayList<>(windows);
    sorted.sort(java.util.Comparator.comparing((WindowRow w) -> w.startAt));
    Instant from = null;
    Instant to = null;
    for (WindowRow w : sorted) {
      if (to != null && !w.startAt.isAfter(to)) {
        to = w.endAt.isAfter(to) ? w.endAt : to;   // joins the one before
      } else {
        from = w.startAt;
        to = w.endAt;
      }
      if (!from.isAfter(start) && !to.isBefore(end)) {
        return true;
      }
    }
    return false;
  }

  private Conflict conflict(ConflictKind kind, String reason, UUID otherId, String otherNumber, UUID ciId, UUID windowId) {
    return new Conflict(kind, settings.conflictPolicies().get(kind), reason, otherId, otherNumber, ciId, windowId);
  }

  /**
   * Throws a {@link ChangeConflictException} when any conflict blocks {@code step}; otherwise records the
   * warnings in the change's audit trail (when it exists).
   */
  public static void enforce(ItsmSession s, List<Conflict> conflicts, String step, String number, UUID changeId, String tenantId) {
    List<Conflict> blocking = conflicts.stream().filter(c -> c.policy() == ConflictPolicy.BLOCK).toList();
    if (!blocking.isEmpty()) {
      throw new ChangeConflictException("Expected no blocking conflict to " + step + " change " + number + ", but: "
          + blocking.stream().map(c -> c.kind() + ": " + c.reason()).collect(Collectors.joining("; ")), blocking);
    }
    if (changeId != null) {
      record(s, conflicts, step, changeId, tenantId);
    }
  }

  /** Records the conflicts found at {@code step} in the audit trail of the ticket (a change, a release), if any. */
  public static void record(ItsmSession s, List<Conflict> conflicts, String step, UUID ticketId, String tenantId) {
    if (!conflicts.isEmpty()) {
      s.audit(ticketId, tenantId, step, "conflicts", null, conflicts.stream().map(c -> c.kind() + ": " + c.reason())
          .collect(Collectors.joining("; ")));
    }
  }
}
