package dev.itsm.api.incident;

import dev.itsm.api.Priority;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Filter, order and page for {@code IncidentService#query}. All filters are combined with AND; each
 * set filter matches any of its values. The actor's visibility (own tickets, group tickets, tenant)
 * is always applied on top.
 *
 * <pre>{@code
 * IncidentQuery.builder().state(IncidentState.NEW, IncidentState.ASSIGNED).group("network")
 *     .sortBy(IncidentSort.SLA_DUE, true).page(0, 50).build();
 * }</pre>
 */
public record IncidentQuery(Set<IncidentState> states, Set<String> groupIds, String assigneeId, String callerId,
                            UUID affectedCi, Set<Priority> priorities, boolean slaAtRisk, boolean slaBreached,
                            List<FieldFilter> fieldFilters, IncidentSort sort, boolean ascending,
                            int offset, int limit, boolean countTotal) {

  /** Largest page a query may ask for. */
  public static final int MAX_LIMIT = 1000;

  public IncidentQuery {
    states = states == null ? Set.of() : Set.copyOf(states);
    groupIds = groupIds == null ? Set.of() : Set.copyOf(groupIds);
    priorities = priorities == null ? Set.of() : Set.copyOf(priorities);
    fieldFilters = fieldFilters == null ? List.of() : List.copyOf(fieldFilters);
    sort = sort == null ? IncidentSort.NUMBER : sort;
  }

  /** All visible incidents, newest number first, first 50. */
  public static IncidentQuery all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A filter on a custom field: equal to {@code value}, or within {@code [from, to)} when
   * {@code value} is {@code null}. Either bound may be {@code null}.
   */
  public record FieldFilter(String name, Object value, Object from, Object to) {
    public FieldFilter {
      Objects.requireNonNull(name, "name");
    }
  }

  /** Builder for {@link IncidentQuery}. */
  public static final class Builder {
    private boolean countTotal = true;
    private final Set<IncidentState> states = EnumSet.noneOf(IncidentState.class);
    private final Set<String> groupIds = new LinkedHashSet<>();
    private String assigneeId;
    private String callerId;
    private UUID affectedCi;
    private final Set<Priority> priorities = EnumSet.noneOf(Priority.class);
    private boolean slaAtRisk;
    private boolean slaBreached;
    private final List<FieldFilter> fieldFilters = new ArrayList<>();
    private IncidentSort sort = IncidentSort.NUMBER;
    private boolean ascending;
    private int offset;
    private int limit = 50;

    private Builder() {}

    /** Only incidents still being handled ({@link IncidentState#isOpen()}). */
    public Builder open() {
      for (IncidentState state : IncidentState.values()) {
        if (state.isOpen()) {
          this.states.add(state);
        }
      }
      return this;
    }

    public Builder state(IncidentState... states) {
      this.states.addAll(List.of(states));
      return this;
    }

    public Builder group(String... groupIds) {
      this.groupIds.addAll(List.of(groupIds));
      return this;
    }

    public Builder assignee(String assigneeId) {
      this.assigneeId = assigneeId;
      return this;
    }

    public Builder caller(String callerId) {
      this.callerId = callerId;
      return this;
    }

    /** Incidents that name this configuration item among their affected CIs. */
    public Builder affectedCi(UUID ciId) {
      this.affectedCi = ciId;
      return this;
    }

    public Builder priority(Priority... priorities) {
      this.priorities.addAll(List.of(priorities));
      return this;
    }

    /** Only incidents with a running SLA clock past its warning point, or already breached. */
    public Builder slaAtRisk() {
      this.slaAtRisk = true;
      return this;
    }

    /** Only incidents with a breached SLA clock. */
    public Builder slaBreached() {
      this.slaBreached = true;
      return this;
    }

    /** Custom field equal to the value. */
    public Builder field(String name, Object value) {
      this.fieldFilters.add(new FieldFilter(name, Objects.requireNonNull(value, "value"), null, null));
      return this;
    }

    /** Custom field within {@code [from, to)}; either bound may be {@code null}. */
    public Builder fieldBetween(String name, Object from, Object to) {
      this.fieldFilters.add(new FieldFilter(name, null, from, to));
      return this;
    }

    public Builder sortBy(IncidentSort sort, boolean ascending) {
      this.sort = Objects.requireNonNull(sort, "sort");
      this.ascending = ascending;
      return this;
    }

    /**
     * Leaves out counting the matches: the page's {@link dev.itsm.api.Page#total()} is then only
     * a lower bound (the items up to this page, plus one when more follow), so
     * {@link dev.itsm.api.Page#hasMore()} stays right. For queues and infinite scrolling, where the
     * count of a large result costs more than the page.
     */
    public Builder withoutTotal() {
      this.countTotal = false;
      return this;
    }

    /** Page window; {@code limit} between 1 and {@link #MAX_LIMIT}. */
    public Builder page(int offset, int limit) {
      this.offset = offset;
      this.limit = limit;
      return this;
    }

    public IncidentQuery build() {
      return new IncidentQuery(states, groupIds, assigneeId, callerId, affectedCi, priorities, slaAtRisk, slaBreached,
          fieldFilters, sort, ascending, offset, limit, countTotal);
    }
  }
}
