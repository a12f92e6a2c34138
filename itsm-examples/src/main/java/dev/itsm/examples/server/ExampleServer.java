package dev.itsm.examples.server;

import dev.itsm.api.ItsmEngine;
import dev.itsm.api.Roles;
import dev.itsm.spi.RecordingNotificationSender;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
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
      long loadStart = System.nanoTime();
      DemoData.Loaded loaded = settings.demo() ? new DemoData(engine, users).loadIfEmpty() : DemoData.Loaded.NOTHING;
      Duration loading = Duration.ofNanos(System.nanoTime() - loadStart);
      ExampleServer server = start(engine, users, notifications, settings.host(), settings.port());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        engine.close();
      }, "itsm-example-server-shutdown"));
      System.out.print(banner(server.url(), settings, users, loaded, loading));
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
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
          health:    curl %1$s/health
          incidents: curl -u alice:%2$s %1$s/api/incidents
          calendar:  curl -u chris:%2$s "%1$s/api/change-calendar?from=<ISO instant>&to=<ISO instant>"
          notifications (no mail server in the demo): curl -u mia:%2$s %1$s/api/notifications
        Demo logins (HTTP Basic, password "%2$s"):
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
