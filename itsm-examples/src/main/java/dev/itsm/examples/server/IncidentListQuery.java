package dev.itsm.examples.server;

import dev.itsm.api.Codes;
import dev.itsm.api.InvalidInputException;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.Priority;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentSort;
import dev.itsm.api.incident.IncidentState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the query string of {@code GET /api/incidents} into an {@link IncidentQuery}. Set filters
 * ({@code state}, {@code group}, {@code priority}) may repeat or hold a comma list;
 * {@code affectedCi} keeps the incidents on one configuration item (its id). Without
 * {@code order}, {@code number}, {@code opened} and {@code updated} sort newest first and
 * {@code priority} and {@code slaDue} most urgent first. Ranges (offset, limit) are checked by the
 * library.
 */
final class IncidentListQuery {
  private static final int DEFAULT_LIMIT = 50;

  private IncidentListQuery() {}

  static IncidentQuery parse(Map<String, List<String>> params) {
    IncidentQuery.Builder query = IncidentQuery.builder();
    for (String state : values(params, "state")) {
      query.state(Codes.parse(IncidentState.class, "state", state));
    }
    values(params, "group").forEach(query::group);
    for (String priority : values(params, "priority")) {
      query.priority(Codes.parse(Priority.class, "priority", priority));
    }
    query.assignee(single(params, "assignee"));
    query.caller(single(params, "caller"));
    String affectedCi = single(params, "affectedCi");
    if (affectedCi != null) {
      query.affectedCi(Params.uuid("affectedCi", affectedCi));
    }
    if (bool(params, "slaAtRisk")) {
      query.slaAtRisk();
    }
    if (bool(params, "slaBreached")) {
      query.slaBreached();
    }
    String sortText = single(params, "sort");
    IncidentSort sort = sortText == null ? IncidentSort.NUMBER : Codes.parse(IncidentSort.class, "sort", snakeCase(sortText));
    query.sortBy(sort, ascending(single(params, "order"), sort));
    query.page(integer(params, "offset", 0), integer(params, "limit", DEFAULT_LIMIT));
    return query.build();
  }

  private static boolean ascending(String order, IncidentSort sort) {
    if (order == null) {
      return sort == IncidentSort.PRIORITY || sort == IncidentSort.SLA_DUE;
    }
    return switch (order.trim().toLowerCase(Locale.ROOT)) {
      case "asc" -> true;
      case "desc" -> false;
      default -> throw new InvalidValueException("order", "Expected order to be one of asc, desc, but it is '" + order + "'");
    };
  }

  /** Every value of a repeatable parameter, comma lists split, blanks dropped. */
  private static List<String> values(Map<String, List<String>> params, String name) {
    List<String> values = new ArrayList<>();
    for (String value : params.getOrDefault(name, List.of())) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          values.add(part.trim());
        }
      }
    }
    return values;
  }

  private static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new InvalidInputException(name, "Expected one value for " + name + ", but there are " + values.size());
    }
    return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
  }

  private static boolean bool(Map<String, List<String>> params, String name) {
    String value = single(params, name);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidInputException(name, "Expected " + name + " to be true or false, but it is '" + value + "'");
    };
  }

  private static int integer(Map<String, List<String>> params, String name, int absent) {
    String value = single(params, name);
    if (value == null) {
      return absent;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name, "Expected " + name + " to be a whole number, but it is '" + value + "'");
    }
  }

  /** {@code slaDue} -> {@code sla_Due}, which {@link Codes#parse} reads as SLA_DUE. */
  private static String snakeCase(String value) {
    return value.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
  }
}
