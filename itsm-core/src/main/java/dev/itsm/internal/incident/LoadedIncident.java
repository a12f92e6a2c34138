package dev.itsm.internal.incident;

import dev.itsm.api.ConcurrentUpdateException;
import dev.itsm.api.Priority;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.sla.Agreement;
import dev.itsm.api.sla.SlaKind;
import dev.itsm.internal.persistence.FieldRow;
import dev.itsm.internal.persistence.IncidentRow;
import dev.itsm.internal.persistence.SlaClockMapper;
import dev.itsm.internal.persistence.SlaClockRow;
import dev.itsm.internal.persistence.SlaEventRow;
import dev.itsm.internal.sla.Calendars;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.sla.SlaClock;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.internal.process.ProcessTicket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An incident in a unit of work: its row, SLA clocks, CI references and custom field values. Every
 * change goes through a method here that records the audit entry; {@link #flush} writes the row
 * once with the version check.
 */
public final class LoadedIncident implements ProcessTicket {
  private final IncidentRow row;
  private final Map<String, SlaClock> clocks = new LinkedHashMap<>();
  private final List<UUID> cis;
  private final List<UUID> newCis = new ArrayList<>();
  private final Map<String, FieldRow> fields;
  private final Map<String, FieldRow> changedFields = new LinkedHashMap<>();
  private final Set<String> persistedFields = new java.util.HashSet<>();
  private boolean inserted;
  private long persistedVersion;
  private boolean dirty;
  private boolean dirtyDetail;

  private LoadedIncident(IncidentRow row, boolean inserted, List<UUID> cis, Map<String, FieldRow> fields) {
    this.row = row;
    this.inserted = inserted;
    this.persistedVersion = row.version;
    this.cis = new ArrayList<>(cis);
    this.fields = new LinkedHashMap<>(fields);
    this.persistedFields.addAll(fields.keySet());
  }

  /** A new incident; written at the next flush. */
  static LoadedIncident create(IncidentRow row) {
    LoadedIncident incident = new LoadedIncident(row, false, List.of(), Map.of());
    incident.dirty = true;
    return incident;
  }

  /** Loads an incident with its clocks, CIs and fields; {@code null} if there is none with that id. */
  /** Reads of a ticket that another transaction keeps changing, before the load gives up. */
  private static final int CONSISTENT_READ_ATTEMPTS = 5;

  /**
   * Loads the incident as of one version. The base row is read first, then its fields and CIs in
   * further statements; under read-committed isolation a change committed in between would pair the
   * row's version with newer fields, and a write expecting that version could then overwrite a
   * change it never saw. So when fields or CIs were read, the version is read again, and the load
   * starts over if it moved (every change of fields or CIs moves it). SLA clocks carry versions of
   * their own, checked when they are written.
   */
  static LoadedIncident load(ItsmSession session, UUID id) {
    TicketMapper mapper = session.mapper(TicketMapper.class);
    for (int attempt = 1; ; attempt++) {
      IncidentRow row = mapper.selectIncident(id);
      if (row == null) {
        return null;
      }
      LoadedIncident incident = withDetails(session, row);
      if (!row.hasCis && !row.hasFields) {
        return incident;
      }
      Long version = mapper.selectVersion(id);
      if (version != null && version == row.version) {
        return incident;
      }
      if (attempt == CONSISTENT_READ_ATTEMPTS) {
        throw new dev.itsm.api.ConcurrentUpdateException("Expected to read incident " + row.number + " as of one version, but"
            + " other transactions changed it " + attempt + " times while it was read; retry");
      }
    }
  }

  static LoadedIncident withDetails(ItsmSession session, IncidentRow row) {
    TicketMapper mapper = session.mapper(TicketMapper.class);
    List<UUID> cis = row.hasCis ? mapper.selectCis(List.of(row.id)).stream().map(r -> r.ciId).toList() : List.of();
    Map<String, FieldRow> fields = new LinkedHashMap<>();
    if (row.hasFields) {
      mapper.selectFields(List.of(row.id)).forEach(f -> fields.put(f.fieldName, f));
    }
    LoadedIncident incident = new LoadedIncident(row, true, cis, fields);
    SlaClockMapper clocks = session.mapper(SlaClockMapper.class);
    List<SlaClockRow> rows = clocks.selectClocks(row.id);
    if (!rows.isEmpty()) {
      Map<UUID, List<SlaEventRow>> events = new HashMap<>();
      clocks.selectEvents(row.id).forEach(e -> events.computeIfAbsent(e.clockId, k -> new ArrayList<>()).add(e));
      Calendars calendars = session.runtime().calendars();
      for (SlaClockRow clock : rows) {
        SlaClock loaded = SlaClock.load(clock, events.getOrDefault(clock.id, List.of()), calendars::get);
        incident.clocks.put(loaded.slot(), loaded);
      }
    }
    return incident;
  }

  @Override
  public UUID id() {
    return row.id;
  }

  public IncidentRow row() {
    return row;
  }

  @Override
  public String number() {
    return row.number;
  }

  @Override
  public boolean isStale(ItsmSession session) {
    if (!inserted) {
      return false;
    }
    Long stored = session.mapper(TicketMapper.class).selectVersion(row.id);
    return stored != null && stored != persistedVersion;
  }

  @Override
  public String kind() {
    return "incident";
  }

  @Override
  public String processInstanceId() {
    return row.processInstanceId;
  }

  @Override
  public String stateName() {
    return row.state;
  }

  public IncidentState state() {
    return IncidentState.valueOf(row.state);
  }

  /** The version stored now (what an expected version is compared with). */
  @Override
  public long version() {
    return persistedVersion;
  }

  /** The version this incident will have once the unit commits (what the API returns). */
  long pendingVersion() {
    return inserted && dirty ? persistedVersion + 1 : row.version;
  }

  /** A read-only view for query results (not part of any unit of work). */
  static LoadedIncident readOnly(IncidentRow row, List<UUID> cis, Map<String, FieldRow> fields) {
    return new LoadedIncident(row, true, cis, fields);
  }

  /** The SLA agreement's clock of that kind (the one the incident contract's timers follow), or {@code null}. */
  public SlaClock clock(SlaKind kind) {
    return clocks.get(SlaClock.slot(Agreement.SLA, "", kind.name()));
  }

  /** Every clock by slot (agreement, party, target). */
  public Map<String, SlaClock> clocksBySlot() {
    return clocks;
  }

  public Collection<SlaClock> clocks() {
    return clocks.values();
  }

  void addClock(SlaClock clock) {
    clocks.put(clock.slot(), clock);
  }

  /** Records an audited change of a base column; returns whether the value differs. */
  boolean change(ItsmSession session, String action, String field, Object oldValue, Object newValue) {
    if (Objects.equals(oldValue, newValue)) {
      return false;
    }
    session.audit(row.id, row.tenantId, action, field, oldValue, newValue);
    dirty = true;
    row.updatedBy = session.actor().id();
    return true;
  }

  /** Like {@link #change} for a column of the incident detail table. */
  boolean changeDetail(ItsmSession session, String action, String field, Object oldValue, Object newValue) {
    boolean changed = change(session, action, field, oldValue, newValue);
    dirtyDetail |= changed;
    return changed;
  }

  void setState(ItsmSession session, String action, IncidentState state) {
    if (change(session, action, "state", row.state, state.name())) {
      row.state = state.name();
    }
  }

  void setPriority(ItsmSession session, String action, Priority priority) {
    if (change(session, action, "priority", row.priority, priority)) {
      row.priority = priority;
    }
  }

  void setGroup(ItsmSession session, String action, String groupId) {
    if (change(session, action, "groupId", row.groupId, groupId)) {
      row.groupId = groupId;
    }
  }

  void setAssignee(ItsmSession session, String action, String assigneeId) {
    if (change(session, action, "assigneeId", row.assigneeId, assigneeId)) {
      row.assigneeId = assigneeId;
    }
  }

  /** Recomputes the earliest deadline of the running clocks. */
  void updateNextSlaDue(ItsmSession session) {
    Instant next = clocks.values().stream().map(SlaClock::deadline).filter(Objects::nonNull).min(Instant::compareTo)
        .orElse(null);
    if (!Objects.equals(next, row.nextSlaDue)) {
      row.nextSlaDue = next;
      dirty = true;
    }
    if (row.processInstanceId != null) {
      dev.itsm.internal.sla.SlaTimers.sync(session, clocks.values(), row.processInstanceId);
    }
  }

  /** Marks the row changed without an audited field (e.g. the process instance id). */
  void touch() {
    dirty = true;
  }

  void touchDetail() {
    dirty = true;
    dirtyDetail = true;
  }

  void addCi(UUID ciId) {
    if (!cis.contains(ciId)) {
      cis.add(ciId);
      newCis.add(ciId);
      dirty = true;
    }
  }

  Map<String, FieldRow> fields() {
    return fields;
  }

  /** Sets (or with a row of only nulls, clears) a custom field value. */
  void setField(ItsmSession session, String action, FieldRow value, Object oldValue, Object newValue) {
    if (change(session, action, "fields." + value.fieldName, oldValue, newValue)) {
      changedFields.put(value.fieldName, value);
      if (newValue == null) {
        fields.remove(value.fieldName);
      } else {
        fields.put(value.fieldName, value);
      }
    }
  }

  @Override
  public void flush(ItsmSession session) {
    TicketMapper mapper = session.mapper(TicketMapper.class);
    // every change of CIs or fields marks the row dirty, so the flags are written with them
    row.hasCis = !cis.isEmpty();
    row.hasFields = !fields.isEmpty();
    if (!inserted) {
      row.updatedAt = session.now();
      mapper.insertTicket(row);
      mapper.insertIncident(row);
      inserted = true;
      persistedVersion = row.version;
    } else if (dirty) {
      row.version = persistedVersion + 1;
      row.updatedAt = session.now();
      if (mapper.updateTicket(row, persistedVersion) != 1) {
        row.version = persistedVersion;
        throw new ConcurrentUpdateException("Expected to update incident " + row.number + " at version "
            + persistedVersion + ", but another transaction changed it first; reload and retry");
      }
      if (dirtyDetail) {
        mapper.updateIncident(row);
      }
      persistedVersion = row.version;
    }
    for (FieldRow field : changedFields.values()) {
      boolean present = fields.containsKey(field.fieldName);
      if (present && persistedFields.contains(field.fieldName)) {
        mapper.updateField(field);
      } else if (present) {
        mapper.insertField(field);
        persistedFields.add(field.fieldName);
      } else if (persistedFields.remove(field.fieldName)) {
        mapper.deleteField(row.id, field.fieldName);
      }
    }
    for (UUID ci : newCis) {
      mapper.insertCi(row.id, ci);
    }
    newCis.clear();
    changedFields.clear();
    dirty = false;
    dirtyDetail = false;
    for (SlaClock clock : clocks.values()) {
      clock.flush(session, row.number);
    }
  }

  IncidentTicket snapshot(CustomFields customFields) {
    Map<String, Object> values = new LinkedHashMap<>();
    fields.forEach((name, f) -> values.put(name, customFields.value(f)));
    return new IncidentTicket(row.id, row.number, row.tenantId, row.title, row.description, state(), row.priority,
        row.impact, row.urgency, row.category, row.channel, row.service, row.customerClass, row.callerId, row.groupId, row.assigneeId, cis,
        row.holdReason, row.resolutionCode, row.resolutionText, row.openedAt, row.acknowledgedAt, row.resolvedAt,
        row.closedAt, row.nextSlaDue, row.processInstanceId, pendingVersion(), values);
  }
}
