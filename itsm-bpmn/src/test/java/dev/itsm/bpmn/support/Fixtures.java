package dev.itsm.bpmn.support;

import dev.itsm.api.Actor;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.api.incident.Urgency;
import dev.itsm.spi.Directory;
import dev.itsm.spi.ItsmPlugin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Actors, a directory and small helpers shared by the scenario tests. */
public final class Fixtures {
  public static final Actor CALLER = Actor.caller("bob");
  public static final Actor OTHER_CALLER = Actor.caller("cleo");
  public static final Actor AGENT = Actor.agent("alice", "network-ops");
  public static final Actor OTHER_AGENT = Actor.agent("carl", "network-ops");
  public static final Actor DESK_AGENT = Actor.agent("dora", "service-desk");
  public static final Actor MANAGER = Actor.manager("mona", "network-ops");

  /** network-ops: alice and carl, managed by mona and mike; service-desk: dora, managed by sam. */
  public static final ItsmPlugin DIRECTORY = context -> context.directory(directory());

  /** The groups above as a directory. */
  public static Directory directory() {
    return Directory.inMemory()
      .group("network-ops", List.of("alice", "carl"), List.of("mona", "mike"))
      .group("service-desk", List.of("dora"), List.of("sam", "sue"))
      .group("desktop-support", List.of("dan"), List.of("dina", "dirk"))
      .group("app-support", List.of("ann"), List.of("abe"))
      .group("identity", List.of("ivy"), List.of("ian"))
      .group("messaging", List.of("max"), List.of("meg"))
      .group("dba", List.of("deb"), List.of("don"))
      .build();
  }

  private Fixtures() {}

  /** Asserts that {@code call} fails with an {@code InvalidValueException} on {@code field} whose message mentions {@code text}. */
  public static void assertInvalidValue(ThrowingCallable call, String field, String text) {
    Assertions.assertThatThrownBy(call).isInstanceOfSatisfying(dev.itsm.api.InvalidValueException.class, e -> {
      Assertions.assertThat(e.field()).isEqualTo(field);
      Assertions.assertThat(e.getMessage()).contains(text);
    });
  }

  /** A P1 network incident reported by bob. */
  public static IncidentTicket openP1(IncidentService incidents) {
    return incidents.open(CALLER, NewIncident.builder("VPN gateway down").description("No one can connect")
        .category("network").impact(Impact.HIGH).urgency(Urgency.HIGH).build());
  }

  /** A network incident with the given impact and urgency. */
  public static IncidentTicket open(IncidentService incidents, Impact impact, Urgency urgency) {
    return incidents.open(CALLER, NewIncident.builder("Switch port flapping").category("network")
        .impact(impact).urgency(urgency).build());
  }

  /** A single number from a query on a connection of its own. */
  public static long count(Connection connection, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
