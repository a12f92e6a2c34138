package dev.itsm.examples.server;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.Roles;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.spi.RecordingNotificationSender;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The example server: the ITSM engine behind a JSON REST API under {@code /api} (HTTP Basic against
 * {@link DemoUsers}), with {@code GET /health} open to all. See {@code docs/example-server.md}.
 *
 * <p>{@link #main} builds an engine on an H2 file (or the given JDBC URL) with the job executor on,
 * loads the {@link DemoData} into an empty database and serves until the JVM stops.
 * {@link #start(ItsmEngine, DemoUsers, int)} serves an engine the caller owns, e.g. one from the test
 * kit; {@link #close()} stops serving but leaves that engine running.
 */
public final class ExampleServer implements AutoCloseable {
  private final Javalin app;
  private final String host;

  private ExampleServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /**
   * Serves the engine on 127.0.0.1 at the port (0 for any free port); {@code notifications} is the
   * engine's recording sender, listed under {@code /api/notifications}.
   */
  public static ExampleServer start(ItsmEngine engine, DemoUsers users, RecordingNotificationSender notifications,
                                    int port) {
    return start(engine, users, notifications, "127.0.0.1", port);
  }

  /** Serves the engine at the address and port (0 for any free port). */
  public static ExampleServer start(ItsmEngine engine, DemoUsers users, RecordingNotificationSender notifications,
                                    String host, int port) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(users, "users");
    NotificationRoutes notificationRoutes = new NotificationRoutes(Objects.requireNonNull(notifications, "notifications"));
    JsonCodec json = new JsonCodec();
    BasicAuthenticator authenticator = new BasicAuthenticator(users);
    IncidentRoutes incidents = new IncidentRoutes(engine, json);
    Problems problems = new Problems(json);
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(json.mapper(), false));
      config.routes.get("/health", ctx -> ctx.json(new Views.Health("UP")));
      config.routes.before("/api/*", authenticator);
      incidents.register(config.routes);
      new ChangeRoutes(engine, json).register(config.routes);
      new ReleaseRoutes(engine, json).register(config.routes);
      new ProblemRoutes(engine, json).register(config.routes);
      new KnowledgeRoutes(engine, json).register(config.routes);
      new CmdbRoutes(engine, json).register(config.routes);
      new ReportRoutes(engine).register(config.routes);
      new SlaRoutes(engine, json).register(config.routes);
      notificationRoutes.register(config.routes);
      problems.register(config.routes);
    });
    app.start(host, port);
    return new ExampleServer(app, host);
  }

  /** The port served (the one picked when started with 0). */
  public int port() {
    return app.port();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /**
   * Every HTTP route served, as {@code "METHOD path"} with the path template as registered (e.g.
   * {@code "POST /api/incidents/{id}/assign"}), in the order registered; filters and exception
   * handlers are not routes. The access matrix test compares it with the routes it checks.
   */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(parsed -> parsed.endpoint)
        .filter(endpoint -> endpoint.method.isHttpMethod())
        .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
        .toList();
  }

  /** Stops serving; the engine is not closed. */
  @Override
  public void close() {
    app.stop();
  }

  /** Starts the server; see {@link ServerSettings#USAGE} for the options. */
  public static void main(String[] args) {
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
    DemoUsers users = DemoUsers.standard();
    RecordingNotificationSender notifications = new RecordingNotificationSender();
    ItsmEngine engine = settings.database(ItsmEngine.builder())
        .jobExecutor(true)
        .plugin(context -> {
          context.directory(users.directory());
          context.notificationSender(notifications);
        })
        .build();
    try {
      List<IncidentTicket> loaded = settings.demo() ? new DemoData(engine, users).loadIfEmpty() : List.of();
      ExampleServer server = start(engine, users, notifications, settings.host(), settings.port());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        engine.close();
      }, "itsm-example-server-shutdown"));
      System.out.print(banner(server, settings, users, loaded));
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private static String banner(ExampleServer server, ServerSettings settings, DemoUsers users, List<IncidentTicket> loaded) {
    String demo = !settings.demo() ? "demo incidents off"
        : loaded.isEmpty() ? "database has incidents already, no demo incidents added"
        : "loaded " + loaded.size() + " demo incidents";
    return """

        ITSM example server on %s (%s; %s)
          health:    curl %s/health
          incidents: curl -u alice:%s %s/api/incidents
          notifications (no mail server in the demo): curl -u mia:%s %s/api/notifications
        Demo logins (HTTP Basic, password "%s"):
          callers    %s
          agents     %s
          managers   %s
          admins     %s
        Stop with Ctrl+C.

        """.formatted(server.url(), settings.databaseDescription(), demo, server.url(), DemoUsers.DEMO_PASSWORD,
        server.url(), DemoUsers.DEMO_PASSWORD, server.url(), DemoUsers.DEMO_PASSWORD, logins(users, Roles.CALLER, null), logins(users, Roles.AGENT, Roles.MANAGER),
        logins(users, Roles.MANAGER, null), logins(users, Roles.ADMIN, null));
  }

  private static String logins(DemoUsers users, String role, String excludedRole) {
    return users.users().stream()
        .filter(u -> u.hasRole(role) && (excludedRole == null || !u.hasRole(excludedRole)))
        .map(u -> u.groups().isEmpty() ? u.id() : u.id() + " (" + String.join(", ", u.groups()) + ")")
        .collect(Collectors.joining(", "));
  }
}
