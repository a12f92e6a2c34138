package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentSort;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewIncident;
import dev.itsm.spi.CustomField;
import dev.itsm.testkit.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Reads of incidents (get, by number, query) outside a unit of work run on an autocommit connection
 * of their own, without an engine command and its {@code COMMIT}; inside a unit they see its
 * changes. A page reads CIs and custom fields only for the tickets the ticket row says have some.
 */
class ReadsTest {
  private static final Actor CM = Actor.configurationManager("cora");

  @Test
  void readsOutsideAUnitSendNoCommitAndSeeWhatIsCommitted() throws Exception {
    try (TestDatabase database = TestDatabase.create();
         HikariDataSource pool = pool(database, true);
         ItsmEngine itsm = engine(new CountingDataSource(pool))) {
      CountingDataSource counting = (CountingDataSource) dataSource(itsm);
      IncidentService incidents = itsm.incidents();
      IncidentTicket opened = openP1(incidents);
      int begun = counting.transactions.get();
      assertThat(begun).isPositive();

      // when: the three reads
      IncidentTicket byId = incidents.get(AGENT, opened.id());
      IncidentTicket byNumber = incidents.getByNumber(AGENT, opened.number());
      List<IncidentTicket> queue = incidents.query(AGENT, IncidentQuery.builder().group("network-ops").open()
          .sortBy(IncidentSort.SLA_DUE, true).withoutTotal().build()).items();

      // then: what was committed, and no transaction begun to read it
      assertThat(byId.number()).isEqualTo(opened.number());
      assertThat(byNumber.id()).isEqualTo(opened.id());
      assertThat(queue).extracting(IncidentTicket::id).containsExactly(opened.id());
      assertThat(counting.transactions.get()).isEqualTo(begun);

      // and a change still runs in a transaction, and the next read sees it
      incidents.assign(MANAGER, opened.ref(), Assignment.toAgent("alice"));
      assertThat(counting.transactions.get()).isGreaterThan(begun);
      assertThat(incidents.get(AGENT, opened.id()).assigneeId()).isEqualTo("alice");
    }
  }

  @Test
  void readsInsideAUnitSeeItsChangesBeforeTheyCommit() throws Exception {
    try (TestDatabase database = TestDatabase.create();
         HikariDataSource pool = pool(database, true);
         ItsmEngine itsm = engine(pool)) {
      IncidentService incidents = itsm.incidents();
      IncidentTicket opened = openP1(incidents);

      List<String> seen = itsm.inTransaction(() -> {
        incidents.assign(MANAGER, opened.ref(), Assignment.toAgent("alice"));
        return List.of(incidents.get(AGENT, opened.id()).assigneeId(),
            incidents.query(MANAGER, IncidentQuery.builder().assignee("alice").build()).items().get(0).number());
      });

      assertThat(seen).containsExactly("alice", opened.number());
    }
  }

  @Test
  void aDataSourceWhoseConnectionsAreInATransactionGetsAnEngineCommand() throws Exception {
    // a pool that hands out connections with autocommit off (as a host's transaction manager may):
    // the read runs as an engine command, which ends what it began
    try (TestDatabase database = TestDatabase.create();
         HikariDataSource pool = pool(database, false);
         ItsmEngine itsm = engine(pool)) {
      IncidentTicket opened = openP1(itsm.incidents());

      assertThat(itsm.incidents().query(MANAGER, IncidentQuery.all()).items()).extracting(IncidentTicket::id)
          .containsExactly(opened.id());
      assertThat(itsm.incidents().get(AGENT, opened.id()).number()).isEqualTo(opened.number());
      itsm.incidents().assign(MANAGER, opened.ref(), Assignment.toAgent("alice"));
      assertThat(itsm.incidents().getByNumber(AGENT, opened.number()).assigneeId()).isEqualTo("alice");
    }
  }

  @Test
  void aPageCarriesTheCisAndFieldsOfEachTicketAsTheirRowsSay() throws Exception {
    try (TestDatabase database = TestDatabase.create();
         HikariDataSource pool = pool(database, true);
         ItsmEngine itsm = ItsmEngine.builder().dataSource(pool).jobExecutor(false).plugin(DIRECTORY)
             .plugin(context -> context.customField(CustomField.string("site", 20))).build()) {
      IncidentService incidents = itsm.incidents();
      Ci db = itsm.cmdb().create(CM, NewCi.of("Database", "orders-db", Map.of()));
      IncidentTicket both = incidents.open(CALLER, NewIncident.builder("Orders slow").category("network")
          .affectedCi(db.id()).field("site", "Hamburg").build());
      IncidentTicket plain = incidents.open(CALLER, NewIncident.builder("Mouse broken").category("network").build());
      IncidentTicket fieldOnly = incidents.open(CALLER, NewIncident.builder("Printer jam").category("network")
          .field("site", "Berlin").build());
      Map<String, Object> clear = new HashMap<>();
      clear.put("site", null);
      incidents.updateFields(AGENT, fieldOnly.ref(), clear);
      IncidentTicket gainsField = incidents.updateFields(AGENT, plain.ref(), Map.of("site", "Paris"));
      assertThat(gainsField.fields()).containsEntry("site", "Paris");

      // then: the page
      assertThat(incidents.query(MANAGER, IncidentQuery.builder().sortBy(IncidentSort.NUMBER, true).build()).items())
          .extracting(IncidentTicket::number, IncidentTicket::affectedCis, IncidentTicket::fields)
          .containsExactly(
              tuple(both.number(), List.of(db.id()), Map.of("site", "Hamburg")),
              tuple(plain.number(), List.of(), Map.of("site", "Paris")),
              tuple(fieldOnly.number(), List.of(), Map.of()));
      // and the rows' flags, which the engine keeps with every change of CIs or fields
      try (Connection c = database.connect()) {
        assertThat(flags(c, both)).isEqualTo("true/true");
        assertThat(flags(c, plain)).isEqualTo("false/true");
        assertThat(flags(c, fieldOnly)).isEqualTo("false/false");
      }
    }
  }

  private static String flags(Connection c, IncidentTicket ticket) throws SQLException {
    try (var p = c.prepareStatement("SELECT has_cis, has_fields FROM itsm_ticket WHERE id = ?")) {
      p.setObject(1, ticket.id());
      try (var rs = p.executeQuery()) {
        rs.next();
        return rs.getBoolean(1) + "/" + rs.getBoolean(2);
      }
    }
  }

  private static ItsmEngine engine(DataSource dataSource) {
    return ItsmEngine.builder().dataSource(dataSource).jobExecutor(false).plugin(DIRECTORY).build();
  }

  private static DataSource dataSource(ItsmEngine itsm) {
    return ((org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) itsm.processEngine()
        .getProcessEngineConfiguration()).getDataSource();
  }

  private static HikariDataSource pool(TestDatabase database, boolean autoCommit) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    config.setPassword(database.isPostgres() ? null : "");
    config.setMaximumPoolSize(8);
    config.setAutoCommit(autoCommit);
    return new HikariDataSource(config);
  }

  /**
   * A data source that counts the transactions begun (autocommit switched off) on its connections by
   * the thread that created it.
   */
  private static final class CountingDataSource implements DataSource {
    final AtomicInteger transactions = new AtomicInteger();
    private final Thread owner = Thread.currentThread();
    private final DataSource target;

    CountingDataSource(DataSource target) {
      this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return counted(target.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return counted(target.getConnection(user, password));
    }

    private Connection counted(Connection connection) {
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            // on the test's thread only: outbox deliveries after a commit run on threads of their own
            if (method.getName().equals("setAutoCommit") && Boolean.FALSE.equals(args[0]) && Thread.currentThread() == owner) {
              transactions.incrementAndGet();
            }
            try {
              return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return target.isWrapperFor(type);
    }
  }
}
