package dev.itsm.internal.engine;

import dev.itsm.api.AuditService;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.sla.SlaService;
import dev.itsm.api.cmdb.CmdbService;
import dev.itsm.internal.audit.AuditServiceImpl;
import dev.itsm.internal.cmdb.CmdbServiceImpl;
import dev.itsm.internal.cmdb.GraphCache;
import dev.itsm.internal.incident.IncidentContext;
import dev.itsm.internal.incident.IncidentServiceImpl;
import dev.itsm.internal.incident.NumberSequences;
import dev.itsm.internal.model.ModelDeployer;
import dev.itsm.internal.outbox.Delivery;
import dev.itsm.internal.persistence.Dialect;
import dev.itsm.internal.persistence.Migrations;
import dev.itsm.internal.persistence.Persistence;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.sla.SlaServiceImpl;
import dev.itsm.internal.tx.ItsmSessionFactory;
import dev.itsm.internal.tx.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.interceptor.SessionFactory;
import org.operaton.bpm.engine.impl.persistence.StrongUuidGenerator;

/**
 * Everything one ITSM engine holds, wired in the three phases of an Operaton plugin: register
 * beans and the session factory before the process engine initialises, migrate the ITSM tables once
 * its data source exists, deploy models and create the services once it is built.
 */
public final class ItsmRuntime {
  private final EngineSettings settings;
  private final Clock clock;
  private final Registry registry;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile IncidentServiceImpl incidents;
  private volatile dev.itsm.internal.change.ChangeServiceImpl changes;
  private volatile dev.itsm.internal.problem.ProblemServiceImpl problems;
  private volatile dev.itsm.internal.knowledge.KnowledgeServiceImpl knowledge;
  private volatile dev.itsm.internal.release.ReleaseServiceImpl releases;
  private ProcessEngineConfigurationImpl configuration;
  private ProcessEngine processEngine;
  private Persistence persistence;
  private Tx tx;
  private Delivery delivery;
  private SlaServiceImpl sla;
  private dev.itsm.internal.sla.Calendars calendars;
  private AuditServiceImpl audit;
  private CmdbServiceImpl cmdb;
  private GraphCache graphs;
  private boolean clockInstalled;
  private dev.itsm.internal.sla.CalendarChanges.Result calendarChanges;
  private final EngineMetrics metrics;
  private TicketRetention retention;

  ItsmRuntime(EngineSettings settings) {
    this.settings = settings;
    this.clock = settings.clock();
    this.registry = new Registry(new dev.itsm.internal.process.TicketProcessSupport(() -> {
      IncidentServiceImpl service = awaitIncidents();
      return service == null ? null : service.processSteps();
    }, () -> awaitIncidents() == null || changes == null ? null : changes.processSteps(),
        () -> awaitIncidents() == null || problems == null ? null : problems.processSteps(),
        () -> awaitIncidents() == null || knowledge == null ? null : knowledge.processSteps(),
        () -> awaitIncidents() == null || releases == null ? null : releases.processSteps()));
    this.metrics = new EngineMetrics(settings.meterRegistry(), clock);
  }

  void preInit(ProcessEngineConfigurationImpl cfg) {
    this.configuration = cfg;
    registry.run(settings.plugins(), settings.discoverPlugins());
    Map<Object, Object> beans = cfg.getBeans();
    if (beans == null) {
      beans = new HashMap<>();
      cfg.setBeans(beans);
    }
    beans.putAll(registry.beans());
    this.calendars = new dev.itsm.internal.sla.Calendars(registry.calendars().values(), clock);
    beans.put(dev.itsm.api.sla.BusinessCalendar.EXPRESSION_BEAN, calendars);
    List<org.operaton.bpm.engine.impl.jobexecutor.JobHandler> handlers = cfg.getCustomJobHandlers() == null
        ? new ArrayList<>() : new ArrayList<>(cfg.getCustomJobHandlers());
    this.retention = new TicketRetention(() -> tx, settings.retention(), settings.cleanupStart(), registry.archiver());
    handlers.add(retention.handler());
    if (settings.retention() != null) {
      // Operaton's history cleanup removes process history by the models' time to live, in the same window
      cfg.setHistoryCleanupBatchWindowStartTime(settings.cleanupStart().toString());
      cfg.setHistoryCleanupBatchWindowEndTime(settings.cleanupEnd().toString());
    }
    List<dev.itsm.spi.ItsmEventListener> listeners = new ArrayList<>(registry.listeners());
    listeners.add(metrics);
    this.delivery = new Delivery(cfg.getProcessEngineName(), () -> tx, clock,
        listeners, registry.sender(), settings.deliveryRetryInterval(),
        () -> java.time.Duration.ofMillis(configuration.getJobExecutor().getLockTimeInMillis()));
    handlers.add(delivery.handler());
    handlers.add(dev.itsm.internal.sla.SlaTimers.handler(() -> {
      IncidentServiceImpl service = awaitIncidents();
      return service == null ? null : service::fireClock;
    }));
    handlers.add(dev.itsm.internal.change.FreezeAlerts.handler(() -> awaitIncidents() == null ? null : changes));
    cfg.setCustomJobHandlers(handlers);
    List<SessionFactory> factories = cfg.getCustomSessionFactories() == null
        ? new ArrayList<>() : new ArrayList<>(cfg.getCustomSessionFactories());
    factories.add(new ItsmSessionFactory(this));
    cfg.setCustomSessionFactories(factories);
    if (cfg.getIdGenerator() == null) {
      cfg.setIdGenerator(new StrongUuidGenerator());
    }
    if (!EngineClock.isSystem(clock)) {
      EngineClock.install(clock);
      clockInstalled = true;
    }
  }

  void postInit(ProcessEngineConfigurationImpl cfg) {
    DataSource dataSource = cfg.getDataSource();
    Dialect dialect = Dialect.detect(dataSource);
    Migrations.migrate(dataSource, dialect);
    this.persistence = new Persistence(dataSource, dialect);
    this.tx = new Tx(cfg, this);
  }

  void start(ProcessEngine engine) {
    this.processEngine = engine;
    String name = engine.getName();
    JobAcquisition.prepare(configuration, persistence.dialect());
    ModelDeployer.deploy(engine, registry.shipped(), registry.overrides());
    AccessPolicy access = AccessPolicy.of(registry.permissions());
    NumberSequences numbers = new NumberSequences(configuration.getDataSource());
    dev.itsm.internal.sla.SlaDefinitions definitions = new dev.itsm.internal.sla.SlaDefinitions(calendars);
    dev.itsm.internal.sla.ClockRules clockRules = new dev.itsm.internal.sla.ClockRules(definitions, calendars);
    List<dev.itsm.api.sla.SlaDefinitionVersion> reevaluate = publishDefinitions(definitions);
    this.calendarChanges = dev.itsm.internal.sla.CalendarChanges.atStart(tx, calendars);
    dev.itsm.internal.sla.CalendarChanges.armUnarmed(tx);
    IncidentServiceImpl incidentService = new IncidentServiceImpl(new IncidentContext(tx, access, settings.incidents(),
        settings.sla(), registry.customFields(), registry.directory(), numbers, engine, clockRules));
    dev.itsm.internal.sla.Segments segments = new dev.itsm.internal.sla.Segments(registry.segmentTemplates().values());
    this.sla = new SlaServiceImpl(tx, access, calendars, definitions, segments, new SlaServiceImpl.Tickets() {
      @Override
      public Map<String, dev.itsm.internal.sla.SlaClock> clocks(dev.itsm.internal.tx.ItsmSession s, java.util.UUID id) {
        return incidentService.visible(s, s.actor(), id).clocksBySlot();
      }

      @Override
      public dev.itsm.api.sla.SlaStatus change(dev.itsm.api.Actor actor, java.util.UUID id, String clock,
                                               SlaServiceImpl.Change change, String reason) {
        return incidentService.changeClock(actor, id, clock, change, reason);
      }

      @Override
      public void reevaluate(dev.itsm.internal.tx.ItsmSession s, java.util.UUID id,
                             dev.itsm.api.sla.SlaDefinitionVersion version) {
        incidentService.reevaluateClocks(s, id, version);
      }

      @Override
      public List<dev.itsm.api.sla.SegmentStatus> stamp(dev.itsm.api.Actor actor, java.util.UUID id,
                                                        dev.itsm.api.sla.SegmentTemplate template, String code,
                                                        java.time.Instant at) {
        return incidentService.stamp(actor, id, template, code, at);
      }

      @Override
      public List<dev.itsm.api.sla.SegmentStatus> segments(dev.itsm.internal.tx.ItsmSession s, java.util.UUID id,
                                                           java.util.function.Function<String, dev.itsm.api.sla.SegmentTemplate> templates) {
        return incidentService.segments(s, id, templates);
      }
    });
    reevaluate.forEach(v -> sla.reevaluate(dev.itsm.api.Actor.system(), v));
    this.audit = new AuditServiceImpl(tx, access, (s, id) -> {
      dev.itsm.api.TicketType type = id == null ? null
          : s.mapper(dev.itsm.internal.persistence.TicketMapper.class).selectTicketType(id);
      if (type == dev.itsm.api.TicketType.CHANGE && changes != null) {
        changes.requireVisible(s, s.actor(), id);
      } else if (type == dev.itsm.api.TicketType.PROBLEM && problems != null) {
        problems.requireVisible(s, s.actor(), id);
      } else if (type == dev.itsm.api.TicketType.RELEASE && releases != null) {
        releases.requireVisible(s, s.actor(), id);
      } else if (type == null && id != null && knowledge != null && knowledge.exists(s, id)) {
        knowledge.requireVisible(s, s.actor(), id);
      } else {
        incidentService.visible(s, s.actor(), id);
      }
    });
    this.incidents = incidentService;
    this.graphs = new GraphCache(name, tx, settings.cmdbGraphPollInterval(), settings.cmdbGraphCacheLimit());
    this.cmdb = new CmdbServiceImpl(tx, access, registry.changeControl() == null ? new dev.itsm.internal.change.ChangeGate()
        : registry.changeControl(), graphs);
    cmdb.defineDefaultModel();
    this.changes = new dev.itsm.internal.change.ChangeServiceImpl(tx, access, settings.changes(), registry.directory(),
        numbers, engine, cmdb);
    this.knowledge = new dev.itsm.internal.knowledge.KnowledgeServiceImpl(tx, access, settings.problems(), registry.directory(),
        engine, incidentService, persistence.dialect());
    this.problems = new dev.itsm.internal.problem.ProblemServiceImpl(tx, access, settings.problems(),
        settings.incidents().categories(), settings.incidents().resolutionCodes(), registry.directory(), numbers, engine,
        incidentService, changes, () -> knowledge::publishKnownError);
    this.releases = new dev.itsm.internal.release.ReleaseServiceImpl(tx, access, settings.releases(), registry.directory(),
        numbers, engine, cmdb, changes, incidentService);
    dev.itsm.internal.release.ReleaseServiceImpl releaseService = releases;
    dev.itsm.internal.problem.ProblemServiceImpl problemService = problems;
    incidentService.onOpened((s, incident, cis) -> {
      problemService.incidentOpened(s, incident, cis);
      releaseService.incidentOpened(s, incident, cis);
    });
    changes.onEnded(problems::changeEnded);
    metrics.bind(tx, engine, graphs);
    tx.execute(dev.itsm.api.Actor.system(), s -> {
      org.operaton.bpm.engine.impl.interceptor.CommandContext context =
          org.operaton.bpm.engine.impl.context.Context.getCommandContext();
      delivery.arm(context, s.now());
      if (settings.retention() != null) {
        retention.arm(context, s.now());
      }
      return null;
    });
    registry.typeFiles().forEach((file, content) -> {
      try {
        cmdb.defineTypes(dev.itsm.api.Actor.system(), new java.io.ByteArrayInputStream(content));
      } catch (dev.itsm.api.ItsmException e) {
        throw new dev.itsm.api.ItsmConfigurationException("Expected CI type file " + file + " to define valid types, but: "
            + e.getMessage(), e);
      }
    });
    started.countDown();
  }

  /**
   * Built-in and plugin definitions, published once per change (a second node starting at once may
   * race: retried); returns the new versions whose running clocks are to be re-evaluated.
   */
  private List<dev.itsm.api.sla.SlaDefinitionVersion> publishDefinitions(dev.itsm.internal.sla.SlaDefinitions definitions) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.execute(dev.itsm.api.Actor.system(), s -> {
          List<dev.itsm.api.sla.SlaDefinitionVersion> changed = new ArrayList<>();
          for (dev.itsm.api.sla.SlaDefinition d : dev.itsm.internal.sla.SlaDefinitions.builtIns(settings.sla())) {
            definitions.publish(s, d, true);
          }
          for (dev.itsm.api.sla.SlaDefinition d : registry.slaDefinitions().values()) {
            try {
              var published = definitions.publish(s, d, false);
              if (published.changed() && d.versions() == dev.itsm.api.sla.VersionPolicy.REEVALUATE) {
                changed.add(published.version());
              }
            } catch (dev.itsm.api.InvalidInputException e) {
              throw new dev.itsm.api.ItsmConfigurationException("Expected SLA definition " + d.code()
                  + " to be valid, but at " + e.field() + ": " + e.getMessage(), e);
            }
          }
          return changed;
        });
      } catch (dev.itsm.api.ItsmConfigurationException e) {
        throw e;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private IncidentServiceImpl awaitIncidents() {
    try {
      // a host's job executor may fire a timer before the ITSM services exist; wait for them briefly
      if (!started.await(60, TimeUnit.SECONDS)) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return incidents;
  }

  void stop() {
    if (graphs != null) {
      graphs.close();
    }
    if (delivery != null) {
      delivery.close();
    }
    if (clockInstalled) {
      EngineClock.reset();
      clockInstalled = false;
    }
  }

  /** Runs the retention now (all chunks); 0 when no retention is set. */
  public long cleanUp() {
    return retention.runAll();
  }

  /** The engine's health now. */
  public dev.itsm.api.Health health() {
    return metrics.health();
  }

  /** What the start re-evaluated because calendars changed since the last start. */
  public dev.itsm.internal.sla.CalendarChanges.Result calendarChanges() {
    return calendarChanges;
  }

  /** The engine's business calendars. */
  public dev.itsm.internal.sla.Calendars calendars() {
    return calendars;
  }

  public Clock clock() {
    return clock;
  }

  public Persistence persistence() {
    return persistence;
  }

  public Delivery delivery() {
    return delivery;
  }

  public Tx tx() {
    return tx;
  }

  public ProcessEngine processEngine() {
    return processEngine;
  }

  public ProcessEngineConfigurationImpl configuration() {
    return configuration;
  }

  /** The notification sender in use (the recording one unless a plugin replaced it). */
  public dev.itsm.spi.NotificationSender notificationSender() {
    return registry.sender();
  }

  IncidentService incidents() {
    return incidents;
  }

  dev.itsm.api.change.ChangeService changes() {
    return changes;
  }

  dev.itsm.api.problem.ProblemService problems() {
    return problems;
  }

  dev.itsm.api.release.ReleaseService releases() {
    return releases;
  }

  dev.itsm.api.knowledge.KnowledgeService knowledge() {
    return knowledge;
  }

  SlaService sla() {
    return sla;
  }

  AuditService audit() {
    return audit;
  }

  CmdbService cmdb() {
    return cmdb;
  }

  /** The cached CMDB relation graphs (tests drive their poll with {@link GraphCache#refresh()}). */
  public GraphCache cmdbGraphs() {
    return graphs;
  }
}
