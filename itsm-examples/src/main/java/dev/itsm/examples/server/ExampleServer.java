package dev.itsm.examples.server;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.Roles;
import dev.itsm.spi.RecordingNotificationSender;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import java.util.stream.Collectors;

/**
 * The example server: the ITSM engine behind a JSON REST API under {@code /api}, with
 * {@code GET /health} open to all. Users live in the server's own tables ({@link ServerSchema},
 * {@link UserStore}); requests authenticate with HTTP Basic, API tokens or a session cookie
 * ({@link Authenticator}). It also serves the web console at {@code /} ({@link Console}), its OpenAPI
 * document at {@code /openapi.yaml} and {@code /openapi.json}, and, when given {@link Webhooks}, the
 * webhook routes. See {@code docs/example-server.md}.
 *
 * <p>{@link #main} opens a connection pool on an H2 file (or the given JDBC URL), builds an engine on
 * it with the job executor on and the database users as its directory, adds the demo users and
 * {@link DemoData} in demo mode and serves until the JVM stops; {@code create-admin} adds an
 * administrator instead. {@link #start(ItsmEngine, DemoUsers, RecordingNotificationSender, int)} and
 * {@link #builder(ItsmEngine)} serve an engine the caller owns, e.g. one from the test kit;
 * {@link #close()} stops serving but leaves that engine running.
 */
public final class ExampleServer implements AutoCloseable {
  private final Javalin app;
  private final String host;
  private final DataSource dataSource;
  private final Webhooks webhooks;

  private ExampleServer(Javalin app, String host, DataSource dataSource, Webhooks webhooks) {
    this.app = app;
    this.host = host;
    this.dataSource = dataSource;
    this.webhooks = webhooks;
  }

  /** The database of the server's own tables. */
  DataSource dataSource() {
    return dataSource;
  }

  /**
   * Serves the engine on 127.0.0.1 at the port (0 for any free port); {@code notifications} is the
   * engine's recording sender, listed under {@code /api/notifications}. The server's tables live in
   * the engine's database; {@code users} are added to them if there is no user yet.
   */
  public static ExampleServer start(ItsmEngine engine, DemoUsers users, RecordingNotificationSender notifications,
                                    int port) {
    return start(engine, users, notifications, "127.0.0.1", port);
  }

  /** Serves the engine at the address and port (0 for any free port); see {@link #start(ItsmEngine, DemoUsers, RecordingNotificationSender, int)}. */
  public static ExampleServer start(ItsmEngine engine, DemoUsers users, RecordingNotificationSender notifications,
                                    String host, int port) {
    return builder(engine).users(users).notifications(notifications).host(host).port(port).start();
  }

  /**
   * A server of the engine with every setting open: the database of its own tables (default: the
   * engine's, through the engine's connection pool), the clock of sessions and tokens (default: the
   * engine's), the users to start with, address, port and {@link SecuritySettings}.
   */
  public static Builder builder(ItsmEngine engine) {
    return new Builder(engine);
  }

  private static ExampleServer start(Builder settings) {
    ItsmEngine engine = settings.engine;
    DataSource dataSource = settings.dataSource != null ? settings.dataSource
        : engine.processEngine().getProcessEngineConfiguration().getDataSource();
    Clock clock = settings.clock != null ? settings.clock : engine.clock();
    SecuritySettings security = settings.security;
    ServerSchema.migrate(dataSource);
    if (settings.webhooks != null) {
      settings.webhooks.start(engine, dataSource);
    }
    UserStore userStore = new UserStore(dataSource, clock);
    userStore.addIfEmpty(settings.users);
    Sessions sessions = new Sessions(dataSource, clock, security);
    ApiTokens tokens = new ApiTokens(dataSource, clock);
    Authenticator authenticator = new Authenticator(userStore, sessions, tokens, new LoginThrottle(clock, security));
    NotificationRoutes notificationRoutes = new NotificationRoutes(settings.notifications);
    JsonCodec json = new JsonCodec();
    IncidentRoutes incidents = new IncidentRoutes(engine, json);
    Problems problems = new Problems(json, security.maxBodyBytes());
    OpenApiRoutes openApi = new OpenApiRoutes(json.mapper());
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = security.maxBodyBytes();
      config.jsonMapper(new JavalinJackson(json.mapper(), false));
      config.routes.before(new SecurityHeaders(security.maxBodyBytes()));
      config.routes.get("/health", ctx -> ctx.json(new Views.Health("UP")));
      openApi.register(config.routes);
      config.routes.before("/api/*", authenticator);
      new SessionRoutes(json, authenticator, sessions, userStore, security).register(config.routes);
      new TokenRoutes(json, tokens).register(config.routes);
      incidents.register(config.routes);
      new ChangeRoutes(engine, json).register(config.routes);
      new ReleaseRoutes(engine, json).register(config.routes);
      new ProblemRoutes(engine, json).register(config.routes);
      new KnowledgeRoutes(engine, json).register(config.routes);
      new CmdbRoutes(engine, json).register(config.routes);
      new ReportRoutes(engine).register(config.routes);
      new SlaRoutes(engine, json).register(config.routes);
      new ConsoleRoutes(engine).register(config.routes);
      Console.register(config);
      notificationRoutes.register(config.routes);
      if (settings.webhooks != null) {
        new WebhookRoutes(settings.webhooks, json).register(config.routes);
      }
      problems.register(config.routes);
    });
    app.start(settings.host, settings.port);
    return new ExampleServer(app, settings.host, dataSource, settings.webhooks);
  }

  /** Settings of a server to start; see {@link ExampleServer#builder(ItsmEngine)}. */
  public static final class Builder {
    private final ItsmEngine engine;
    private DataSource dataSource;
    private Clock clock;
    private DemoUsers users = DemoUsers.none();
    private RecordingNotificationSender notifications = new RecordingNotificationSender();
    private String host = "127.0.0.1";
    private int port;
    private SecuritySettings security = SecuritySettings.defaults();
    private Webhooks webhooks;

    private Builder(ItsmEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** The database of the server's tables (users, sessions, tokens); default: the engine's. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** The clock of sessions, tokens and login throttling; default: the engine's. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Users added when the user table is empty; default none. */
    public Builder users(DemoUsers users) {
      this.users = Objects.requireNonNull(users, "users");
      return this;
    }

    /** The engine's recording notification sender, listed under {@code /api/notifications}. */
    public Builder notifications(RecordingNotificationSender notifications) {
      this.notifications = Objects.requireNonNull(notifications, "notifications");
      return this;
    }

    /** Address to listen on; default 127.0.0.1. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Cookies, session times, login throttling and the body limit; default {@link SecuritySettings#defaults()}. */
    public Builder security(SecuritySettings security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /**
     * Serves {@code /api/webhooks} with these webhooks, the plugin the engine was built with; they are
     * started on the server's database unless they were, and closed with the server. Default: none.
     */
    public Builder webhooks(Webhooks webhooks) {
      this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
      return this;
    }

    /** Creates or upgrades the server's tables, adds the users if there are none, and serves. */
    public ExampleServer start() {
      return ExampleServer.start(this);
    }
  }

  /**
   * The routes served, as {@code METHOD /path} with Javalin's path syntax ({@code /api/incidents/{id}}), in
   * registration order; filters and exception handlers are not routes. The OpenAPI and access matrix
   * tests compare it with the routes they document and check.
   */
  List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(route -> route.endpoint)
        .filter(endpoint -> endpoint.method.isHttpMethod())
        .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
        .toList();
  }

  /** The port served (the one picked when started with 0). */
  public int port() {
    return app.port();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** Stops serving (and sending webhooks); the engine is not closed. */
  @Override
  public void close() {
    app.stop();
    if (webhooks != null) {
      webhooks.close();
    }
  }

  /**
   * Starts the server; see {@link ServerSettings#USAGE} for the options. {@code create-admin <id>} as the
   * first argument adds an administrator instead ({@link AdminCommand}).
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(AdminCommand.NAME)) {
      int exit = AdminCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.in, System.out,
          System.err);
      if (exit != 0) {
        System.exit(exit);
      }
      return;
    }
    ServerSettings settings;
    try {
      settings = ServerSettings.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(ServerSettings.USAGE);
      System.exit(2);
      return;
    }
    if (settings.help()) {
      System.out.print(ServerSettings.USAGE);
      return;
    }
    Running running = run(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "itsm-example-server-shutdown"));
    System.out.print(running.banner());
  }

  /**
   * What {@link #main} starts: one connection pool for the engine and the server's tables, the
   * server's tables (with the demo users in demo mode, if there are no users), the engine with the
   * database users as its {@link dev.itsm.spi.Directory}, the demo incidents in demo mode, and the server.
   */
  static Running run(ServerSettings settings) {
    HikariDataSource pool = settings.dataSource(20);
    try {
      ServerSchema.migrate(pool);
      DemoUsers users = settings.demo() ? DemoUsers.standard() : DemoUsers.none();
      UserStore userStore = new UserStore(pool, Clock.systemUTC());
      userStore.addIfEmpty(users);
      RecordingNotificationSender notifications = new RecordingNotificationSender();
      Webhooks webhooks = new Webhooks();
      ItsmEngine engine = ItsmEngine.builder()
          .dataSource(pool)
          .jobExecutor(true)
          .plugin(context -> {
            context.directory(userStore.directory());
            context.notificationSender(notifications);
          })
          .plugin(webhooks)
          .build();
      try {
        webhooks.start(engine, pool);
        long loadStart = System.nanoTime();
        DemoData.Loaded loaded = settings.demo() ? new DemoData(engine, users).loadIfEmpty() : DemoData.Loaded.NOTHING;
        Duration loading = Duration.ofNanos(System.nanoTime() - loadStart);
        ExampleServer server = builder(engine).dataSource(pool).users(users).notifications(notifications).webhooks(webhooks)
            .host(settings.host()).port(settings.port())
            .security(SecuritySettings.defaults().withSecureCookies(settings.secureCookies()))
            .start();
        return new Running(server, engine, pool, settings.demo()
            ? banner(server.url(), settings, users, loaded, loading) : bannerWithoutDemo(server, settings, userStore.isEmpty()));
      } catch (RuntimeException e) {
        webhooks.close();
        engine.close();
        throw e;
      }
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** A server started by {@link #run}: closing stops the server, then the engine, then the pool. */
  record Running(ExampleServer server, ItsmEngine engine, HikariDataSource pool, String banner) implements AutoCloseable {
    @Override
    public void close() {
      try {
        server.close();
      } finally {
        try {
          engine.close();
        } finally {
          pool.close();
        }
      }
    }
  }

  /** The start-up banner outside demo mode: where it serves and how to add the first administrator. */
  private static String bannerWithoutDemo(ExampleServer server, ServerSettings settings, boolean noUsers) {
    return """

        ITSM example server on %s (%s; demo users and data off)
          web console: %s/
          health:    curl %s/health
        %s
        Stop with Ctrl+C.

        """.formatted(server.url(), settings.databaseDescription(), server.url(), server.url(), noUsers
        ? "No users yet: add an administrator with\n    ExampleServer create-admin <id> (password from ITSM_ADMIN_PASSWORD or stdin)"
        : "Log in as one of the users in the database.");
  }

  /** The start-up banner: where it serves, what the demo data holds and who may log in (one line per role). */
  static String banner(String url, ServerSettings settings, DemoUsers users, DemoData.Loaded loaded, Duration loading) {
    String demo = !settings.demo() ? "demo data off"
        : loaded.isEmpty() ? "database has data already, no demo data added"
        : "demo data loaded in " + loading.toMillis() + " ms";
    StringBuilder text = new StringBuilder();
    text.append("\nITSM example server on ").append(url).append(" (").append(settings.databaseDescription()).append("; ")
        .append(demo).append(")\n");
    if (!loaded.isEmpty()) {
      text.append("Demo data:\n").append(loaded.summary());
      if (loaded.slaCountdown() != null) {
        text.append("  SLA        ").append(loaded.slaCountdown().number()).append(" is P1 and not accepted yet: its response")
            .append(" clock warns 11 min 15 s and breaches 15 min after start (see /api/notifications)\n");
      }
    }
    text.append("""
          web console: %1$s/ (sign in as alice, password "%2$s")
          health:    curl %1$s/health
          incidents: curl -u alice:%2$s %1$s/api/incidents
          calendar:  curl -u chris:%2$s "%1$s/api/change-calendar?from=<ISO instant>&to=<ISO instant>"
          notifications (no mail server in the demo): curl -u mia:%2$s %1$s/api/notifications
        Demo logins (password "%2$s"; HTTP Basic, API tokens or a session, see docs/example-server.md):
        """.formatted(url, DemoUsers.DEMO_PASSWORD));
    for (String role : BANNER_ROLES) {
      String logins = logins(users, role, role.equals(Roles.AGENT) ? Roles.MANAGER : null);
      if (!logins.isEmpty()) {
        text.append(String.format(java.util.Locale.ROOT, "  %-22s %s%n", role, logins));
      }
    }
    return text.append("Stop with Ctrl+C.\n\n").toString();
  }

  private static final List<String> BANNER_ROLES = List.of(Roles.CALLER, Roles.AGENT, Roles.MANAGER,
      Roles.CONFIGURATION_MANAGER, Roles.CHANGE_MANAGER, Roles.PROBLEM_MANAGER, Roles.KNOWLEDGE_MANAGER,
      Roles.RELEASE_MANAGER, Roles.RELEASE_PIPELINE, Roles.ADMIN);

  private static String logins(DemoUsers users, String role, String excludedRole) {
    return users.users().stream()
        .filter(u -> u.hasRole(role) && (excludedRole == null || !u.hasRole(excludedRole)))
        .map(u -> u.groups().isEmpty() ? u.id() : u.id() + " (" + String.join(", ", u.groups()) + ")")
        .collect(Collectors.joining(", "));
  }
}
