package dev.itsm.internal.release;

import dev.itsm.api.release.EnvironmentStatus;
import dev.itsm.api.release.ReleaseState;
import dev.itsm.internal.persistence.ReleaseEnvCiRow;
import dev.itsm.internal.persistence.ReleaseEnvRow;
import dev.itsm.internal.persistence.ReleaseMapper;
import dev.itsm.internal.persistence.ReleaseResultRow;
import dev.itsm.internal.persistence.ReleaseRow;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.process.LoadedTicket;
import dev.itsm.internal.tx.ItsmSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A release in a unit of work: its row, CIs, environments with their CIs, and new stage results. Every audited
 * change goes through {@link #change}; {@link #flush} writes the row once with the version check, then new and
 * changed child rows.
 */
final class LoadedRelease extends LoadedTicket<ReleaseRow> {
  private final List<ReleaseEnvRow> envs;
  private final List<ReleaseEnvCiRow> envCis;
  /** Whether the environment rows are in the database (else the insert writes their current values). */
  private boolean envsStored;
  private final Set<ReleaseEnvRow> changedEnvs = new LinkedHashSet<>();
  private final Set<ReleaseEnvCiRow> changedEnvCis = new LinkedHashSet<>();
  private final List<ReleaseResultRow> newResults = new ArrayList<>();
  /** Results stored and pending, once counted; -1 before. */
  private int results = -1;

  private LoadedRelease(ReleaseRow row, boolean inserted, List<UUID> cis, List<ReleaseEnvRow> envs,
                        List<ReleaseEnvCiRow> envCis) {
    super(row, inserted, cis);
    this.envs = new ArrayList<>(envs);
    this.envCis = new ArrayList<>(envCis);
    this.envsStored = inserted;
  }

  /** A new release with its environments and their CIs; written at the next flush. */
  static LoadedRelease create(ReleaseRow row, List<UUID> cis, List<ReleaseEnvRow> envs, List<ReleaseEnvCiRow> envCis) {
    LoadedRelease release = new LoadedRelease(row, false, List.of(), envs, envCis);
    cis.forEach(release::addCi);
    release.touch();
    return release;
  }

  /** The release with its CIs and environments; {@code null} if there is no release with that id. */
  static LoadedRelease load(ItsmSession session, UUID id) {
    ReleaseMapper mapper = session.mapper(ReleaseMapper.class);
    ReleaseRow row = mapper.selectRelease(id);
    if (row == null) {
      return null;
    }
    List<UUID> cis = row.hasCis
        ? session.mapper(TicketMapper.class).selectCis(List.of(id)).stream().map(r -> r.ciId).toList() : List.of();
    return new LoadedRelease(row, true, cis, mapper.selectEnvs(List.of(id)), mapper.selectEnvCis(List.of(id)));
  }

  /** A read-only view for query results. */
  static LoadedRelease readOnly(ReleaseRow row, List<UUID> cis, List<ReleaseEnvRow> envs, List<ReleaseEnvCiRow> envCis) {
    return new LoadedRelease(row, true, cis, envs, envCis);
  }

  @Override
  public String kind() {
    return "release";
  }

  ReleaseState state() {
    return ReleaseState.valueOf(row().state);
  }

  List<ReleaseEnvRow> envs() {
    return envs;
  }

  /** The environment with that name, or {@code null}. */
  ReleaseEnvRow env(String name) {
    return envs.stream().filter(e -> e.name.equals(name)).findFirst().orElse(null);
  }

  List<ReleaseEnvCiRow> cisOf(ReleaseEnvRow env) {
    return envCis.stream().filter(c -> c.idx == env.idx).toList();
  }

  List<ReleaseEnvCiRow> envCis() {
    return envCis;
  }

  void setState(ItsmSession session, String action, ReleaseState state) {
    if (change(session, action, "state", row().state, state.name())) {
      row().state = state.name();
    }
  }

  /** Moves an environment's deployment on, stamping the instant of the status reached. */
  void envStatus(ItsmSession session, ReleaseEnvRow env, EnvironmentStatus status) {
    session.audit(row().id, row().tenantId, "environment", "environments[" + env.idx + "].status", env.status,
        status.name());
    env.status = status.name();
    Instant now = session.now();
    switch (status) {
      case DEPLOYING -> env.startedAt = now;
      case DEPLOYED -> env.deployedAt = now;
      case VERIFIED -> env.verifiedAt = now;
      case ROLLED_BACK -> env.rolledBackAt = now;
      default -> { }
    }
    if (envsStored) {
      changedEnvs.add(env);
    }
    touch();
  }

  void previousVersion(ReleaseEnvCiRow ci, String json) {
    ci.previousVersion = json;
    if (envsStored) {
      changedEnvCis.add(ci);
    }
  }

  /** The sequence number of the next stage result. */
  int nextResultSeq(ItsmSession session) {
    if (results < 0) {
      results = envsStored ? session.mapper(ReleaseMapper.class).selectResults(row().id).size() : 0;
    }
    return results + 1;
  }

  void addResult(ItsmSession session, ReleaseResultRow result) {
    results = result.seq;
    newResults.add(result);
    touch();
  }

  @Override
  protected void insertDetail(ItsmSession session) {
    ReleaseMapper mapper = session.mapper(ReleaseMapper.class);
    mapper.insertRelease(row());
    envs.forEach(mapper::insertEnv);
    envCis.forEach(mapper::insertEnvCi);
    envsStored = true;
  }

  @Override
  protected void updateDetail(ItsmSession session) {
    session.mapper(ReleaseMapper.class).updateRelease(row());
  }

  @Override
  protected void flushChildren(ItsmSession session) {
    ReleaseMapper mapper = session.mapper(ReleaseMapper.class);
    changedEnvs.forEach(mapper::updateEnv);
    changedEnvCis.forEach(mapper::updateEnvCi);
    newResults.forEach(mapper::insertResult);
    changedEnvs.clear();
    changedEnvCis.clear();
    newResults.clear();
  }
}
