package dev.itsm.internal.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.managed.ManagedTransactionFactory;

/**
 * The engine's own MyBatis set-up for the ITSM tables. Sessions are opened on a connection that
 * someone else owns (the process engine's command connection): they never commit, roll back or
 * close it.
 */
public final class Persistence {
  private static final List<String> MAPPERS = List.of("TicketMapper", "SlaClockMapper", "AuditMapper",
      "OutboxMapper", "NoteMapper", "SequenceMapper", "CmdbMapper", "GraphMapper", "ChangeMapper",
      "ProblemMapper", "KnowledgeMapper", "ReleaseMapper");

  private final SqlSessionFactory sessionFactory;
  private final Dialect dialect;

  public Persistence(DataSource dataSource, Dialect dialect) {
    this.dialect = dialect;
    ManagedTransactionFactory transactions = new ManagedTransactionFactory();
    Properties props = new Properties();
    props.setProperty("closeConnection", "false");
    transactions.setProperties(props);

    Configuration configuration = new Configuration(new Environment("itsm", transactions, dataSource));
    configuration.setDatabaseId(dialect.id());
    configuration.setMapUnderscoreToCamelCase(true);
    configuration.setDefaultExecutorType(ExecutorType.REUSE);
    configuration.setCacheEnabled(false);
    configuration.setLocalCacheScope(org.apache.ibatis.session.LocalCacheScope.STATEMENT);
    configuration.getTypeHandlerRegistry().register(UUID.class, new UuidTypeHandler());
    configuration.getTypeHandlerRegistry().register(Instant.class, new InstantTypeHandler());
    for (String mapper : MAPPERS) {
      String resource = "dev/itsm/internal/persistence/" + mapper + ".xml";
      try (InputStream in = Persistence.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing mapper resource " + resource);
        }
        new XMLMapperBuilder(in, configuration, resource, configuration.getSqlFragments()).parse();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    this.sessionFactory = new SqlSessionFactoryBuilder().build(configuration);
  }

  /** A session on a connection owned by the caller (the engine's transaction). */
  public SqlSession open(Connection connection) {
    return sessionFactory.openSession(connection);
  }

  /** Like {@link #open} with JDBC batching: for inserts whose results nobody reads back. */
  public SqlSession openBatch(Connection connection) {
    return sessionFactory.openSession(ExecutorType.BATCH, connection);
  }

  public Dialect dialect() {
    return dialect;
  }
}
